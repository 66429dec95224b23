#!/usr/bin/env bash
# Container tests (tests/FactorioIsr.Tests/Deploy): Debian's docker.io and docker-compose (v1), a running dockerd
# (nothing else starts it), and two local base images, since no registry is reachable:
#   local/debian:bookworm  debootstrap minbase plus what the .NET runtime needs (OpenSSL, zlib, CA certificates, tzdata; isr runs with invariant globalization, so no ICU)
#   local/aspnet:10.0      the same plus this host's .NET and ASP.NET Core shared runtimes in /usr/share/dotnet,
#                          laid out as in Microsoft's aspnet images (a test-only stand-in for mcr.microsoft.com/dotnet/aspnet)
# Idempotent and quiet: each step is skipped when its result is already there.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
DOCKER=/usr/bin/docker   # the newer client on PATH (/usr/local/bin/docker) has no buildx

missing=()
[ -x "$DOCKER" ] || missing+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! "$DOCKER" info >/dev/null 2>&1; then
  mkdir -p /var/log
  # setsid: dockerd outlives the install step and its process group.
  setsid nohup dockerd --storage-driver=overlay2 >/var/log/dockerd.log 2>&1 </dev/null &
  for _ in $(seq 1 120); do
    "$DOCKER" info >/dev/null 2>&1 && break
    sleep 0.5
  done
  "$DOCKER" info >/dev/null 2>&1 || { echo "dockerd did not start; see /var/log/dockerd.log" >&2; tail -20 /var/log/dockerd.log >&2; exit 1; }
fi

# The Debian mirror apt uses on this machine (deb822 or one-line sources).
mirror=$(grep -hoE '^URIs: *\S+' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
if [ -z "$mirror" ]; then
  mirror=$(grep -hoE '^deb +(\[[^]]*\] +)?\S+' /etc/apt/sources.list 2>/dev/null | awk '{print $NF}' | grep -v security | head -1 || true)
fi
mirror=${mirror:-http://deb.debian.org/debian}

if ! "$DOCKER" image inspect local/debian:bookworm >/dev/null 2>&1; then
  root=$(mktemp -d)
  debootstrap --variant=minbase --include=ca-certificates,libssl3,zlib1g,tzdata \
    bookworm "$root" "$mirror" >/dev/null
  # Trimmed as Debian's bookworm-slim is (no translations, manuals or docs).
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/locale/* \
    "$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/info
  tar -C "$root" -c . | "$DOCKER" import - local/debian:bookworm >/dev/null
  rm -rf "$root"
fi

dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime=$(ls "$dotnet_root/shared/Microsoft.AspNetCore.App" | sort -V | tail -1)
have=$("$DOCKER" image inspect -f '{{index .Config.Labels "dotnet.runtime"}}' local/aspnet:10.0 2>/dev/null || true)
if [ "$have" != "$runtime" ]; then
  ctx=$(mktemp -d)
  mkdir -p "$ctx/dotnet/shared" "$ctx/dotnet/host"
  cp "$dotnet_root/dotnet" "$ctx/dotnet/"
  cp -r "$dotnet_root/host/fxr" "$ctx/dotnet/host/"
  cp -r "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/shared/Microsoft.AspNetCore.App" "$ctx/dotnet/shared/"
  cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM local/debian:bookworm
COPY dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_RUNNING_IN_CONTAINER=true APP_UID=1654
DOCKERFILE
  DOCKER_BUILDKIT=1 "$DOCKER" build -q --label "dotnet.runtime=$runtime" -t local/aspnet:10.0 "$ctx" >/dev/null
  rm -rf "$ctx"
fi
echo "docker: $("$DOCKER" version -f '{{.Server.Version}}'), $(docker-compose version --short 2>/dev/null), images local/debian:bookworm local/aspnet:10.0 (runtime $runtime)"
