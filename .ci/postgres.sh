#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on 127.0.0.1 for the test suite.
# Usage: eval "$(.ci/postgres.sh)"   -> exports COORDINATOR_TEST_PG_URL (and PG_DATA_DIR, PG_BIN)
# Stop:  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA_DIR" stop -m fast
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
    done
    return 1
}

if ! PG_BIN=$(find_bin); then
    log "installing the Debian postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    PG_BIN=$(find_bin)
fi

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

PG_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/coordinator-pg.XXXXXX")
PG_DATA_DIR="$PG_ROOT/data"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PG_ROOT"; fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(12))')

as_postgres "$PG_BIN/initdb" -D "$PG_DATA_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA_DIR" -l "$PG_ROOT/server.log" -w \
    -o "-h 127.0.0.1 -p $PORT -k $PG_ROOT -F" start >&2

psql_admin() { as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q "$@" >&2; }
# The test role may create databases (one per test module) and roles (grant-readonly tests).
psql_admin -c "CREATE ROLE coordinator LOGIN CREATEDB CREATEROLE PASSWORD '$PASSWORD'"
psql_admin -c "CREATE DATABASE coordinator OWNER coordinator"

URL="postgresql+psycopg://coordinator:$PASSWORD@127.0.0.1:$PORT/coordinator"
echo "export COORDINATOR_TEST_PG_URL='$URL'"
echo "export PG_DATA_DIR='$PG_DATA_DIR'"
echo "export PG_BIN='$PG_BIN'"
log "server running on 127.0.0.1:$PORT (data in $PG_DATA_DIR)"
