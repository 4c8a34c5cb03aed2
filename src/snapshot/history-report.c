/* history-report.c — what a history database can tell about itself: the
 * list of its records (`history list`) and one entity's changes over time
 * (`history show TABLE ID`), each as a small table the CLI prints like any
 * other.  Reads through history-private.h; writes nothing.
 */
#include "history-private.h"

#include <string.h>
#include "core/diff.h"

enum { HL_SOURCE, HL_ID, HL_TIME, HL_SOURCES, HL_ROWS, HL_STORED, HL_REMOVED, HL_ERRORS,
       HL_TAKEN_BY, HL_N_COLUMNS };

static const VinvColumn list_columns[] = {
    [HL_SOURCE] = { "source", "Source", VINV_CELL_STRING, NULL, NULL, VINV_COL_SOURCE, "" },
    [HL_ID] = { "id", "Record", VINV_CELL_STRING, NULL, NULL,
                VINV_COL_ROW_ID | VINV_COL_DEFAULT, "Record number (for history:DB@N)" },
    [HL_TIME] = { "time", "Time", VINV_CELL_TIME, NULL, NULL, VINV_COL_DEFAULT,
                  "When the inventory was loaded" },
    [HL_SOURCES] = { "sources", "Sources", VINV_CELL_LIST, NULL, NULL, VINV_COL_DEFAULT,
                     "Connections recorded" },
    [HL_ROWS] = { "rows", "Rows", VINV_CELL_INT, NULL, NULL, VINV_COL_DEFAULT,
                  "Rows in all tables" },
    [HL_STORED] = { "stored", "Stored", VINV_CELL_INT, NULL, NULL, VINV_COL_DEFAULT,
                    "Rows stored: new or changed since the source's previous record" },
    [HL_REMOVED] = { "removed", "Removed", VINV_CELL_INT, NULL, NULL, VINV_COL_DEFAULT,
                     "Rows gone since the source's previous record" },
    [HL_ERRORS] = { "errors", "Errors", VINV_CELL_INT, NULL, NULL, VINV_COL_DEFAULT,
                    "Sources and tables that failed to load" },
    [HL_TAKEN_BY] = { "taken_by", "Taken by", VINV_CELL_STRING, NULL, NULL, 0,
                      "Machine that recorded it" },
};

static const VinvSchema list_schema = {
    .id = "records", .title = "Records", .columns = list_columns, .n_columns = HL_N_COLUMNS,
};

