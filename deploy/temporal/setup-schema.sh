#!/bin/sh
# One-shot job (docker-compose.yml, service temporal-schema), run with the temporalio/admin-tools
# image of the same release as the temporalio/server image.
#
# Creates Temporal's two PostgreSQL databases when they are missing and brings both schemas up to
# the version this admin-tools image ships. Running it again is harmless: an upgrade of both images
# reruns it and applies only the versions that are missing.
set -eu

: "${POSTGRES_SEEDS:?POSTGRES_SEEDS must name the PostgreSQL host}"
: "${POSTGRES_USER:?POSTGRES_USER must be set}"
: "${SQL_PASSWORD:?SQL_PASSWORD must be set (temporal-sql-tool reads the password from it)}"
DB_PORT="${DB_PORT:-5432}"
SCHEMA_ROOT=/etc/temporal/schema/postgresql/v12

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" "$@"
}

for pair in "${DBNAME:-temporal}:temporal" "${VISIBILITY_DBNAME:-temporal_visibility}:visibility"; do
  db="${pair%%:*}"
  dir="$SCHEMA_ROOT/${pair#*:}/versioned"
  echo "schema: database $db"
  # Fails when the database already exists, which is the normal case after the first start.
  sql_tool --db "$db" create || echo "schema: database $db not created (it probably exists already)"
  # Version tables on an empty database; skipped when the schema is already versioned.
  sql_tool --db "$db" setup-schema -v 0.0
  # Every versioned step this image knows that the database does not have yet.
  sql_tool --db "$db" update-schema -d "$dir"
done
echo "schema: up to date"
