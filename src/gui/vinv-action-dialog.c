/* vinv-action-dialog.c — the Actions menu, its policy, and the dialog
 * that confirms, rehearses and runs a VM action (see the header).
 *
 * The menu state lives in a small struct attached to the window
 * ("vinv-actions"), so that the window itself only calls install/update.
 * The run: vinv_action_run() in a GTask thread owns the items until it
 * returns; each notify copies the item's outcome into an idle callback on
 * the main context, which updates that row.  The task holds a reference
 * on the dialog, so closing the dialog during a run cancels it and the
 * dialog lives until the thread has returned.
 */
#include "vinv-action-dialog.h"

#include "core/backend.h"
#include "core/tables.h"
#include "vinv-cache.h"

#define ACTIONS_KEY "vinv-actions"

/* ---- the policy --------------------------------------------------------- */

char *
vinv_actions_why_disabled (const char *const *uris, const VinvProfile *profile,
                           const char *config_path)
{
    const char *where = config_path != NULL ? config_path : "the configuration file";

    if (uris == NULL || uris[0] == NULL)
        return g_strdup ("Actions are off: nothing is loaded.");
    for (guint i = 0; uris[i] != NULL; i++) {
        const VinvBackendClass *klass = vinv_backend_class_for_uri (uris[i]);
        if (klass == NULL || klass->actions == NULL)
            return g_strdup_printf ("Actions are off: %s is a saved inventory or a "
                                    "connection without actions; they act on live "
                                    "connections only.", uris[i]);
    }
    if (profile != NULL && profile->read_only)
        return g_strdup_printf ("Actions are off: profile '%s' is read-only "
                                "(read-only = true in %s).", profile->name, where);
    if (profile == NULL)
        return g_strdup_printf ("Actions are off: they need a saved profile with "
                                "allow-actions = true (in %s); connect through that "
                                "profile to enable them.", where);
    if (!profile->allow_actions)
        return g_strdup_printf ("Actions are off for profile '%s': to enable them, set "
                                "allow-actions = true in its section of %s and reconnect.",
                                profile->name, where);
    return NULL;
}

typedef struct {
    GSimpleAction *actions[VINV_ACTION_LAST];
    GtkWidget *button;
    GMenu *menu;                 /* header button: the actions */
    GMenu *context;              /* rows' context menu: reason + actions */
    char *reason;
} Actions;

static void
actions_free (gpointer data)
{
    Actions *a = data;
    for (guint k = 0; k < VINV_ACTION_LAST; k++)
        g_clear_object (&a->actions[k]);
    g_clear_object (&a->menu);
    g_clear_object (&a->context);
    g_free (a->reason);
    g_free (a);
}

static Actions *
get_actions (VinvWindow *window)
{
    return g_object_get_data (G_OBJECT (window), ACTIONS_KEY);
}

static const char *
kind_label (VinvActionKind kind)
{
    static const char *const labels[VINV_ACTION_LAST] = {
        "_Start", "Shut _Down", "S_top (Power Off)", "_Reboot", "Sus_pend",
        "P_ause", "Res_ume", "Take S_napshot…", "De_lete Snapshot", "_Migrate…",
    };
    return labels[kind];
}

/* The dialog's question verb and the line under it. */
static const char *
kind_verb (VinvActionKind kind)
{
    static const char *const verbs[VINV_ACTION_LAST] = {
        "Start", "Shut down", "Power off", "Reboot", "Suspend", "Pause", "Resume",
        "Take a snapshot of", "Delete", "Migrate",
    };
    return verbs[kind];
}

static const char *
kind_explain (VinvActionKind kind)
{
    static const char *const lines[VINV_ACTION_LAST] = {
        "Powers the VMs on and waits until they are up.",
        "Asks each guest to shut down (the guest must cooperate) and waits until it is down.",
        "Powers the VMs off at once, like pulling the plug: unsaved guest data is lost.",
        "Reboots the VMs and waits until they are up again.",
        "Saves each VM's memory to disk and stops it (oVirt: hibernate; libvirt: managed "
        "save).",
        "Pauses the VMs' CPUs; memory stays allocated.",
        "Resumes paused VMs.",
        "Creates a snapshot of each VM with the description below.",
        "Deletes the snapshots; this cannot be undone.",
        "Moves running VMs to another host (the engine chooses when none is given).",
    };
    return lines[kind];
}

