/* test-sanitize.c — text from a server made safe for a terminal
 * (core/sanitize.h): every kind of escape sequence and control character
 * a hostile engine could send, table-driven, plus UTF-8 repair and the
 * length cap. */
#include "core/sanitize.h"

typedef struct {
    const char *name;
    const char *in;
    gssize len;              /* -1: up to the NUL */
    gsize max;
    const char *out;
} Case;

static const Case cases[] = {
    { "plain", "Operation Failed", -1, 0, "Operation Failed" },
    { "utf8 kept", "Déjà vu — 日本", -1, 0, "Déjà vu — 日本" },
    { "osc title with BEL", "a\033]0;pwned\007b", -1, 0, "ab" },
    { "osc title with ST", "a\033]2;pwned\033\\b", -1, 0, "ab" },
    { "osc 8 hyperlink", "\033]8;;http://evil/\033\\click\033]8;;\033\\", -1, 0, "click" },
    { "osc 52 clipboard", "x\033]52;c;cm0gLXJmIH4=\007y", -1, 0, "xy" },
    { "unterminated osc runs to the end", "ok\033]0;no end", -1, 0, "ok" },
    { "csi clear screen", "\033[2J\033[Hreason", -1, 0, "reason" },
    { "csi colours", "\033[1;31mred\033[0m", -1, 0, "red" },
    { "csi private mode", "a\033[?1049hb", -1, 0, "ab" },
    { "dcs", "a\033P1$r\033\\b", -1, 0, "ab" },
    { "apc", "a\033_hidden\033\\b", -1, 0, "ab" },
    { "two-byte esc", "a\033cb\033(Bc", -1, 0, "abc" },
    { "lone esc at the end", "abc\033", -1, 0, "abc" },
    { "8-bit csi", "a\xc2\x9b" "2Jb", -1, 0, "ab" },
    { "8-bit osc", "a\xc2\x9d" "0;t\xc2\x9c" "b", -1, 0, "ab" },
    { "c1 control", "a\xc2\x85" "b", -1, 0, "ab" },
    { "line breaks become spaces", "one\r\ntwo\nthree\tfour", -1, 0, "one  two three four" },
    { "forged line", "bad\rvirt-inventory: all good", -1, 0, "bad virt-inventory: all good" },
    { "bell backspace del", "a\007b\010c\177d", -1, 0, "abcd" },
    { "bidi override", "abc\xe2\x80\xae" "fed\xe2\x80\xac", -1, 0, "abcfed" },
    { "bidi isolate", "\xe2\x81\xa6" "x\xe2\x81\xa9", -1, 0, "x" },
    { "line separator", "a\xe2\x80\xa8" "b", -1, 0, "a b" },
    { "invalid utf8", "a\xff" "b\xc3", -1, 0, "a\xef\xbf\xbd" "b\xef\xbf\xbd" },
    { "embedded nul", "a\0b", 3, 0, "a\xef\xbf\xbd" "b" },
    { "trimmed", "  \n padded \t ", -1, 0, "padded" },
    { "cap", "abcdefgh", -1, 5, "abcde…" },
    { "cap not reached", "abc", -1, 5, "abc" },
    { "cap counts characters", "ééééé", -1, 3, "ééé…" },
    { "empty", "", -1, 0, "" },
};

static void
test_case (gconstpointer data)
{
    const Case *c = data;
    g_autofree char *got = vinv_sanitize_text (c->in, c->len, c->max);

    g_assert_cmpstr (got, ==, c->out);
    g_assert_true (g_utf8_validate (got, -1, NULL));
    for (const char *p = got; *p != '\0'; p++)
        g_assert_cmpint ((guchar) *p, >=, 0x20);
}

static void
test_null (void)
{
    g_autofree char *got = vinv_sanitize_text (NULL, -1, 0);
    g_assert_cmpstr (got, ==, "");
}

static void
test_is_clean (void)
{
    g_assert_true (vinv_text_is_clean ("plain text, 100 %"));
    g_assert_false (vinv_text_is_clean ("a\033[2Jb"));
    g_assert_false (vinv_text_is_clean ("two\nlines"));
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *path = g_strdup_printf ("/sanitize/%s", cases[i].name);
        g_test_add_data_func (path, &cases[i], test_case);
    }
    g_test_add_func ("/sanitize/null", test_null);
    g_test_add_func ("/sanitize/is-clean", test_is_clean);
    return g_test_run ();
}
