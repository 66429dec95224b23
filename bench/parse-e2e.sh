#!/usr/bin/env bash
# End-to-end measure of `isr parse FILE > /dev/null` on a generated, realistic 1M-line console log,
# and of `isr check` on a 100-server configuration with the shipped packs.
# Usage: bench/parse-e2e.sh [LINES] [RUNS] [BASELINE_ISR_DLL]
# With BASELINE_ISR_DLL (an isr.dll built from another commit), both are run alternately on the same file: a side-by-side
# ratio that holds on a busy machine. Each run also reports its CPU time (user+sys), steadier than wall time under load.
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
runs=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build -c Release src/FactorioIsr -v q -nologo >/dev/null
dotnet run -c Release --project bench/FactorioIsr.Benchmarks -- generate-console-log "$lines" "$work/console.log"
isr=(dotnet src/FactorioIsr/bin/Release/net10.0/isr.dll)
baseline=${3:-}
echo "load: $(uptime)"

# One run: "lines/s cpu-seconds".
parse_once() {
  /usr/bin/time -f 'cpu %U %S' "$@" parse "$work/console.log" 2>&1 >/dev/null \
    | awk '/lines\/s/ {rate = $0; sub(/.*\(/, "", rate); sub(/ lines\/s.*/, "", rate)} /^cpu/ {cpu = $2 + $3} END {print rate, cpu}'
}

summary() {
  sort -n | awk '{r[NR]=$1; c[NR]=$2} END {print "lines/s min " r[1] "  median " r[int((NR+1)/2)] "  max " r[NR] "   (cpu s of the median run: " c[int((NR+1)/2)] ")"}'
}

echo "== isr parse, $lines lines, $runs runs (lines/s as reported by isr parse)"
: > "$work/new.txt"
: > "$work/base.txt"
for _ in $(seq "$runs"); do
  parse_once "${isr[@]}" >> "$work/new.txt"
  if [[ -n "$baseline" ]]; then
    parse_once dotnet "$baseline" >> "$work/base.txt"
  fi
done
echo "this build: $(summary < "$work/new.txt")"
if [[ -n "$baseline" ]]; then
  echo "baseline:   $(summary < "$work/base.txt")"
fi

echo "== isr check, 100 servers, $runs runs (wall ms including process start)"
{
  echo "servers:"
  for i in $(seq 1 100); do
    printf '  srv-%03d:\n    log_path: /srv/%03d/console.log\n    current_log_path: /srv/%03d/factorio-current.log\n    rcon_host: 127.0.0.1\n    rcon_port: %d\n    rcon_password: pw\n    event_channel_id: %d\n' "$i" "$i" "$i" $((27000 + i)) $((100000000000000000 + i))
  done
} > "$work/servers.yml"
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "${isr[@]}" check --config "$work/servers.yml" --patterns patterns >/dev/null
  echo $(( ($(date +%s%N) - start) / 1000000 ))
done | sort -n | awk '{a[NR]=$1} END {print "min " a[1] " ms  median " a[int((NR+1)/2)] " ms  max " a[NR] " ms"}'
