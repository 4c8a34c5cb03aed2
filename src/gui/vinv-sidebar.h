/* vinv-sidebar.h — a row of the window's sidebar: a table's title, and
 * its state while loading.
 *
 * A row shows the title, then either a spinner (the table is loading: on
 * a first load before it arrives, on a refresh until its new rows
 * replace the old), or its count ("150", "42 / 150"); a table that failed
 * to load has an error icon whose tooltip is the error.  The row carries
 * its key (a VinvTableKind, or another value the window chooses) as
 * "vinv-kind" object data, which orders the sidebar.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A row for @key, titled @title. */
GtkWidget *vinv_sidebar_row_new (int key, const char *title);
int vinv_sidebar_row_get_key (GtkWidget *row);

void vinv_sidebar_row_set_title (GtkWidget *row, const char *title);
const char *vinv_sidebar_row_get_title (GtkWidget *row);

/* The count shown ("150"; NULL or "": none). */
void vinv_sidebar_row_set_count (GtkWidget *row, const char *count);
const char *vinv_sidebar_row_get_count (GtkWidget *row);

/* While @loading a spinner turns beside the count. */
void vinv_sidebar_row_set_loading (GtkWidget *row, gboolean loading);
gboolean vinv_sidebar_row_get_loading (GtkWidget *row);

/* @error (NULL: none) shows as an error icon with @error as its tooltip. */
void vinv_sidebar_row_set_error (GtkWidget *row, const char *error);
const char *vinv_sidebar_row_get_error (GtkWidget *row);

G_END_DECLS
