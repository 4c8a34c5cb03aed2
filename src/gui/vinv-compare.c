/* vinv-compare.c — Open saved inventory, Save inventory, Compare with
 * (see the header).
 *
 * The comparison state hangs on the window ("vinv-compare").  Cell marks
 * are computed when a cell is bound, from the page's current table and
 * the saved one (matched by source and id, as `virt-inventory diff`
 * does), so they stay right for whatever table the page shows; each page's
 * marker holds its own reference to the saved table.  The counts and the
 * list of removed rows are taken once, when the comparison is made.
 */
#include "vinv-compare.h"

#include "core/diff.h"
#include "vinv-loader.h"
#include "vinv-record-chooser.h"
#ifdef VINV_HAVE_SNAPSHOT
#include "snapshot/snapshot.h"
#endif

#define COMPARE_KEY "vinv-compare"
#define MAX_REMOVED_LISTED 10

typedef struct {
    guint added, removed, changed;
    gboolean compared;
    char *saved_filter;          /* the page's filter before "changed only" */
} KindState;

typedef struct {
    char *path;                  /* what is compared with, for messages */
    char *label;                 /* for tooltips: "a.vinv", "record 3 of history.db" */
    VinvInventory *old;          /* NULL until loaded */
    GCancellable *cancellable;   /* non-NULL while loading */
    gboolean changed_only;
    KindState kinds[VINV_TABLE_LAST];
    GSimpleAction *changed_only_action;
} Compare;

typedef struct {
    VinvTable *old;              /* a reference */
    gboolean *mask;              /* columns compared */
    char *file;                  /* base name, for tooltips */
} Mark;

static void
mark_free (gpointer data)
{
    Mark *m = data;
    vinv_table_unref (m->old);
    g_free (m->mask);
    g_free (m->file);
    g_free (m);
}

static void
compare_clear (Compare *c)
{
    if (c->cancellable != NULL)
        g_cancellable_cancel (c->cancellable);
    g_clear_object (&c->cancellable);
    g_clear_pointer (&c->old, vinv_inventory_free);
    g_clear_pointer (&c->path, g_free);
    g_clear_pointer (&c->label, g_free);
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        g_free (c->kinds[k].saved_filter);
        c->kinds[k] = (KindState) { 0 };
    }
    c->changed_only = FALSE;
}

static void
compare_free (gpointer data)
{
    Compare *c = data;
    compare_clear (c);
    g_clear_object (&c->changed_only_action);
    g_free (c);
}

static Compare *
get_compare (VinvWindow *window)
{
    return g_object_get_data (G_OBJECT (window), COMPARE_KEY);
}

/* ---- marks -------------------------------------------------------------- */

/* The saved row matching @row of @table, or -1. */
static int
old_row_of (const Mark *m, VinvTable *table, guint row)
{
    return vinv_table_find_row (m->old, vinv_table_get_row_source (table, row),
                                vinv_table_get_row_id (table, row));
}

/* TRUE if some compared column of @row differs from saved row @old_row. */
static gboolean
row_changed (const Mark *m, VinvTable *table, guint row, guint old_row)
{
    guint n = vinv_table_get_schema (table)->n_columns;
    for (guint col = 0; col < n; col++)
        if (m->mask[col] && !vinv_cell_equal (vinv_table_get_cell (table, row, col),
                                              vinv_table_get_cell (m->old, old_row, col)))
            return TRUE;
    return FALSE;
}

static const char *
mark_cell (VinvTable *table, guint row, guint col, char **tooltip, gpointer data)
{
    const Mark *m = data;
    int old_row = old_row_of (m, table, row);

    if (old_row < 0) {
        *tooltip = g_strdup_printf ("Added since %s", m->file);
        return "vinv-added";
    }
    if (!m->mask[col])
        return NULL;
    const VinvCell *old = vinv_table_get_cell (m->old, (guint) old_row, col);
    if (vinv_cell_equal (vinv_table_get_cell (table, row, col), old))
        return NULL;
    g_autofree char *text = vinv_diff_dup_value_text (vinv_table_get_column (table, col), old);
    *tooltip = g_strdup_printf ("Was (in %s): %s", m->file, text != NULL ? text : "no value");
    return "vinv-changed";
}

/* ---- comparing ---------------------------------------------------------- */

static Mark *
mark_new (Compare *c, VinvTable *old)
{
    Mark *m = g_new0 (Mark, 1);
    const VinvSchema *schema = vinv_table_get_schema (old);
    m->old = vinv_table_ref (old);
    m->mask = g_new0 (gboolean, schema->n_columns);
    vinv_diff_default_columns (schema, FALSE, m->mask);
    m->file = g_strdup (c->label);
    return m;
}

