#!/usr/bin/env bash
# Measures ovirt-sim itself: generation time for a 10,000-VM environment and
# the streaming rate of the heaviest collection request, cold (rendered for
# the request) and warm (from the rendered-body cache), plain and gzip, plus
# 8 concurrent clients. Prints a Markdown table; figures go to BENCHMARKS.md.
#   tools/ovirt-sim/bench.sh [BUILD_DIR] [VMS]
set -euo pipefail

build=${1:-build-sim}
vms=${2:-10000}
sim="$build/tools/ovirt-sim/ovirt-sim"
query='vms?follow=disk_attachments,nics.statistics,statistics'
auth=(-u 'admin@internal:ovirt')
tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT

# start_sim NAME ARGS...: starts a simulator, waits for its readiness line
# (bounded), sets $url.
start_sim() {
    local name=$1
    shift
    "$sim" --vms "$vms" --port 0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
    pids+=($!)
    for _ in $(seq 1 600); do
        if grep -q 'listening on' "$tmp/$name.out"; then
            url=$(sed -n 's/^ovirt-sim: listening on //p' "$tmp/$name.out")
            return 0
        fi
        sleep 0.05
    done
    echo "simulator did not start" >&2
    exit 1
}

fetch() {   # fetch LABEL [curl args]: prints one table row
    local label=$1
    shift
    curl -s "${auth[@]}" -o /dev/null -w "| $label | %{size_download} | %{time_total} |" "$@" |
        awk -F'|' '{ printf "%s| %.1f MB/s |\n", $0, $3 / $4 / 1e6 }'
}

echo "Generation ($vms VMs, --dump-only, as reported by ovirt-sim):"
"$sim" --vms "$vms" --dump-only 2>&1 | sed 's/^/    /'
start=$(date +%s.%N)
start_sim ready
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "Start to readiness line: %.2f s\n", b - a }'
echo

start_sim cold --cache-mb 0
cold=$url
start_sim warm
warm=$url
echo "| request | bytes | seconds | rate |"
echo "|---|---|---|---|"
for i in 1 2 3; do fetch "cold #$i (--cache-mb 0)" "$cold/$query"; done
for i in 1 2 3; do fetch "cache #$i (first one renders)" "$warm/$query"; done
for i in 1 2; do fetch "cold gzip #$i" -H 'Accept-Encoding: gzip' "$cold/$query"; done
for i in 1 2; do fetch "cache gzip #$i" -H 'Accept-Encoding: gzip' "$warm/$query"; done

echo
echo "8 concurrent clients, cold, same request:"
t0=$(date +%s.%N)
cpids=()
for i in $(seq 1 8); do
    curl -s "${auth[@]}" -o /dev/null -w '%{size_download}\n' "$cold/$query" >"$tmp/par$i" &
    cpids+=($!)
done
wait "${cpids[@]}"
t1=$(date +%s.%N)
total=$(cat "$tmp"/par* | awk '{s += $1} END {print s}')
awk -v b="$total" -v t0="$t0" -v t1="$t1" \
    'BEGIN { printf "    %d bytes in %.2f s = %.1f MB/s aggregate\n", b, t1 - t0, b / (t1 - t0) / 1e6 }'
