#!/bin/bash
# Runs a Kafka class on the image's jars, as Kafka's own kafka-run-class.sh does (heap from KAFKA_HEAP_OPTS,
# extra JVM options from KAFKA_OPTS and KAFKA_JVM_PERFORMANCE_OPTS, log configuration from KAFKA_LOG4J_OPTS).
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: kafka-run-class.sh CLASS [ARGS...]" >&2; exit 2; }
class="$1"; shift
heap="${KAFKA_HEAP_OPTS:--Xmx256m}"
log="${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties}"
# shellcheck disable=SC2086 # the option variables hold several words on purpose
exec java $heap ${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20} ${KAFKA_OPTS:-} $log \
  -cp '/opt/kafka/libs/*' "$class" "$@"