/* Marks @page against the saved table; counts; lists removed rows in the
 * page's banner. */
static void
compare_page (Compare *c, VinvTablePage *page, VinvTable *old)
{
    KindState *ks = &c->kinds[vinv_table_page_get_kind (page)];
    VinvTable *table = vinv_view_get_table (vinv_table_page_get_view (page));
    Mark *m = mark_new (c, old);

    ks->compared = TRUE;
    for (guint row = 0; row < vinv_table_get_n_rows (table); row++) {
        int old_row = old_row_of (m, table, row);
        if (old_row < 0)
            ks->added++;
        else if (row_changed (m, table, row, (guint) old_row))
            ks->changed++;
    }
    GString *removed = g_string_new (NULL);
    for (guint row = 0; row < vinv_table_get_n_rows (old); row++) {
        if (vinv_table_find_row (table, vinv_table_get_row_source (old, row),
                                 vinv_table_get_row_id (old, row)) >= 0)
            continue;
        if (++ks->removed <= MAX_REMOVED_LISTED) {
            g_autofree char *name = vinv_diff_dup_value_text (vinv_table_get_column (old, 0),
                                                              vinv_table_get_cell (old, row, 0));
            g_string_append_printf (removed, "%s%s (%s)", ks->removed > 1 ? ", " : "",
                                    name != NULL ? name : vinv_table_get_row_id (old, row),
                                    vinv_table_get_row_source (old, row));
        }
    }
    if (ks->removed > 0) {
        g_autofree char *text = g_strdup_printf (
            "Removed since %s: %u row%s — %s%s", m->file, ks->removed,
            ks->removed == 1 ? "" : "s", removed->str,
            ks->removed > MAX_REMOVED_LISTED ? ", …" : "");
        vinv_table_page_set_banner (page, text);
    }
    g_string_free (removed, TRUE);
    vinv_table_page_set_cell_mark_func (page, mark_cell, m, mark_free);
}

static void
on_old_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
    VinvWindow *window = VINV_WINDOW (source);
    Compare *c = get_compare (window);
    g_autoptr (GError) error = NULL;
    VinvInventory *old = vinv_load_finish (result, &error);

    if (c == NULL || g_task_get_cancellable (G_TASK (result)) != c->cancellable) {
        if (old != NULL)
            vinv_inventory_free (old);
        return;
    }
    g_clear_object (&c->cancellable);
    if (old == NULL) {
        g_autofree char *text = g_strdup_printf ("Cannot compare with %s: %s", c->path,
                                                 error->message);
        vinv_window_show_message (window, text, TRUE);
        g_clear_pointer (&c->path, g_free);
        g_clear_pointer (&c->label, g_free);
        vinv_file_actions_update (window);
        return;
    }
    c->old = old;

    GString *summary = g_string_new (NULL);
    g_string_append_printf (summary, "Compared with %s:", c->label);
    VinvTablePage *pages[VINV_TABLE_LAST];
    guint n = vinv_window_list_pages (window, pages);
    gboolean first = TRUE;
    for (guint i = 0; i < n; i++) {
        VinvTableKind kind = vinv_table_page_get_kind (pages[i]);
        VinvTable *old_table = vinv_inventory_get_table (old, kind);
        if (old_table == NULL || vinv_table_page_get_view (pages[i]) == NULL)
            continue;
        compare_page (c, pages[i], old_table);
        const KindState *ks = &c->kinds[kind];
        if (ks->added + ks->removed + ks->changed == 0)
            continue;
        g_string_append_printf (summary, "%s %s %u added, %u removed, %u changed",
                                first ? "" : ";", vinv_table_page_get_title (pages[i]),
                                ks->added, ks->removed, ks->changed);
        first = FALSE;
    }
    if (first)
        g_string_append (summary, " no differences");
    g_string_append (summary, ".  Hover a yellow cell for its old value.");
    vinv_window_show_message (window, summary->str, FALSE);
    g_string_free (summary, TRUE);
    vinv_file_actions_update (window);
}

/* Loads @uri (a saved file or a history record) to compare with; @what
 * names it in messages, @label in tooltips. */
