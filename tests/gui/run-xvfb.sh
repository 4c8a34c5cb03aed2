#!/bin/bash
# run-xvfb.sh PROGRAM ARGS... — runs a GUI test program on a private X
# server.  Xvfb tells us its display number through -displayfd once it is
# ready to accept clients (no sleeping); if Xvfb is missing or cannot
# start, the program runs without a display and reports a TAP skip itself.
# Set VINV_TEST_USE_DISPLAY=1 to use the current $DISPLAY instead.
set -u
prog=$1
shift

if [ -n "${VINV_TEST_USE_DISPLAY:-}" ] || ! command -v Xvfb >/dev/null 2>&1; then
    exec "$prog" "$@"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkfifo "$tmp/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset \
    3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!
display=""
read -r display <"$tmp/display" || true

unset WAYLAND_DISPLAY
if [ -z "$display" ]; then
    echo "# Xvfb did not start: $(tail -n 1 "$tmp/xvfb.log" 2>/dev/null)" >&2
    unset DISPLAY
    "$prog" "$@"
    exit $?
fi

DISPLAY=":$display" GDK_BACKEND=x11 "$prog" "$@"
rc=$?
kill "$xvfb_pid" 2>/dev/null
wait "$xvfb_pid" 2>/dev/null
exit $rc
