#!/usr/bin/env bash
# The window in which a SIGTERM ends `isr run` with 143 instead of a clean stop (docs/operations.md, "Stopping").
#   bench/sigterm-window.sh LAUNCH...      e.g. bench/sigterm-window.sh dotnet src/FactorioIsr/bin/Release/net10.0/isr.dll
# 1. Under strace: when the runtime installs its own SIGTERM handler (coreclr's PAL: a SIGTERM from then on shuts the
#    runtime down with exit code 143) and when isr's PosixSignalRegistration replaces it (the first statement of
#    Program.cs: from then on SIGTERM is a clean stop, exit 0). Milliseconds after execve, 3 runs.
# 2. Without strace: SIGTERM after D ms, the exit codes of 3 runs per D.
set -u
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
patterns=$(dirname "${@: -1}")/patterns
{ echo "servers:"; : > "$dir/s1.log"; printf '  s1:\n    log_path: "%s/s1.log"\n' "$dir"; } > "$dir/servers.yml"
if command -v strace > /dev/null; then
  for r in 1 2 3; do
    rm -f "$dir"/isr.db*
    HEALTH_CHECK_HOST=127.0.0.1 HEALTH_CHECK_PORT=$(( 20000 + RANDOM % 20000 )) strace -f -ttt -e trace=execve,rt_sigaction -o "$dir/trace" \
      "$@" run --config "$dir/servers.yml" --patterns "$patterns" --state "$dir/isr.db" > /dev/null 2>&1 &
    p=$!; sleep 3; kill -TERM "$(pgrep -P $p)"; wait $p
    start=$(grep -m1 execve "$dir/trace" | awk '{print $2}')
    grep 'rt_sigaction(SIGTERM, {' "$dir/trace" | awk -v s="$start" 'NR==1{r=($2-s)*1000} NR==2{i=($2-s)*1000} END{printf "strace run: runtime handler at %.0f ms, isr handler at %.0f ms\n", r, i}'
  done
fi
for d in 2 5 10 20 30 40 50 60 80 100 150 200; do
  codes=""
  for r in 1 2 3; do
    rm -f "$dir"/isr.db*
    # A simple command, not a function: the background job's PID ($!) is then isr itself once bash has exec'd it (a
    # function runs in a bash subshell, which a SIGTERM kills with 143 while isr goes on as an orphan).
    port=$(( 20000 + RANDOM % 20000 ))
    HEALTH_CHECK_HOST=127.0.0.1 HEALTH_CHECK_PORT=$port "$@" run --config "$dir/servers.yml" --patterns "$patterns" --state "$dir/isr.db" > /dev/null 2>&1 &
    pid=$!
    sleep "$(awk "BEGIN{print $d/1000}")"
    kill -TERM $pid; wait $pid; codes="$codes $?"
  done
  echo "SIGTERM after ${d} ms: exit$codes"
done