static void
on_act (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    VinvWindow *window = user_data;
    VinvActionKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (action),
                                                               "vinv-kind"));
    vinv_actions_open_dialog (window, kind);
}

static void
fill_menu (GMenu *menu)
{
    GMenu *power = g_menu_new ();
    GMenu *other = g_menu_new ();
    for (guint k = 0; k < VINV_ACTION_LAST; k++) {
        g_autofree char *detailed = g_strdup_printf ("win.act-%s",
                                                     vinv_action_kind_to_string (k));
        g_menu_append (k >= VINV_ACTION_SNAPSHOT ? other : power, kind_label (k), detailed);
    }
    g_menu_append_section (menu, NULL, G_MENU_MODEL (power));
    g_menu_append_section (menu, NULL, G_MENU_MODEL (other));
    g_object_unref (power);
    g_object_unref (other);
}

GtkWidget *
vinv_actions_install (VinvWindow *window)
{
    Actions *a = g_new0 (Actions, 1);

    for (guint k = 0; k < VINV_ACTION_LAST; k++) {
        g_autofree char *name = g_strdup_printf ("act-%s", vinv_action_kind_to_string (k));
        a->actions[k] = g_simple_action_new (name, NULL);
        g_object_set_data (G_OBJECT (a->actions[k]), "vinv-kind", GUINT_TO_POINTER (k));
        g_simple_action_set_enabled (a->actions[k], FALSE);
        g_signal_connect (a->actions[k], "activate", G_CALLBACK (on_act), window);
        g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (a->actions[k]));
    }
    a->menu = g_menu_new ();
    fill_menu (a->menu);
    a->context = g_menu_new ();
    fill_menu (a->context);
    a->button = gtk_menu_button_new ();
    gtk_menu_button_set_label (GTK_MENU_BUTTON (a->button), "Actions");
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (a->button), G_MENU_MODEL (a->menu));
    g_object_set_data_full (G_OBJECT (window), ACTIONS_KEY, a, actions_free);
    vinv_actions_update (window);
    return a->button;
}

GMenuModel *
vinv_actions_get_menu (VinvWindow *window)
{
    Actions *a = get_actions (window);
    return a != NULL ? G_MENU_MODEL (a->context) : NULL;
}

/* What the back-ends of @uris offer: the union of their supported bits. */
static guint
supported_kinds (const char *const *uris)
{
    guint bits = 0;
    for (guint i = 0; uris != NULL && uris[i] != NULL; i++) {
        const VinvBackendClass *klass = vinv_backend_class_for_uri (uris[i]);
        if (klass != NULL && klass->actions != NULL)
            bits |= klass->actions->supported;
    }
    return bits;
}

void
vinv_actions_update (VinvWindow *window)
{
    Actions *a = get_actions (window);
    if (a == NULL)
        return;
    const char *const *uris = vinv_window_get_uris (window);
    g_free (a->reason);
    a->reason = vinv_actions_why_disabled (uris, vinv_window_get_profile (window),
                                           vinv_window_get_config_path (window));
    if (a->reason == NULL && vinv_window_get_inventory (window) == NULL)
        a->reason = g_strdup ("Actions are off: nothing is loaded yet.");
    /* never act on rows that may be out of date: cached data is shown
     * while the live load runs, and stays when it failed */
    if (a->reason == NULL && vinv_cache_is_shown (window))
        a->reason = g_strdup ("Actions are off: the window shows cached data; they act "
                              "on freshly loaded data only.");
    guint bits = a->reason == NULL ? supported_kinds (uris) : 0;
    for (guint k = 0; k < VINV_ACTION_LAST; k++)
        g_simple_action_set_enabled (a->actions[k], (bits & VINV_ACTION_BIT (k)) != 0);

    gtk_widget_set_sensitive (a->button, a->reason == NULL);
    gtk_widget_set_tooltip_text (a->button, a->reason != NULL
                                 ? a->reason
                                 : "Act on the selected VMs (or snapshots)");
    /* the context menu says why, as a greyed first line */
    g_menu_remove_all (a->context);
    if (a->reason != NULL) {
        GMenu *why = g_menu_new ();
        g_menu_append (why, a->reason, "win.act-why-off");
        g_menu_append_section (a->context, NULL, G_MENU_MODEL (why));
        g_object_unref (why);
    }
    fill_menu (a->context);
}

