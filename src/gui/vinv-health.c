/* vinv-health.c — the Health page and its sidebar row.
 *
 * State: the findings table of the last run (owned), a core view over it
 * (the list's order and columns; the GUI never sorts), the inventory it
 * was run on (borrowed, for table titles in chips), the counts by
 * severity, and the sidebar row with a spinner and one icon and count
 * per severity present.
 *
 * A run (loading the rules, running them: half a second at 10,000 VMs on
 * a busy machine) is a GTask in a worker thread that only reads the
 * inventory; the latest run started wins, an older one's result is
 * dropped.  A run holds its own reference to the inventory it reads
 * (vinv_inventory_ref()), so the window may free its one meanwhile.  The
 * list gets its rows when the page is first shown (GTK 4.8 makes a row
 * widget for each of the first 200 rows of a model at once, shown or not).
 */
#include "vinv-health.h"

#include <string.h>
#include "core/display.h"
#include "vinv-bench.h"
#include "vinv-gui-util.h"
#include "vinv-row-model.h"

struct _VinvHealthPage {
    GtkBox parent_instance;

    VinvTable *findings;             /* owned, or NULL before a run */
    VinvView *view;                  /* owned, over findings */
    const VinvInventory *inventory;  /* borrowed, the one run on */
    guint counts[VINV_SEVERITY_CRITICAL + 1];
    char *summary;
    char *banner_text;
    double run_seconds;
    guint generation;                /* of the latest run started */
    GPtrArray *runs;                 /* of Run*, in flight */

    VinvRowModel *model;
    GtkSelectionModel *selection;    /* over model; the list's once first shown */
    GtkWidget *column_view;
    GtkWidget *stack;                /* "list" | "none" */
    GtkWidget *summary_label;
    GtkWidget *banner;
    GtkWidget *banner_label;

    GtkWidget *row;                  /* the sidebar row */
    GtkWidget *row_spinner;
    GtkWidget *row_icons[VINV_SEVERITY_CRITICAL + 1];
    GtkWidget *row_counts[VINV_SEVERITY_CRITICAL + 1];
};

G_DEFINE_FINAL_TYPE (VinvHealthPage, vinv_health_page, GTK_TYPE_BOX)

enum { SIGNAL_FINDING_ACTIVATED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *const severity_icons[] = {
    [VINV_SEVERITY_INFO] = "dialog-information-symbolic",
    [VINV_SEVERITY_WARNING] = "dialog-warning-symbolic",
    [VINV_SEVERITY_CRITICAL] = "dialog-error-symbolic",
};
static const char *const severity_classes[] = {
    [VINV_SEVERITY_INFO] = "dim-label",
    [VINV_SEVERITY_WARNING] = "warning",
    [VINV_SEVERITY_CRITICAL] = "error",
};
static const char *const severity_titles[] = {
    [VINV_SEVERITY_INFO] = "Info",
    [VINV_SEVERITY_WARNING] = "Warning",
    [VINV_SEVERITY_CRITICAL] = "Critical",
};

/* ---- cells -------------------------------------------------------------- */

static const char *
string_at (VinvTable *table, guint row, guint col)
{
    const VinvCell *cell = vinv_table_get_cell (table, row, col);
    return cell->kind == VINV_CELL_STRING ? cell->v.s : NULL;
}

static gboolean
severity_at (VinvTable *table, guint row, VinvSeverity *out)
{
    const char *text = string_at (table, row, VINV_FINDING_SEVERITY);
    return text != NULL && vinv_severity_parse (text, out);
}

/* The title of table @id for the inventory run on ("Storage pools"). */
static const char *
table_title (VinvHealthPage *self, const char *id)
{
    const VinvSchema *schema = id != NULL ? vinv_schema_lookup (id) : NULL;
    if (schema == NULL)
        return id;
    VinvTable *table = self->inventory != NULL
                       ? vinv_inventory_get_table (self->inventory,
                                                   vinv_schema_get_kind (schema))
                       : NULL;
    return table != NULL ? vinv_inventory_get_table_title (self->inventory, table)
                         : schema->title;
}

static void
cell_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
    guint col = GPOINTER_TO_UINT (user_data);
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *text = gtk_inscription_new (NULL);

