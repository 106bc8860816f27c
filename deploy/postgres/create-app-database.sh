#!/bin/sh
# One-shot job (docker-compose.yml, service app-database), run with the postgres image of the
# compose file's PostgreSQL.
#
# Gives the application its own role and database on that server: creates them when missing and
# sets the role's password to AFTERCARE_DB_PASSWORD (so changing it in .env and rerunning the job
# rotates it). The password travels in the environment only: psql reads it with \getenv, never from
# its command line, where `ps` would show it. The connection is libpq's: PGHOST, PGPORT, PGUSER
# and PGPASSWORD name a role allowed to create roles and databases (the server's superuser).
# Running it again is harmless.
set -eu

: "${PGHOST:?PGHOST must name the PostgreSQL host}"
: "${PGUSER:?PGUSER must name a role that may create roles and databases}"
: "${AFTERCARE_DB_PASSWORD:?AFTERCARE_DB_PASSWORD must be set (the application role password)}"
export APP_DB_NAME="${APP_DB_NAME:-aftercare}"
export APP_DB_USER="${APP_DB_USER:-aftercare}"

psql --no-psqlrc --set ON_ERROR_STOP=1 --quiet --dbname "${PGDATABASE:-postgres}" <<'SQL'
\getenv app_password AFTERCARE_DB_PASSWORD
\getenv app_db APP_DB_NAME
\getenv app_user APP_DB_USER
SELECT format('CREATE ROLE %I LOGIN', :'app_user')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'app_user', :'app_password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'app_db', :'app_user')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'app_db') \gexec
-- Only its owner works in it: no other role of the server may connect or create objects.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'app_db') \gexec
SQL
echo "app-database: role ${APP_DB_USER} and database ${APP_DB_NAME} ready"
