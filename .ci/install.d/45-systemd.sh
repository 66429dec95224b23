#!/usr/bin/env bash
# The systemd unit test runs `systemd-analyze verify` (Debian package systemd). Idempotent and quiet.
set -euo pipefail
if ! command -v systemd-analyze >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq systemd >/dev/null
fi
echo "systemd-analyze: $(command -v systemd-analyze)"
