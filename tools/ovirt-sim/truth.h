/* truth.h — the ground-truth dump of a generated environment (--dump-truth). */
#pragma once

#include "model.h"

/* Writes every entity of @m as typed JSON to @path (atomically). Returns
 * FALSE with @error set when the file can't be written. */
gboolean sim_truth_write (SimModel *m, const char *path, GError **error);
