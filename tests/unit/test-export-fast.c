/* test-export-fast.c — the hand-written formatting the exporters use for
 * speed (export-private.h), against references written the plain way:
 *
 *   - vinv_export_append_int() at every power of ten and its neighbours
 *     (where its digit count changes), INT64_MIN/MAX, 0, into a string
 *     that has to grow;
 *   - vinv_export_append_time() on every day of years 1-9999, against a
 *     calendar counted one day at a time (leap days, century years), and
 *     on fixed texts with milliseconds;
 *   - the CSV text field (vinv_export_csv_append_text(), which scans 16
 *     bytes at a time): texts that end on the last byte of a page whose
 *     next page is unmapped (a scan that reads across would crash), bytes
 *     after the NUL that must not count, output buffers almost full, and
 *     random texts of every length up to 48 against a plain RFC 4180
 *     writer;
 *   - whole CSV exports whose rows do not fit the writer's buffer (texts
 *     and list items of up to 200,000 bytes), fill it many times over, or
 *     leave 48 down to 0 bytes of it before an integer and a timestamp,
 *     against the same plain writer.
 *
 * test-export.c compares numbers and times with printf and GDateTime on
 * random values; this file covers the edges those may miss.
 */
#include "core/export.h"
#include "core/export-private.h"
#include "core/table.h"
#include "core/view.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- integers ---- */

static void
check_int (GString *s, gint64 v)
{
    char expected[32];

    g_snprintf (expected, sizeof expected, "%" G_GINT64_FORMAT, v);
    g_string_truncate (s, 0);
    vinv_export_append_int (s, v);
    if (strcmp (s->str, expected) != 0)
        g_error ("int %s: got \"%s\"", expected, s->str);
}

static void
test_int_powers (void)
{
    g_autoptr (GString) s = g_string_new (NULL);
    g_autoptr (GString) all = g_string_new (NULL);   /* grows from nothing */
    g_autoptr (GString) expected = g_string_new (NULL);
    for (int k = 0; k <= 18; k++) {
        gint64 p = 1;
        for (int i = 0; i < k; i++)
            p *= 10;
        const gint64 values[] = { p - 1, p, p + 1, -(p - 1), -p, -(p + 1) };
        for (guint i = 0; i < G_N_ELEMENTS (values); i++) {
            check_int (s, values[i]);
            vinv_export_append_int (all, values[i]);
            g_string_append_c (all, ' ');
            g_string_append_printf (expected, "%" G_GINT64_FORMAT " ", values[i]);
        }
    }
    const gint64 edges[] = { 0, G_MININT64, G_MININT64 + 1, G_MAXINT64, G_MAXINT64 - 1,
                             G_GINT64_CONSTANT (999999999999999999),
                             G_GINT64_CONSTANT (-1000000000000000000) };
    for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
        check_int (s, edges[i]);
    g_assert_cmpstr (all->str, ==, expected->str);
    /* the digit count, not only the digits: no stray byte before or after */
    g_string_truncate (s, 0);
    vinv_export_append_int (s, G_MININT64);
    g_assert_cmpuint (s->len, ==, 20);
    g_assert_cmpstr (s->str, ==, "-9223372036854775808");
}

/* ---- timestamps ---- */

#define DAY_MS G_GINT64_CONSTANT (86400000)
#define YEAR1_MS G_GINT64_CONSTANT (-62135596800000)   /* 0001-01-01T00:00:00Z */

