#!/usr/bin/env bash
# Idle CPU of `isr run` following many quiet log files (issue #11 item 7): N servers, one log file each, all in one
# directory, nothing written; after a settle time, the process's CPU time (utime+stime from /proc/PID/stat) over a
# window, as a percentage of one core.
#   bench/tail-idle.sh [ISR_DLL] [FILES] [SETTLE_S] [MEASURE_S] [POLL_ONLY]
# ISR_DLL defaults to this tree's Release build; give another build's isr.dll to compare side by side.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dll="${1:-$here/src/FactorioIsr/bin/Release/net10.0/isr.dll}"
files="${2:-10000}"
settle="${3:-30}"
measure="${4:-20}"
poll_only="${5:-false}"
work="$(mktemp -d /tmp/isr-idle-XXXXXX)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
{
  printf 'tailing:\n  poll_only: %s\nservers:\n' "$poll_only"
  for ((i = 0; i < files; i++)); do
    printf '  s%05d:\n    event_channel_id: 1\n    log_path: %s/logs/f%05d.log\n' "$i" "$work" "$i"
  done
} > "$work/servers.yml"
mkdir -p "$work/logs"
for ((i = 0; i < files; i++)); do printf '2026-12-01 12:00:00 [CHAT] a: hello\n' > "$work/logs/f$(printf %05d "$i").log"; done
ulimit -n "$(ulimit -Hn)"
HEALTH_CHECK_PORT="${HEALTH_CHECK_PORT:-18$((RANDOM % 900 + 100))}" dotnet "$dll" run --config "$work/servers.yml" --patterns "$here/patterns" --state "$work/isr.db" --jsonl "$work/events.jsonl" > "$work/stderr.txt" 2>&1 &
pid=$!
sleep "$settle"
tick=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
c0=$(cpu); t0=$(date +%s.%N)
sleep "$measure"
c1=$(cpu); t1=$(date +%s.%N)
awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v tick="$tick" -v f="$files" -v dll="$dll" -v po="$poll_only" \
  'BEGIN { printf "%s: %d idle files (poll_only %s): %.1f %% of a core (%.2f s CPU in %.1f s)\n", dll, f, po, 100 * (c1 - c0) / tick / (t1 - t0), (c1 - c0) / tick, t1 - t0 }'
grep -c . "$work/stderr.txt" | xargs -I{} echo "  stderr lines: {}"
