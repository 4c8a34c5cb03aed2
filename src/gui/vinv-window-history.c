/* vinv-window-history.c — the window's history of link jumps: back and
 * forward stacks of places (a table, what was typed in its filter, and the
 * followed link's chip), following a link, and travelling back and forth.
 * At most MAX_HISTORY places are kept on each stack.
 */
#include "vinv-window-private.h"

#define MAX_HISTORY 50

/* A place of the history: a table, what was typed in its filter, and the
 * followed link's chip (filter and label), if any. */
typedef struct {
    VinvTableKind kind;
    char *filter;
    char *link_filter;
    char *link_label;
} Place;

static void
place_clear (Place *place)
{
    g_clear_pointer (&place->filter, g_free);
    g_clear_pointer (&place->link_filter, g_free);
    g_clear_pointer (&place->link_label, g_free);
}

GArray *
win_places_new (void)
{
    return g_array_new (FALSE, FALSE, sizeof (Place));
}

/* Drops the places of @places from @len on.  (No clear func on the
 * arrays: travel() takes places out without freeing them.) */
void
win_places_truncate (GArray *places, guint len)
{
    for (guint i = len; i < places->len; i++)
        place_clear (&g_array_index (places, Place, i));
    g_array_set_size (places, MIN (len, places->len));
}

/* ---- history ------------------------------------------------------------ */

static Place
current_place (VinvWindow *self)
{
    VinvTablePage *page = vinv_window_get_current_page (self);
    Place place = { VINV_TABLE_LAST, NULL, NULL, NULL };
    if (gtk_stack_get_visible_child (GTK_STACK (self->stack)) == GTK_WIDGET (self->health)) {
        place.kind = WIN_PLACE_HEALTH;
    } else if (page != NULL && vinv_table_page_get_view (page) != NULL) {
        place.kind = vinv_table_page_get_kind (page);
        place.filter = g_strdup (vinv_table_page_get_typed_filter (page));
        place.link_filter = g_strdup (vinv_table_page_get_link_filter (page));
        place.link_label = g_strdup (vinv_table_page_get_link_label (page));
    }
    return place;
}

static void
push_place (GArray *stack, Place place)
{
    if (place.kind == VINV_TABLE_LAST) {
        place_clear (&place);
        return;
    }
    if (stack->len >= MAX_HISTORY) {
        place_clear (&g_array_index (stack, Place, 0));
        g_array_remove_index (stack, 0);
    }
    g_array_append_val (stack, place);
}

static void
go_to (VinvWindow *self, const Place *place)
{
    if (place->kind == WIN_PLACE_HEALTH) {
        vinv_window_show_health (self);
        return;
    }
    vinv_window_show_table (self, place->kind);
    if (place->link_filter != NULL)
        vinv_table_page_set_link_filter (self->pages[place->kind], place->link_filter,
                                         place->link_label, place->filter);
    else
        vinv_table_page_set_filter (self->pages[place->kind], place->filter);
}

gboolean
vinv_window_follow_link (VinvWindow *self, VinvTableKind target, const char *filter)
{
    return vinv_window_follow_link_labelled (self, target, filter, NULL);
}

gboolean
vinv_window_follow_link_labelled (VinvWindow *self, VinvTableKind target, const char *filter,
                                  const char *label)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self) && target < VINV_TABLE_LAST, FALSE);

    if (self->pages[target] == NULL) {
        g_autofree char *text = g_strdup_printf ("There is no %s table in this inventory.",
                                                 vinv_schema_get (target)->title);
        vinv_window_show_message (self, text, TRUE);
        return FALSE;
    }
    push_place (self->back, current_place (self));
    win_places_truncate (self->forward, 0);
    Place place = { target, (char *) "", (char *) filter, (char *) label };
    go_to (self, &place);
    win_update_actions (self);
    return TRUE;
}

gboolean
vinv_window_can_go_back (VinvWindow *self)
{
    return self->back->len > 0;
}

gboolean
vinv_window_can_go_forward (VinvWindow *self)
{
    return self->forward->len > 0;
}

/* Pops the last place of @from, pushes the current place on @to, goes. */
static void
travel (VinvWindow *self, GArray *from, GArray *to)
{
    while (from->len > 0) {
        Place place = g_array_index (from, Place, from->len - 1);
        g_array_set_size (from, from->len - 1);   /* the filter is ours now */
        if (place.kind != WIN_PLACE_HEALTH
            && self->pages[place.kind] == NULL) {   /* gone after a refresh */
            place_clear (&place);
            continue;
        }
        push_place (to, current_place (self));
        go_to (self, &place);
        place_clear (&place);
        break;
    }
    win_update_actions (self);
}

void
vinv_window_go_back (VinvWindow *self)
{
    g_return_if_fail (VINV_IS_WINDOW (self));
    travel (self, self->back, self->forward);
}

void
vinv_window_go_forward (VinvWindow *self)
{
    g_return_if_fail (VINV_IS_WINDOW (self));
    travel (self, self->forward, self->back);
}
