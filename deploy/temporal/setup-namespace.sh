#!/bin/sh
# One-shot job (docker-compose.yml, service temporal-setup), run with the temporalio/admin-tools
# image once the Temporal server is healthy.
#
# 1. Registers the namespace TEMPORAL_NAMESPACE (retention NAMESPACE_RETENTION) when it is missing.
# 2. Registers each custom search attribute in SEARCH_ATTRIBUTES ("Name=Type Name=Type ..."), which
#    the compose file keeps equal to workflows/definitions.ts SEARCH_ATTRIBUTE_CLI_TYPES (a test
#    checks that). One that exists with the same type is left alone; one that exists with another
#    type stops the job, because the workflow would then fail to upsert it.
# Running it again is harmless.
set -eu

: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS must be host:port of the Temporal frontend}"
: "${TEMPORAL_NAMESPACE:?TEMPORAL_NAMESPACE must be set}"
: "${NAMESPACE_RETENTION:?NAMESPACE_RETENTION must be a duration such as 720h}"
: "${SEARCH_ATTRIBUTES:?SEARCH_ATTRIBUTES must list Name=Type pairs}"
export TEMPORAL_ADDRESS

retry() { # retry <tries> <what> <command...>
  tries="$1"; what="$2"; shift 2
  n=0
  until "$@" >/dev/null 2>&1; do
    n=$((n + 1))
    if [ "$n" -ge "$tries" ]; then
      echo "setup: $what did not succeed after $tries tries" >&2
      "$@" # once more, with its output, to show why
      exit 1
    fi
    sleep 2
  done
}

retry 60 "temporal operator cluster health ($TEMPORAL_ADDRESS)" temporal operator cluster health

if temporal operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
  echo "setup: namespace $TEMPORAL_NAMESPACE exists"
else
  echo "setup: creating namespace $TEMPORAL_NAMESPACE (retention $NAMESPACE_RETENTION)"
  temporal operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$NAMESPACE_RETENTION"
  retry 30 "namespace $TEMPORAL_NAMESPACE to become visible" temporal operator namespace describe --namespace "$TEMPORAL_NAMESPACE"
fi

list_attributes() {
  temporal operator search-attribute list --namespace "$TEMPORAL_NAMESPACE"
}
# A namespace just created takes a few seconds to reach every part of the server.
retry 30 "search attributes of $TEMPORAL_NAMESPACE to be readable" list_attributes
# "Name Type" per line, from the table the CLI prints.
current="$(list_attributes | awk 'NF == 2 { print $1 " " $2 }')"
for pair in $SEARCH_ATTRIBUTES; do
  name="${pair%%=*}"
  type="${pair#*=}"
  have="$(printf '%s\n' "$current" | awk -v n="$name" '$1 == n { print $2 }')"
  if [ -z "$have" ]; then
    echo "setup: search attribute $name ($type): creating"
    temporal operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" --name "$name" --type "$type"
  elif [ "$have" = "$type" ]; then
    echo "setup: search attribute $name ($type): exists"
  else
    echo "setup: search attribute $name exists as $have, but the workflow needs $type" >&2
    exit 1
  fi
done

listed() {
  list_attributes | awk -v n="$1" '$1 == n { found = 1 } END { exit !found }'
}

# Creation is asynchronous: wait until every one is listed, so workers never start before.
for pair in $SEARCH_ATTRIBUTES; do
  name="${pair%%=*}"
  retry 30 "search attribute $name to be listed" listed "$name"
done
echo "setup: namespace $TEMPORAL_NAMESPACE ready"