    if (col == VINV_FINDING_SEVERITY) {
        GtkWidget *icon = gtk_image_new ();
        gtk_widget_add_css_class (icon, "vinv-status-icon");
        gtk_box_append (GTK_BOX (box), icon);
        g_object_set_data (G_OBJECT (box), "vinv-icon", icon);
    }
    /* wide enough for what the column usually holds ("Warning",
     * "Storage domains", "host-vcpu-overcommit"); Message takes the rest */
    static const guint nat_chars[VINV_FINDING_N_COLUMNS] = {
        [VINV_FINDING_SOURCE] = 6, [VINV_FINDING_SEVERITY] = 8, [VINV_FINDING_RULE] = 20,
        [VINV_FINDING_TABLE] = 13, [VINV_FINDING_OBJECT] = 16, [VINV_FINDING_MESSAGE] = 40,
    };
    gtk_widget_set_hexpand (text, TRUE);
    gtk_inscription_set_min_chars (GTK_INSCRIPTION (text), 4);
    gtk_inscription_set_nat_chars (GTK_INSCRIPTION (text), nat_chars[col]);
    gtk_box_append (GTK_BOX (box), text);
    g_object_set_data (G_OBJECT (box), "vinv-text", text);
    gtk_list_item_set_child (item, box);
}

static void
cell_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
    guint col = GPOINTER_TO_UINT (user_data);
    GtkWidget *box = gtk_list_item_get_child (item);
    VinvRowItem *row_item = gtk_list_item_get_item (item);
    VinvHealthPage *self = g_object_get_data (G_OBJECT (factory), "vinv-page");
    GtkWidget *text = g_object_get_data (G_OBJECT (box), "vinv-text");

    if (self->findings == NULL || row_item == NULL)
        return;
    guint row = vinv_row_item_get_row (row_item);
    if (row >= vinv_table_get_n_rows (self->findings))
        return;
    g_autofree char *shown = NULL;
    VinvSeverity severity;
    if (col == VINV_FINDING_SEVERITY && severity_at (self->findings, row, &severity)) {
        GtkWidget *icon = g_object_get_data (G_OBJECT (box), "vinv-icon");
        gtk_image_set_from_icon_name (GTK_IMAGE (icon), severity_icons[severity]);
        for (guint i = 0; i < G_N_ELEMENTS (severity_classes); i++)
            gtk_widget_remove_css_class (icon, severity_classes[i]);
        gtk_widget_add_css_class (icon, severity_classes[severity]);
        shown = g_strdup (severity_titles[severity]);
    } else if (col == VINV_FINDING_TABLE) {
        shown = g_strdup (table_title (self, string_at (self->findings, row, col)));
    } else {
        shown = vinv_cell_format_display (vinv_table_get_column (self->findings, col),
                                          vinv_table_get_cell (self->findings, row, col), 0);
    }
    gtk_inscription_set_text (GTK_INSCRIPTION (text), shown);
    if (col == VINV_FINDING_OBJECT)
        gtk_widget_add_css_class (text, "vinv-link");
    vinv_widget_set_lazy_tooltip (box, col == VINV_FINDING_MESSAGE ? shown : NULL);
}

/* Makes the column view show the view's columns. */
static void
sync_columns (VinvHealthPage *self)
{
    GtkColumnView *cv = GTK_COLUMN_VIEW (self->column_view);
    GListModel *columns = gtk_column_view_get_columns (cv);
    while (g_list_model_get_n_items (columns) > 0) {
        g_autoptr (GtkColumnViewColumn) c = g_list_model_get_item (columns, 0);
        gtk_column_view_remove_column (cv, c);
    }
    for (guint i = 0; self->view != NULL && i < vinv_view_get_n_columns (self->view); i++) {
        guint col = vinv_view_get_column (self->view, i);
        GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
        g_object_set_data (G_OBJECT (factory), "vinv-page", self);
        g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), GUINT_TO_POINTER (col));
        g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), GUINT_TO_POINTER (col));
        const VinvColumn *column = vinv_table_get_column (self->findings, col);
        GtkColumnViewColumn *c = gtk_column_view_column_new (column->title, factory);
        gtk_column_view_column_set_resizable (c, TRUE);
        if (col == VINV_FINDING_MESSAGE)
            gtk_column_view_column_set_expand (c, TRUE);
        gtk_column_view_append_column (cv, c);
        g_object_unref (c);
    }
}

/* ---- activation --------------------------------------------------------- */

