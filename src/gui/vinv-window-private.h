/* vinv-window-private.h — the main window's instance structure and the
 * functions its two files share.
 *
 * vinv-window.c holds messages and progress, pages and the sidebar, the
 * history of link jumps, loading, configuration and construction;
 * vinv-window-actions.c holds export, the window's actions and their
 * accelerators, and the header bar, menu and status page that invoke them;
 * vinv-window-sidebar.c the sidebar's rows while loading.
 */
#pragma once

#include "vinv-window.h"

G_BEGIN_DECLS

/* The Health page's place in the history and its sidebar key (after
 * every table); VINV_TABLE_LAST itself means "no place". */
#define WIN_PLACE_HEALTH ((VinvTableKind) (VINV_TABLE_LAST + 1))

struct _VinvWindow {
    GtkApplicationWindow parent_instance;

    VinvConfig *config;              /* a reference, may be NULL */
    VinvInventory *inventory;        /* owned, NULL until the first load */
    char **uris;                     /* what refresh reloads */
    VinvConnectOptions options;
    VinvProfile *profile;            /* the profile loaded through, or NULL */
    char *config_path;               /* the config's path when created, or NULL */
    GCancellable *load_cancellable;  /* non-NULL while loading */
    gboolean settings_restored;
    char *settings_scope;            /* the connection whose settings the
                                      * pages show (vinv_config_scope()) */
    VinvTableKind first_table;       /* VINV_TABLE_LAST: the first present */

    VinvTablePage *pages[VINV_TABLE_LAST];
    gboolean provisional[VINV_TABLE_LAST];   /* shown on arrival, before the
                                              * inventory it belongs to */
    gboolean swapped[VINV_TABLE_LAST];       /* a refresh's table shown on
                                              * arrival, before its inventory */
    GtkWidget *rows[VINV_TABLE_LAST];        /* sidebar rows (vinv-sidebar.h);
                                              * while loading also for tables
                                              * expected but without a page */
    VinvHealthPage *health;                  /* the Health page (vinv-health.h) */

    GArray *back;                    /* of Place */
    GArray *forward;

    GtkWidget *title;
    GtkWidget *subtitle;
    GtkWidget *content;              /* stack: "status" | "tables" */
    GtkWidget *status_icon;
    GtkWidget *status_spinner;
    GtkWidget *status_title;
    GtkWidget *status_label;
    GtkWidget *status_button;
    GtkWidget *sidebar;
    GtkWidget *stack;
    GtkWidget *waiting;              /* in stack: "Loading VMs…" while the
                                      * table to show first is still coming */
    GtkWidget *waiting_label;
    GtkWidget *progress_bar;
    GtkWidget *progress_label;
    GtkWidget *progress_revealer;
    GtkWidget *message_revealer;
    GtkWidget *message_label;
    GtkWidget *loaded_label;         /* "Loaded 14:02 in 1.4 s" */
    gint64 load_started;             /* monotonic µs, of the load in flight */
    char *progress_text;
    char *message;
};

/* vinv-window.c */
void win_set_status (VinvWindow *self, const char *title, const char *text, gboolean busy,
                     gboolean offer_connect);

/* vinv-window-sidebar.c */
GtkWidget *win_ensure_row (VinvWindow *self, VinvTableKind kind, gboolean with_page);
void win_mark_expected (VinvWindow *self, const char *const *uris);
void win_unmark_expected (VinvWindow *self);

/* vinv-window-history.c: a new, empty stack of the history's places, and
 * dropping the places of a stack from @len on */
GArray *win_places_new (void);
void win_places_truncate (GArray *places, guint len);

/* vinv-window-actions.c */
void win_update_actions (VinvWindow *self);
void win_install_actions (VinvWindow *self);
void win_set_accels (GtkApplication *app);
GtkWidget *win_build_header (VinvWindow *self);
GtkWidget *win_build_status (VinvWindow *self);

G_END_DECLS
