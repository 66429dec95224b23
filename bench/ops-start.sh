#!/usr/bin/env bash
# Start-to-ready and idle RSS of `isr run` (docs/PERFORMANCE.md, "Operations").
#   bench/ops-start.sh ISR_DLL SERVERS RUNS [IDLE_SECONDS]
# Writes SERVERS servers (one empty console log each) into a temp directory, starts `isr run` RUNS times and prints,
# per run: ms from process start until the relay is started (GET /ready answers 200; for a build without HTTP, until
# it logs "relaying N server(s)"), then VmRSS after IDLE_SECONDS of idling (default 10).
set -euo pipefail
dll=$1; servers=$2; runs=$3; idle=${4:-10}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
patterns=$(dirname "$dll")/patterns
{
  echo "servers:"
  for i in $(seq 1 "$servers"); do
    : > "$dir/s$i.log"
    printf '  s%d:\n    log_path: "%s/s%d.log"\n    event_channel_id: %d\n' "$i" "$dir" "$i" "$i"
  done
} > "$dir/servers.yml"
port=$(( 20000 + RANDOM % 20000 ))
for r in $(seq 1 "$runs"); do
  rm -f "$dir"/isr.db*
  : > "$dir/err"
  start=$(date +%s%N)
  HEALTH_CHECK_HOST=127.0.0.1 HEALTH_CHECK_PORT=$port DOTNET_TieredPGO=0 dotnet "$dll" run --config "$dir/servers.yml" --patterns "$patterns" --state "$dir/isr.db" 2> "$dir/err" > /dev/null &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/ready" 2>/dev/null || grep -q "relaying $servers server" "$dir/err"; do
    kill -0 $pid 2>/dev/null || { echo "isr exited"; cat "$dir/err"; exit 1; }
    sleep 0.005
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep "$idle"
  rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  kill -TERM $pid; wait $pid || true
  echo "run $r: ready_ms=$ready idle_rss_kb=$rss"
done
