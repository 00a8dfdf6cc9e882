#!/usr/bin/env bash
# `./redline images`: builds, with no image registry, stand-ins for the images Redline's compose files and
# container tests name: a Debian 12 JRE 17 base (debootstrap + docker import), Kafka 4.1.2 and Elasticsearch
# 8.19.21 from the same Maven artifacts the local stack runs (local-stack.properties lists them). Each image is
# tagged with a hash of what it is built from, so a second run finds it and builds nothing. Writes the names
# to .redline/images.env (REDLINE_JRE_IMAGE, REDLINE_KAFKA_IMAGE, REDLINE_ELASTICSEARCH_IMAGE), which the
# compose files and tests read instead of the official names.
#
# Needs: a Docker engine that answers, and for the base image (first run only) root and `debootstrap`; with
# REDLINE_JRE_IMAGE set (any JRE 17 image with bash, curl, unzip, groupadd/useradd) that image is the base instead.
# Exit status 3: the base image is missing and cannot be built here (not root, or no debootstrap).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PROPS="$ROOT/local-stack/target/classes/local-stack.properties"
OUT_DIR="${REDLINE_DATA_DIR:-$ROOT/.redline}"
case "$OUT_DIR" in /*) ;; *) OUT_DIR="$ROOT/$OUT_DIR" ;; esac
ENV_FILE="$OUT_DIR/images.env"
# Per user, and each run's build contexts in a folder of their own, so two runs never share one.
WORK_ROOT="${REDLINE_IMAGES_WORK_DIR:-${TMPDIR:-/tmp}/redline-images-$(id -u)}"
mkdir -p "$WORK_ROOT"
WORK="$(mktemp -d "$WORK_ROOT/run.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
SUITE=bookworm
# What the base holds: the JRE, and the tools the images' scripts and healthchecks use.
PACKAGES=openjdk-17-jre-headless,curl,ca-certificates,unzip,procps

say() { echo "redline images: $*"; }
die() { echo "redline images: $*" >&2; exit 1; }

docker info > /dev/null 2>&1 || die "no Docker engine answers (docker info failed); see README \"With Docker\" for starting one"
[ -f "$PROPS" ] || die "$PROPS is missing: build first (./mvnw -q package -DskipTests)"
prop() { grep "^$1=" "$PROPS" | cut -d= -f2-; }
exists() { docker image inspect "$1" > /dev/null 2>&1; }
hash_of() { sha256sum | cut -c1-12; }

# --- the JRE base --------------------------------------------------------------------------------------------
arch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
base_hash="$(printf '%s\n' "$SUITE" "$PACKAGES" "$arch" "minbase-v1" | hash_of)"
BASE="${REDLINE_JRE_IMAGE:-redline/jre:17-$SUITE-$base_hash}"
if exists "$BASE"; then
  say "$BASE (already built)"
elif [ -n "${REDLINE_JRE_IMAGE:-}" ]; then
  die "REDLINE_JRE_IMAGE=$REDLINE_JRE_IMAGE is not an image on this engine (docker pull it first)"
else
  cannot() { echo "redline images: $*" >&2; exit 3; }
  [ "$(id -u)" = 0 ] || cannot "building the base image $BASE needs root (debootstrap): run ./redline images as root once, or set REDLINE_JRE_IMAGE to a JRE 17 image you have"
  command -v debootstrap > /dev/null || cannot "debootstrap is missing: apt-get install -y debootstrap"
  start=$SECONDS
  rootfs="$WORK/rootfs-$base_hash"
  rm -rf "$rootfs"; mkdir -p "$WORK"
  say "building $BASE: debootstrap $SUITE with $PACKAGES (about a minute)"
  debootstrap --variant=minbase --arch="$arch" --include="$PACKAGES" "$SUITE" "$rootfs" > "$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; die "debootstrap failed (log: $WORK/debootstrap.log)"; }
  # Smaller image: no package lists, caches or docs are needed at run time.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  java_home="/usr/lib/jvm/java-17-openjdk-$arch"
  tar -C "$rootfs" -c . | docker import \
    -c "ENV JAVA_HOME=$java_home" \
    -c "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    -c "CMD [\"/bin/bash\"]" - "$BASE" > /dev/null
  rm -rf "$rootfs"
  say "$BASE built in $((SECONDS - start)) s"
fi

# --- an image from a context folder, tagged by the context's content -----------------------------------------
build_from_context() { # name version context
  local name="$1" version="$2" context="$3" h tag start
  h="$( (cd "$context" && find . -type f -print0 | sort -z | xargs -0 sha256sum; echo "$BASE") | hash_of)"
  tag="redline/$name:$version-$h"
  if exists "$tag"; then
    say "$tag (already built)"
  else
    start=$SECONDS
    # The legacy builder: it is what docker-compose 1.x uses too, and needs no buildx plugin.
    DOCKER_BUILDKIT=0 docker build --build-arg BASE_IMAGE="$BASE" --build-arg JAVA_HOME="$java_home" -t "$tag" \
      "$context" > "$context.log" 2>&1 || { tail -20 "$context.log" >&2; die "docker build of $tag failed"; }
    say "$tag built in $((SECONDS - start)) s"
  fi
  echo "$tag" > "$context.tag"
}
# The JDK's folder in the base, for Elasticsearch's ES_JAVA_HOME (it differs by architecture and base).
java_home="$(docker image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$BASE" | sed -n 's/^JAVA_HOME=//p' | head -1)"
[ -n "$java_home" ] || die "the base image $BASE sets no JAVA_HOME"


# --- Kafka: the broker's jars (and the command-line tools) the local stack runs -------------------------------
kafka_version="$(prop kafka.version)"
ctx="$WORK/kafka-context"
rm -rf "$ctx"; mkdir -p "$ctx/libs"
cp -r deploy/images/kafka/. "$ctx/"
IFS=: read -r -a jars <<< "$(prop kafka.classpath)"
for jar in "${jars[@]}"; do
  case "$jar" in *.jar) cp "$jar" "$ctx/libs/" ;; esac
done
build_from_context kafka "$kafka_version" "$ctx"
KAFKA="$(cat "$ctx.tag")"

# --- Elasticsearch: the distribution zip the local stack unpacks ---------------------------------------------
es_version="$(prop elasticsearch.version)"
ctx="$WORK/elasticsearch-context"
rm -rf "$ctx"; mkdir -p "$ctx"
cp -r deploy/images/elasticsearch/. "$ctx/"
cp "$(prop elasticsearch.zip)" "$ctx/elasticsearch.zip"
build_from_context elasticsearch "$es_version" "$ctx"
ES="$(cat "$ctx.tag")"

mkdir -p "$OUT_DIR"
cat > "$ENV_FILE" <<ENV
REDLINE_JRE_IMAGE=$BASE
REDLINE_KAFKA_IMAGE=$KAFKA
REDLINE_ELASTICSEARCH_IMAGE=$ES
ENV
say "wrote $ENV_FILE; use it with: set -a; . $ENV_FILE; set +a"
