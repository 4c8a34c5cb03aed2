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
# (bounded), sets $url and $spid.
start_sim() {
    local name=$1
    shift
    "$sim" --vms "$vms" --port 0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
    spid=$!
    pids+=($spid)
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

cpu_ticks() {   # user + system clock ticks of process $1
    awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# fetch LABEL PID RAW_BYTES [curl args]: one table row: bytes on the wire,
# wall time, wire rate, rate of the uncompressed body (RAW_BYTES, 0 = same)
# and the simulator's CPU time for the request.
fetch() {
    local label=$1 pid=$2 raw=$3
    shift 3
    local t0 t1
    t0=$(cpu_ticks "$pid")
    curl -s "${auth[@]}" -o /dev/null -w '%{size_download} %{time_total}\n' "$@" >"$tmp/fetch"
    t1=$(cpu_ticks "$pid")
    awk -v label="$label" -v raw="$raw" -v cpu=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" '{
        if (raw == 0) raw = $1
        printf "| %s | %d | %.3f | %.0f MB/s | %.0f MB/s | %.2f s |\n",
            label, $1, $2, $1 / $2 / 1e6, raw / $2 / 1e6, cpu / hz
    }' "$tmp/fetch"
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
cpid=$spid
start_sim warm
warm=$url
wpid=$spid
raw=$(curl -s "${auth[@]}" -o /dev/null -w '%{size_download}' "$cold/$query")
echo "GET /ovirt-engine/api/$query"
echo
echo "| request | bytes sent | seconds | wire rate | body rate | simulator CPU |"
echo "|---|---|---|---|---|---|"
for i in 1 2 3; do fetch "rendered (--cache-mb 0) #$i" "$cpid" 0 "$cold/$query"; done
for i in 1 2 3; do fetch "cached #$i (the first renders)" "$wpid" 0 "$warm/$query"; done
for i in 1 2; do
    fetch "gzip, rendered #$i" "$cpid" "$raw" -H 'Accept-Encoding: gzip' "$cold/$query"
done
for i in 1 2 3; do
    fetch "gzip, cached #$i (the first renders)" "$wpid" "$raw" -H 'Accept-Encoding: gzip' \
        "$warm/$query"
done

echo
echo "2000 sequential small requests on one keep-alive connection (curl -K):"
vm=$(curl -s "${auth[@]}" "$cold/vms?max=1" | sed -n 's/^    "id" : "\(.*\)",*$/\1/p' | tail -1)
for path in "vms/$vm" "vms/$vm/statistics"; do
    for _ in $(seq 1 2000); do
        printf 'url = "%s/%s"\noutput = "/dev/null"\n' "$cold" "$path"
    done >"$tmp/small.cfg"
    t0=$(date +%s.%N)
    curl -s "${auth[@]}" -K "$tmp/small.cfg"
    t1=$(date +%s.%N)
    awk -v p="$path" -v t0="$t0" -v t1="$t1" \
        'BEGIN { printf "    GET %s x 2000: %.2f s = %.0f requests/s\n", p, t1 - t0,
                 2000 / (t1 - t0) }'
done

echo
echo "8 concurrent clients, same request, rendered for each (--cache-mb 0):"
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
    'BEGIN { printf "    %.0f bytes in %.2f s = %.0f MB/s aggregate\n", b, t1 - t0,
             b / (t1 - t0) / 1e6 }'
