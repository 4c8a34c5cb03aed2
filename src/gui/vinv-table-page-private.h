/* vinv-table-page-private.h — the table page's instance structure and the
 * functions its files share.
 *
 * The page is split by concept: vinv-table-page.c (rows, sorting, columns,
 * the table, construction), vinv-table-page-filter.c (the filter entry,
 * its error and the link chip), vinv-table-page-cells.c (cell widgets,
 * links, copying and the row menu) and vinv-table-page-columns.c (what
 * the headers say, values the back-ends never fill, the pinned Name
 * column).  Nothing outside these files includes this header.
 */
#pragma once

#include "vinv-table-page.h"
#include "vinv-row-model.h"

G_BEGIN_DECLS

#define FILTER_DELAY_MS 300
#define MAX_SORT_KEYS   3
#define SAMPLE_ROWS     200
#define MIN_CHARS       4
#define MAX_CHARS       36
/* Rows handed to the column view in steps when it first gets them: GTK
 * 4.8 makes and binds a row widget for each of the first 200 rows at
 * once, shown or not (GTK_LIST_VIEW_MAX_LIST_ITEMS), which for a wide
 * table kept the window from painting for 0.1-0.2 s; a screenful first,
 * then STAGE_STEP more per frame until past GTK's 200, then the rest.
 * Making, binding and measuring a row of the VMs table costs about
 * 0.4 ms of the main thread (2026-12-03, debugoptimized): 20 rows a frame
 * keep a frame's own work near 10 ms. */
#define STAGE_FIRST     20
#define STAGE_STEP      20
#define STAGE_ALL       240

/* Per table column: its GtkColumnViewColumn (made when first shown). */
typedef struct {
    VinvTablePage *page;         /* borrowed: the page owns this struct */
    guint col;
    GtkColumnViewColumn *column; /* owned, or NULL until first shown */
    int nat_chars;
    gboolean status;             /* the Status column: icon + label */
    char *unavailable;           /* why no row has a value ("Not available
                                  * from libvirt", a failed table), or NULL */
} ColumnInfo;

struct _VinvTablePage {
    GtkBox parent_instance;

    VinvTableKind kind;
    VinvView *view;                  /* owned, NULL before set_table */
    const VinvInventory *inventory;  /* borrowed */
    VinvRowModel *model;
    GtkSliceListModel *slice;        /* model's first rows while staged */
    guint stage_tick;                /* the column view's tick callback while
                                      * rows are handed over in steps, or 0 */
    guint stage_idle;                /* the next step, after this frame, or 0 */
    GtkMultiSelection *selection;    /* over slice: the column views' */
    GMenuModel *context_menu;        /* rows' context menu, or NULL */
    VinvCellMarkFunc mark_func;      /* compare marks, or NULL */
    gpointer mark_data;
    GDestroyNotify mark_destroy;
    GHashTable *bound;               /* cell widgets bound to an item (no refs) */
    ColumnInfo *columns;             /* schema n_columns entries */
    guint n_columns;

    GtkWidget *filter_entry;
    GtkWidget *count_label;
    GtkWidget *columns_button;
    GtkWidget *filter_error;
    GtkWidget *banner;
    GtkWidget *banner_label;
    GtkWidget *column_view;
    GtkWidget *scroller;
    GtkWidget *body;                 /* stack: "table" | "empty" */
    GtkWidget *empty_title;
    GtkWidget *empty_text;
    GtkWidget *empty_button;
    GtkWidget *chip;                 /* the followed link, removable */
    GtkWidget *chip_label;
    char *link_filter;               /* the chip's filter, or NULL */
    char *link_label;
    GtkWidget *row_menu;             /* GtkPopoverMenu of the context menu */

    guint filter_timeout;
    char *filter_error_text;
    char *count_text;
    gboolean setting_text;
    guint syncing;                   /* >0 while we change the column view */
    GArray *sort_keys;               /* of VinvSortKey, the page's key list */
    int probe_col;                   /* set by the marker sorters */
    VinvRowItem *dummy[2];           /* what the probe compares (two: GTK
                                      * answers "equal" for an item and itself) */
    int clicked_col;                 /* column last clicked, or -1 */
    guint clicked_position;
    gboolean measured;               /* columns measured on a first table */
    char **selected_ids;             /* ids of the selected rows, kept while
                                      * the view changes under the model */
    gboolean resetting;              /* we change the selection ourselves */

    /* values the back-ends never fill (vinv-table-page-columns.c) */
    char *table_unavailable;         /* "Not available from libvirt", or NULL */
    GHashTable *source_unavailable;  /* source name -> char ** (per column
                                      * reason or NULL), several sources only */

