#!/usr/bin/env bash
# Tailing/state tests (G18) make a state directory read-only with chattr +i (e2fsprogs) and full with a tiny tmpfs
# (mount, util-linux); they run as root. Both are in a standard Debian install; make sure, quietly and idempotently.
set -euo pipefail
if ! command -v chattr >/dev/null 2>&1 || ! command -v mount >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq e2fsprogs mount >/dev/null
fi
