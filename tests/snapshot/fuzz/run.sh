#!/usr/bin/env bash
# Builds the libFuzzer target for the saved-inventory reader with clang
# (AddressSanitizer + UndefinedBehaviorSanitizer) and runs it.
#   tests/snapshot/fuzz/run.sh [SECONDS] [BUILD_DIR]
# SECONDS defaults to 60.  BUILD_DIR (default build) must hold a configured
# build, whose virt-inventory writes the seed corpus: the demo saved, and
# small list-cell JSON values.  Findings are written to fuzz-out/ and make
# the exit status non-zero.  Needs clang and libclang-rt-14-dev (scripts/deps).
set -euo pipefail
cd "$(dirname "$0")/../../.."
seconds=${1:-60}
build=${2:-build}
out=fuzz-out/snapshot
mkdir -p "$out/corpus" "$out/bin"

src=(src/snapshot/sql.c src/snapshot/sql-pg.c src/snapshot/codec.c src/snapshot/snapshot-file.c
     src/snapshot/history.c src/snapshot/snapshot-backend.c src/core/*.c)
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -DG_LOG_USE_STRUCTURED=1 -I"$build" -Isrc -Isrc/snapshot \
    $(pkg-config --cflags glib-2.0 gio-2.0 sqlite3 libpq) \
    tests/snapshot/fuzz/fuzz-snapshot-reader.c "${src[@]}" \
    $(pkg-config --libs glib-2.0 gio-2.0 sqlite3 libpq) -lm \
    -o "$out/bin/fuzz-snapshot-reader"

# Seeds: a saved demo (even first byte: the file reader) and list values.
if [ ! -f "$out/corpus/demo" ]; then
    tmp=$(mktemp -d)
    VINV_DEMO_DIR=data/demo "$build/src/cli/virt-inventory" -q save "$tmp/demo.vinv"
    { printf '\0'; cat "$tmp/demo.vinv"; } > "$out/corpus/demo"
    rm -rf "$tmp"
    printf '\1[]' > "$out/corpus/json-empty"
    printf '\1["a",{"text":"b","id":"c"},{"id":null,"text":"\\ud83d\\ude00"}]' > "$out/corpus/json-items"
fi
ASAN_OPTIONS=detect_leaks=1 "$out/bin/fuzz-snapshot-reader" "$out/corpus" \
    -max_total_time="$seconds" -max_len=1048576 -rss_limit_mb=2048 -timeout=20 \
    -artifact_prefix="$out/" -print_final_stats=1