gboolean
vinv_health_page_activate (VinvHealthPage *self, guint position)
{
    g_return_val_if_fail (VINV_IS_HEALTH_PAGE (self), FALSE);
    if (self->view == NULL || position >= vinv_view_get_n_rows (self->view))
        return FALSE;
    guint row = vinv_view_get_row (self->view, position);
    VinvTableKind kind;
    g_autofree char *filter = NULL;
    if (!vinv_check_findings_link (self->findings, row, &kind, &filter))
        return FALSE;
    g_autofree char *object = vinv_cell_format_display (
        vinv_table_get_column (self->findings, VINV_FINDING_OBJECT),
        vinv_table_get_cell (self->findings, row, VINV_FINDING_OBJECT), 0);
    g_autofree char *label = g_strdup_printf ("%s: %s",
                                              table_title (self, vinv_schema_get (kind)->id),
                                              object);
    g_signal_emit (self, signals[SIGNAL_FINDING_ACTIVATED], 0, (guint) kind, filter, label);
    return TRUE;
}

static void
on_activate (GtkColumnView *view, guint position, gpointer user_data)
{
    vinv_health_page_activate (VINV_HEALTH_PAGE (user_data), position);
}

/* ---- running ------------------------------------------------------------ */

/* One run, in a worker thread. */
typedef struct {
    VinvHealthPage *page;            /* borrowed: the task holds a reference */
    VinvInventory *inventory;        /* a reference, read by the thread */
    char *config_path;
    guint generation;
    gint64 start;
    /* results */
    VinvTable *findings;             /* NULL: the rules could not be read */
    char *banner;
} Run;

static void
run_free (gpointer data)
{
    Run *run = data;
    g_free (run->config_path);
    vinv_inventory_free (run->inventory);
    if (run->findings != NULL)
        vinv_table_unref (run->findings);
    g_free (run->banner);
    g_free (run);
}

static void
set_banner (VinvHealthPage *self, const char *text)
{
    g_free (self->banner_text);
    self->banner_text = text != NULL && *text != '\0' ? g_strdup (text) : NULL;
    gtk_label_set_text (GTK_LABEL (self->banner_label),
                        self->banner_text != NULL ? self->banner_text : "");
    gtk_widget_set_visible (self->banner, self->banner_text != NULL);
}

/* Counts, the summary and the sidebar row from the findings. */
static void
update_counts (VinvHealthPage *self)
{
    memset (self->counts, 0, sizeof self->counts);
    for (guint r = 0; self->findings != NULL && r < vinv_table_get_n_rows (self->findings);
         r++) {
        VinvSeverity s;
        if (severity_at (self->findings, r, &s))
            self->counts[s]++;
    }
    g_autoptr (GString) text = g_string_new (NULL);
    static const char *const names[][2] = {
        [VINV_SEVERITY_INFO] = { "info", "info" },
        [VINV_SEVERITY_WARNING] = { "warning", "warnings" },
        [VINV_SEVERITY_CRITICAL] = { "critical", "critical" },
    };
    for (int s = VINV_SEVERITY_CRITICAL; s >= VINV_SEVERITY_INFO; s--) {
        guint n = self->counts[s];
        g_autofree char *count = g_strdup_printf ("%u", n);
        gtk_label_set_text (GTK_LABEL (self->row_counts[s]), count);
        gtk_widget_set_visible (self->row_counts[s], n > 0);
        gtk_widget_set_visible (self->row_icons[s], n > 0);
        if (n > 0)
            g_string_append_printf (text, "%s%u %s", text->len > 0 ? ", " : "", n,
                                    names[s][n != 1]);
    }
    if (self->findings == NULL)
        g_string_assign (text, "not run yet");
    else if (text->len == 0)
        g_string_assign (text, "no findings");
    g_free (self->summary);
    self->summary = g_string_free (g_steal_pointer (&text), FALSE);
    vinv_widget_set_lazy_tooltip (self->row, self->summary);
    g_autofree char *heading = g_strdup_printf ("Health checks: %s", self->summary);
    gtk_label_set_text (GTK_LABEL (self->summary_label), heading);
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                      self->findings != NULL
                                      && vinv_table_get_n_rows (self->findings) > 0
                                      ? "list" : "none");
}