static void
test_time_texts (void)
{
    static const struct {
        gint64 ms;
        const char *text;
    } cases[] = {
        { YEAR1_MS, "0001-01-01T00:00:00Z" },
        { YEAR1_MS + 1, "0001-01-01T00:00:00.001Z" },
        { G_GINT64_CONSTANT (-62035891200000), "0004-02-29T00:00:00Z" },
        { G_GINT64_CONSTANT (-62035804800000), "0004-03-01T00:00:00Z" },
        { G_GINT64_CONSTANT (-11670953103211), "1600-02-29T12:34:56.789Z" },
        { G_GINT64_CONSTANT (-2203891200001), "1900-02-28T23:59:59.999Z" },
        { G_GINT64_CONSTANT (-2203891200000), "1900-03-01T00:00:00Z" },
        { -1, "1969-12-31T23:59:59.999Z" },
        { G_GINT64_CONSTANT (951868799999), "2000-02-29T23:59:59.999Z" },
        { G_GINT64_CONSTANT (1709164800100), "2024-02-29T00:00:00.100Z" },
        { G_GINT64_CONSTANT (4107542400010), "2100-03-01T00:00:00.010Z" },
        { G_GINT64_CONSTANT (13574563200500), "2400-02-29T00:00:00.500Z" },
        { G_GINT64_CONSTANT (253281190028009), "9996-02-29T06:07:08.009Z" },
        { G_GINT64_CONSTANT (253402214400000), "9999-12-31T00:00:00Z" },
        { G_GINT64_CONSTANT (253402300799999), "9999-12-31T23:59:59.999Z" },
    };
    g_autoptr (GString) all = g_string_new (NULL);   /* grows from nothing */
    g_autoptr (GString) expected = g_string_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (GString) s = g_string_new (NULL);
        g_assert_true (vinv_export_append_time (s, cases[i].ms));
        g_assert_cmpstr (s->str, ==, cases[i].text);
        g_assert_true (vinv_export_append_time (all, cases[i].ms));
        g_string_append_c (all, ',');
        g_string_append_printf (expected, "%s,", cases[i].text);
    }
    g_assert_cmpstr (all->str, ==, expected->str);

    /* just outside years 1-9999: nothing appended */
    g_autoptr (GString) s = g_string_new ("x");
    g_assert_false (vinv_export_append_time (s, YEAR1_MS - 1));
    g_assert_false (vinv_export_append_time (s, G_GINT64_CONSTANT (253402300800000)));
    g_assert_false (vinv_export_append_time (s, G_MININT64));
    g_assert_false (vinv_export_append_time (s, G_MAXINT64));
    g_assert_cmpstr (s->str, ==, "x");
}

