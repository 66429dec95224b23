#!/usr/bin/env bash
# The launcher `isr` (src/FactorioIsr/Launcher) is a small C program linked statically: the build needs a C compiler
# and the static C library (Debian: gcc, libc6-dev). Without them the build still works, but `isr` is the plain .NET
# apphost and the launcher's tests fail. Idempotent and quiet.
set -euo pipefail
probe=$(mktemp -d); trap 'rm -rf "$probe"' EXIT
if ! printf 'int main(void){return 0;}\n' | cc -static -x c - -o "$probe/a.out" >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq gcc libc6-dev >/dev/null
fi
echo "launcher compiler: $(command -v cc)"