const char *
vinv_actions_get_disabled_reason (VinvWindow *window)
{
    Actions *a = get_actions (window);
    return a != NULL ? a->reason : NULL;
}

/* ---- the items ---------------------------------------------------------- */

/* The items for table rows @rows of @table (as the CLI's `do` builds them). */
static GPtrArray *
build_items (VinvTable *table, const guint *rows, guint n, VinvActionKind kind)
{
    GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) vinv_action_item_free);

    for (guint i = 0; i < n; i++) {
        guint row = rows[i];
        g_ptr_array_add (items, vinv_action_item_new_for_row (table, row, kind));
    }
    return items;
}

GtkWidget *
vinv_actions_open_dialog (VinvWindow *window, VinvActionKind kind)
{
    g_return_val_if_fail (kind < VINV_ACTION_LAST, NULL);
    Actions *a = get_actions (window);
    const VinvSchema *schema = vinv_schema_lookup (vinv_action_kind_table (kind));
    VinvTablePage *page = schema != NULL ? vinv_window_get_page (window,
                                                                 vinv_schema_get_kind (schema))
                                         : NULL;
    if (a == NULL || a->reason != NULL) {
        vinv_window_show_message (window, a != NULL ? a->reason : "Actions are off.", TRUE);
        return NULL;
    }
    guint n = 0;
    g_autofree guint *rows = page != NULL ? vinv_table_page_get_selected_rows (page, &n) : NULL;
    if (n == 0) {
        g_autofree char *text = g_strdup_printf (
            "Select one or more rows in the %s table first, then choose the action.",
            schema != NULL ? schema->title : vinv_action_kind_table (kind));
        vinv_window_show_message (window, text, TRUE);
        return NULL;
    }
    VinvTable *table = vinv_view_get_table (vinv_table_page_get_view (page));
    GtkWidget *dialog = vinv_action_dialog_new (window, kind, build_items (table, rows, n, kind));
    gtk_window_present (GTK_WINDOW (dialog));
    return dialog;
}

/* ---- the dialog --------------------------------------------------------- */

struct _VinvActionDialog {
    GtkWindow parent_instance;

    VinvWindow *window;          /* weak */
    VinvActionKind kind;
    GPtrArray *items;            /* of VinvActionItem; the run's thread owns
                                  * them while running */
    GPtrArray *results;          /* of char*, per item */
    GPtrArray *result_labels;    /* of GtkLabel, per item (borrowed) */
    GHashTable *source_uris;     /* source name -> URI (for open) */
    VinvConnectOptions options;  /* read_write set */
    VinvAction action;
    char *description;           /* the action's strings, for the run */
    char *host;
    GCancellable *cancellable;
    gboolean running;
    gboolean finished;
    gboolean close_when_done;    /* closed while running */
    guint n_done;

    GtkWidget *description_entry;
    GtkWidget *memory_check;
    GtkWidget *host_entry;
    GtkWidget *status_label;
    GtkWidget *progress;
    GtkWidget *rehearse_button;
    GtkWidget *run_button;
    GtkWidget *close_button;
};

G_DEFINE_FINAL_TYPE (VinvActionDialog, vinv_action_dialog, GTK_TYPE_WINDOW)

enum {
    SIGNAL_FINISHED,
    N_SIGNALS
};
static guint signals[N_SIGNALS];

static const char *
outcome_text (VinvActionOutcome outcome)
{
    switch (outcome) {
    case VINV_ACTION_OUTCOME_DONE:
        return "done";
    case VINV_ACTION_OUTCOME_FAILED:
        return "failed";
    case VINV_ACTION_OUTCOME_TIMED_OUT:
        return "timed out";
    case VINV_ACTION_OUTCOME_CANCELLED:
        return "cancelled";
    default:
        return "running…";
    }
}

