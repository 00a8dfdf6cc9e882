#!/bin/bash
# The broker in the foreground: kafka-server-start.sh server.properties
exec "$(dirname "$0")/kafka-run-class.sh" kafka.Kafka "$@"
