/* cell.c — display text of cells, and timestamps.
 *
 * The display rules here are the ones every front end shows, so the CLI's
 * text output and the GUI's cells always read the same.  See cell.h.
 */
#include "cell.h"

#include <stdlib.h>
#include <string.h>

static const char *kind_names[VINV_CELL_LAST] = {
    [VINV_CELL_NULL] = "null",
    [VINV_CELL_BOOL] = "bool",
    [VINV_CELL_INT] = "integer",
    [VINV_CELL_DOUBLE] = "number",
    [VINV_CELL_STRING] = "string",
    [VINV_CELL_QUANTITY] = "quantity",
    [VINV_CELL_TIME] = "time",
    [VINV_CELL_REF] = "reference",
    [VINV_CELL_LIST] = "list",
};

const char *
vinv_cell_kind_name (VinvCellKind kind)
{
    g_return_val_if_fail (kind < VINV_CELL_LAST, "?");
    return kind_names[kind];
}

guint
vinv_cell_count (const VinvCell *cell)
{
    switch (cell->kind) {
    case VINV_CELL_LIST:
        return cell->v.list->n;
    case VINV_CELL_NULL:
        return 0;
    default:
        return 1;
    }
}

char *
vinv_time_format (gint64 ms)
{
    g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
    if (utc == NULL)
        return g_strdup ("?");
    g_autoptr (GDateTime) local = g_date_time_to_local (utc);
    return g_date_time_format (local != NULL ? local : utc, "%Y-%m-%d %H:%M:%S");
}

/* Accepts ISO 8601 as GLib reads it (with 'T' or a space between date and
 * time, with or without a zone), plus a bare date (midnight) and a time
 * without seconds.  Without a zone, local time. */
gboolean
vinv_time_parse (const char *text, gint64 *ms)
{
    g_autofree char *s = g_strstrip (g_strdup (text));
    g_autoptr (GTimeZone) local = g_time_zone_new_local ();
    g_autoptr (GDateTime) dt = NULL;
    gsize len = strlen (s);

    if (len < 10 || len > 40)
        return FALSE;
    if (len > 10 && s[10] == ' ')
        s[10] = 'T';
    if (len == 10) {
        g_autofree char *full = g_strconcat (s, "T00:00:00", NULL);
        dt = g_date_time_new_from_iso8601 (full, local);
    } else if (len == 16) {
        g_autofree char *full = g_strconcat (s, ":00", NULL);
        dt = g_date_time_new_from_iso8601 (full, local);
    } else {
        dt = g_date_time_new_from_iso8601 (s, local);
    }
    if (dt == NULL)
        return FALSE;
    *ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
    return TRUE;
}

static void
append_item (GString *out, const VinvItem *item)
{
    g_string_append (out, item->text != NULL ? item->text : "");
}

void
vinv_cell_append_text (GString *out, const VinvColumn *column, const VinvCell *cell, guint first)
{
    switch (cell->kind) {
    case VINV_CELL_NULL:
        break;
    case VINV_CELL_BOOL:
        g_string_append (out, cell->v.b ? "true" : "false");
        break;
    case VINV_CELL_INT:
        g_string_append_printf (out, "%" G_GINT64_FORMAT, cell->v.i);
        break;
    case VINV_CELL_DOUBLE: {
        g_autofree char *s = vinv_unit_format_number (vinv_unit_base (VINV_DIM_COUNT),
                                                      cell->v.d);
        g_string_append (out, s);
        break;
    }
    case VINV_CELL_QUANTITY: {
        const VinvUnit *unit = column->unit != NULL ? column->unit
                                                    : vinv_unit_base (VINV_DIM_COUNT);
        g_autofree char *s = vinv_unit_format (unit, cell->v.d);
        g_string_append (out, s);
        break;
    }
    case VINV_CELL_TIME: {
        g_autofree char *s = vinv_time_format (cell->v.i);
        g_string_append (out, s);
        break;
    }
    case VINV_CELL_STRING:
        g_string_append (out, cell->v.s);
        break;
    case VINV_CELL_REF:
        append_item (out, cell->v.ref);
        break;
    case VINV_CELL_LIST: {
        const VinvList *list = cell->v.list;
        if (list->n == 0)
            break;
        append_item (out, &list->items[first < list->n ? first : 0]);
        if (list->n > 1)
            g_string_append_printf (out, " (%u)", list->n - 1);
        break;
    }
    default:
        g_assert_not_reached ();
    }
}

char *
vinv_cell_dup_text (const VinvColumn *column, const VinvCell *cell, guint first)
{
    GString *out = g_string_new (NULL);
    vinv_cell_append_text (out, column, cell, first);
    return g_string_free (out, FALSE);
}
