#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on a free loopback port.
# The cluster lives in a temp dir owned by the `postgres` user (initdb refuses root)
# and is stopped and removed when the command ends, whatever its exit status.
# The command sees ORDERFLOW_TEST_DATABASE_URL (superuser, password auth over TCP)
# and PGBIN (the server binaries, for tests that restart the server).
#
# WITH_POSTGRES_TLS=1 also turns TLS on: a throwaway CA (openssl) signs a server certificate for
# localhost and 127.0.0.1 and a client certificate for the user postgres; the server accepts TLS and
# plain connections alike, and the database orderflow_cert_auth accepts only TLS with that client
# certificate. The command then also sees ORDERFLOW_TEST_PG_TLS_DIR holding ca.crt, client.crt and
# client.key, and ORDERFLOW_TEST_PG_CA (the CA file). The PostgresTests TLS tests start their own
# cluster this way, so a plain run of this script stays without TLS.
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
SERVER_OPTIONS="-h 127.0.0.1 -p $PORT -k $PGDATA_ROOT -c max_connections=300 -c fsync=off -c synchronous_commit=on -c shared_buffers=256MB"
if [[ "${WITH_POSTGRES_TLS:-0}" == "1" ]]; then
  command -v openssl >/dev/null || { echo "with-postgres: WITH_POSTGRES_TLS=1 needs openssl" >&2; exit 1; }
  TLS_DIR="$PGDATA_ROOT/tls"
  mkdir -p "$TLS_DIR"
  # certificate NAME SUBJECT EXTENSIONS: a P-256 key and a certificate signed by the CA, valid two days.
  certificate() {
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "$2" \
      -keyout "$TLS_DIR/$1.key" -out "$TLS_DIR/$1.csr" 2>/dev/null
    printf '%s\n' "$3" > "$TLS_DIR/$1.ext"
    openssl x509 -req -in "$TLS_DIR/$1.csr" -CA "$TLS_DIR/ca.crt" -CAkey "$TLS_DIR/ca.key" -set_serial "0x$(openssl rand -hex 8)" \
      -days 2 -extfile "$TLS_DIR/$1.ext" -out "$TLS_DIR/$1.crt" 2>/dev/null
    chmod 600 "$TLS_DIR/$1.key"
  }
  printf '%s\n' "[req]" "distinguished_name=dn" "x509_extensions=ca" "[dn]" \
    "[ca]" "basicConstraints=critical,CA:TRUE" "keyUsage=critical,keyCertSign,cRLSign" "subjectKeyIdentifier=hash" > "$TLS_DIR/ca.cnf"
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -config "$TLS_DIR/ca.cnf" \
    -subj "/CN=orderflow throwaway test CA" -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.crt" 2>/dev/null \
    || { echo "with-postgres: openssl could not make the test CA" >&2; exit 1; }
  certificate server "/CN=localhost" "$(printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=serverAuth" "subjectAltName=DNS:localhost,IP:127.0.0.1")"
  certificate client "/CN=postgres" "$(printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=clientAuth")"
  [[ "$(id -u)" == "0" ]] && chown postgres:postgres "$TLS_DIR/server.key" "$TLS_DIR/server.crt"
  chmod 755 "$TLS_DIR"
  chmod 644 "$TLS_DIR/ca.crt"
  # Client certificates are checked only for this database; every other one keeps password auth.
  { echo "hostssl orderflow_cert_auth all 127.0.0.1/32 cert"; cat "$PGDATA/pg_hba.conf"; } > "$PGDATA_ROOT/pg_hba.conf"
  "${RUN_AS[@]}" cp "$PGDATA_ROOT/pg_hba.conf" "$PGDATA/pg_hba.conf"
  SERVER_OPTIONS="$SERVER_OPTIONS -c ssl=on -c ssl_cert_file=$TLS_DIR/server.crt -c ssl_key_file=$TLS_DIR/server.key -c ssl_ca_file=$TLS_DIR/ca.crt"
  export ORDERFLOW_TEST_PG_TLS_DIR="$TLS_DIR"
  export ORDERFLOW_TEST_PG_CA="$TLS_DIR/ca.crt"
fi
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA_ROOT/server.log" -w -t 60 \
  -o "$SERVER_OPTIONS" \
  start >/dev/null || { cat "$PGDATA_ROOT/server.log" >&2; exit 1; }

export ORDERFLOW_TEST_DATABASE_URL="postgres://postgres:$PASSWORD@127.0.0.1:$PORT/postgres"
export ORDERFLOW_TEST_PGDATA="$PGDATA"
export PGBIN
echo "with-postgres: PostgreSQL on 127.0.0.1:$PORT ($PGDATA)${ORDERFLOW_TEST_PG_TLS_DIR:+, TLS with the CA $ORDERFLOW_TEST_PG_CA}" >&2
set +e
"$@"
status=$?
set -e
exit $status