static void
set_result (VinvActionDialog *self, guint i, const char *text, const char *css)
{
    g_free (self->results->pdata[i]);
    self->results->pdata[i] = g_strdup (text);
    GtkWidget *label = g_ptr_array_index (self->result_labels, i);
    gtk_label_set_text (GTK_LABEL (label), text);
    gtk_widget_set_tooltip_text (label, text);
    gtk_widget_remove_css_class (label, "success");
    gtk_widget_remove_css_class (label, "error");
    gtk_widget_remove_css_class (label, "warning");
    if (css != NULL)
        gtk_widget_add_css_class (label, css);
}

static void
set_status (VinvActionDialog *self, const char *text)
{
    gtk_label_set_text (GTK_LABEL (self->status_label), text);
}

static const char *
noun (VinvActionDialog *self, guint n)
{
    if (self->kind == VINV_ACTION_SNAPSHOT_DELETE)
        return n == 1 ? "snapshot" : "snapshots";
    return n == 1 ? "VM" : "VMs";
}

/* Reads the parameter fields into self->action.  FALSE with the status
 * saying what is missing. */
static gboolean
read_parameters (VinvActionDialog *self)
{
    g_clear_pointer (&self->description, g_free);
    g_clear_pointer (&self->host, g_free);
    self->action = (VinvAction) { .kind = self->kind };
    if (self->kind == VINV_ACTION_SNAPSHOT) {
        self->description = g_strstrip (g_strdup (
            gtk_editable_get_text (GTK_EDITABLE (self->description_entry))));
        if (*self->description == '\0') {
            set_status (self, "A snapshot needs a description: type one above.");
            gtk_widget_grab_focus (self->description_entry);
            return FALSE;
        }
        self->action.description = self->description;
        self->action.memory = gtk_check_button_get_active (
            GTK_CHECK_BUTTON (self->memory_check));
    }
    if (self->kind == VINV_ACTION_MIGRATE) {
        self->host = g_strstrip (g_strdup (
            gtk_editable_get_text (GTK_EDITABLE (self->host_entry))));
        self->action.host = *self->host != '\0' ? self->host : NULL;
    }
    return TRUE;
}

void
vinv_action_dialog_rehearse (VinvActionDialog *self)
{
    g_return_if_fail (VINV_IS_ACTION_DIALOG (self));
    if (self->running || self->finished || !read_parameters (self))
        return;
    const char *target = vinv_action_target_name (&self->action);
    GString *plan = g_string_new (NULL);

    g_string_append_printf (plan, "Rehearsal — nothing was changed.  Run would %s %u %s",
                            vinv_action_kind_to_string (self->kind), self->items->len,
                            noun (self, self->items->len));
    if (self->action.description != NULL)
        g_string_append_printf (plan, " with the description \"%s\"%s",
                                self->action.description,
                                self->action.memory ? " (with memory)" : "");
    if (self->kind == VINV_ACTION_MIGRATE)
        g_string_append_printf (plan, " to %s", self->action.host != NULL
                                                ? self->action.host : "a host the engine chooses");
    if (self->kind == VINV_ACTION_SNAPSHOT_DELETE)
        g_string_append (plan, " and wait until each is gone.");
    else if (self->kind == VINV_ACTION_SNAPSHOT)
        g_string_append_printf (plan, " and wait until each new snapshot is %s.", target);
    else
        g_string_append_printf (plan, " and wait until each is %s.", target);
    for (guint i = 0; i < self->items->len; i++) {
        const VinvActionItem *item = g_ptr_array_index (self->items, i);
        const char *now = item->state_before != NULL ? item->state_before : "unknown";
        g_autofree char *text =
            self->kind == VINV_ACTION_SNAPSHOT
            ? g_strdup_printf ("would get a new snapshot (now %s)", now)
            : self->kind == VINV_ACTION_SNAPSHOT_DELETE
            ? g_strdup_printf ("would be deleted (now %s)", now)
            : self->kind == VINV_ACTION_MIGRATE
            ? g_strdup_printf ("would move to %s (now %s)",
                               self->action.host != NULL ? self->action.host
                                                         : "another host", now)
            : g_strdup_printf ("would become %s (now %s)", target, now);
        set_result (self, i, text, NULL);
    }
    set_status (self, plan->str);
    g_string_free (plan, TRUE);
}

