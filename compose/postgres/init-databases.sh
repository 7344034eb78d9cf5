#!/usr/bin/env bash
# Creates one database per service. The postgres image runs the scripts in
# /docker-entrypoint-initdb.d once, on the first start with an empty data directory, as the
# superuser POSTGRES_USER; the databases are owned by that user. ORDERFLOW_DATABASES comes from
# docker-compose.yml, next to the DATABASE_URLs that name the same databases.
# Safe to run again: existing databases are left alone.
set -euo pipefail
set -f  # the name list is split on spaces; a stray * must not expand to file names

if [[ -z "${ORDERFLOW_DATABASES:-}" ]]; then
  echo "init-databases: ORDERFLOW_DATABASES is empty; set it to the space-separated database names" >&2
  exit 1
fi
owner="${POSTGRES_USER:-postgres}"

run_sql() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --tuples-only --no-align \
    --username "$owner" --dbname postgres "$@"
}

# Names are interpolated into SQL below, so only plain identifiers are accepted; all are checked
# before any is created.
for database in $ORDERFLOW_DATABASES; do
  if [[ ! "$database" =~ ^[a-z_][a-z0-9_]{0,62}$ ]]; then
    echo "init-databases: '$database' is not a valid database name (lower-case letters, digits, _)" >&2
    exit 1
  fi
done

for database in $ORDERFLOW_DATABASES; do
  if [[ "$(run_sql -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" == "1" ]]; then
    echo "init-databases: $database exists"
  else
    run_sql -c "CREATE DATABASE \"$database\" OWNER \"$owner\""
    echo "init-databases: created $database"
  fi
done