VinvTable *
vinv_history_list (const char *db, GError **error)
{
    g_autoptr (History) h = vinv_history_db_open (db, FALSE, error);
    GError *local = NULL;
    VinvSqlStep step;

    if (h == NULL)
        return NULL;
    g_autoptr (VinvTable) out = vinv_table_new (&list_schema);
    g_autoptr (VinvSqlStmt) records = vinv_sql_prepare (h->db,
        "SELECT r.record, r.taken_at, r.taken_by, "
        "  (SELECT count(*) FROM vinv_record_sources s WHERE s.record = r.record "
        "   AND s.error IS NOT NULL) + "
        "  (SELECT count(*) FROM vinv_record_tables t WHERE t.record = r.record "
        "   AND t.error IS NOT NULL), "
        "  (SELECT sum(n_rows) FROM vinv_record_tables t WHERE t.record = r.record), "
        "  (SELECT sum(n_added) FROM vinv_record_tables t WHERE t.record = r.record), "
        "  (SELECT sum(n_removed) FROM vinv_record_tables t WHERE t.record = r.record) "
        "FROM vinv_records r ORDER BY r.record", &local);
    g_autoptr (VinvSqlStmt) sources = records == NULL ? NULL : vinv_sql_prepare (h->db,
        "SELECT name FROM vinv_record_sources WHERE record = $1 ORDER BY position", &local);
    if (sources == NULL)
        return vinv_history_db_error (h, error, local), NULL;
    while ((step = vinv_sql_step (records, &local)) == VINV_SQL_STEP_ROW) {
        gint64 record = vinv_sql_column_int (records, 0);
        g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, record);
        guint row = vinv_table_add_row (out, "", id);
        vinv_table_set_time (out, row, HL_TIME, vinv_sql_column_int (records, 1));
        vinv_table_set_string (out, row, HL_TAKEN_BY, vinv_sql_column_text (records, 2));
        vinv_table_set_int (out, row, HL_ERRORS, vinv_sql_column_int (records, 3));
        vinv_table_set_int (out, row, HL_ROWS, vinv_sql_column_int (records, 4));
        vinv_table_set_int (out, row, HL_STORED, vinv_sql_column_int (records, 5));
        vinv_table_set_int (out, row, HL_REMOVED, vinv_sql_column_int (records, 6));

        g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
        vinv_sql_reset (sources);
        vinv_sql_bind_int (sources, 1, record);
        while ((step = vinv_sql_step (sources, &local)) == VINV_SQL_STEP_ROW)
            g_ptr_array_add (names, g_strdup (vinv_sql_column_text (sources, 0)));
        if (step == VINV_SQL_STEP_ERROR)
            return vinv_history_db_error (h, error, local), NULL;
        g_autofree VinvItem *items = g_new0 (VinvItem, names->len + 1);
        for (guint i = 0; i < names->len; i++)
            items[i].text = g_ptr_array_index (names, i);
        vinv_table_set_list (out, row, HL_SOURCES, items, names->len);
    }
    if (step == VINV_SQL_STEP_ERROR)
        return vinv_history_db_error (h, error, local), NULL;
    return g_steal_pointer (&out);
}

/* --- one entity over time --- */

enum { HS_SOURCE, HS_ID, HS_RECORD, HS_TIME, HS_CHANGE, HS_COLUMN, HS_OLD, HS_NEW,
       HS_N_COLUMNS };

static const VinvColumn show_columns[] = {
    [HS_SOURCE] = { "source", "Source", VINV_CELL_STRING, NULL, NULL, VINV_COL_SOURCE,
                    "Connection the entity comes from" },
    [HS_ID] = { "id", "ID", VINV_CELL_STRING, NULL, NULL, VINV_COL_ROW_ID, "Id of the entity" },
    [HS_RECORD] = { "record", "Record", VINV_CELL_INT, NULL, NULL, VINV_COL_DEFAULT,
                    "Record where the change was first seen" },
    [HS_TIME] = { "time", "Time", VINV_CELL_TIME, NULL, NULL, VINV_COL_DEFAULT,
                  "Time of that record" },
    [HS_CHANGE] = { "change", "Change", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT,
                    "added, removed or changed" },
    [HS_COLUMN] = { "column", "Column", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT,
                    "Column that changed" },
    [HS_OLD] = { "old", "Old", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT,
                 "Value before" },
    [HS_NEW] = { "new", "New", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT,
                 "Value after" },
};

static const VinvSchema show_schema = {
    .id = "entity_history", .title = "History", .columns = show_columns, .n_columns = HS_N_COLUMNS,
};

static guint
add_event (VinvTable *out, const char *source, const char *id, gint64 record,
           GHashTable *times, const char *change)
{
    guint row = vinv_table_add_row (out, source, id);
    gpointer when = g_hash_table_lookup (times, &record);

    vinv_table_set_int (out, row, HS_RECORD, record);
    if (when != NULL)
        vinv_table_set_time (out, row, HS_TIME, *(gint64 *) when);
    vinv_table_set_string (out, row, HS_CHANGE, change);
    return row;
}

