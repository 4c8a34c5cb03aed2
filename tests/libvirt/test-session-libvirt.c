/* test-session-libvirt.c — the session (core/session.h) with the real
 * libvirt back-end on the test driver: the demo's three node files
 * (data/demo/hv0N.xml) loaded in parallel, in an order that is not the
 * files' own, with a bad URI and a missing file among them.
 *
 * What is checked: every table's rows are, in order, those of each file
 * loaded alone (lv_load, one at a time) in the order the URIs were given —
 * whatever order the parallel loads finished in; the failures are sources
 * with errors in their place while the others load; the table callback
 * comes once per table with its complete row count; and the libvirt
 * back-end reports its tables as they are written (before its fetch
 * returns), not only through the core's fallback.
 */
#include <string.h>

#include "core/session.h"
#include "libvirt/libvirt-backend.h"
#include "lv-util.h"

typedef struct {
    GMutex lock;
    guint calls[VINV_TABLE_LAST];
    guint rows[VINV_TABLE_LAST];
} Seen;

static void
on_table (VinvTableKind kind, VinvTable *table, gpointer user_data)
{
    Seen *seen = user_data;

    g_mutex_lock (&seen->lock);
    seen->calls[kind]++;
    seen->rows[kind] = vinv_table_get_n_rows (table);
    g_mutex_unlock (&seen->lock);
}

/* "source/id" of every row of table @kind, joined by ' '. */
static void
append_rows (GString *out, const VinvInventory *inventory, VinvTableKind kind)
{
    VinvTable *t = vinv_inventory_get_table (inventory, kind);

    for (guint r = 0; t != NULL && r < vinv_table_get_n_rows (t); r++)
        g_string_append_printf (out, "%s/%s ", vinv_table_get_row_source (t, r),
                                vinv_table_get_row_id (t, r));
}

static void
test_demo_parallel (void)
{
    static const char *const files[] = { "hv03.xml", "hv01.xml", "hv02.xml" };
    g_autofree char *a = lv_demo_uri (files[0]);
    g_autofree char *b = lv_demo_uri (files[1]);
    g_autofree char *c = lv_demo_uri (files[2]);
    const char *uris[] = { a, "bogus", b, "test:///nonexistent/vinv/none.xml", c, NULL };
    const char *loaded[] = { a, b, c };
    VinvInventory *alone[3];
    Seen seen = { 0 };
    g_autoptr (GError) error = NULL;

    for (guint i = 0; i < 3; i++)
        alone[i] = lv_load (loaded[i], NULL);

    g_autoptr (VinvSession) session = vinv_session_new (uris, NULL);
    vinv_session_set_table_func (session, on_table, &seen);
    g_autoptr (VinvInventory) inv = vinv_session_load (session, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (inv);

    /* rows: each file's, in the order given */
    guint n_tables = 0;
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        g_autoptr (GString) expected = g_string_new (NULL);
        g_autoptr (GString) got = g_string_new (NULL);
        guint present = 0;
        for (guint i = 0; i < 3; i++) {
            append_rows (expected, alone[i], k);
            present += vinv_inventory_get_table (alone[i], k) != NULL;
        }
        append_rows (got, inv, k);
        g_test_message ("table %u: %u rows", k, seen.rows[k]);
        g_assert_cmpstr (got->str, ==, expected->str);
        if (present == 0) {
            g_assert_null (vinv_inventory_get_table (inv, k));
            g_assert_cmpuint (seen.calls[k], ==, 0);
            continue;
        }
        n_tables++;
        /* handed over once, complete */
        g_assert_cmpuint (seen.calls[k], ==, 1);
        VinvTable *merged = vinv_inventory_get_table (inv, k);
        g_assert_cmpuint (seen.rows[k], ==, vinv_table_get_n_rows (merged));
    }
    g_assert_cmpuint (n_tables, ==, 7);
    g_assert_cmpuint (seen.rows[VINV_TABLE_VM], >, 0);

    /* sources: in the order given, the failures in their place */
    g_assert_cmpuint (vinv_inventory_get_n_sources (inv), ==, 5);
    static const char *const names[] = { "hv03", "bogus", "hv01", NULL, "hv02" };
    for (guint i = 0; i < 5; i++) {
        const VinvSource *s = vinv_inventory_get_source (inv, i);
        if (names[i] != NULL)
            g_assert_cmpstr (s->name, ==, names[i]);
        g_assert_cmpstr (s->uri, ==, uris[i]);
        g_assert_true ((s->error != NULL) == (i == 1 || i == 3));
    }
    g_assert_nonnull (strstr (vinv_inventory_get_source (inv, 1)->error, "no back-end handles"));
    g_assert_nonnull (strstr (vinv_inventory_get_source (inv, 3)->error, "none.xml"));
    g_assert_cmpuint (vinv_session_get_n_loaded (session), ==, 3);
    gboolean opened = TRUE;
    g_assert_error (vinv_session_get_error (session, 3, &opened), VINV_BACKEND_ERROR,
                    VINV_BACKEND_ERROR_URI);
    g_assert_false (opened);

    for (guint i = 0; i < 3; i++)
        vinv_inventory_free (alone[i]);
}

/* The back-end's own reports: every libvirt table is reported complete
 * from inside its fetch (the core's fallback would report only after the
 * class's fetch returned). */
typedef struct {
    guint64 reported;
    gboolean inside;             /* the class fetch is running */
} Reports;

static void
on_done (VinvTableKind kind, gpointer user_data)
{
    Reports *r = user_data;

    g_assert_true (r->inside);
    g_assert_false (r->reported & (G_GUINT64_CONSTANT (1) << kind));
    r->reported |= G_GUINT64_CONSTANT (1) << kind;
}

static Reports *current;

static gboolean
watched_fetch (VinvBackend *self, VinvInventory *inventory, VinvProgressFunc progress,
               gpointer user_data, GCancellable *cancellable, GError **error)
{
    current->inside = TRUE;
    gboolean ok = vinv_libvirt_backend_class.fetch (self, inventory, progress, user_data,
                                                    cancellable, error);
    current->inside = FALSE;
    return ok;
}

static void
test_reports_inside_fetch (void)
{
    g_autofree char *uri = lv_demo_uri ("hv01.xml");
    g_autoptr (GError) error = NULL;
    VinvConnectOptions options = { 0 };
    Reports reports = { 0 };
    VinvBackendClass watched = vinv_libvirt_backend_class;

    vinv_libvirt_register ();
    watched.fetch = watched_fetch;
    current = &reports;
    VinvBackend *be = vinv_backend_open (uri, &options, NULL, &error);
    g_assert_no_error (error);
    be->klass = &watched;
    g_autoptr (VinvInventory) inv = vinv_inventory_new ();
    g_assert_true (vinv_backend_fetch_full (be, inv, NULL, on_done, &reports, NULL, &error));
    be->klass = &vinv_libvirt_backend_class;
    vinv_backend_close (be);

    guint64 present = 0;
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (vinv_inventory_get_table (inv, k) != NULL)
            present |= G_GUINT64_CONSTANT (1) << k;
    }
    g_assert_cmphex (reports.reported, ==, present);
    current = NULL;
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    vinv_libvirt_register ();
    g_test_add_func ("/session-libvirt/demo-parallel", test_demo_parallel);
    g_test_add_func ("/session-libvirt/reports-inside-fetch", test_reports_inside_fetch);
    return g_test_run ();
}
