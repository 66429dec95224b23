#!/usr/bin/env bash
# End-to-end measure of `isr parse FILE > /dev/null` on a generated, realistic 1M-line console log,
# and of `isr check` on a 100-server configuration with the shipped packs.
# Usage: bench/parse-e2e.sh [LINES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
runs=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build -c Release src/FactorioIsr -v q -nologo >/dev/null
dotnet run -c Release --project bench/FactorioIsr.Benchmarks -- generate-console-log "$lines" "$work/console.log"
isr=(dotnet src/FactorioIsr/bin/Release/net10.0/isr.dll)

echo "== isr parse, $lines lines, $runs runs (lines/s as reported by isr parse)"
for _ in $(seq "$runs"); do
  "${isr[@]}" parse "$work/console.log" 2>&1 >/dev/null | sed -E 's/.* \(([0-9]+) lines\/s\)/\1/'
done | sort -n | awk '{a[NR]=$1} END {print "min " a[1] "  median " a[int((NR+1)/2)] "  max " a[NR]}'

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
