#!/usr/bin/env bash
# The /metrics test checks the exposition with Prometheus's own `promtool check metrics` (Debian package prometheus).
set -euo pipefail
if ! command -v promtool >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
