/* filter-lexer.c — placeholder, being written. */
#include <glib.h>