/* ---- the run ------------------------------------------------------------ */

typedef struct {
    VinvActionDialog *self;      /* a reference */
    guint index;
    VinvActionOutcome outcome;
    char *reason;
    char *state;
} Finished;

static void
finished_free (gpointer data)
{
    Finished *f = data;
    g_object_unref (f->self);
    g_free (f->reason);
    g_free (f->state);
    g_free (f);
}

static void
show_outcome (VinvActionDialog *self, guint i, VinvActionOutcome outcome, const char *reason)
{
    g_autofree char *text = reason != NULL && outcome != VINV_ACTION_OUTCOME_DONE
                            ? g_strdup_printf ("%s: %s", outcome_text (outcome), reason)
                            : g_strdup (outcome_text (outcome));
    set_result (self, i, text, outcome == VINV_ACTION_OUTCOME_DONE ? "success"
                               : outcome == VINV_ACTION_OUTCOME_FAILED ? "error" : "warning");
}

static gboolean
deliver_finished (gpointer data)
{
    Finished *f = data;
    VinvActionDialog *self = f->self;

    if (!self->finished) {
        show_outcome (self, f->index, f->outcome, f->reason);
        self->n_done++;
        gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress),
                                       (double) self->n_done / MAX (self->items->len, 1));
    }
    return G_SOURCE_REMOVE;
}

/* On the run's thread (serialised by the executor). */
static void
on_item_notify (const VinvActionItem *item, gpointer user_data)
{
    VinvActionDialog *self = user_data;
    Finished *f = g_new0 (Finished, 1);

    f->self = g_object_ref (self);
    for (guint i = 0; i < self->items->len; i++)
        if (g_ptr_array_index (self->items, i) == item)
            f->index = i;
    f->outcome = item->outcome;
    f->reason = g_strdup (item->reason);
    f->state = g_strdup (item->state);
    g_idle_add_full (G_PRIORITY_DEFAULT, deliver_finished, f, finished_free);
}

/* On the run's thread: a read-write back-end for @source, with the URI and
 * connect options the window loaded it with. */
static VinvBackend *
open_for_action (const char *source, gpointer user_data, GError **error)
{
    VinvActionDialog *self = user_data;
    const char *uri = g_hash_table_lookup (self->source_uris, source);

    if (uri == NULL) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_FAILED,
                     "no connection is known for source '%s'", source);
        return NULL;
    }
    return vinv_backend_open (uri, &self->options, self->cancellable, error);
}

static void
run_thread (GTask *task, gpointer source_object, gpointer task_data,
            GCancellable *cancellable)
{
    VinvActionDialog *self = source_object;
    VinvActionRunOptions options = { .wait = TRUE };

    vinv_action_run (&self->action, self->items, &options, open_for_action, self,
                     on_item_notify, self, cancellable);
    g_task_return_boolean (task, TRUE);
}

static void
on_run_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
    VinvActionDialog *self = VINV_ACTION_DIALOG (source);
    guint done = 0, failed = 0, other = 0;

    g_task_propagate_boolean (G_TASK (result), NULL);
    self->running = FALSE;
    self->finished = TRUE;
    /* the final word: every item's own outcome */
    for (guint i = 0; i < self->items->len; i++) {
        const VinvActionItem *item = g_ptr_array_index (self->items, i);
        show_outcome (self, i, item->outcome, item->reason);
        if (item->outcome == VINV_ACTION_OUTCOME_DONE)
            done++;
        else if (item->outcome == VINV_ACTION_OUTCOME_FAILED)
            failed++;
        else
            other++;
    }
    g_autofree char *summary = g_strdup_printf (
        "%s: %u done, %u failed, %u timed out or cancelled.  The tables are being refreshed.",
        vinv_action_kind_to_string (self->kind), done, failed, other);
    set_status (self, summary);
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 1.0);
    gtk_button_set_label (GTK_BUTTON (self->close_button), "_Close");
    g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
    if (self->close_when_done)
        gtk_window_destroy (GTK_WINDOW (self));
}

