/* vinv-shortcuts.h — the Keyboard Shortcuts window (F1, Ctrl+?). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A new GtkShortcutsWindow listing the main window's keys, transient for
 * @parent (may be NULL); the caller presents it. */
GtkWindow *vinv_shortcuts_window_new (GtkWindow *parent);

G_END_DECLS