static void
compare_start_uri (VinvWindow *window, const char *uri, const char *what, const char *label)
{
    Compare *c = get_compare (window);
    g_return_if_fail (c != NULL);

    vinv_compare_stop (window);
    c->path = g_strdup (what);
    c->label = g_strdup (label);
    c->cancellable = g_cancellable_new ();
    const char *uris[] = { uri, NULL };
    VinvConnectOptions options = { 0 };
    vinv_load_async (G_OBJECT (window), uris, &options, NULL, NULL, c->cancellable,
                     on_old_loaded, NULL);
    vinv_file_actions_update (window);
}

void
vinv_compare_start (VinvWindow *window, const char *path)
{
    g_return_if_fail (path != NULL);
    g_autofree char *uri = g_strconcat ("file:", path, NULL);
    g_autofree char *label = g_path_get_basename (path);
    compare_start_uri (window, uri, path, label);
}

void
vinv_compare_start_history (VinvWindow *window, const char *db, gint64 record)
{
    g_return_if_fail (db != NULL && record > 0);
    g_autofree char *uri = g_strdup_printf ("history:%s@%" G_GINT64_FORMAT, db, record);
    g_autofree char *base = g_path_get_basename (db);
    g_autofree char *what = g_strdup_printf ("record %" G_GINT64_FORMAT " of %s", record, db);
    g_autofree char *label = g_strdup_printf ("record %" G_GINT64_FORMAT " of %s", record,
                                              base);
    compare_start_uri (window, uri, what, label);
}

gboolean
vinv_compare_is_busy (VinvWindow *window)
{
    Compare *c = get_compare (window);
    return c != NULL && c->cancellable != NULL;
}

gboolean
vinv_compare_is_active (VinvWindow *window)
{
    Compare *c = get_compare (window);
    return c != NULL && c->old != NULL;
}

gboolean
vinv_compare_get_counts (VinvWindow *window, VinvTableKind kind, guint *added,
                         guint *removed, guint *changed)
{
    Compare *c = get_compare (window);
    if (c == NULL || c->old == NULL || kind >= VINV_TABLE_LAST || !c->kinds[kind].compared)
        return FALSE;
    *added = c->kinds[kind].added;
    *removed = c->kinds[kind].removed;
    *changed = c->kinds[kind].changed;
    return TRUE;
}

/* The filter text selecting rows whose id is one of @ids, within @base
 * (may be empty): `(BASE) and id = "A|B"`, ids regex-escaped then escaped
 * for a quoted string ('=' matches the whole cell).  No id: a filter
 * that matches no row id. */
static char *
ids_filter (const char *base, GPtrArray *ids)
{
    GString *out = g_string_new (NULL);
    if (base != NULL && *base != '\0')
        g_string_append_printf (out, "(%s) and ", base);
    g_string_append (out, "id = \"");
    if (ids->len == 0)
        g_string_append (out, "^$");
    for (guint i = 0; i < ids->len; i++) {
        g_autofree char *re = g_regex_escape_string (g_ptr_array_index (ids, i), -1);
        if (i > 0)
            g_string_append_c (out, '|');
        for (const char *p = re; *p != '\0'; p++) {
            if (*p == '\\' || *p == '"')
                g_string_append_c (out, '\\');
            g_string_append_c (out, *p);
        }
    }
    g_string_append_c (out, '"');
    return g_string_free (out, FALSE);
}

void
vinv_compare_set_changed_only (VinvWindow *window, gboolean changed_only)
{
    Compare *c = get_compare (window);
    if (c == NULL || c->old == NULL || c->changed_only == changed_only)
        return;
    c->changed_only = changed_only;
    g_simple_action_set_state (c->changed_only_action, g_variant_new_boolean (changed_only));

    VinvTablePage *pages[VINV_TABLE_LAST];
    guint n = vinv_window_list_pages (window, pages);
    for (guint i = 0; i < n; i++) {
        KindState *ks = &c->kinds[vinv_table_page_get_kind (pages[i])];
        VinvTable *old = vinv_inventory_get_table (c->old, vinv_table_page_get_kind (pages[i]));
        if (!ks->compared || old == NULL)
            continue;
        if (!changed_only) {
            vinv_table_page_set_filter (pages[i], ks->saved_filter != NULL
                                                  ? ks->saved_filter : "");
            g_clear_pointer (&ks->saved_filter, g_free);
            continue;
        }
        ks->saved_filter = g_strdup (gtk_editable_get_text (
            GTK_EDITABLE (vinv_table_page_get_filter_entry (pages[i]))));
        VinvTable *table = vinv_view_get_table (vinv_table_page_get_view (pages[i]));
        g_autoptr (GPtrArray) ids = g_ptr_array_new ();
        Mark *m = mark_new (c, old);
        for (guint row = 0; row < vinv_table_get_n_rows (table); row++) {
            int old_row = old_row_of (m, table, row);
            if (old_row < 0 || row_changed (m, table, row, (guint) old_row))
                g_ptr_array_add (ids, (gpointer) vinv_table_get_row_id (table, row));
        }
        mark_free (m);
        g_autofree char *filter = ids_filter (ks->saved_filter, ids);
        if (!vinv_table_page_set_filter (pages[i], filter))
            g_warning ("changed-only filter did not compile: %s", filter);
    }
}

