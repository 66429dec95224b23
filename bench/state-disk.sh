#!/usr/bin/env bash
# Disk writes of the state store per relayed event, measured with /proc/PID/io (write_bytes: bytes this process
# caused to be sent to storage), and the largest WAL seen, at a low line rate: `isr run` follows one console.log
# (one chat line every 1/RATE s) with the JSONL output on tmpfs (/dev/shm: not counted by write_bytes), so what is
# counted is the state directory (on the disk of $TMPDIR, which must not be tmpfs) and nothing else.
# With BASELINE_ISR_DLL (an isr.dll built from another commit) both run at the same time, side by side, each in its
# own directory, so a busy machine affects both alike.
# Usage: bench/state-disk.sh [EVENTS=60] [RATE=1] [BASELINE_ISR_DLL]
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-60}
rate=${2:-1}
baseline=${3:-}
work=$(mktemp -d)
out=$(mktemp -d -p /dev/shm)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work" "$out"
}
trap cleanup EXIT
if [[ "$(stat -f -c %T "$work")" == tmpfs ]]; then
  echo "$work is on tmpfs: write_bytes would be 0; set TMPDIR to a directory on a disk" >&2
  exit 2
fi

[[ -n "${ISR_BENCH_NO_BUILD:-}" ]] || dotnet build -c Release src/FactorioIsr -v q -nologo >/dev/null
echo "load: $(uptime)"

# run NAME DLL: follows $work/NAME/console.log for $events lines; prints "NAME bytes/event wal-max-bytes db-bytes".
run() {
  local name=$1 dll=$2 dir=$work/$1
  mkdir -p "$dir" "$out/$name"
  : > "$dir/console.log"
  cat > "$dir/servers.yml" <<EOF
servers:
  srv:
    event_channel_id: 1
    start_at: beginning
    sources:
      - kind: console
        path: $dir/console.log
EOF
  dotnet "$dll" run --config "$dir/servers.yml" --patterns patterns --state "$dir/state/isr.db" \
    --jsonl "$out/$name/events.jsonl" >/dev/null 2>"$out/$name/stderr" &
  local pid=$!
  pids+=("$pid")
  # Warm-up: 5 lines, then wait until they are delivered and the process is idle.
  for i in $(seq 1 5); do echo "2026-11-26 12:00:00 [CHAT] Warm: seq=$i" >> "$dir/console.log"; done
  until [[ -f "$out/$name/events.jsonl" ]] && (( $(wc -l < "$out/$name/events.jsonl") >= 5 )); do sleep 0.2; done
  sleep 3
  local before wal_max=0
  before=$(awk '/^write_bytes/ {print $2}' "/proc/$pid/io")
  for i in $(seq 1 "$events"); do
    echo "2026-11-26 12:00:00 [CHAT] Writer: seq=$(printf %07d "$i") hello there, anyone up for a rocket launch tonight?" >> "$dir/console.log"
    local w
    w=$(stat -c %s "$dir/state/isr.db-wal" 2>/dev/null || echo 0)
    (( w > wal_max )) && wal_max=$w
    sleep "$(awk -v r="$rate" 'BEGIN {print 1 / r}')"
  done
  until (( $(wc -l < "$out/$name/events.jsonl") >= events + 5 )); do sleep 0.2; done
  sleep 1
  local after
  after=$(awk '/^write_bytes/ {print $2}' "/proc/$pid/io")
  kill -TERM "$pid"
  wait "$pid" || true
  echo "$name $(( (after - before) / events )) $wal_max $(stat -c %s "$dir/state/isr.db")"
}

echo "== $events events at $rate line(s)/s; bytes written per event (write_bytes), largest WAL, database size"
run this src/FactorioIsr/bin/Release/net10.0/isr.dll > "$work/this.txt" &
runner=$!
if [[ -n "$baseline" ]]; then
  run baseline "$baseline" > "$work/base.txt" &
  wait $!
fi
wait "$runner"
printf '%-9s %14s %12s %12s\n' build bytes/event wal-max db-size
for f in this base; do
  [[ -f "$work/$f.txt" ]] && awk '{printf "%-9s %14d %12d %12d\n", $1, $2, $3, $4}' "$work/$f.txt"
done