gboolean
vinv_action_dialog_run (VinvActionDialog *self)
{
    g_return_val_if_fail (VINV_IS_ACTION_DIALOG (self), FALSE);
    if (self->running || self->finished) {
        set_status (self, "This action has already been run; close the dialog and choose "
                          "it again to run it once more.");
        return FALSE;
    }
    if (!read_parameters (self))
        return FALSE;
    self->running = TRUE;
    for (guint i = 0; i < self->items->len; i++)
        set_result (self, i, "running…", NULL);
    g_autofree char *text = g_strdup_printf ("Running %s on %u %s…",
                                             vinv_action_kind_to_string (self->kind),
                                             self->items->len, noun (self, self->items->len));
    set_status (self, text);
    gtk_widget_set_visible (self->progress, TRUE);
    gtk_widget_set_sensitive (self->rehearse_button, FALSE);
    gtk_widget_set_sensitive (self->run_button, FALSE);
    gtk_widget_set_sensitive (self->description_entry, FALSE);
    gtk_widget_set_sensitive (self->memory_check, FALSE);
    gtk_widget_set_sensitive (self->host_entry, FALSE);
    gtk_button_set_label (GTK_BUTTON (self->close_button), "_Cancel");

    GTask *task = g_task_new (self, self->cancellable, on_run_done, NULL);
    g_task_set_return_on_cancel (task, FALSE);
    g_task_run_in_thread (task, run_thread);
    g_object_unref (task);
    return TRUE;
}

gboolean
vinv_action_dialog_is_running (VinvActionDialog *self)
{
    return self->running;
}

gboolean
vinv_action_dialog_is_finished (VinvActionDialog *self)
{
    return self->finished;
}

/* ---- accessors ---------------------------------------------------------- */

VinvActionKind
vinv_action_dialog_get_kind (VinvActionDialog *self)
{
    return self->kind;
}

guint
vinv_action_dialog_get_n_items (VinvActionDialog *self)
{
    return self->items->len;
}

const char *
vinv_action_dialog_get_item_name (VinvActionDialog *self, guint i)
{
    g_return_val_if_fail (i < self->items->len, NULL);
    return ((VinvActionItem *) g_ptr_array_index (self->items, i))->vm_name;
}

const char *
vinv_action_dialog_get_result_text (VinvActionDialog *self, guint i)
{
    g_return_val_if_fail (i < self->results->len, NULL);
    return g_ptr_array_index (self->results, i);
}

const char *
vinv_action_dialog_get_status_text (VinvActionDialog *self)
{
    return gtk_label_get_text (GTK_LABEL (self->status_label));
}

void
vinv_action_dialog_set_parameters (VinvActionDialog *self, const char *description,
                                   gboolean memory, const char *host)
{
    gtk_editable_set_text (GTK_EDITABLE (self->description_entry),
                           description != NULL ? description : "");
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->memory_check), memory);
    gtk_editable_set_text (GTK_EDITABLE (self->host_entry), host != NULL ? host : "");
}

/* ---- construction ------------------------------------------------------- */

static void
on_rehearse (GtkButton *button, gpointer user_data)
{
    vinv_action_dialog_rehearse (VINV_ACTION_DIALOG (user_data));
}

static void
on_run (GtkButton *button, gpointer user_data)
{
    vinv_action_dialog_run (VINV_ACTION_DIALOG (user_data));
}