static void
set_findings (VinvHealthPage *self, VinvTable *findings, gboolean several_sources)
{
    VinvView *old = self->view;
    VinvTable *old_findings = self->findings;

    self->findings = findings;
    self->view = findings != NULL ? vinv_view_new (findings, NULL) : NULL;
    if (self->view != NULL && several_sources) {
        vinv_view_set_column_visible (self->view, VINV_FINDING_SOURCE, TRUE);
        vinv_view_move_column (self->view, VINV_FINDING_SOURCE, 0);
    }
    sync_columns (self);
    vinv_row_model_set_view (self->model, self->view);
    vinv_view_free (old);
    if (old_findings != NULL)
        vinv_table_unref (old_findings);
    update_counts (self);
}

static void
run_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
    Run *run = task_data;
    g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GError) error = NULL;
    g_autofree char *builtin = vinv_check_dup_builtin_path ();

    g_autoptr (VinvCheckSet) set = vinv_check_set_load (builtin, run->config_path, warnings,
                                                        &error);
    if (set == NULL) {
        run->banner = g_strdup_printf ("Health checks not run: %s", error->message);
    } else {
        gboolean incomplete = FALSE;
        run->findings = vinv_check_run (set, run->inventory, NULL, warnings, &incomplete);
        g_ptr_array_add (warnings, NULL);
        run->banner = g_strjoinv ("\n", (char **) warnings->pdata);
    }
    g_task_return_boolean (task, TRUE);
}

static void
on_run_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
    VinvHealthPage *self = VINV_HEALTH_PAGE (source);
    Run *run = g_task_get_task_data (G_TASK (result));

    gint64 bench_step = vinv_bench_step_start ();
    g_ptr_array_remove (self->runs, run);
    if (run->generation == self->generation && self->model != NULL) {
        set_findings (self, g_steal_pointer (&run->findings),
                      vinv_inventory_get_n_sources (run->inventory) > 1);
        set_banner (self, run->banner);
        self->run_seconds = (g_get_monotonic_time () - run->start) / 1e6;
        vinv_health_page_set_loading (self, FALSE);
    }
    vinv_bench_step_end ("health findings", bench_step);
}

void
vinv_health_page_run (VinvHealthPage *self, const VinvInventory *inventory,
                      const char *config_path)
{
    g_return_if_fail (VINV_IS_HEALTH_PAGE (self));
    g_return_if_fail (inventory != NULL);

    Run *run = g_new0 (Run, 1);
    run->page = self;
    run->inventory = vinv_inventory_ref ((VinvInventory *) inventory);
    run->config_path = g_strdup (config_path);
    run->generation = ++self->generation;
    run->start = g_get_monotonic_time ();
    self->inventory = inventory;
    g_ptr_array_add (self->runs, run);
    vinv_health_page_set_loading (self, TRUE);

    GTask *task = g_task_new (self, NULL, on_run_done, NULL);
    g_task_set_task_data (task, run, run_free);
    g_task_run_in_thread (task, run_thread);
    g_object_unref (task);
}

void
vinv_health_page_forget_inventory (VinvHealthPage *self, const VinvInventory *inventory)
{
    g_return_if_fail (VINV_IS_HEALTH_PAGE (self));
    if (inventory != NULL && self->inventory == inventory)
        self->inventory = NULL;
}

void
vinv_health_page_clear (VinvHealthPage *self)
{
    g_return_if_fail (VINV_IS_HEALTH_PAGE (self));
    self->generation++;
    vinv_health_page_set_loading (self, FALSE);
    set_findings (self, NULL, FALSE);
    set_banner (self, NULL);
    self->inventory = NULL;
}

void
vinv_health_page_set_loading (VinvHealthPage *self, gboolean loading)
{
    g_return_if_fail (VINV_IS_HEALTH_PAGE (self));
    gtk_widget_set_visible (self->row_spinner, loading);
    gtk_spinner_set_spinning (GTK_SPINNER (self->row_spinner), loading);
}

gboolean
vinv_health_page_get_loading (VinvHealthPage *self)
{
    g_return_val_if_fail (VINV_IS_HEALTH_PAGE (self), FALSE);
    return gtk_spinner_get_spinning (GTK_SPINNER (self->row_spinner));
}

/* ---- accessors ---------------------------------------------------------- */

GtkWidget *
vinv_health_page_get_sidebar_row (VinvHealthPage *self)
{
    g_return_val_if_fail (VINV_IS_HEALTH_PAGE (self), NULL);
    return self->row;
}

