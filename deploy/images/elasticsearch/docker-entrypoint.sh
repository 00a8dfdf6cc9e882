#!/bin/bash
# Starts Elasticsearch the way the official image's entrypoint does, for the parts Redline uses: any other
# command runs as given (e.g. `bash -c "bin/elasticsearch-certutil ..."`); for the default one, every
# environment variable whose name looks like a setting (lower case with a dot: discovery.type,
# xpack.security.enabled ...) is passed as -E name=value, and ELASTIC_PASSWORD becomes the bootstrap
# password of the `elastic` user (kept in the keystore, used until a password is set through the API).
set -euo pipefail

if [ "${1:-eswrapper}" != "eswrapper" ]; then
  exec "$@"
fi

cd /usr/share/elasticsearch
settings=()
while IFS= read -r -d '' entry; do
  name="${entry%%=*}"
  if [[ "$name" =~ ^[a-z0-9_]+\.[a-z0-9_.]+$ ]]; then
    settings+=("-E" "$entry")
  fi
done < <(env -0)

if [ -n "${ELASTIC_PASSWORD:-}" ]; then
  [ -f config/elasticsearch.keystore ] || bin/elasticsearch-keystore create > /dev/null
  if ! bin/elasticsearch-keystore list | grep -qx bootstrap.password; then
    printf '%s' "$ELASTIC_PASSWORD" | bin/elasticsearch-keystore add -x bootstrap.password
  fi
fi

# ES_JAVA_HOME names the JVM; JAVA_HOME (set by the base image) would only make it print a warning.
unset JAVA_HOME
exec bin/elasticsearch "${settings[@]}"
