/* export-private.h — what export.c shares with export-csv.c and
 * export-json.c: a buffered writer over a GOutputStream and the value
 * formatting rules both formats use (numbers, timestamps, UTF-8 repair).
 * Not installed, not for front ends: they call export.h.
 */
#pragma once

#include <string.h>

#include "export.h"

G_BEGIN_DECLS

/* Bytes gathered before a write to the stream. */
#define VINV_EXPORT_BUFFER_SIZE (64 * 1024)

/* A writer gathers output in @buf and writes it to @out whenever it holds
 * VINV_EXPORT_BUFFER_SIZE bytes or more, so memory stays bounded whatever
 * the number of rows.  Invariant: @buf holds only bytes not yet written. */
typedef struct {
    GOutputStream *out;          /* borrowed */
    GCancellable *cancellable;   /* borrowed, may be NULL */
    GString *buf;
    guint flags;                 /* VinvExportFlags; 0 after init */
} VinvExportWriter;

void vinv_export_writer_init (VinvExportWriter *w, GOutputStream *out,
                              GCancellable *cancellable);
void vinv_export_writer_clear (VinvExportWriter *w);
/* Called between rows: fails with G_IO_ERROR_CANCELLED if cancelled, or
 * with the stream's error if a due write fails. */
gboolean vinv_export_writer_row_done (VinvExportWriter *w, GError **error);
/* Writes what is left and flushes the stream (which stays open). */
gboolean vinv_export_writer_finish (VinvExportWriter *w, GError **error);

/* Appends @n bytes of @s to @out: g_string_append_len() without the
 * function call when they fit (the exporters call this for every field). */
static inline void
vinv_export_put (GString *out, const char *s, gsize n)
{
    if (out->len + n < out->allocated_len) {
        memcpy (out->str + out->len, s, n);
        out->len += n;
        out->str[out->len] = '\0';
    } else {
        g_string_append_len (out, s, (gssize) n);
    }
}

/* Copies the NUL-terminated @s past the end of @out (into its free
 * space, without changing its length) while OR-ing the classes
 * (@byte_class) of its bytes into *flags: the exporters' one pass over a
 * field.  Returns the number of bytes copied; the caller then keeps them
 * with vinv_export_commit() or drops them with vinv_export_discard()
 * (until then @out is not NUL-terminated).  Returns -1 if @s does not fit
 * (*flags unchanged, @out as it was). */
static inline gssize
vinv_export_copy_scan (GString *out, const char *s, const guint8 *byte_class,
                       guint *flags)
{
    char *start = out->str + out->len;
    char *dst = start;
    char *limit = out->str + out->allocated_len - 1;   /* room for the NUL */
    const guint8 *p = (const guint8 *) s;
    guint f = 0;

    while (*p != '\0') {
        if (G_UNLIKELY (dst == limit)) {
            *start = '\0';
            return -1;
        }
        f |= byte_class[*p];
        *dst++ = (char) *p++;
    }
    *flags |= f;
    return dst - start;
}

/* Keeps the @n bytes vinv_export_copy_scan() copied. */
static inline void
vinv_export_commit (GString *out, gsize n)
{
    out->len += n;
    out->str[out->len] = '\0';
}

/* vinv_export_reserve()'s slow path: grows @out's allocation to hold @n
 * more bytes and a NUL; its length stays. */
void vinv_export_grow (GString *out, gsize n);

/* Makes room for @n more bytes (and a NUL) at the end of @out and returns
 * where they go, without changing @out's length: the caller writes them
 * and keeps them with vinv_export_commit (out, n). */
static inline char *
vinv_export_reserve (GString *out, gsize n)
{
    if (G_UNLIKELY (out->len + n >= out->allocated_len))
        vinv_export_grow (out, n);
    return out->str + out->len;
}

/* Drops what vinv_export_copy_scan() copied. */
static inline void
vinv_export_discard (GString *out)
{
    out->str[out->len] = '\0';
}