VinvTable *
vinv_health_page_get_findings (VinvHealthPage *self)
{
    g_return_val_if_fail (VINV_IS_HEALTH_PAGE (self), NULL);
    return self->findings;
}

guint
vinv_health_page_get_count (VinvHealthPage *self, VinvSeverity severity)
{
    g_return_val_if_fail (VINV_IS_HEALTH_PAGE (self) && severity <= VINV_SEVERITY_CRITICAL, 0);
    return self->counts[severity];
}

const char *
vinv_health_page_get_summary (VinvHealthPage *self)
{
    g_return_val_if_fail (VINV_IS_HEALTH_PAGE (self), NULL);
    return self->summary;
}

const char *
vinv_health_page_get_banner (VinvHealthPage *self)
{
    g_return_val_if_fail (VINV_IS_HEALTH_PAGE (self), NULL);
    return self->banner_text;
}

GListModel *
vinv_health_page_get_model (VinvHealthPage *self)
{
    g_return_val_if_fail (VINV_IS_HEALTH_PAGE (self), NULL);
    return G_LIST_MODEL (self->model);
}

GtkColumnView *
vinv_health_page_get_column_view (VinvHealthPage *self)
{
    g_return_val_if_fail (VINV_IS_HEALTH_PAGE (self), NULL);
    return GTK_COLUMN_VIEW (self->column_view);
}

double
vinv_health_page_get_run_seconds (VinvHealthPage *self)
{
    g_return_val_if_fail (VINV_IS_HEALTH_PAGE (self), 0);
    return self->run_seconds;
}

/* ---- construction ------------------------------------------------------- */

static void
on_first_map (GtkWidget *widget, gpointer user_data)
{
    VinvHealthPage *self = VINV_HEALTH_PAGE (widget);
    GtkColumnView *cv = GTK_COLUMN_VIEW (self->column_view);
    if (gtk_column_view_get_model (cv) == NULL)
        gtk_column_view_set_model (cv, self->selection);
}

static GtkWidget *
build_row (VinvHealthPage *self, int key)
{
    GtkWidget *row = gtk_list_box_row_new ();
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
    GtkWidget *title = gtk_label_new ("Health");

    gtk_label_set_xalign (GTK_LABEL (title), 0.0);
    gtk_widget_set_hexpand (title, TRUE);
    gtk_box_append (GTK_BOX (box), title);
    self->row_spinner = gtk_spinner_new ();
    gtk_widget_set_visible (self->row_spinner, FALSE);
    gtk_box_append (GTK_BOX (box), self->row_spinner);
    for (int s = VINV_SEVERITY_CRITICAL; s >= VINV_SEVERITY_INFO; s--) {
        self->row_counts[s] = gtk_label_new (NULL);
        gtk_widget_add_css_class (self->row_counts[s], "numeric");
        gtk_widget_set_margin_start (self->row_counts[s], 4);
        self->row_icons[s] = gtk_image_new_from_icon_name (severity_icons[s]);
        gtk_widget_add_css_class (self->row_icons[s], "vinv-status-icon");
        gtk_widget_add_css_class (self->row_icons[s], severity_classes[s]);
        gtk_widget_set_visible (self->row_counts[s], FALSE);
        gtk_widget_set_visible (self->row_icons[s], FALSE);
        gtk_box_append (GTK_BOX (box), self->row_counts[s]);
        gtk_box_append (GTK_BOX (box), self->row_icons[s]);
    }
    gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
    g_object_set_data (G_OBJECT (row), "vinv-kind", GINT_TO_POINTER (key));
    g_object_set_data (G_OBJECT (row), "vinv-title", title);
    return row;
}

GtkWidget *
vinv_health_page_new (int row_key)
{
    VinvHealthPage *self = g_object_new (VINV_TYPE_HEALTH_PAGE,
                                         "orientation", GTK_ORIENTATION_VERTICAL, NULL);
    self->row = g_object_ref_sink (build_row (self, row_key));
    update_counts (self);
    return GTK_WIDGET (self);
}