VinvTable *
vinv_history_show (const char *db, const char *table_id, const char *id, GError **error)
{
    const VinvSchema *schema = vinv_schema_lookup (table_id);
    GError *local = NULL;
    VinvSqlStep step;

    if (schema == NULL) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_NO_RECORD,
                     "unknown table '%s'", table_id);
        return NULL;
    }
    g_autoptr (History) h = vinv_history_db_open (db, FALSE, error);
    if (h == NULL)
        return NULL;

    g_autoptr (GHashTable) times = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          g_free);
    g_autoptr (VinvSqlStmt) stmt = vinv_sql_prepare (h->db,
        "SELECT record, taken_at FROM vinv_records", &local);
    if (stmt == NULL)
        return vinv_history_db_error (h, error, local), NULL;
    while ((step = vinv_sql_step (stmt, &local)) == VINV_SQL_STEP_ROW) {
        g_hash_table_insert (times, g_memdup2 (&(gint64) { vinv_sql_column_int (stmt, 0) },
                                               sizeof (gint64)),
                             g_memdup2 (&(gint64) { vinv_sql_column_int (stmt, 1) },
                                        sizeof (gint64)));
    }
    if (step == VINV_SQL_STEP_ERROR)
        return vinv_history_db_error (h, error, local), NULL;

    g_autoptr (VinvTable) versions = vinv_table_new (schema);
    g_autoptr (GArray) extra = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr (GArray) cols = vinv_history_recorded_columns (h, schema, error);
    if (cols == NULL || !vinv_history_read_versions (h, schema, "id = $1", id, 0, versions, extra, error))
        return NULL;

    /* versions come by source, then pos, first_record: order by record */
    guint n = vinv_table_get_n_rows (versions);
    g_autofree guint *order = g_new (guint, n + 1);
    for (guint i = 0; i < n; i++)
        order[i] = i;
    for (guint i = 1; i < n; i++) {       /* insertion sort: few versions */
        guint v = order[i];
        guint j = i;
        while (j > 0) {
            guint u = order[j - 1];
            int by_source = strcmp (vinv_table_get_row_source (versions, u),
                                    vinv_table_get_row_source (versions, v));
            if (by_source < 0 || (by_source == 0 && g_array_index (extra, gint64, 3 * u + 1)
                                                    <= g_array_index (extra, gint64, 3 * v + 1)))
                break;
            order[j] = u;
            j--;
        }
        order[j] = v;
    }

    g_autoptr (VinvTable) out = vinv_table_new (&show_schema);
    for (guint i = 0; i < n; i++) {
        guint v = order[i];
        const char *source = vinv_table_get_row_source (versions, v);
        gint64 first = g_array_index (extra, gint64, 3 * v + 1);
        gint64 until = g_array_index (extra, gint64, 3 * v + 2);
        gboolean continues = i > 0
            && strcmp (vinv_table_get_row_source (versions, order[i - 1]), source) == 0
            && g_array_index (extra, gint64, 3 * order[i - 1] + 2) == first;

        if (!continues) {
            add_event (out, source, id, first, times, "added");
        } else {
            const VinvCell *was = vinv_table_get_row (versions, order[i - 1]);
            const VinvCell *now = vinv_table_get_row (versions, v);
            for (guint k = 0; k < cols->len; k++) {
                guint c = g_array_index (cols, guint, k);
                if (vinv_cell_equal (&was[c], &now[c]))
                    continue;
                g_autofree char *old_text = vinv_diff_dup_value_text (&schema->columns[c],
                                                                      &was[c]);
                g_autofree char *new_text = vinv_diff_dup_value_text (&schema->columns[c],
                                                                      &now[c]);
                guint row = add_event (out, source, id, first, times, "changed");
                vinv_table_set_string (out, row, HS_COLUMN, schema->columns[c].id);
                vinv_table_set_string (out, row, HS_OLD, old_text);
                vinv_table_set_string (out, row, HS_NEW, new_text);
            }
        }
        gboolean next_continues = i + 1 < n
            && strcmp (vinv_table_get_row_source (versions, order[i + 1]), source) == 0
            && g_array_index (extra, gint64, 3 * order[i + 1] + 1) == until;
        if (until >= 0 && !next_continues)
            add_event (out, source, id, until, times, "removed");
    }
    return g_steal_pointer (&out);
}
