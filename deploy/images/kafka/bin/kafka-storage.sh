#!/bin/bash
# format / random-uuid / info, as in the Kafka distribution. A small heap: it is a short-lived tool.
export KAFKA_HEAP_OPTS="${KAFKA_TOOLS_HEAP_OPTS:--Xmx128m}"
exec "$(dirname "$0")/kafka-run-class.sh" kafka.tools.StorageTool "$@"
