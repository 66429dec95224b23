#!/usr/bin/env bash
# RCON conformance tools: Debian's lua5.2 (runs the Lua encoder's output; its luac5.2 checks and lua5.2 runs the
# companion mod's tests) and Node with the npm package
# rcon-client (a third-party RCON client run against the simulator). Idempotent and quiet.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
{ command -v lua5.2 && command -v luac5.2; } >/dev/null 2>&1 || missing+=(lua5.2)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -d tests/conformance/rcon/node_modules/rcon-client ]; then
  npm install --prefix tests/conformance/rcon --no-audit --no-fund --loglevel=error >/dev/null
fi
echo "rcon conformance tools: lua5.2 $(command -v lua5.2), luac5.2 $(command -v luac5.2), node $(node --version), rcon-client installed"
