/* json-map-yajl.h — yajl as a reader for json-map.c's mapping
 * (json-map-engine.h): the reference engine of the differential test
 * (test-ovirt-json-diff.c) and the comparison in bench/json-bench.  Test
 * and benchmark code only: the product does not link yajl.
 */
#pragma once

#include "json-map-engine.h"

G_BEGIN_DECLS

/* The engine: yajl 2 with string validation off (the mapping checks the
 * values it keeps), feeding the mapping's events; values the mapping skips
 * are parsed and their events dropped. */
extern const VinvJsonEngine vinv_json_engine_yajl;

/* Bytes yajl has parsed for the mapping so far, in this process (any
 * thread): lets a test check the reference engine really ran. */
guint64 vinv_json_engine_yajl_bytes (void);

G_END_DECLS
