#!/usr/bin/env bash
# Start a local PostgreSQL (Debian packages) for the store tests and print the URL to use.
# Idempotent and non-interactive: creates the cluster, role and database only when missing.
# Usage: export TIDINGS_TEST_POSTGRES_URL=$(scripts/start-postgres.sh | tail -n 1)
set -euo pipefail
DB=${TIDINGS_PG_DB:-tidings_test}
USER_NAME=${TIDINGS_PG_USER:-tidings}
PASSWORD=${TIDINGS_PG_PASSWORD:-tidings}

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "PostgreSQL is not installed; run: apt-get install -y postgresql" >&2
  exit 1
fi
VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
CLUSTER=main

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi
}

if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
  pg_createcluster "$VERSION" "$CLUSTER" >/dev/null
fi
mkdir -p /var/run/postgresql && chown postgres:postgres /var/run/postgresql
if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}' | grep -qx online; then
  pg_ctlcluster "$VERSION" "$CLUSTER" start
fi
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')

for _ in $(seq 1 30); do
  as_postgres pg_isready -q -p "$PORT" && break
  sleep 1
done

psql_q() { as_postgres psql -p "$PORT" -v ON_ERROR_STOP=1 -qtAc "$1"; }
if [ "$(psql_q "SELECT 1 FROM pg_roles WHERE rolname = '$USER_NAME'")" != 1 ]; then
  psql_q "CREATE ROLE $USER_NAME LOGIN PASSWORD '$PASSWORD' CREATEDB" >/dev/null
fi
if [ "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
  psql_q "CREATE DATABASE $DB OWNER $USER_NAME" >/dev/null
fi

echo "postgresql://$USER_NAME:$PASSWORD@localhost:$PORT/$DB"
