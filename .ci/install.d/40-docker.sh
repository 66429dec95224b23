#!/usr/bin/env bash
# Container tests (tests/FactorioIsr.Tests/Deploy): Debian's docker.io and docker-compose (v1), a running dockerd
# (nothing else starts it), and two local base images, since no registry is reachable:
#   local/debian:bookworm  debootstrap minbase plus what the .NET runtime needs (OpenSSL, zlib, CA certificates, tzdata; isr runs with invariant globalization, so no ICU)
#   local/aspnet:10.0      the same plus this host's .NET and ASP.NET Core shared runtimes in /usr/share/dotnet,
#                          laid out as in Microsoft's aspnet images (a test-only stand-in for mcr.microsoft.com/dotnet/aspnet)
#   local/aspnet:10.0-chiseled  a distroless stand-in for mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled, the
#                          Dockerfile's default: only the files of the packages Microsoft's chiseled image has (taken
#                          from local/debian:bookworm with dpkg -L), root and app (1654) in /etc/passwd, no shell, no
#                          package manager, the same runtimes (docs/PERFORMANCE.md, "Container image size")
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
# The chiseled stand-in, as dotnet-docker's src/runtime-deps/10.0/noble-chiseled Dockerfile builds it with chisel:
# base-files (directories, release info), libc6, libgcc-s1, libstdc++6 and libssl3 (libs), the zlib1g that libssl's
# slice pulls in, OpenSSL's cert.pem link and the CA bundle (ca-certificates_data). No tzdata and no ICU, as in
# Microsoft's default chiseled images (their -extra variants add both). Debian's libssl3 is bookworm's, not noble's.
chiseled_packages="libc6 libgcc-s1 libstdc++6 libssl3 zlib1g"
chiseled_recipe="1 $chiseled_packages"
have=$("$DOCKER" image inspect -f '{{index .Config.Labels "dotnet.runtime"}} {{index .Config.Labels "stand-in.recipe"}}' local/aspnet:10.0-chiseled 2>/dev/null || true)
if [ "$have" != "$runtime $chiseled_recipe" ]; then
  ctx=$(mktemp -d)
  "$DOCKER" run --rm --network none -v "$ctx:/out" -e "PACKAGES=$chiseled_packages" local/debian:bookworm bash -euo pipefail -c '
    r=/out/rootfs
    mkdir -p "$r"/usr/bin "$r"/usr/sbin "$r"/usr/lib "$r"/usr/lib64 "$r"/etc/profile.d "$r"/etc/ssl/certs "$r"/home \
      "$r"/root "$r"/tmp "$r"/run/lock "$r"/var/cache "$r"/var/lib/dpkg "$r"/var/log "$r"/var/tmp "$r"/usr/lib/ssl
    for d in bin sbin lib lib64; do ln -s "usr/$d" "$r/$d"; done
    ln -s /run/lock "$r"/var/lock && ln -s /run "$r"/var/run
    chmod 1777 "$r"/tmp "$r"/run/lock "$r"/var/tmp && chmod 700 "$r"/root
    # The shared objects of the packages (their *_libs slices), at their merged-/usr paths; not gconv, docs or gdb helpers.
    for p in $PACKAGES; do dpkg -L "$p"; done | grep -E "\.so(\.[0-9]+)*$" | grep -v /gconv/ | sort -u | while read -r f; do
      [ -e "$f" ] || [ -L "$f" ] || continue
      [ -d "$f" ] && continue
      d="$r$(readlink -f "$(dirname "$f")")"
      mkdir -p "$d" && cp -a "$f" "$d/"
    done
    cp -a /etc/debian_version /etc/host.conf /etc/issue /etc/issue.net /etc/os-release "$r"/etc/
    cp -a /usr/lib/os-release "$r"/usr/lib/ && mkdir -p "$r"/etc/dpkg/origins && cp -a /etc/dpkg/origins/debian "$r"/etc/dpkg/origins/
    cp /etc/ssl/certs/ca-certificates.crt "$r"/etc/ssl/certs/ && cp -a /usr/lib/ssl/cert.pem "$r"/usr/lib/ssl/
    printf "root:x:0:0:root:/root:/bin/bash\napp:x:1654:1654::/home/app:/bin/false\n" >"$r"/etc/passwd
    printf "root:x:0:\napp:x:1654:\n" >"$r"/etc/group
    install -d -m 0755 -o 1654 -g 1654 "$r"/home/app
    dpkg-query -s $PACKAGES ca-certificates base-files >"$r"/var/lib/dpkg/status'
  mkdir -p "$ctx/rootfs/usr/share/dotnet/shared" "$ctx/rootfs/usr/share/dotnet/host"
  cp "$dotnet_root/dotnet" "$ctx/rootfs/usr/share/dotnet/"
  cp -r "$dotnet_root/host/fxr" "$ctx/rootfs/usr/share/dotnet/host/"
  cp -r "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/shared/Microsoft.AspNetCore.App" "$ctx/rootfs/usr/share/dotnet/shared/"
  ln -s /usr/share/dotnet/dotnet "$ctx/rootfs/usr/bin/dotnet"
  tar --numeric-owner -C "$ctx/rootfs" -c . | "$DOCKER" import \
    -c "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin APP_UID=1654 ASPNETCORE_HTTP_PORTS=8080 DOTNET_RUNNING_IN_CONTAINER=true DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true" \
    -c "USER 1654" -c 'ENTRYPOINT ["/usr/bin/dotnet"]' -c 'CMD ["--info"]' \
    -c "LABEL dotnet.runtime=$runtime" -c "LABEL stand-in.recipe=\"$chiseled_recipe\"" \
    - local/aspnet:10.0-chiseled >/dev/null
  rm -rf "$ctx"
fi
echo "docker: $("$DOCKER" version -f '{{.Server.Version}}'), $(docker-compose version --short 2>/dev/null), images local/debian:bookworm local/aspnet:10.0 local/aspnet:10.0-chiseled (runtime $runtime)"
