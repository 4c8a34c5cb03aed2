/* sanitize.c — text from a server made safe for a terminal (sanitize.h).
 *
 * One pass over the bytes, decoding UTF-8 as it goes; an escape sequence
 * is recognised by the ECMA-48 shapes a terminal itself would recognise,
 * so that nothing the terminal would swallow as a command survives, and
 * nothing else is lost.  Knows nothing of where the text came from.
 */
#include "sanitize.h"

#include <string.h>

#define ESC 0x1b
#define BEL 0x07

/* ECMA-48 string commands: OSC, DCS, SOS, PM, APC in their ESC X forms. */
static gboolean
opens_string (gunichar c)
{
    return c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_';
}

/* The same in 8-bit form (C1 code points). */
static gboolean
opens_string_c1 (gunichar c)
{
    return c == 0x9d || c == 0x90 || c == 0x98 || c == 0x9e || c == 0x9f;
}

static gboolean
is_bidi_control (gunichar c)
{
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/* Decodes the character at @p (at most @left bytes); sets *size to the
 * bytes it takes.  A NUL or an invalid or cut sequence is U+FFFD over one
 * byte. */
static gunichar
next_char (const char *p, gsize left, gsize *size)
{
    gunichar c = g_utf8_get_char_validated (p, (gssize) left);

    if (c == (gunichar) -1 || c == (gunichar) -2 || c == 0) {
        *size = 1;
        return 0xfffd;
    }
    *size = (gsize) g_utf8_skip[*(const guchar *) p];
    return c;
}

/* Skips a CSI sequence after its introducer: parameter bytes, intermediate
 * bytes, then one final byte (consumed).  Anything else ends it early and
 * is not consumed.  Returns the new position. */
static gsize
skip_csi (const char *s, gsize len, gsize i)
{
    while (i < len) {
        guchar b = (guchar) s[i];
        if (b >= 0x20 && b <= 0x3f) {
            i++;
        } else if (b >= 0x40 && b <= 0x7e) {
            return i + 1;
        } else {
            return i;
        }
    }
    return i;
}

/* Skips a command string up to and including its terminator (BEL, ESC \
 * or U+009C); an unterminated one runs to the end. */
static gsize
skip_string (const char *s, gsize len, gsize i)
{
    while (i < len) {
        guchar b = (guchar) s[i];
        if (b == BEL)
            return i + 1;
        if (b == ESC)
            return i + 1 < len && s[i + 1] == '\\' ? i + 2 : i + 1;
        if (b == 0xc2 && i + 1 < len && (guchar) s[i + 1] == 0x9c)
            return i + 2;
        i++;
    }
    return i;
}

char *
vinv_sanitize_text (const char *text, gssize len, gsize max_chars)
{
    GString *out;
    gsize n;
    gsize i = 0;
    gsize chars = 0;
    gboolean cut = FALSE;

    if (text == NULL)
        return g_strdup ("");
    n = len < 0 ? strlen (text) : (gsize) len;
    out = g_string_sized_new (MIN (n, 4096) + 1);

    while (i < n) {
        gsize size;
        gunichar c = next_char (text + i, n - i, &size);

        i += size;
        if (c == ESC) {
            if (i >= n)
                break;
            guchar b = (guchar) text[i];
            if (b == '[') {
                i = skip_csi (text, n, i + 1);
            } else if (opens_string (b)) {
                i = skip_string (text, n, i + 1);
            } else {
                /* ESC, intermediates, one final byte ("ESC ( B", "ESC c") */
                while (i < n && (guchar) text[i] >= 0x20 && (guchar) text[i] <= 0x2f)
                    i++;
                if (i < n && (guchar) text[i] >= 0x30 && (guchar) text[i] <= 0x7e)
                    i++;
            }
            continue;
        }
        if (c == 0x9b) {
            i = skip_csi (text, n, i);
            continue;
        }
        if (opens_string_c1 (c)) {
            i = skip_string (text, n, i);
            continue;
        }
        if (c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x2028
            || c == 0x2029) {
            c = ' ';
        } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || is_bidi_control (c)) {
            continue;
        }
        if (c == ' ' && out->len == 0)
            continue;                   /* leading white space */
        if (max_chars > 0 && chars == max_chars) {
            cut = TRUE;
            break;
        }
        g_string_append_unichar (out, c);
        chars++;
    }
    while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
    if (cut)
        g_string_append (out, "…");
    return g_string_free (out, FALSE);
}

gboolean
vinv_text_is_clean (const char *text)
{
    g_autofree char *clean = vinv_sanitize_text (text, -1, 0);
    return g_strcmp0 (clean, text != NULL ? text : "") == 0;
}
