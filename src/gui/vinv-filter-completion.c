/* vinv-filter-completion.c — column names completed while a filter is
 * typed (see vinv-filter-completion.h).
 *
 * The word before the cursor is found on the entry's text with the
 * filter language's own rules for names (vinv_name_equal(): case, ' ',
 * '-' and '_' alike); the candidates are the columns of the page's table
 * (those its back-ends fill, when an inventory is shown) and, after a
 * link column and '.', of the table it links to.  The list is a popover
 * that never takes the keyboard focus: the entry keeps it, and a key
 * controller in the capture phase gives Up, Down, Tab, Enter and Escape
 * to the list while it is shown.
 */
#include "vinv-filter-completion.h"

#include <string.h>
#include "core/tables.h"

#define MAX_ITEMS 60

struct _VinvFilterCompletion {
    GtkEntry *entry;             /* borrowed: it owns this struct */
    VinvTablePage *page;         /* borrowed: the entry's ancestor */
    GtkWidget *popover;          /* child of the entry, unparented with it */
    GtkWidget *list;             /* GtkListBox of the items */
    GtkWidget *scroller;
    GPtrArray *items;            /* of char *: what accepting inserts */
    int start;                   /* character offsets of the word that */
    int end;                     /* accepting replaces */
    gboolean accepting;
};

static gboolean
is_name_char (char c)
{
    return g_ascii_isalnum (c) || c == '_' || c == '-' || c == '.';
}

/* Where the column name being typed before byte @cursor of @text starts,
 * or -1 when the cursor is not at the end of a name that starts a
 * predicate (a value after an operator, a word inside quotes, a word
 * after "is", or the middle of a word). */
static int
name_start (const char *text, gsize cursor)
{
    gsize start = cursor;
    gboolean quoted = FALSE;
    char quote = 0;

    if (is_name_char (text[cursor]))
        return -1;
    while (start > 0 && is_name_char (text[start - 1]))
        start--;
    if (start == cursor || !g_ascii_isalpha (text[start]))
        return -1;
    for (gsize i = 0; i < start; i++) {
        if (quoted && text[i] == '\\' && i + 1 < start)
            i++;
        else if (quoted && text[i] == quote)
            quoted = FALSE;
        else if (!quoted && (text[i] == '"' || text[i] == '\'')) {
            quoted = TRUE;
            quote = text[i];
        }
    }
    if (quoted)
        return -1;
    gsize before = start;
    while (before > 0 && g_ascii_isspace (text[before - 1]))
        before--;
    if (before > 0 && strchr ("=<>~!", text[before - 1]) != NULL)
        return -1;
    if (before >= 2 && g_ascii_strncasecmp (text + before - 2, "is", 2) == 0
        && (before == 2 || !is_name_char (text[before - 3])))
        return -1;
    return (int) start;
}

/* @name with ' ' and '-' as '_', lower case. */
static char *
fold (const char *name, gssize len)
{
    char *out = g_ascii_strdown (name, len);
    for (char *p = out; *p != '\0'; p++) {
        if (*p == ' ' || *p == '-')
            *p = '_';
    }
    return out;
}

static gboolean
column_matches (const VinvColumn *column, const char *folded_prefix)
{
    g_autofree char *id = fold (column->id, -1);
    g_autofree char *title = fold (column->title, -1);
    return g_str_has_prefix (id, folded_prefix) || g_str_has_prefix (title, folded_prefix);
}

/* The table of @schema's kind in the page's inventory, or NULL. */
static const VinvTable *
inventory_table (VinvFilterCompletion *self, const VinvSchema *schema)
{
    const VinvInventory *inventory = vinv_table_page_get_inventory (self->page);
    if (inventory == NULL)
        return NULL;
    return vinv_inventory_get_table (inventory, vinv_schema_get_kind (schema));
}

static gboolean
column_offered (VinvFilterCompletion *self, const VinvSchema *schema, guint col)
{
    const VinvTable *table = inventory_table (self, schema);
    const VinvInventory *inventory = vinv_table_page_get_inventory (self->page);
    return table == NULL || vinv_inventory_column_available (inventory, table, col);
}

static void
add_item (VinvFilterCompletion *self, const char *insert, const char *title, const char *help)
{
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *name = gtk_label_new (insert);
    GtkWidget *what = gtk_label_new (title);

    gtk_label_set_xalign (GTK_LABEL (name), 0.0);
    gtk_widget_set_hexpand (name, TRUE);
    gtk_widget_add_css_class (name, "monospace");
    gtk_label_set_xalign (GTK_LABEL (what), 1.0);
    gtk_widget_add_css_class (what, "dim-label");
    gtk_box_append (GTK_BOX (row), name);
    gtk_box_append (GTK_BOX (row), what);
    if (help != NULL)
        gtk_widget_set_tooltip_text (row, help);
    gtk_list_box_append (GTK_LIST_BOX (self->list), row);
    gtk_widget_set_focusable (gtk_widget_get_parent (row), FALSE);
    g_ptr_array_add (self->items, g_strdup (insert));
}

