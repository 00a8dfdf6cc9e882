#!/bin/bash
# The kafka-init container of both compose files: creates one SCRAM-SHA-512 user per service and that service's
# ACLs (docs/kafka-security.md has the table), as the broker's admin (SASL/PLAIN, a super user). The services
# start only after it exits 0 (depends_on: condition: service_completed_successfully).
#
# Idempotent: each run (every `up`) re-sets the passwords from .env and adds the ACLs again; ACLs it no longer
# lists are NOT removed (remove them with kafka-acls.sh --remove). Runs in the Kafka image (its tools), as any user.
#
# Environment: REDLINE_KAFKA_BOOTSTRAP (host:port[,host:port]), REDLINE_KAFKA_ADMIN_PASSWORD and
# REDLINE_KAFKA_{INGEST,ANALYSIS,SEARCH,ALERT}_PASSWORD. Passwords must not contain ", \ or $ (use hex).
#
# To add a service: a user line in USERS, its ACL lines below, its password variable in both compose files
# (kafka-init and the service's KAFKA_SASL_JAAS_CONFIG) and in README "With Docker".
set -euo pipefail

bootstrap="${REDLINE_KAFKA_BOOTSTRAP:?set REDLINE_KAFKA_BOOTSTRAP, e.g. kafka:9092}"
: "${REDLINE_KAFKA_ADMIN_PASSWORD:?set REDLINE_KAFKA_ADMIN_PASSWORD in .env}"
export KAFKA_HEAP_OPTS="-Xmx128m"
bin=/opt/kafka/bin
say() { echo "kafka-init: $*"; }

for password in "$REDLINE_KAFKA_ADMIN_PASSWORD" "${REDLINE_KAFKA_INGEST_PASSWORD:-}" "${REDLINE_KAFKA_ANALYSIS_PASSWORD:-}" \
  "${REDLINE_KAFKA_SEARCH_PASSWORD:-}" "${REDLINE_KAFKA_ALERT_PASSWORD:-}"; do
  case "$password" in
    *'"'* | *'\'* | *'$'*) echo 'kafka-init: a Kafka password contains ", \ or $: use letters and digits (openssl rand -hex 24)' >&2; exit 2 ;;
  esac
done

admin="$(mktemp)"
trap 'rm -f "$admin"' EXIT
printf '%s\n' security.protocol=SASL_PLAINTEXT sasl.mechanism=PLAIN \
  "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$REDLINE_KAFKA_ADMIN_PASSWORD\";" \
  > "$admin"

# The broker is healthy before this starts (depends_on), but a cluster may still be electing: retry a while.
retry() {
  local attempt
  for attempt in $(seq 1 20); do
    if "$@"; then return 0; fi
    say "attempt $attempt failed, retrying in 3 s: ${*:1:2} ..."
    sleep 3
  done
  return 1
}

# --- users -------------------------------------------------------------------------------------------------------
USERS=(ingest analysis search alert)
for user in "${USERS[@]}"; do
  var="REDLINE_KAFKA_${user^^}_PASSWORD"
  : "${!var:?set $var in .env}"
done

# --- ACLs --------------------------------------------------------------------------------------------------------
# Per service: the topics it may CREATE (and describe), WRITE and READ, and the consumer GROUPS it may join.
# Every service creates the topics it uses at start-up (TopicInitializer, with the partitions and settings of the
# contracts' Topic enum), so CREATE lists exactly the topics of its redline.kafka.topics (DockerComposeFileIT checks
# they match); the broker refuses to create a topic that exists, so CREATE gives no power over existing topics.
# Only search-service (POST /api/keys) writes redline.api-keys; every service reads it.

# ingest-service: the raw articles, its feed registry, feed state and ledger, audit events.
INGEST_CREATE="redline.articles.raw redline.feeds redline.feeds.state redline.ingest.ledger redline.api-keys redline.audit"
INGEST_WRITE="redline.articles.raw redline.feeds redline.feeds.state redline.ingest.ledger redline.audit"
INGEST_READ="redline.feeds redline.feeds.state redline.ingest.ledger redline.api-keys"
INGEST_GROUPS="redline-ingest"

# analysis-service: reads the raw articles, writes the analysed ones and the raw DLQ.
ANALYSIS_CREATE="redline.articles.raw redline.articles.analyzed redline.articles.raw.dlq redline.api-keys redline.audit"
ANALYSIS_WRITE="redline.articles.analyzed redline.articles.raw.dlq redline.audit"
ANALYSIS_READ="redline.articles.raw redline.api-keys"
ANALYSIS_GROUPS="redline-analysis"

# search-service: reads the analysed articles and the audit log; writes indexed articles, its DLQ and the API keys.
SEARCH_CREATE="redline.articles.analyzed redline.articles.analyzed.dlq redline.articles.indexed redline.api-keys redline.audit"
SEARCH_WRITE="redline.articles.analyzed.dlq redline.articles.indexed redline.api-keys redline.audit"
SEARCH_READ="redline.articles.analyzed redline.api-keys redline.audit"
SEARCH_GROUPS="redline-search-indexer redline-audit-indexer"

# alert-service: reads indexed articles and its alert queue, keeps the subscriptions, writes alerts and its DLQs.
ALERT_CREATE="redline.articles.indexed redline.articles.indexed.dlq redline.subscriptions redline.quotas redline.alerts redline.alerts.dlq redline.api-keys redline.audit"
ALERT_WRITE="redline.articles.indexed.dlq redline.subscriptions redline.quotas redline.alerts redline.alerts.dlq redline.audit"
ALERT_READ="redline.articles.indexed redline.subscriptions redline.quotas redline.alerts redline.api-keys"
ALERT_GROUPS="redline-alert-matcher redline-alert-dispatcher"

# acl USER OPERATIONS ARGS...: allows USER the comma-separated OPERATIONS on the resources of ARGS (--topic/--group).
acl() {
  local user="$1" ops="$2" args=() op
  shift 2
  [ $# -gt 0 ] || return 0
  for op in ${ops//,/ }; do args+=(--operation "$op"); done
  retry "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --add \
    --allow-principal "User:$user" "${args[@]}" "$@" > /dev/null
  say "User:$user $ops on $*"
}
each() { local flag="$1" name; shift; for name in $*; do printf -- '%s\n%s\n' "$flag" "$name"; done; }

# One user: its SCRAM credential, then its ACLs (three tool runs: Create+Describe, Write, Read).
user_and_acls() {
  local user="$1" prefix="${1^^}" var
  var="REDLINE_KAFKA_${prefix}_PASSWORD"
  retry "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --alter \
    --entity-type users --entity-name "$user" --add-config "SCRAM-SHA-512=[iterations=8192,password=${!var}]" > /dev/null
  say "SCRAM-SHA-512 user $user"
  local create="${prefix}_CREATE" write="${prefix}_WRITE" read="${prefix}_READ" groups="${prefix}_GROUPS" a
  mapfile -t a < <(each --topic "${!create}")
  acl "$user" Create,Describe "${a[@]}"
  mapfile -t a < <(each --topic "${!write}")
  acl "$user" Write "${a[@]}"
  mapfile -t a < <(each --topic "${!read}"; each --group "${!groups}")
  acl "$user" Read "${a[@]}"
}

# Each JVM start of a tool takes seconds: the users run side by side.
pids=()
for user in "${USERS[@]}"; do
  user_and_acls "$user" &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ "$failed" = 0 ] || { echo "kafka-init: some users or ACLs were not set (see above)" >&2; exit 1; }
say "done"
