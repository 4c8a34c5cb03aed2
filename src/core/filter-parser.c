/* filter-parser.c — placeholder, being written. */
#include <glib.h>