static void
clear_items (VinvFilterCompletion *self)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (self->list)) != NULL)
        gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
    g_ptr_array_set_size (self->items, 0);
}

/* Fills the list for @word (the name typed so far).  Returns how many. */
static guint
collect (VinvFilterCompletion *self, const char *word)
{
    const VinvSchema *schema = vinv_schema_get (vinv_table_page_get_kind (self->page));
    const char *dot = strchr (word, '.');

    if (dot == NULL) {
        g_autofree char *prefix = fold (word, -1);
        for (guint c = 0; c < schema->n_columns && self->items->len < MAX_ITEMS; c++) {
            const VinvColumn *column = &schema->columns[c];
            if (column_matches (column, prefix) && column_offered (self, schema, c))
                add_item (self, column->id, column->title, column->help);
        }
        return self->items->len;
    }
    if (strchr (dot + 1, '.') != NULL)   /* one link deep */
        return 0;
    int link = vinv_schema_lookup_column_len (schema, word, (gsize) (dot - word));
    const VinvSchema *target = link >= 0 && schema->columns[link].target != NULL
                               ? vinv_schema_lookup (schema->columns[link].target) : NULL;
    if (target == NULL)
        return 0;
    g_autofree char *prefix = fold (dot + 1, -1);
    g_autofree char *link_text = g_strndup (word, (gsize) (dot - word));
    for (guint c = 0; c < target->n_columns && self->items->len < MAX_ITEMS; c++) {
        const VinvColumn *column = &target->columns[c];
        if (!column_matches (column, prefix) || !column_offered (self, target, c))
            continue;
        g_autofree char *insert = g_strconcat (link_text, ".", column->id, NULL);
        g_autofree char *title = g_strconcat (schema->columns[link].title, " › ",
                                              column->title, NULL);
        add_item (self, insert, title, column->help);
    }
    return self->items->len;
}

static void
hide (VinvFilterCompletion *self)
{
    clear_items (self);
    gtk_widget_set_visible (self->popover, FALSE);
}

/* TRUE if the keyboard focus of the entry's window is in the entry. */
static gboolean
entry_has_focus (VinvFilterCompletion *self)
{
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self->entry));
    GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
    return focus != NULL && (focus == GTK_WIDGET (self->entry)
                             || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->entry)));
}

/* Points the popover at the start of the word. */
static void
point_at_word (VinvFilterCompletion *self)
{
    GtkWidget *text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->entry)));
    graphene_rect_t strong;
    double x = 0;
    double y = 0;

    if (GTK_IS_TEXT (text)) {
        gtk_text_compute_cursor_extents (GTK_TEXT (text), (gsize) self->start, &strong, NULL);
        gtk_widget_translate_coordinates (text, GTK_WIDGET (self->entry),
                                          graphene_rect_get_x (&strong), 0, &x, &y);
    }
    GdkRectangle rect = { (int) x, 0, 1, gtk_widget_get_height (GTK_WIDGET (self->entry)) };
    gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
}

void
vinv_filter_completion_update (VinvFilterCompletion *self)
{
    g_return_if_fail (self != NULL);
    const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
    int cursor = gtk_editable_get_position (GTK_EDITABLE (self->entry));
    gsize cursor_byte = (gsize) (g_utf8_offset_to_pointer (text, cursor) - text);
    int start = name_start (text, cursor_byte);

    clear_items (self);
    if (self->accepting || start < 0 || !gtk_widget_get_mapped (GTK_WIDGET (self->entry))
        || !entry_has_focus (self)
        || vinv_table_page_get_view (self->page) == NULL) {
        hide (self);
        return;
    }
    g_autofree char *word = g_strndup (text + start, cursor_byte - (gsize) start);
    guint n = collect (self, word);
    /* nothing to add to a name typed in full */
    if (n == 0 || (n == 1 && g_ascii_strcasecmp (self->items->pdata[0], word) == 0)) {
        hide (self);
        return;
    }
    self->start = (int) g_utf8_pointer_to_offset (text, text + start);
    self->end = cursor;
    gtk_list_box_select_row (GTK_LIST_BOX (self->list),
                             gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->list), 0));
    point_at_word (self);
    gtk_widget_set_visible (self->popover, TRUE);
}

gboolean
vinv_filter_completion_is_shown (VinvFilterCompletion *self)
{
    g_return_val_if_fail (self != NULL, FALSE);
    return gtk_widget_get_visible (self->popover) && self->items->len > 0;
}

guint
vinv_filter_completion_get_n_items (VinvFilterCompletion *self)
{
    g_return_val_if_fail (self != NULL, 0);
    return vinv_filter_completion_is_shown (self) ? self->items->len : 0;
}

const char *
vinv_filter_completion_get_item (VinvFilterCompletion *self, guint i)
{
    g_return_val_if_fail (self != NULL && i < self->items->len, NULL);
    return self->items->pdata[i];
}

int
vinv_filter_completion_get_selected (VinvFilterCompletion *self)
{
    g_return_val_if_fail (self != NULL, -1);
    GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->list));
    return row != NULL ? gtk_list_box_row_get_index (row) : -1;
}