void
vinv_compare_stop (VinvWindow *window)
{
    Compare *c = get_compare (window);
    if (c == NULL)
        return;
    if (c->old != NULL) {
        vinv_compare_set_changed_only (window, FALSE);
        VinvTablePage *pages[VINV_TABLE_LAST];
        guint n = vinv_window_list_pages (window, pages);
        for (guint i = 0; i < n; i++) {
            if (!c->kinds[vinv_table_page_get_kind (pages[i])].compared)
                continue;
            vinv_table_page_set_cell_mark_func (pages[i], NULL, NULL, NULL);
            vinv_table_page_set_banner (pages[i], NULL);
        }
    }
    compare_clear (c);
    g_simple_action_set_state (c->changed_only_action, g_variant_new_boolean (FALSE));
    vinv_file_actions_update (window);
}

/* ---- open and save ------------------------------------------------------ */

void
vinv_window_open_saved (VinvWindow *window, const char *path)
{
    g_autofree char *uri = g_strconcat ("file:", path, NULL);
    const char *uris[] = { uri, NULL };
    VinvConnectOptions options = { 0 };

    vinv_compare_stop (window);
    vinv_window_load (window, uris, &options);
}

gboolean
vinv_window_save_inventory (VinvWindow *window, const char *path, GError **error)
{
    const VinvInventory *inventory = vinv_window_get_inventory (window);
    if (inventory == NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "nothing is loaded to save");
        return FALSE;
    }
#ifdef VINV_HAVE_SNAPSHOT
    return vinv_snapshot_save (inventory, path, TRUE, g_get_real_time () / 1000, error);
#else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 "this build has no saved-inventory support (SQLite)");
    return FALSE;
#endif
}

/* ---- the actions -------------------------------------------------------- */

typedef enum { CHOOSE_OPEN, CHOOSE_SAVE, CHOOSE_COMPARE, CHOOSE_HISTORY } Choose;

static void
on_chosen (GtkNativeDialog *chooser, int response, gpointer user_data)
{
    VinvWindow *window = user_data;
    Choose what = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "vinv-choose"));
    g_autoptr (GFile) file = response == GTK_RESPONSE_ACCEPT
                             ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser)) : NULL;
    g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
    g_autoptr (GError) error = NULL;

    g_object_unref (chooser);
    if (path == NULL)
        return;
    if (what == CHOOSE_OPEN) {
        vinv_window_open_saved (window, path);
    } else if (what == CHOOSE_COMPARE) {
        vinv_compare_start (window, path);
    } else if (what == CHOOSE_HISTORY) {
        GtkWidget *records = vinv_record_chooser_new (window, path, &error);
        if (records != NULL) {
            gtk_window_present (GTK_WINDOW (records));
        } else {
            g_autofree char *text = g_strdup_printf ("Cannot compare: %s", error->message);
            vinv_window_show_message (window, text, TRUE);
        }
    } else if (vinv_window_save_inventory (window, path, &error)) {
        g_autofree char *text = g_strdup_printf ("Inventory saved to %s", path);
        vinv_window_show_message (window, text, FALSE);
    } else {
        g_autofree char *text = g_strdup_printf ("Not saved: %s", error->message);
        vinv_window_show_message (window, text, TRUE);
    }
}

