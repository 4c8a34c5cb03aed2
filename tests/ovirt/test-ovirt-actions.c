/* test-ovirt-actions.c — reading the engine's small action replies
 * (actions.c: vinv_ovirt_dup_json_member()), without a server.
 *
 * The fault detail, the action status, a new snapshot's id and the polled
 * state all come from one string member of a reply's top-level object.
 * The cases are the replies a real or hostile engine may send: escaped
 * strings, a missing key, a key given twice, a value that is not a string,
 * a reply that is not an object, truncated or trailing bytes, NUL bytes,
 * invalid UTF-8 and deep nesting.  The expected answers are those of the
 * former reader (yajl's tree parser, checked case by case) except where
 * the comments say why they differ.  The CLI's action tests
 * (tests/cli/test-actions.py) read the same replies from the simulator.
 */
#include <string.h>

#include "ovirt-private.h"

typedef struct {
    const char *name;
    const char *json;
    gssize len;                       /* -1: strlen (json) */
    const char *key;
    const char *want;                 /* NULL: no value */
} MemberCase;

static const MemberCase member_cases[] = {
    { "plain", "{\"reason\": \"Operation Failed\", \"detail\": \"[Cannot run VM.]\"}", -1,
      "detail", "[Cannot run VM.]" },
    { "other-key", "{\"reason\": \"Operation Failed\", \"detail\": \"[x]\"}", -1, "reason",
      "Operation Failed" },
    { "escapes", "{\"detail\": \"a\\\"b\\\\c\\/d\\u00e9\\n\\t\\u20ac\"}", -1, "detail",
      "a\"b\\c/d\xc3\xa9\n\t\xe2\x82\xac" },
    { "escaped-key", "{\"det\\u0061il\": \"yes\"}", -1, "detail", "yes" },
    { "surrogate-pair", "{\"detail\": \"\\ud83d\\ude00\"}", -1, "detail", "\xf0\x9f\x98\x80" },
    { "empty-string", "{\"detail\": \"\"}", -1, "detail", "" },
    { "missing", "{\"reason\": \"r\"}", -1, "detail", NULL },
    { "empty-object", "{}", -1, "detail", NULL },
    { "nested-only", "{\"fault\": {\"detail\": \"inner\"}, \"x\": [{\"detail\": \"y\"}]}", -1,
      "detail", NULL },
    { "after-nested", "{\"fault\": {\"detail\": \"inner\"}, \"detail\": \"outer\"}", -1,
      "detail", "outer" },
    { "first-wins", "{\"status\": \"complete\", \"status\": \"failed\"}", -1, "status",
      "complete" },
    { "first-decides", "{\"status\": 1, \"status\": \"failed\"}", -1, "status", NULL },
    { "number", "{\"status\": 7}", -1, "status", NULL },
    { "true", "{\"status\": true}", -1, "status", NULL },
    { "null", "{\"status\": null}", -1, "status", NULL },
    { "object-value", "{\"status\": {\"state\": \"up\"}}", -1, "status", NULL },
    { "array-value", "{\"status\": [\"up\"]}", -1, "status", NULL },
    { "top-array", "[{\"status\": \"up\"}]", -1, "status", NULL },
    { "top-string", "\"status\"", -1, "status", NULL },
    { "top-number", "404", -1, "status", NULL },
    { "html", "<html><body>502 Bad Gateway</body></html>", -1, "detail", NULL },
    { "empty", "", -1, "detail", NULL },
    { "whitespace", " \n\t ", -1, "detail", NULL },
    { "truncated-object", "{\"detail\": \"a\"", -1, "detail", NULL },
    { "truncated-string", "{\"detail\": \"a", -1, "detail", NULL },
    { "truncated-escape", "{\"detail\": \"a\\u00", -1, "detail", NULL },
    { "bad-escape", "{\"detail\": \"a\\q\"}", -1, "detail", NULL },
    { "raw-newline", "{\"detail\": \"a\nb\"}", -1, "detail", NULL },
    { "trailing-garbage", "{\"detail\": \"a\"} x", -1, "detail", NULL },
    { "second-document", "{\"detail\": \"a\"} {}", -1, "detail", NULL },
    { "trailing-space", "{\"detail\": \"a\"}\r\n", -1, "detail", "a" },
    /* read up to the first NUL byte, as the former reader read a C string */
    { "nul-after", "{\"detail\": \"a\"}\0garbage", 24, "detail", "a" },
    { "nul-inside", "{\"detail\": \"a\0\"}", 16, "detail", NULL },
    /* an escaped NUL ends the value as it ended the former C string */
    { "escaped-nul-value", "{\"detail\": \"ab\\u0000cd\"}", -1, "detail", "ab" },
    /* ... and the key (compared as C strings) */
    { "escaped-nul-key", "{\"detail\\u0000x\": \"a\"}", -1, "detail", "a" },
    { "longer-key", "{\"details\": \"a\", \"detai\": \"b\"}", -1, "detail", NULL },
    /* invalid UTF-8 in the value: no value (a message must be text) */
    { "invalid-utf8", "{\"detail\": \"a\xff\"}", -1, "detail", NULL },
    /* yajl's tree parser allowed comments; JSON has none and no engine sends
     * them: no value */
    { "comment", "{/* c */ \"detail\": \"a\"}", -1, "detail", NULL },
    { "deep-elsewhere", "{\"x\": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]], \"detail\": \"d\"}",
      -1, "detail", "d" },
};

static void
test_member (gconstpointer data)
{
    const MemberCase *c = data;
    gsize len = c->len < 0 ? strlen (c->json) : (gsize) c->len;
    g_autofree char *got = vinv_ovirt_dup_json_member (c->json, len, c->key);
    g_assert_cmpstr (got, ==, c->want);
}

/* Nesting deeper than any parser's stack, in a value nobody reads,
 * unterminated and closed: no value (the tokenizer's depth limit), no crash,
 * memory bounded.  yajl's tree parser crashed here (its recursive free
 * overflowed the stack). */
static void
test_member_deep (void)
{
    gsize n = 512 * 1024;
    g_autoptr (GString) json = g_string_new ("{\"detail\": \"d\", \"x\": ");
    for (gsize i = 0; i < n; i++)
        g_string_append_c (json, '[');
    g_autofree char *got = vinv_ovirt_dup_json_member (json->str, json->len, "detail");
    g_assert_null (got);
    /* closed, but deeper than the limit: still no value */
    for (gsize i = 0; i < n; i++)
        g_string_append_c (json, ']');
    g_string_append_c (json, '}');
    g_autofree char *got2 = vinv_ovirt_dup_json_member (json->str, json->len, "detail");
    g_assert_null (got2);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    for (guint i = 0; i < G_N_ELEMENTS (member_cases); i++) {
        g_autofree char *path = g_strdup_printf ("/ovirt/actions/member/%s",
                                                 member_cases[i].name);
        g_test_add_data_func (path, &member_cases[i], test_member);
    }
    g_test_add_func ("/ovirt/actions/member/deep", test_member_deep);
    return g_test_run ();
}
