#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on a free loopback port.
# The cluster lives in a temp dir owned by the `postgres` user (initdb refuses root)
# and is stopped and removed when the command ends, whatever its exit status.
# The command sees ORDERFLOW_TEST_DATABASE_URL (superuser, password auth over TCP)
# and PGBIN (the server binaries, for tests that restart the server).
set -euo pipefail

PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
if [[ -z "$PGBIN" || ! -x "$PGBIN/initdb" ]]; then
  echo "with-postgres: PostgreSQL server binaries not found (run 'make deps')" >&2
  exit 1
fi

RUN_AS=()
if [[ "$(id -u)" == "0" ]]; then RUN_AS=(runuser -u postgres --); fi

PGDATA_ROOT="$(mktemp -d /tmp/orderflow-pg.XXXXXX)"
chmod 755 "$PGDATA_ROOT"
[[ "$(id -u)" == "0" ]] && chown postgres:postgres "$PGDATA_ROOT"
PGDATA="$PGDATA_ROOT/data"
PASSWORD="orderflow-test"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"

cleanup() {
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDATA_ROOT"
}
trap cleanup EXIT INT TERM

echo "$PASSWORD" > "$PGDATA_ROOT/pwfile"
[[ "$(id -u)" == "0" ]] && chown postgres:postgres "$PGDATA_ROOT/pwfile"
"${RUN_AS[@]}" "$PGBIN/initdb" -D "$PGDATA" -U postgres --pwfile="$PGDATA_ROOT/pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PGDATA_ROOT/initdb.log" 2>&1 \
  || { cat "$PGDATA_ROOT/initdb.log" >&2; exit 1; }
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA_ROOT/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $PORT -k $PGDATA_ROOT -c max_connections=300 -c fsync=off -c synchronous_commit=on -c shared_buffers=256MB" \
  start >/dev/null || { cat "$PGDATA_ROOT/server.log" >&2; exit 1; }

export ORDERFLOW_TEST_DATABASE_URL="postgres://postgres:$PASSWORD@127.0.0.1:$PORT/postgres"
export ORDERFLOW_TEST_PGDATA="$PGDATA"
export PGBIN
echo "with-postgres: PostgreSQL on 127.0.0.1:$PORT ($PGDATA)" >&2
set +e
"$@"
status=$?
set -e
exit $status