static void
on_close (GtkButton *button, gpointer user_data)
{
    VinvActionDialog *self = user_data;
    if (self->running)
        g_cancellable_cancel (self->cancellable);
    else
        gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
on_close_request (GtkWindow *window, gpointer user_data)
{
    VinvActionDialog *self = VINV_ACTION_DIALOG (window);
    if (self->running) {
        self->close_when_done = TRUE;
        g_cancellable_cancel (self->cancellable);
        return TRUE;             /* closes once the run has stopped */
    }
    return FALSE;
}

static void
on_finished_refresh (VinvActionDialog *self, gpointer user_data)
{
    if (self->window != NULL)
        vinv_window_refresh (self->window);
}

static GtkWidget *
cell_label (const char *text, gboolean expand)
{
    GtkWidget *label = gtk_label_new (text);
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    gtk_widget_set_hexpand (label, expand);
    return label;
}

static GtkWidget *
build_list (VinvActionDialog *self)
{
    GtkWidget *grid = gtk_grid_new ();
    const char *titles[] = { self->kind == VINV_ACTION_SNAPSHOT_DELETE ? "Snapshot" : "VM",
                             "Source", "Now", "Result" };
    gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
    gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
    for (guint c = 0; c < G_N_ELEMENTS (titles); c++) {
        GtkWidget *title = cell_label (titles[c], FALSE);
        gtk_widget_add_css_class (title, "heading");
        gtk_grid_attach (GTK_GRID (grid), title, (int) c, 0, 1, 1);
    }
    for (guint i = 0; i < self->items->len; i++) {
        const VinvActionItem *item = g_ptr_array_index (self->items, i);
        GtkWidget *result = cell_label ("", TRUE);
        gtk_grid_attach (GTK_GRID (grid), cell_label (item->vm_name, FALSE), 0, (int) i + 1, 1, 1);
        gtk_grid_attach (GTK_GRID (grid), cell_label (item->source, FALSE), 1, (int) i + 1, 1, 1);
        gtk_grid_attach (GTK_GRID (grid), cell_label (item->state_before != NULL
                                                      ? item->state_before : "?", FALSE),
                         2, (int) i + 1, 1, 1);
        gtk_grid_attach (GTK_GRID (grid), result, 3, (int) i + 1, 1, 1);
        g_ptr_array_add (self->result_labels, result);
        g_ptr_array_add (self->results, g_strdup (""));
    }
    if (self->items->len <= 12)
        return grid;
    GtkWidget *scroller = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                    GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
    gtk_widget_set_vexpand (scroller, TRUE);
    return scroller;
}

static GtkWidget *
build_parameters (VinvActionDialog *self)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    self->description_entry = gtk_entry_new ();
    gtk_entry_set_placeholder_text (GTK_ENTRY (self->description_entry),
                                    "Description of the snapshot (required)");
    self->memory_check = gtk_check_button_new_with_mnemonic ("Save the _memory state too");
    self->host_entry = gtk_entry_new ();
    gtk_entry_set_placeholder_text (GTK_ENTRY (self->host_entry),
                                    "Target host (empty: the engine chooses)");
    gtk_box_append (GTK_BOX (box), self->description_entry);
    gtk_box_append (GTK_BOX (box), self->memory_check);
    gtk_box_append (GTK_BOX (box), self->host_entry);
    gtk_widget_set_visible (self->description_entry, self->kind == VINV_ACTION_SNAPSHOT);
    gtk_widget_set_visible (self->memory_check, self->kind == VINV_ACTION_SNAPSHOT);
    gtk_widget_set_visible (self->host_entry, self->kind == VINV_ACTION_MIGRATE);
    return box;
}

