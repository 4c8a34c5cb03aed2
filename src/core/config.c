/* config.c — placeholder, being written. */
#include <glib.h>