static void
vinv_health_page_init (VinvHealthPage *self)
{
    GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_set_margin_start (header, 12);
    gtk_widget_set_margin_end (header, 12);
    gtk_widget_set_margin_top (header, 8);
    gtk_widget_set_margin_bottom (header, 8);
    self->summary_label = gtk_label_new (NULL);
    gtk_widget_add_css_class (self->summary_label, "heading");
    gtk_label_set_xalign (GTK_LABEL (self->summary_label), 0.0);
    gtk_widget_set_hexpand (self->summary_label, TRUE);
    gtk_box_append (GTK_BOX (header), self->summary_label);
    GtkWidget *hint = gtk_label_new ("Double-click a finding to show its object");
    gtk_widget_add_css_class (hint, "dim-label");
    gtk_box_append (GTK_BOX (header), hint);
    gtk_box_append (GTK_BOX (self), header);

    self->banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    gtk_widget_add_css_class (self->banner, "vinv-banner");
    GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
    self->banner_label = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->banner_label), 0.0);
    gtk_label_set_wrap (GTK_LABEL (self->banner_label), TRUE);
    gtk_label_set_selectable (GTK_LABEL (self->banner_label), TRUE);
    gtk_box_append (GTK_BOX (self->banner), icon);
    gtk_box_append (GTK_BOX (self->banner), self->banner_label);
    gtk_widget_set_visible (self->banner, FALSE);
    gtk_box_append (GTK_BOX (self), self->banner);

    self->runs = g_ptr_array_new ();
    self->model = vinv_row_model_new ();
    GtkSingleSelection *single = gtk_single_selection_new (
        G_LIST_MODEL (g_object_ref (self->model)));
    gtk_single_selection_set_autoselect (single, FALSE);
    gtk_single_selection_set_can_unselect (single, TRUE);
    self->selection = GTK_SELECTION_MODEL (single);
    /* the rows are handed to the list when the page is first shown: GTK
     * 4.8 makes and binds up to 200 row widgets for a model as soon as it
     * has one, which the findings of a large inventory arriving at the
     * end of a load did while nobody looked at them */
    self->column_view = gtk_column_view_new (NULL);
    g_signal_connect (self, "map", G_CALLBACK (on_first_map), NULL);
    gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (self->column_view), TRUE);
    g_signal_connect (self->column_view, "activate", G_CALLBACK (on_activate), self);
    GtkWidget *scroller = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->column_view);
    gtk_widget_set_vexpand (scroller, TRUE);

    GtkWidget *none = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_set_valign (none, GTK_ALIGN_CENTER);
    GtkWidget *ok = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
    gtk_image_set_pixel_size (GTK_IMAGE (ok), 64);
    gtk_widget_add_css_class (ok, "dim-label");
    GtkWidget *none_title = gtk_label_new ("No findings");
    gtk_widget_add_css_class (none_title, "title-2");
    GtkWidget *none_text = gtk_label_new ("No enabled rule found anything on this inventory.");
    gtk_widget_add_css_class (none_text, "dim-label");
    gtk_box_append (GTK_BOX (none), ok);
    gtk_box_append (GTK_BOX (none), none_title);
    gtk_box_append (GTK_BOX (none), none_text);

    self->stack = gtk_stack_new ();
    gtk_stack_add_named (GTK_STACK (self->stack), scroller, "list");
    gtk_stack_add_named (GTK_STACK (self->stack), none, "none");
    gtk_box_append (GTK_BOX (self), self->stack);
}

static void
vinv_health_page_dispose (GObject *object)
{
    VinvHealthPage *self = VINV_HEALTH_PAGE (object);
    if (self->model != NULL)
        vinv_row_model_set_view (self->model, NULL);
    g_clear_object (&self->selection);
    g_clear_object (&self->model);
    g_clear_pointer (&self->view, vinv_view_free);
    g_clear_pointer (&self->findings, vinv_table_unref);
    g_clear_object (&self->row);
    G_OBJECT_CLASS (vinv_health_page_parent_class)->dispose (object);
}

static void
vinv_health_page_finalize (GObject *object)
{
    VinvHealthPage *self = VINV_HEALTH_PAGE (object);
    g_free (self->summary);
    g_free (self->banner_text);
    g_ptr_array_unref (self->runs);    /* empty: each run holds the page */
    G_OBJECT_CLASS (vinv_health_page_parent_class)->finalize (object);
}

static void
vinv_health_page_class_init (VinvHealthPageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    object_class->dispose = vinv_health_page_dispose;
    object_class->finalize = vinv_health_page_finalize;
    signals[SIGNAL_FINDING_ACTIVATED] =
        g_signal_new ("finding-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_STRING,
                      G_TYPE_STRING);
}
