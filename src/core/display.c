/* display.c — readable cell values for windows.  See display.h.
 *
 * Scaling picks the largest unit of a ladder the value reaches, so a value
 * never reads "0.9 GiB" when "922 MiB" is exact enough; the one precision
 * rule (one decimal below 100, none from 100 on) keeps columns consistent.
 */
#include "display.h"

#include <math.h>
#include <string.h>
#include "backend.h"

typedef struct {
    const char *name;
    double factor;
} Step;

static const Step bytes_steps[] = {
    { "B", 1.0 }, { "KiB", 1024.0 }, { "MiB", 1048576.0 }, { "GiB", 1073741824.0 },
    { "TiB", 1099511627776.0 }, { "PiB", 1125899906842624.0 }, { NULL, 0 },
};
static const Step bytes_rate_steps[] = {
    { "B/s", 1.0 }, { "KiB/s", 1024.0 }, { "MiB/s", 1048576.0 },
    { "GiB/s", 1073741824.0 }, { "TiB/s", 1099511627776.0 }, { NULL, 0 },
};
static const Step bits_steps[] = {
    { "b/s", 1.0 }, { "Kb/s", 1e3 }, { "Mb/s", 1e6 }, { "Gb/s", 1e9 }, { "Tb/s", 1e12 },
    { NULL, 0 },
};
static const Step hertz_steps[] = {
    { "Hz", 1.0 }, { "kHz", 1e3 }, { "MHz", 1e6 }, { "GHz", 1e9 }, { NULL, 0 },
};
static const Step seconds_steps[] = {
    { "µs", 1e-6 }, { "ms", 1e-3 }, { "s", 1.0 }, { "min", 60.0 }, { "h", 3600.0 },
    { "d", 86400.0 }, { "mo", 2592000.0 }, { "y", 31536000.0 }, { NULL, 0 },
};

