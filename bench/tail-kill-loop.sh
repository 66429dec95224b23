#!/usr/bin/env bash
# The kill -9 rotation tests (tests/FactorioIsr.Tests/Hosting/TailKillRotationProcessTests.cs) for many rounds each
# (CI runs one): rename rotation, copytruncate into a fresh NAME.1, copytruncate over an existing NAME.1, a symlink
# flipped and flipped back; each round SIGKILLs `isr run` around the rotation and checks that the JSONL output holds
# every line exactly once. Prints how many rounds of each were exactly once.
#   bench/tail-kill-loop.sh [ROUNDS] [FILTER]   (default 20 rounds of all four; FILTER narrows to one test name,
#   e.g. Symlink; build first: dotnet build FactorioIsr.slnx -c Release)
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-20}"
only="${2:-}"
report="$(mktemp /tmp/isr-kill-loop-XXXXXX.txt)"
ISR_TAIL_KILL_ROUNDS="$rounds" ISR_TAIL_KILL_REPORT="$report" \
  dotnet test "$here/tests/FactorioIsr.Tests" -c Release --no-build --filter "FullyQualifiedName~TailKillRotationProcessTests${only:+&FullyQualifiedName~$only}" > "$report.log" 2>&1
status=$?
cat "$report"
grep -E "^(Passed|Failed)!" "$report.log" || tail -20 "$report.log"
if [ "$status" -ne 0 ]; then echo "test log kept: $report.log"; else rm -f "$report.log"; fi
rm -f "$report"
exit "$status"
