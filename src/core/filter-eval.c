/* filter-eval.c — placeholder, being written. */
#include <glib.h>