/* Rows ahead that the writers fetch: each row's cells are an allocation
 * of their own and each text a string elsewhere, so a writer that reads
 * row after row waits on a cache miss per shown cell; fetching the cells
 * of row r + VINV_EXPORT_AHEAD and what the cells of row r +
 * VINV_EXPORT_AHEAD / 2 point at, while row r is written, overlaps them. */
#define VINV_EXPORT_AHEAD 8

/* Prefetches, for view row @r (if there is one), the @n cells @cols of
 * its table row (@pointee FALSE), or what those cells point at (TRUE:
 * strings, references and lists; call it once the cells are in). */
static inline void
vinv_export_prefetch_row (VinvView *view, guint r, const guint *cols, guint n,
                          gboolean pointee)
{
    if (r >= vinv_view_get_n_rows (view))
        return;
    const VinvCell *cells = vinv_table_get_row (vinv_view_get_table (view),
                                                vinv_view_get_row (view, r));
    for (guint c = 0; c < n; c++) {
        const VinvCell *cell = &cells[cols[c]];
        if (!pointee)
            __builtin_prefetch (cell);
        else if (cell->kind == VINV_CELL_STRING || cell->kind == VINV_CELL_REF
                 || cell->kind == VINV_CELL_LIST)
            __builtin_prefetch (cell->v.s);
    }
}

/* Appends @v in decimal ("-42"), as printf's "%" G_GINT64_FORMAT does. */
void vinv_export_append_int (GString *out, gint64 v);
/* Writes the same at @dst, which has room for VINV_EXPORT_INT_MAX bytes
 * (no NUL), and returns the length. */
#define VINV_EXPORT_INT_MAX 20
gsize vinv_export_format_int (char *dst, gint64 v);

/* Appends @v (finite) in the shortest decimal form that reads back as the
 * same double: integral values below 1e21 as plain integers ("4294967296",
 * never "4.294967296e+09" or "4096.0"), others with up to 17 significant
 * digits ("1.5", "0.1", "1e+300").  -0 is written "0".  C locale always. */
void vinv_export_append_number (GString *out, double v);

/* Appends @v with at most 15 significant digits (integral values as plain
 * integers as above): for values that went through an inexact division, so
 * the noise of that division does not show ("500", not
 * "499.99999999999994"). */
void vinv_export_append_number_15 (GString *out, double v);

/* Appends the timestamp @ms (ms since the epoch) as ISO 8601 UTC:
 * "2026-11-22T04:29:24Z", with ".123" before the Z when the milliseconds
 * are not zero.  Returns FALSE (and appends nothing) outside years 1-9999. */
gboolean vinv_export_append_time (GString *out, gint64 ms);
/* Writes the same at @text, which has room for VINV_EXPORT_TIME_MAX bytes
 * (no NUL), and returns the length, or 0 outside years 1-9999. */
#define VINV_EXPORT_TIME_MAX 24
gsize vinv_export_format_time (char *text, gint64 ms);

/* @s if it is valid UTF-8, else a copy in *tmp with invalid sequences
 * replaced by U+FFFD.  Never NULL: a NULL @s gives "". */
const char *vinv_export_valid_utf8 (const char *s, char **tmp);

/* Writes @n views as one XLSX workbook (export-xlsx.c): a Summary sheet,
 * then a sheet per view.  @options may be NULL (defaults).  The shape of
 * VinvExportWriteFunc (export-files.h). */
gboolean vinv_export_xlsx_write (VinvView *const *views, const char *const *titles, guint n,
                                 const VinvExportOptions *options, GOutputStream *out,
                                 GCancellable *cancellable, GError **error);

/* Appends @s (NULL: as "") as one CSV text field, as the CSV writer
 * writes a string cell: "" when empty, @guard neutralising a formula
 * (export-csv.c; for tests/unit/test-export-fast.c, which calls it on texts
 * that end at a page boundary). */
void vinv_export_csv_append_text (GString *out, const char *s, gboolean guard);

/* The formats' writers (export-csv.c, export-json.c). */
gboolean vinv_export_csv_write (VinvView *view, VinvExportWriter *w, GError **error);
gboolean vinv_export_json_write_view (VinvView *view, const char *title,
                                      VinvExportWriter *w, GError **error);

G_END_DECLS