static void
build (VinvActionDialog *self)
{
    guint n = self->items->len;
    g_autofree char *title = g_strdup_printf ("%s — %u %s",
                                              vinv_action_kind_to_string (self->kind), n,
                                              noun (self, n));
    gtk_window_set_title (GTK_WINDOW (self), title);
    gtk_window_set_default_size (GTK_WINDOW (self), 620, -1);

    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_set_margin_top (box, 18);
    gtk_widget_set_margin_bottom (box, 18);
    gtk_widget_set_margin_start (box, 18);
    gtk_widget_set_margin_end (box, 18);

    g_autofree char *heading = g_strdup_printf ("%s %u %s?", kind_verb (self->kind), n,
                                                noun (self, n));
    GtkWidget *head = cell_label (heading, TRUE);
    gtk_widget_add_css_class (head, "title-3");
    gtk_box_append (GTK_BOX (box), head);
    GtkWidget *what = gtk_label_new (kind_explain (self->kind));
    gtk_label_set_xalign (GTK_LABEL (what), 0.0);
    gtk_label_set_wrap (GTK_LABEL (what), TRUE);
    gtk_widget_add_css_class (what, "dim-label");
    gtk_box_append (GTK_BOX (box), what);
    gtk_box_append (GTK_BOX (box), build_parameters (self));
    gtk_box_append (GTK_BOX (box), build_list (self));

    self->progress = gtk_progress_bar_new ();
    gtk_widget_set_visible (self->progress, FALSE);
    gtk_box_append (GTK_BOX (box), self->progress);
    self->status_label = gtk_label_new ("Rehearse shows what would be done without changing "
                                        "anything; Run does it.");
    gtk_label_set_xalign (GTK_LABEL (self->status_label), 0.0);
    gtk_label_set_wrap (GTK_LABEL (self->status_label), TRUE);
    gtk_label_set_selectable (GTK_LABEL (self->status_label), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (self->status_label), 70);
    gtk_box_append (GTK_BOX (box), self->status_label);

    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_widget_set_halign (buttons, GTK_ALIGN_END);
    self->close_button = gtk_button_new_with_mnemonic ("_Cancel");
    self->rehearse_button = gtk_button_new_with_mnemonic ("_Rehearse");
    gtk_widget_set_tooltip_text (self->rehearse_button,
                                 "Dry run: show the plan, change nothing");
    g_autofree char *run_label = g_strdup_printf ("Run on %u %s", n, noun (self, n));
    self->run_button = gtk_button_new_with_label (run_label);
    gtk_widget_add_css_class (self->run_button, "destructive-action");
    g_signal_connect (self->close_button, "clicked", G_CALLBACK (on_close), self);
    g_signal_connect (self->rehearse_button, "clicked", G_CALLBACK (on_rehearse), self);
    g_signal_connect (self->run_button, "clicked", G_CALLBACK (on_run), self);
    gtk_box_append (GTK_BOX (buttons), self->close_button);
    gtk_box_append (GTK_BOX (buttons), self->rehearse_button);
    gtk_box_append (GTK_BOX (buttons), self->run_button);
    gtk_box_append (GTK_BOX (box), buttons);
    gtk_window_set_child (GTK_WINDOW (self), box);
    g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
}

GtkWidget *
vinv_action_dialog_new (VinvWindow *window, VinvActionKind kind, GPtrArray *items)
{
    g_return_val_if_fail (VINV_IS_WINDOW (window), NULL);
    g_return_val_if_fail (kind < VINV_ACTION_LAST && items != NULL, NULL);
    VinvActionDialog *self = g_object_new (VINV_TYPE_ACTION_DIALOG, NULL);
    const VinvInventory *inventory = vinv_window_get_inventory (window);

    self->window = window;
    g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
    self->kind = kind;
    self->items = items;
    /* each source's URI, as loaded; the options as loaded, read-write */
    for (guint i = 0; inventory != NULL && i < vinv_inventory_get_n_sources (inventory); i++) {
        const VinvSource *source = vinv_inventory_get_source (inventory, i);
        if (source->uri != NULL)
            g_hash_table_insert (self->source_uris, g_strdup (source->name),
                                 g_strdup (source->uri));
    }
    vinv_connect_options_copy (&self->options, vinv_window_get_options (window));
    self->options.read_write = TRUE;
    build (self);
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (window));
    gtk_window_set_modal (GTK_WINDOW (self), TRUE);
    g_signal_connect (self, "finished", G_CALLBACK (on_finished_refresh), NULL);
    return GTK_WIDGET (self);
}

static void
vinv_action_dialog_finalize (GObject *object)
{
    VinvActionDialog *self = VINV_ACTION_DIALOG (object);

    if (self->window != NULL)
        g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
    g_ptr_array_unref (self->items);
    g_ptr_array_unref (self->results);
    g_ptr_array_unref (self->result_labels);
    g_hash_table_unref (self->source_uris);
    vinv_connect_options_clear (&self->options);
    g_free (self->description);
    g_free (self->host);
    g_object_unref (self->cancellable);
    G_OBJECT_CLASS (vinv_action_dialog_parent_class)->finalize (object);
}

static void
vinv_action_dialog_class_init (VinvActionDialogClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vinv_action_dialog_finalize;
    signals[SIGNAL_FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 0);
}

static void
vinv_action_dialog_init (VinvActionDialog *self)
{
    self->results = g_ptr_array_new_with_free_func (g_free);
    self->result_labels = g_ptr_array_new ();
    self->source_uris = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->cancellable = g_cancellable_new ();
}
