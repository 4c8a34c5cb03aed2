/* sanitize.h — making text from a server safe to show on a terminal.
 *
 * An engine, a hypervisor or a saved file is not trusted: a fault reason,
 * an SSO error_description or any field echoed in a message could carry
 * terminal escape sequences (ESC ]0;title BEL retitles the window, ESC [2J
 * clears the screen), line breaks that forge extra lines of output, or
 * bytes that are not UTF-8.  Every such text goes through
 * vinv_sanitize_text() before it is put into a message.  GLib only.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns a copy of the first @len bytes of @text (-1: up to its NUL) that
 * is valid UTF-8 on one line and holds nothing a terminal would act on:
 *   - escape sequences are removed whole: CSI (ESC [ … final byte, or the
 *     8-bit CSI U+009B), OSC/DCS/SOS/PM/APC strings (ESC ] … up to BEL or
 *     ESC \, or their 8-bit forms), and any other two-byte ESC X;
 *   - TAB, CR, LF, VT, FF and the Unicode line and paragraph separators
 *     become one space each; every other C0 or C1 control character, DEL,
 *     and the bidirectional overrides and isolates (U+202A–U+202E,
 *     U+2066–U+2069) are removed;
 *   - a NUL inside @len and bytes that are not UTF-8 become U+FFFD;
 *   - leading and trailing white space is trimmed.
 * When @max_chars is not 0 the result keeps at most that many characters
 * and ends in "…" if it was cut.  @text NULL gives "".  Never fails; the
 * result is owned by the caller. */
char *vinv_sanitize_text (const char *text, gssize len, gsize max_chars);

/* TRUE if @text (NUL-terminated) would come out of vinv_sanitize_text()
 * unchanged (with no length cap). */
gboolean vinv_text_is_clean (const char *text);

G_END_DECLS