/* Puts item @i in place of the word. */
static void
accept (VinvFilterCompletion *self, guint i)
{
    g_autofree char *insert = g_strdup (self->items->pdata[i]);
    int pos = self->start;

    self->accepting = TRUE;
    gtk_editable_delete_text (GTK_EDITABLE (self->entry), self->start, self->end);
    gtk_editable_insert_text (GTK_EDITABLE (self->entry), insert, -1, &pos);
    gtk_editable_set_position (GTK_EDITABLE (self->entry), pos);
    self->accepting = FALSE;
    hide (self);
}

static void
move (VinvFilterCompletion *self, int by)
{
    int n = (int) self->items->len;
    int i = (vinv_filter_completion_get_selected (self) + by + n) % n;
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->list), i);
    gtk_list_box_select_row (GTK_LIST_BOX (self->list), row);
    /* keep it in view */
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (
        GTK_SCROLLED_WINDOW (self->scroller));
    graphene_rect_t bounds;
    if (adj != NULL && gtk_widget_compute_bounds (GTK_WIDGET (row), self->list, &bounds))
        gtk_adjustment_clamp_page (adj, graphene_rect_get_y (&bounds),
                                   graphene_rect_get_y (&bounds)
                                   + graphene_rect_get_height (&bounds));
}

gboolean
vinv_filter_completion_key (VinvFilterCompletion *self, guint keyval, GdkModifierType state)
{
    g_return_val_if_fail (self != NULL, FALSE);
    if (!vinv_filter_completion_is_shown (self)
        || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
        return FALSE;
    switch (keyval) {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
        move (self, 1);
        return TRUE;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
        move (self, -1);
        return TRUE;
    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter: {
        int i = vinv_filter_completion_get_selected (self);
        accept (self, i >= 0 ? (guint) i : 0);
        return TRUE;
    }
    case GDK_KEY_Escape:
        hide (self);
        return TRUE;
    default:
        return FALSE;
    }
}

/* ---- signals ------------------------------------------------------------ */

static gboolean
on_key_pressed (GtkEventControllerKey *controller, guint keyval, guint keycode,
                GdkModifierType state, gpointer user_data)
{
    return vinv_filter_completion_key (user_data, keyval, state);
}

static void
on_changed (GtkEditable *editable, gpointer user_data)
{
    vinv_filter_completion_update (user_data);
}

static void
on_focus_leave (GtkEventControllerFocus *controller, gpointer user_data)
{
    hide (user_data);
}

static void
on_row_activated (GtkListBox *box, GtkListBoxRow *row, gpointer user_data)
{
    VinvFilterCompletion *self = user_data;
    accept (self, (guint) gtk_list_box_row_get_index (row));
    gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
on_entry_destroy (GtkWidget *entry, gpointer user_data)
{
    VinvFilterCompletion *self = user_data;
    if (self->popover != NULL) {
        gtk_widget_unparent (self->popover);
        self->popover = NULL;
    }
}

static void
completion_free (gpointer data)
{
    VinvFilterCompletion *self = data;
    if (self->popover != NULL)
        gtk_widget_unparent (self->popover);
    g_ptr_array_unref (self->items);
    g_free (self);
}

void
vinv_filter_completion_attach (GtkEntry *entry, VinvTablePage *page)
{
    VinvFilterCompletion *self = g_new0 (VinvFilterCompletion, 1);

    self->entry = entry;
    self->page = page;
    self->items = g_ptr_array_new_with_free_func (g_free);
    self->list = gtk_list_box_new ();
    gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_BROWSE);
    gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (self->list), TRUE);
    gtk_widget_set_focusable (self->list, FALSE);
    g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
    GtkWidget *scroller = self->scroller = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                    GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
    gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 320);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->list);

    self->popover = gtk_popover_new ();
    gtk_widget_add_css_class (self->popover, "vinv-completion");
    gtk_popover_set_autohide (GTK_POPOVER (self->popover), FALSE);
    gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
    gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_BOTTOM);
    gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
    gtk_popover_set_child (GTK_POPOVER (self->popover), scroller);
    gtk_widget_set_parent (self->popover, GTK_WIDGET (entry));

    GtkEventController *keys = gtk_event_controller_key_new ();
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (entry), keys);
    GtkEventController *focus = gtk_event_controller_focus_new ();
    g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), self);
    gtk_widget_add_controller (GTK_WIDGET (entry), focus);
    g_signal_connect_after (entry, "changed", G_CALLBACK (on_changed), self);
    g_signal_connect (entry, "destroy", G_CALLBACK (on_entry_destroy), self);
    g_object_set_data_full (G_OBJECT (entry), "vinv-filter-completion", self, completion_free);
}

VinvFilterCompletion *
vinv_filter_completion_get (GtkEntry *entry)
{
    g_return_val_if_fail (GTK_IS_ENTRY (entry), NULL);
    return g_object_get_data (G_OBJECT (entry), "vinv-filter-completion");
}