    /* the pinned Name column (vinv-table-page-columns.c) */
    int name_col;                    /* schema column "name", or -1 */
    GtkWidget *overlay;              /* the scroller with the pinned view on it */
    GtkWidget *pin_view;             /* GtkColumnView: Name alone, or NULL */
    GtkColumnViewColumn *pin_column;
    guint pin_idle;                  /* pin_update() queued */
    gboolean h_range_changed;        /* the sideways scroll range changed */
};

enum {
    SIGNAL_LINK_ACTIVATED,
    SIGNAL_ROWS_CHANGED,
    N_SIGNALS
};
/* The page's signal ids, set in class_init. */
extern guint vinv_table_page_signals[N_SIGNALS];

static inline const VinvSchema *
page_schema (VinvTablePage *self)
{
    return vinv_schema_get (self->kind);
}

static inline gboolean
kind_is_numeric (VinvCellKind kind)
{
    return kind == VINV_CELL_INT || kind == VINV_CELL_DOUBLE || kind == VINV_CELL_QUANTITY;
}

/* vinv-table-page.c */
void page_sync_rows (VinvTablePage *self);
/* The sort marker callback of a column (ColumnInfo as data). */
int page_marker_compare (gconstpointer a, gconstpointer b, gpointer user_data);

/* vinv-table-page-cells.c: rows handed to the column views, the column
 * factories' callbacks, the model's
 * "rows-changed" and the column view's "activate" handlers, the Ctrl+C and
 * Escape shortcuts, and the "page." action group (copy, copy-cell, follow) */
char *page_dup_display_text (VinvTablePage *self, guint row, guint col);
/* TRUE if @b shows the rows @a shows, of the same table, in the same order
 * and (when filtered) with the same list items first. */
gboolean page_views_show_same (VinvView *a, VinvView *b);
/* "map": the column view gets its rows when the page is first shown, a
 * screenful first and the rest in steps (STAGE_*); page_stage_finish()
 * hands over what is left at once. */
void page_on_first_map (GtkWidget *widget, gpointer user_data);
void page_stage_finish (VinvTablePage *self);
/* Stops handing rows over in steps (as they are: the page going). */
void page_stage_stop (VinvTablePage *self);
void page_cell_setup (GtkSignalListItemFactory *factory, GtkListItem *item,
                      gpointer user_data);
void page_cell_bind (GtkSignalListItemFactory *factory, GtkListItem *item,
                     gpointer user_data);
void page_cell_unbind (GtkSignalListItemFactory *factory, GtkListItem *item,
                       gpointer user_data);
void page_on_model_rows_changed (VinvRowModel *model, gpointer user_data);
void page_on_row_activate (GtkColumnView *cv, guint position, gpointer user_data);
gboolean page_copy_shortcut (GtkWidget *widget, GVariant *args, gpointer user_data);
gboolean page_escape_shortcut (GtkWidget *widget, GVariant *args, gpointer user_data);
void page_install_actions (VinvTablePage *self);
gboolean page_menu_shortcut (GtkWidget *widget, GVariant *args, gpointer user_data);
/* Sets up a column view's shortcuts (Ctrl+C, the menu keys) and signals. */
void page_setup_column_view (VinvTablePage *self, GtkWidget *column_view);

/* vinv-table-page-columns.c */
/* Recomputes the reasons values are missing, for a new table. */
void page_update_unavailable (VinvTablePage *self);
/* The cells' reasons above, for the shown columns, as one text: to tell
 * whether the cells on screen must be read again. */
char *page_dup_unavailable_key (VinvTablePage *self);
/* Why cell (@row = table row, @col) has no value, or NULL. */
const char *page_cell_unavailable (VinvTablePage *self, guint row, guint col);
/* Tooltips and marks of the header titles (after the columns changed). */
void page_decorate_headers (VinvTablePage *self);
/* Builds the pinned Name view over @scroller; returns the widget to show
 * in its place. */
GtkWidget *page_pin_build (VinvTablePage *self, GtkWidget *scroller);
/* The shown columns or the sort changed: the pinned view follows. */
void page_pin_sync (VinvTablePage *self);
void page_pin_dispose (VinvTablePage *self);

/* vinv-table-page-filter.c: the entry's and the chip's handlers */
void page_set_link (VinvTablePage *self, const char *filter, const char *label);
void page_set_entry_text (VinvTablePage *self, const char *text);
void page_on_chip_close (GtkButton *button, gpointer user_data);
void page_on_filter_changed (GtkEditable *editable, gpointer user_data);
void page_on_filter_activate (GtkEntry *entry, gpointer user_data);
void page_on_empty_clear (GtkButton *button, gpointer user_data);

G_END_DECLS