static gboolean
is_leap (int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Every day of years 1-9999, at a time of day and milliseconds that
 * change from day to day, against a calendar counted day by day. */
static void
test_time_every_day (void)
{
    static const int month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    g_autoptr (GString) s = g_string_new (NULL);
    int year = 1;
    int month = 1;
    int day = 1;
    gint64 n = 0;

    for (gint64 d = 0; year <= 9999; d++, n++) {
        gint64 sod = (d * 7919) % 86400;    /* seconds of the day */
        gint64 ms = (d * 37) % 1000;        /* 0 now and then */
        char expected[32];
        int len = g_snprintf (expected, sizeof expected,
                              "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                              (int) (sod / 3600), (int) (sod / 60 % 60), (int) (sod % 60));
        if (ms != 0)
            len += g_snprintf (expected + len, sizeof expected - len, ".%03d", (int) ms);
        g_snprintf (expected + len, sizeof expected - len, "Z");

        g_string_truncate (s, 0);
        g_assert_true (vinv_export_append_time (s, YEAR1_MS + d * DAY_MS + sod * 1000 + ms));
        if (strcmp (s->str, expected) != 0)
            g_error ("day %" G_GINT64_FORMAT ": got \"%s\", expected \"%s\"", d, s->str,
                     expected);

        int days_in_month = month == 2 && is_leap (year) ? 29 : month_days[month - 1];
        if (++day > days_in_month) {
            day = 1;
            if (++month > 12) {
                month = 1;
                year++;
            }
        }
    }
    g_assert_cmpint (n, ==, 3652059);   /* days of years 1-9999 */
}

/* ---- CSV text fields ---- */

/* A CSV field the plain way (RFC 4180 and the rules in export-csv.c):
 * invalid UTF-8 repaired, "'" before a formula when @guard, "" for an
 * empty text, quoted when it holds ',', '"', CR or LF or starts or ends
 * with a space or tab, quotes doubled. */
static char *
ref_field (const char *s, gboolean guard)
{
    g_autofree char *valid = g_utf8_make_valid (s, -1);
    g_autoptr (GString) text = g_string_new (NULL);

    if (guard && vinv_export_text_is_formula (valid))
        g_string_append_c (text, '\'');
    g_string_append (text, valid);
    if (text->len == 0)
        return g_strdup ("\"\"");
    char first = text->str[0];
    char last = text->str[text->len - 1];
    if (strpbrk (text->str, ",\"\r\n") == NULL && first != ' ' && first != '\t' && last != ' '
        && last != '\t')
        return g_strdup (text->str);
    GString *quoted = g_string_new ("\"");
    for (const char *p = text->str; *p != '\0'; p++) {
        if (*p == '"')
            g_string_append_c (quoted, '"');
        g_string_append_c (quoted, *p);
    }
    g_string_append_c (quoted, '"');
    return g_string_free (quoted, FALSE);
}

/* Appends @text as a field to a string filled so that @room bytes are
 * left in its allocation (0: only the NUL's byte; the scan's 16-byte
 * stores must then stop short of the end) and checks the result against
 * ref_field(). */
static void
check_field (const char *text, gboolean guard, gsize room)
{
    g_autoptr (GString) out = g_string_sized_new (64);
    g_autofree char *expected = ref_field (text, guard);
    gsize fill = out->allocated_len - 1 - MIN (room, out->allocated_len - 1);

    for (gsize i = 0; i < fill; i++)
        g_string_append_c (out, (char) ('a' + i % 26));
    vinv_export_csv_append_text (out, text, guard);
    if (out->len != fill + strlen (expected) || strcmp (out->str + fill, expected) != 0
        || strlen (out->str) != out->len) {
        g_autofree char *shown = g_strescape (text, NULL);
        g_error ("field \"%s\" (guard %d, room %" G_GSIZE_FORMAT "): got \"%s\", expected "
                 "\"%s\"", shown, guard, room, out->str + MIN (fill, out->len), expected);
    }
    for (gsize i = 0; i < fill; i++)
        g_assert_cmpint (out->str[i], ==, (char) ('a' + i % 26));
}

/* Pieces random texts are made of: what changes a field, and what not. */
static const char *const pieces[] = {
    "a", "b", "Z", "0", "7", " ", "\t", ",", "\"", "\r", "\n", "=", "-", "+", "@", "'", ";",
    "\xc3\xa9", "\xe2\x82\xac", "\xff", "\xc3", "\x80",
};

static char *
random_text (GRand *rand, guint max_len)
{
    GString *s = g_string_new (NULL);
    guint len = g_rand_int_range (rand, 0, max_len + 1);
    /* mostly plain, like names, with a special piece now and then */
    gboolean plain = g_rand_int_range (rand, 0, 3) == 0;

    while (s->len < len) {
        if (plain || g_rand_int_range (rand, 0, 4) != 0)
            g_string_append_c (s, (char) g_rand_int_range (rand, 'a', 'z' + 1));
        else
            g_string_append (s, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
    }
    return g_string_free (s, FALSE);
}

/* Texts whose NUL is the last byte of a page followed by an unmapped
 * page, and texts followed (after their NUL) by bytes that would make a
 * field quoted or non-ASCII. */
static void
test_csv_text_page_end (void)
{
    long page = sysconf (_SC_PAGESIZE);
    char *map = mmap (NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                      -1, 0);
    g_assert_true (map != MAP_FAILED);
    g_assert_cmpint (mprotect (map + page, page, PROT_NONE), ==, 0);
    g_autoptr (GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
    char *page_end = map + page;

    for (guint len = 0; len <= 48; len++) {
        for (guint kind = 0; kind < 12; kind++) {
            char text[64];
            for (guint i = 0; i < len; i++)
                text[i] = (char) ('a' + (i * 7 + kind) % 26);
            if (len > 0) {
                /* one byte that matters, at every position in turn */
                static const char special[] = { ',', '"', '\r', '\n', (char) 0xff, ' ',
                                                '\t', '=', '-', '@', 'x', '1' };
                text[(kind * 5) % len] = special[kind];
            }
            text[len] = '\0';

            /* at the very end of the page */
            char *at_end = page_end - (len + 1);
            memcpy (at_end, text, len + 1);
            for (gsize room = 0; room < 80; room += 3) {
                check_field (at_end, TRUE, room);
                check_field (at_end, FALSE, room);
            }

            /* at the start of the page, with bytes that matter after the NUL */
            memset (map, ',', page);
            memcpy (map, text, len + 1);
            for (guint i = len + 1; i < len + 40 && i < (guint) page; i += 3)
                map[i] = (char) (i % 2 ? 0xff : '"');
            check_field (map, TRUE, 100);
            check_field (map, FALSE, 20);
        }
    }

    for (guint i = 0; i < 20000; i++) {
        g_autofree char *text = random_text (rand, 48);
        gsize len = strlen (text);
        char *at_end = page_end - (len + 1) - g_rand_int_range (rand, 0, 20);
        memset (map, '"', page);
        memcpy (at_end, text, len + 1);
        check_field (at_end, g_rand_boolean (rand), g_rand_int_range (rand, 0, 80));
    }
    g_assert_cmpint (munmap (map, 2 * page), ==, 0);
}

/* ---- whole exports ---- */

enum { L_SOURCE, L_ID, L_NAME, L_ITEMS, L_N, L_T, L_NOTE, L_COLS };

static const VinvColumn long_columns[L_COLS] = {
    [L_SOURCE] = { "source", "Source", VINV_CELL_STRING, NULL, NULL, VINV_COL_SOURCE, "" },
    [L_ID] = { "id", "ID", VINV_CELL_STRING, NULL, NULL, VINV_COL_ROW_ID, "" },
    [L_NAME] = { "name", "Name", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT, "" },
    [L_ITEMS] = { "items", "Items", VINV_CELL_LIST, NULL, NULL, VINV_COL_DEFAULT, "" },
    [L_N] = { "n", "N", VINV_CELL_INT, NULL, NULL, VINV_COL_DEFAULT, "" },
    [L_T] = { "t", "T", VINV_CELL_TIME, NULL, NULL, VINV_COL_DEFAULT, "" },
    [L_NOTE] = { "note", "Note", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT, "" },
};

static const VinvSchema long_schema = { "long", "Long", NULL, long_columns, L_COLS };

/* A text of @n bytes: @c repeated, with @special at a few places if not 0. */
static char *
long_text (gsize n, char c, char special)
{
    char *s = g_malloc (n + 1);
    memset (s, c, n);
    s[n] = '\0';
    if (special != 0 && n > 0) {
        s[n / 2] = special;
        s[n - 1] = special;
    }
    return s;
}

/* Exports @t as CSV with @columns shown and compares the output with
 * @titles and the rows of @fields (L_COLS texts each, by column) in that
 * order. */
static void
check_long_export (VinvTable *t, const char *columns, const guint *order, guint n_order,
                   const char *titles, GPtrArray *fields)
{
    g_autoptr (GString) expected = g_string_new (titles);
    for (guint r = 0; r < fields->len; r++) {
        char **row = g_ptr_array_index (fields, r);
        for (guint c = 0; c < n_order; c++)
            g_string_append_printf (expected, "%s%s", c > 0 ? "," : "", row[order[c]]);
        g_string_append (expected, "\r\n");
    }

    g_autoptr (VinvView) view = vinv_view_new (t, NULL);
    g_autoptr (GError) error = NULL;
    g_assert_true (vinv_view_set_columns_text (view, columns, &error));
    g_assert_no_error (error);
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_assert_true (vinv_export_view (view, NULL, VINV_EXPORT_CSV, out, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_output_stream_close (out, NULL, NULL));
    gsize size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
    const char *data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out));
    g_assert_cmpuint (size, >, 3 * VINV_EXPORT_BUFFER_SIZE);
    if (size != expected->len || memcmp (data, expected->str, size) != 0) {
        gsize at = 0;
        while (at < MIN (size, expected->len) && data[at] == expected->str[at])
            at++;
        g_error ("%s: export of %" G_GSIZE_FORMAT " bytes (expected %" G_GSIZE_FORMAT
                 ") differs from byte %" G_GSIZE_FORMAT, columns, size, expected->len, at);
    }
}

/* Rows of texts and lists from a few bytes to 200,000 (beyond the
 * writer's buffer, so the fast paths run out of room and the slow ones
 * take over), after 3,000 short rows (the buffer is written out many
 * times), exported as CSV and compared with the rows written by
 * ref_field().  Twice: the writer's buffer only grows, so whichever
 * column comes first meets the end of the buffer first. */
static void
test_csv_long_rows (void)
{
    static const gsize sizes[] = { 0, 1, 15, 16, 17, 4095, 4096, 65536, 131072, 200000 };
    static const char specials[] = { 0, ',', '"', (char) 0xff };
    g_autoptr (VinvTable) t = vinv_table_new (&long_schema);
    g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    g_autoptr (GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

    for (guint i = 0; i < 3000 + G_N_ELEMENTS (sizes) * G_N_ELEMENTS (specials); i++) {
        g_autofree char *id = g_strdup_printf ("r%u", i);
        guint row = vinv_table_add_row (t, "test", id);
        g_autofree char *name = NULL;
        g_autofree char *note = NULL;
        char *item_text[3] = { NULL, NULL, NULL };     /* freed below */
        guint n_items;

        if (i < 3000) {
            name = g_strdup_printf ("vm-%u", i);
            note = random_text (rand, 40);
            n_items = g_rand_int_range (rand, 0, 4);
            for (guint k = 0; k < n_items; k++)
                item_text[k] = random_text (rand, 20);
        } else {
            guint j = i - 3000;
            gsize size = sizes[j / G_N_ELEMENTS (specials)];
            char special = specials[j % G_N_ELEMENTS (specials)];
            name = long_text (size, 'n', special);
            note = long_text (size / 2, 'o', 0);
            n_items = 3;
            for (guint k = 0; k < n_items; k++)
                item_text[k] = long_text (size, (char) ('a' + k), k == 1 ? special : 0);
        }
        VinvItem items[3];
        for (guint k = 0; k < n_items; k++)
            items[k] = (VinvItem) { item_text[k], NULL };
        gint64 n = (gint64) i * 7919 - 100000;
        gint64 ms = YEAR1_MS + (gint64) i * 86400123;
        vinv_table_set_string (t, row, L_NAME, name);
        vinv_table_set_list (t, row, L_ITEMS, items, n_items);
        vinv_table_set_int (t, row, L_N, n);
        vinv_table_set_time (t, row, L_T, ms);
        if (i % 5 != 0)             /* a null now and then */
            vinv_table_set_string (t, row, L_NOTE, note);

        char **row_fields = g_new0 (char *, L_COLS + 1);
        row_fields[L_SOURCE] = g_strdup ("");
        row_fields[L_ID] = g_strdup ("");
        row_fields[L_NAME] = ref_field (name, TRUE);
        g_autoptr (GString) joined = g_string_new (NULL);
        for (guint k = 0; k < n_items; k++)
            g_string_append_printf (joined, "%s%s", k > 0 ? "; " : "", item_text[k]);
        row_fields[L_ITEMS] = ref_field (joined->str, TRUE);
        row_fields[L_N] = g_strdup_printf ("%" G_GINT64_FORMAT, n);
        GString *time_text = g_string_new (NULL);
        g_assert_true (vinv_export_append_time (time_text, ms));
        row_fields[L_T] = g_string_free (time_text, FALSE);
        row_fields[L_NOTE] = i % 5 != 0 ? ref_field (note, TRUE) : g_strdup ("");
        g_ptr_array_add (fields, row_fields);
        for (guint k = 0; k < n_items; k++)
            g_free (item_text[k]);
    }

    static const guint name_first[] = { L_NAME, L_ITEMS, L_N, L_T, L_NOTE };
    check_long_export (t, "name,items,n,t,note", name_first, G_N_ELEMENTS (name_first),
                       "Name,Items,N,T,Note\r\n", fields);
    static const guint items_first[] = { L_ITEMS, L_N, L_T, L_NOTE, L_NAME };
    check_long_export (t, "items,n,t,note,name", items_first, G_N_ELEMENTS (items_first),
                       "Items,N,T,Note,Name\r\n", fields);
}

/* Rows whose first field, a long name, leaves from 48 down to 0 bytes of
 * the writer's buffer, followed by the longest integer and timestamp:
 * the writer must make room for them (under AddressSanitizer a write past
 * the buffer fails here).  The buffer holds VINV_EXPORT_BUFFER_SIZE +
 * 4096 bytes, which GString rounds up to 128 KiB, and is written out after
 * every row that reaches VINV_EXPORT_BUFFER_SIZE, so each of these rows
 * starts on an empty buffer; with another size the rows still export
 * right, only not at the edge. */
static void
test_csv_buffer_end (void)
{
    const gsize edge = 131072 - 1;  /* the allocation less the NUL's byte */
    g_autoptr (VinvTable) t = vinv_table_new (&long_schema);
    g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    const gint64 ms = G_GINT64_CONSTANT (253402300799999);

    for (gssize left = -1; left <= 48; left++) {
        g_autofree char *id = g_strdup_printf ("r%" G_GSSIZE_FORMAT, left);
        guint row = vinv_table_add_row (t, "test", id);
        /* the first row fills the buffer past VINV_EXPORT_BUFFER_SIZE */
        g_autofree char *name = long_text (left < 0 ? 70000 : edge - (48 - left), 'n', 0);
        vinv_table_set_string (t, row, L_NAME, name);
        vinv_table_set_list (t, row, L_ITEMS, NULL, 0);
        vinv_table_set_int (t, row, L_N, G_MININT64);
        vinv_table_set_time (t, row, L_T, ms);

        char **row_fields = g_new0 (char *, L_COLS + 1);
        row_fields[L_SOURCE] = g_strdup ("");
        row_fields[L_ID] = g_strdup ("");
        row_fields[L_NAME] = g_strdup (name);
        row_fields[L_ITEMS] = g_strdup ("\"\"");
        row_fields[L_N] = g_strdup ("-9223372036854775808");
        row_fields[L_T] = g_strdup ("9999-12-31T23:59:59.999Z");
        row_fields[L_NOTE] = g_strdup ("");
        g_ptr_array_add (fields, row_fields);
    }
    static const guint order[] = { L_NAME, L_N, L_T, L_ITEMS, L_NOTE };
    check_long_export (t, "name,n,t,items,note", order, G_N_ELEMENTS (order),
                       "Name,N,T,Items,Note\r\n", fields);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/export-fast/int-powers", test_int_powers);
    g_test_add_func ("/export-fast/time-texts", test_time_texts);
    g_test_add_func ("/export-fast/time-every-day", test_time_every_day);
    g_test_add_func ("/export-fast/csv-text-page-end", test_csv_text_page_end);
    g_test_add_func ("/export-fast/csv-long-rows", test_csv_long_rows);
    g_test_add_func ("/export-fast/csv-buffer-end", test_csv_buffer_end);
    return g_test_run ();
}
