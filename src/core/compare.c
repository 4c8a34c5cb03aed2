/* compare.c — typed, total comparison of cells (DESIGN.md section 7.4).
 * Used by the view's stable sort and by the filter's < and >.
 */
#include "compare.h"

#include <string.h>

/* Compares two runs of ASCII digits by value: skip leading zeros, then the
 * longer run is larger, then digit by digit.  Advances both pointers. */
static int
compare_digits (const char **pa, const char **pb)
{
    const char *a = *pa;
    const char *b = *pb;
    while (*a == '0' && g_ascii_isdigit (a[1]))
        a++;
    while (*b == '0' && g_ascii_isdigit (b[1]))
        b++;
    const char *ea = a;
    const char *eb = b;
    while (g_ascii_isdigit (*ea))
        ea++;
    while (g_ascii_isdigit (*eb))
        eb++;
    *pa = ea;
    *pb = eb;
    if (ea - a != eb - b)
        return (ea - a) < (eb - b) ? -1 : 1;
    int c = memcmp (a, b, ea - a);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int
vinv_strnatcasecmp (const char *a, const char *b)
{
    const char *pa = a;
    const char *pb = b;

    while (*pa != '\0' && *pb != '\0') {
        if (g_ascii_isdigit (*pa) && g_ascii_isdigit (*pb)) {
            int c = compare_digits (&pa, &pb);
            if (c != 0)
                return c;
            continue;
        }
        gunichar ca;
        gunichar cb;
        if ((guchar) *pa < 0x80) {
            ca = g_ascii_tolower (*pa);
            pa++;
        } else {
            ca = g_unichar_tolower (g_utf8_get_char_validated (pa, -1));
            pa = g_utf8_find_next_char (pa, NULL);
            if (pa == NULL)
                pa = "";
        }
        if ((guchar) *pb < 0x80) {
            cb = g_ascii_tolower (*pb);
            pb++;
        } else {
            cb = g_unichar_tolower (g_utf8_get_char_validated (pb, -1));
            pb = g_utf8_find_next_char (pb, NULL);
            if (pb == NULL)
                pb = "";
        }
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    if (*pa != *pb)
        return *pa == '\0' ? -1 : 1;
    /* equal ignoring case and leading zeros: make the order total */
    int c = strcmp (a, b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

void
vinv_natural_key_append (GString *out, const char *s)
{
    const char *p = s;

    while (*p != '\0') {
        if (g_ascii_isdigit (*p)) {
            while (*p == '0' && g_ascii_isdigit (p[1]))
                p++;
            const char *end = p;
            while (g_ascii_isdigit (*end))
                end++;
            gsize len = MIN ((gsize) (end - p), 255);
            g_string_append_c (out, '0');
            g_string_append_c (out, (char) len);
            g_string_append_len (out, p, len);
            p = end;
        } else if ((guchar) *p < 0x80) {
            g_string_append_c (out, g_ascii_tolower (*p));
            p++;
        } else {
            gunichar c = g_utf8_get_char_validated (p, -1);
            if (c >= 0x110000) {          /* invalid UTF-8: the byte itself */
                g_string_append_c (out, g_ascii_tolower (*p));
                p++;
                continue;
            }
            g_string_append_unichar (out, g_unichar_tolower (c));
            p = g_utf8_next_char (p);
        }
    }
    g_string_append_c (out, '\0');
    g_string_append (out, s);
}

static const char *
item_text (const VinvItem *item)
{
    return item->text != NULL ? item->text : "";
}

#define CMP3(x, y) ((x) < (y) ? -1 : ((x) > (y) ? 1 : 0))

int
vinv_cell_compare (const VinvColumn *column,
                   const VinvCell *a, guint a_first,
                   const VinvCell *b, guint b_first)
{
    if (a->kind == VINV_CELL_NULL || b->kind == VINV_CELL_NULL) {
        if (a->kind == b->kind)
            return 0;
        return a->kind == VINV_CELL_NULL ? -1 : 1;
    }
    /* both non-null, hence both of the column's kind */
    switch (a->kind) {
    case VINV_CELL_BOOL:
        return CMP3 (a->v.b != 0, b->v.b != 0);
    case VINV_CELL_INT:
    case VINV_CELL_TIME:
        return CMP3 (a->v.i, b->v.i);
    case VINV_CELL_DOUBLE:
    case VINV_CELL_QUANTITY:
        return CMP3 (a->v.d, b->v.d);
    case VINV_CELL_STRING:
        return vinv_strnatcasecmp (a->v.s, b->v.s);
    case VINV_CELL_REF:
        return vinv_strnatcasecmp (item_text (a->v.ref), item_text (b->v.ref));
    case VINV_CELL_LIST: {
        const VinvList *la = a->v.list;
        const VinvList *lb = b->v.list;
        /* by item count, then by the item shown first */
        if (la->n != lb->n || la->n == 0)
            return CMP3 (la->n, lb->n);
        return vinv_strnatcasecmp (item_text (&la->items[a_first < la->n ? a_first : 0]),
                                   item_text (&lb->items[b_first < lb->n ? b_first : 0]));
    }
    default:
        g_assert_not_reached ();
    }
}