static void
choose (VinvWindow *window, Choose what)
{
    static const char *const titles[] = { "Open Saved Inventory", "Save Inventory",
                                          "Compare With Saved Inventory",
                                          "Compare With History Record: Choose the Database" };
    GtkFileChooserNative *chooser = gtk_file_chooser_native_new (
        titles[what], GTK_WINDOW (window),
        what == CHOOSE_SAVE ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
        what == CHOOSE_SAVE ? "_Save" : what == CHOOSE_OPEN ? "_Open"
        : what == CHOOSE_HISTORY ? "_Next" : "_Compare",
        "_Cancel");
    GtkFileFilter *filter = gtk_file_filter_new ();
    if (what == CHOOSE_HISTORY) {
        gtk_file_filter_set_name (filter, "History databases (*.db)");
        gtk_file_filter_add_pattern (filter, "*.db");
    } else {
        gtk_file_filter_set_name (filter, "Saved inventories (*.vinv)");
        gtk_file_filter_add_pattern (filter, "*.vinv");
    }
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    g_object_unref (filter);
    GtkFileFilter *all = gtk_file_filter_new ();
    gtk_file_filter_set_name (all, "All files");
    gtk_file_filter_add_pattern (all, "*");
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
    g_object_unref (all);
#ifdef VINV_HAVE_SNAPSHOT
    if (what == CHOOSE_HISTORY) {
        /* start where `virt-inventory record` writes by default */
        g_autofree char *db = vinv_history_dup_default_path ();
        g_autofree char *dir = g_path_get_dirname (db);
        g_autoptr (GFile) folder = g_file_new_for_path (dir);
        if (g_file_test (dir, G_FILE_TEST_IS_DIR))
            gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
#endif
    if (what == CHOOSE_SAVE)
        gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "inventory.vinv");
    g_object_set_data (G_OBJECT (chooser), "vinv-choose", GINT_TO_POINTER (what));
    g_signal_connect (chooser, "response", G_CALLBACK (on_chosen), window);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
action_open_saved (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    choose (VINV_WINDOW (user_data), CHOOSE_OPEN);
}

static void
action_save_saved (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    choose (VINV_WINDOW (user_data), CHOOSE_SAVE);
}

static void
action_compare_with (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    choose (VINV_WINDOW (user_data), CHOOSE_COMPARE);
}

static void
action_compare_history (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    choose (VINV_WINDOW (user_data), CHOOSE_HISTORY);
}

static void
action_changed_only (GSimpleAction *action, GVariant *value, gpointer user_data)
{
    vinv_compare_set_changed_only (VINV_WINDOW (user_data), g_variant_get_boolean (value));
}

static void
action_compare_stop (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    vinv_compare_stop (VINV_WINDOW (user_data));
}

static const GActionEntry file_actions[] = {
    { .name = "open-saved", .activate = action_open_saved },
    { .name = "save-saved", .activate = action_save_saved },
    { .name = "compare-with", .activate = action_compare_with },
    { .name = "compare-history", .activate = action_compare_history },
    { .name = "compare-changed-only", .state = "false", .change_state = action_changed_only },
    { .name = "compare-stop", .activate = action_compare_stop },
};

GMenuModel *
vinv_file_actions_install (VinvWindow *window)
{
    Compare *c = g_new0 (Compare, 1);
    g_action_map_add_action_entries (G_ACTION_MAP (window), file_actions,
                                     G_N_ELEMENTS (file_actions), window);
    c->changed_only_action = G_SIMPLE_ACTION (g_object_ref (
        g_action_map_lookup_action (G_ACTION_MAP (window), "compare-changed-only")));
    g_object_set_data_full (G_OBJECT (window), COMPARE_KEY, c, compare_free);

    GMenu *section = g_menu_new ();
    g_menu_append (section, "_Open Saved Inventory…", "win.open-saved");
    g_menu_append (section, "Save _Inventory…", "win.save-saved");
    g_menu_append (section, "Co_mpare With…", "win.compare-with");
    g_menu_append (section, "Compare With History _Record…", "win.compare-history");
    g_menu_append (section, "Show C_hanged Rows Only", "win.compare-changed-only");
    g_menu_append (section, "End Comparison", "win.compare-stop");
    g_object_set_data_full (G_OBJECT (window), "vinv-file-menu", section, g_object_unref);
    vinv_file_actions_update (window);
    return G_MENU_MODEL (section);
}

static void
enable (VinvWindow *window, const char *name, gboolean enabled)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (window), name);
    if (action != NULL)
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
vinv_file_actions_update (VinvWindow *window)
{
    Compare *c = get_compare (window);
    gboolean loaded = vinv_window_get_inventory (window) != NULL;
    gboolean idle = !vinv_window_is_loading (window);
    gboolean can_save = FALSE;
#ifdef VINV_HAVE_SNAPSHOT
    can_save = TRUE;
#endif
    if (c == NULL)
        return;
    enable (window, "open-saved", idle);
    enable (window, "save-saved", can_save && loaded && idle);
    enable (window, "compare-with", loaded && idle && c->cancellable == NULL);
    enable (window, "compare-history", can_save && loaded && idle && c->cancellable == NULL);
    enable (window, "compare-changed-only", c->old != NULL);
    enable (window, "compare-stop", c->old != NULL || c->cancellable != NULL);
}
