#!/usr/bin/env bash
# Prepares THIS machine to run Redline's containers, as root: installs Debian's Docker engine, docker-compose 1.x
# and debootstrap (for ./redline images) when missing, raises vm.max_map_count for Elasticsearch, and starts
# dockerd when no engine answers. What .ci/run does before the tests, and what README "With Docker" lists.
# A machine with Docker already running needs none of it (only vm.max_map_count, once).
#
# dockerd runs without its own iptables rules and without the default bridge (these machines allow neither);
# compose's user-defined networks and published ports work without them. Data: $REDLINE_DOCKER_ROOT.
set -euo pipefail

DOCKER_ROOT="${REDLINE_DOCKER_ROOT:-/var/tmp/redline-docker}"
say() { echo "prepare-docker-host: $*"; }

[ "$(id -u)" = 0 ] || { echo "prepare-docker-host: run as root (apt-get, sysctl, dockerd)" >&2; exit 1; }

missing=()
command -v dockerd > /dev/null || missing+=(docker.io)
command -v docker-compose > /dev/null || missing+=(docker-compose)
command -v debootstrap > /dev/null || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
fi

# Elasticsearch's bootstrap checks need it once it listens beyond loopback; not namespaced, so set on the host.
# Through /proc: a minimal Debian has no sysctl (procps).
if [ "$(cat /proc/sys/vm/max_map_count)" -lt 262144 ]; then
  echo 262144 > /proc/sys/vm/max_map_count
fi

if docker info > /dev/null 2>&1; then
  say "a Docker engine answers ($(docker version --format '{{.Server.Version}}'))"
  exit 0
fi
mkdir -p "$DOCKER_ROOT"
say "starting dockerd (data in $DOCKER_ROOT/data, log $DOCKER_ROOT/dockerd.log)"
nohup setsid dockerd --iptables=false --ip-masq=false --bridge=none --data-root "$DOCKER_ROOT/data" \
  > "$DOCKER_ROOT/dockerd.log" 2>&1 < /dev/null &
for _ in $(seq 1 60); do
  if docker info > /dev/null 2>&1; then
    say "dockerd $(docker version --format '{{.Server.Version}}') answers"
    exit 0
  fi
  sleep 1
done
tail -20 "$DOCKER_ROOT/dockerd.log" >&2
echo "prepare-docker-host: dockerd did not answer within 60 s" >&2
exit 1