char *
vinv_format_number (double value, guint decimals)
{
    char buf[64];

    if (!isfinite (value))
        return g_strdup (isnan (value) ? "NaN" : (value > 0 ? "inf" : "-inf"));
    if (fabs (value) >= 1e18)
        return g_strdup_printf ("%g", value);
    g_snprintf (buf, sizeof buf, "%.*f", (int) decimals, value);
    /* the C locale's '.' whatever the process locale says */
    for (char *p = buf; *p != '\0'; p++) {
        if (*p == ',')
            *p = '.';
    }
    char *dot = strchr (buf, '.');
    if (dot != NULL) {
        char *end = buf + strlen (buf) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    if (strcmp (buf, "-0") == 0)
        strcpy (buf, "0");

    const char *digits = buf[0] == '-' ? buf + 1 : buf;
    gsize int_len = strcspn (digits, ".");
    GString *out = g_string_new (buf[0] == '-' ? "-" : NULL);
    for (gsize i = 0; i < int_len; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            g_string_append_c (out, ',');
        g_string_append_c (out, digits[i]);
    }
    g_string_append (out, digits + int_len);
    return g_string_free (out, FALSE);
}

/* One decimal below 100, none from 100 on — after rounding, so 99.96
 * reads "100" and not "100.0". */
static char *
format_scaled (double v)
{
    if (fabs (v) < 99.95)
        return vinv_format_number (v, 1);
    return vinv_format_number (v, 0);
}

static char *
format_steps (const Step *steps, double value)
{
    const Step *best = &steps[0];
    double magnitude = fabs (value);

    if (!isfinite (value))
        return vinv_format_number (value, 0);
    for (const Step *s = steps; s->name != NULL; s++) {
        /* 0.9995 of the next unit rounds up to "1": take that unit */
        if (magnitude >= s->factor * 0.99995)
            best = s;
    }
    if (magnitude == 0) {
        for (const Step *s = steps; s->name != NULL; s++) {
            if (s->factor == 1.0)
                best = s;
        }
    }
    g_autofree char *num = format_scaled (value / best->factor);
    return g_strconcat (num, " ", best->name, NULL);
}

char *
vinv_format_quantity (VinvDimension dim, double value)
{
    switch (dim) {
    case VINV_DIM_BYTES:
        return format_steps (bytes_steps, value);
    case VINV_DIM_BYTES_PER_SEC:
        return format_steps (bytes_rate_steps, value);
    case VINV_DIM_BITS_PER_SEC:
        return format_steps (bits_steps, value);
    case VINV_DIM_HERTZ:
        return format_steps (hertz_steps, value);
    case VINV_DIM_SECONDS:
        return format_steps (seconds_steps, value);
    case VINV_DIM_PERCENT: {
        g_autofree char *num = vinv_format_number (value, 1);
        return g_strconcat (num, " %", NULL);
    }
    case VINV_DIM_COUNT:
    default:
        return vinv_format_number (value, 2);
    }
}

char *
vinv_status_label (const char *status)
{
    if (status == NULL)
        return g_strdup ("");
    if (g_ascii_strcasecmp (status, "non_responsive") == 0
        || g_ascii_strcasecmp (status, "not_responding") == 0)
        return g_strdup ("Not responding");
    if (g_ascii_strcasecmp (status, "ok") == 0)
        return g_strdup ("OK");
    char *out = g_strdup (status);
    for (char *p = out; *p != '\0'; p++) {
        if (*p == '_')
            *p = ' ';
    }
    out[0] = g_ascii_toupper (out[0]);
    return out;
}

static gboolean
in_list (const char *status, const char *const *list)
{
    for (; *list != NULL; list++) {
        if (g_ascii_strcasecmp (status, *list) == 0)
            return TRUE;
    }
    return FALSE;
}

VinvStatusLevel
vinv_status_level (const char *status)
{
    static const char *const ok[] = { "up", "ok", "active", "running", "operational",
                                      "installed", NULL };
    static const char *const error[] = { "non_responsive", "not_responding", "error",
                                         "failed", "crashed", "install_failed",
                                         "non_operational", "illegal", "problematic",
                                         "connecting", "unknown", NULL };
    static const char *const neutral[] = { "down", "inactive", "shut_off", "shutoff",
                                           "unattached", "detached", "uninitialized",
                                           NULL };

    if (status == NULL || *status == '\0')
        return VINV_STATUS_NEUTRAL;
    if (in_list (status, ok))
        return VINV_STATUS_OK;
    if (in_list (status, error))
        return VINV_STATUS_ERROR;
    if (in_list (status, neutral))
        return VINV_STATUS_NEUTRAL;
    /* maintenance, paused, suspended, migrating, locked, powering_up,
     * reboot_in_progress, ...: transitions and states that need a look */
    return VINV_STATUS_WARNING;
}

char *
vinv_cell_format_items (const VinvCell *cell, guint max)
{
    if (cell->kind != VINV_CELL_LIST)
        return g_strdup ("");
    const VinvList *list = cell->v.list;
    GString *out = g_string_new (NULL);
    for (guint i = 0; i < list->n && i < max; i++) {
        if (i > 0)
            g_string_append_c (out, '\n');
        g_string_append (out, list->items[i].text != NULL ? list->items[i].text : "");
    }
    if (list->n > max)
        g_string_append_printf (out, "\n… and %u more", list->n - max);
    return g_string_free (out, FALSE);
}

char *
vinv_cell_format_display (const VinvColumn *column, const VinvCell *cell, guint first)
{
    switch (cell->kind) {
    case VINV_CELL_NULL:
        return g_strdup ("");
    case VINV_CELL_BOOL:
        return g_strdup (cell->v.b ? "Yes" : "No");
    case VINV_CELL_INT:
        return vinv_format_number ((double) cell->v.i, 0);
    case VINV_CELL_DOUBLE:
        return vinv_format_number (cell->v.d, 2);
    case VINV_CELL_QUANTITY:
        return vinv_format_quantity (column->unit != NULL ? column->unit->dim
                                                          : VINV_DIM_COUNT,
                                     cell->v.d);
    case VINV_CELL_TIME: {
        g_autofree char *s = vinv_time_format (cell->v.i);
        if (strlen (s) == 19)
            s[16] = '\0';   /* "YYYY-MM-DD HH:MM" */
        return g_steal_pointer (&s);
    }
    case VINV_CELL_STRING:
        if (g_strcmp0 (column->id, "status") == 0)
            return vinv_status_label (cell->v.s);
        return g_strdup (cell->v.s);
    case VINV_CELL_REF:
        return g_strdup (cell->v.ref->text != NULL ? cell->v.ref->text : "");
    case VINV_CELL_LIST: {
        g_autofree char *more = NULL;
        char *text = vinv_cell_format_list (column, cell, first, &more);
        if (more == NULL)
            return text;
        char *out = g_strconcat (text, " ", more, NULL);
        g_free (text);
        return out;
    }
    default:
        g_return_val_if_reached (g_strdup (""));
    }
}

char *
vinv_cell_format_list (const VinvColumn *column, const VinvCell *cell, guint first,
                       char **more)
{
    if (more != NULL)
        *more = NULL;
    if (cell->kind != VINV_CELL_LIST || cell->v.list->n == 0)
        return g_strdup ("");
    const VinvList *list = cell->v.list;
    if (list->n >= VINV_LIST_COUNT_FROM) {
        const char *title = column->title != NULL ? column->title : "items";
        g_autofree char *noun = g_strdup (title);
        /* "Disks" reads "disks", "VMs" and "IP addresses" stay */
        if (noun[0] != '\0' && !g_ascii_isupper (noun[1]))
            noun[0] = g_ascii_tolower (noun[0]);
        g_autofree char *count = vinv_format_number ((double) list->n, 0);
        return g_strconcat (count, " ", noun, NULL);
    }
    const VinvItem *item = &list->items[first < list->n ? first : 0];
    if (list->n > 1 && more != NULL)
        *more = g_strdup_printf ("+%u", list->n - 1);
    return g_strdup (item->text != NULL ? item->text : "");
}

char *
vinv_column_dup_help (const VinvColumn *column)
{
    GString *out = g_string_new (column->help != NULL && *column->help != '\0'
                                     ? column->help : column->title);
    g_string_append_printf (out, "\n%s · %s", column->id, vinv_cell_kind_name (column->kind));
    if (column->kind == VINV_CELL_QUANTITY && column->unit != NULL)
        g_string_append_printf (out, " in %s", column->unit->name);
    if (column->target != NULL)
        g_string_append_printf (out, " · links to %s", column->target);
    return g_string_free (out, FALSE);
}

/* The back-end's title for @source ("libvirt"), or NULL when its back-end
 * is not described. */
static const char *
source_backend_title (const VinvSource *source)
{
    if (source->tables == NULL)
        return NULL;
    const VinvBackendClass *klass = vinv_backend_class_for_tables (source->tables);
    return klass != NULL && klass->title != NULL ? klass->title : "these connections";
}

static const VinvBackendTable *
source_table (const VinvSource *source, const char *id)
{
    for (const VinvBackendTable *t = source->tables; t != NULL && t->table != NULL; t++) {
        if (strcmp (t->table, id) == 0)
            return t;
    }
    return NULL;
}

/* Whether @source's back-end fills column @col (< 0: the table) of
 * @schema; TRUE when it is not described. */
static gboolean
source_fills (const VinvSource *source, const VinvSchema *schema, int col)
{
    if (source->tables == NULL)
        return TRUE;
    const VinvBackendTable *t = source_table (source, schema->id);
    if (t == NULL)
        return FALSE;
    if (col < 0)
        return TRUE;
    const VinvColumn *c = &schema->columns[col];
    if (c->flags & (VINV_COL_SOURCE | VINV_COL_ROW_ID | VINV_COL_COMPUTED))
        return TRUE;
    for (guint k = 0; t->columns != NULL && t->columns[k] != NULL; k++) {
        if (strcmp (t->columns[k], c->id) == 0)
            return TRUE;
    }
    return FALSE;
}

static char *
unavailable_text (GPtrArray *titles)
{
    GString *out = g_string_new ("Not available from ");
    for (guint i = 0; i < titles->len; i++) {
        if (i > 0)
            g_string_append (out, i + 1 < titles->len ? ", " : " or ");
        g_string_append (out, g_ptr_array_index (titles, i));
    }
    return g_string_free (out, FALSE);
}

char *
vinv_inventory_dup_unavailable (const VinvInventory *inventory, const VinvTable *table, int col)
{
    const VinvSchema *schema = vinv_table_get_schema (table);
    g_return_val_if_fail (col < (int) schema->n_columns, NULL);

    if (col >= 0 && vinv_inventory_column_available (inventory, table, (guint) col))
        return NULL;
    g_autoptr (GPtrArray) titles = g_ptr_array_new ();
    for (guint i = 0; i < vinv_inventory_get_n_sources (inventory); i++) {
        const VinvSource *source = vinv_inventory_get_source (inventory, i);
        const char *title = source_backend_title (source);
        if (title == NULL)
            continue;
        /* a computed column is unavailable through its inputs: every
         * back-end in use lacks it */
        if (col < 0 && source_fills (source, schema, -1))
            return NULL;
        gboolean seen = FALSE;
        for (guint k = 0; k < titles->len && !seen; k++)
            seen = strcmp (g_ptr_array_index (titles, k), title) == 0;
        if (!seen)
            g_ptr_array_add (titles, (gpointer) title);
    }
    if (titles->len == 0)
        return NULL;
    return unavailable_text (titles);
}

char *
vinv_source_dup_unavailable (const VinvSource *source, const VinvTable *table, int col)
{
    const VinvSchema *schema = vinv_table_get_schema (table);
    g_return_val_if_fail (col < (int) schema->n_columns, NULL);

    const char *title = source_backend_title (source);
    if (title == NULL || source_fills (source, schema, col))
        return NULL;
    return g_strconcat ("Not available from ", title, NULL);
}
