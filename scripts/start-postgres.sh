#!/usr/bin/env bash
# Start a private, throw-away PostgreSQL server for the test suite.
#
#   scripts/start-postgres.sh [DATA_DIR]
#
# - DATA_DIR defaults to $STEGVIS_PG_DATA or /tmp/stegvis-pg/data; port is $STEGVIS_PG_PORT or 54329.
# - Listens on 127.0.0.1 only (no Unix socket), trust auth, superuser "postgres", database "stegvis_test".
# - PostgreSQL refuses to run as root: as root, the server runs as the "postgres" OS user (runuser);
#   as any other user, it runs as that user (the database superuser is still called "postgres").
# - Idempotent: if a server already answers on the port it is reused; an existing DATA_DIR is restarted.
# - Prints only the SQLAlchemy URL on stdout (logs go to stderr), e.g.
#     export STEGVIS_TEST_PG_URL="$(scripts/start-postgres.sh)"
# Stop it with scripts/stop-postgres.sh [DATA_DIR].
set -euo pipefail

PORT="${STEGVIS_PG_PORT:-54329}"
DATA="${1:-${STEGVIS_PG_DATA:-/tmp/stegvis-pg/data}}"
DB=stegvis_test
DATA="$(realpath -m -- "$DATA")"  # absolute: commands run as postgres start in /
URL="postgresql+psycopg://postgres@127.0.0.1:${PORT}/${DB}"

log() { echo "start-postgres: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Newest installed server version (Debian layout), unless PG_BIN is given; else whatever is on PATH.
if [ -z "${PG_BIN:-}" ]; then
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$PG_BIN" ] && command -v pg_ctl >/dev/null 2>&1; then
        PG_BIN="$(dirname "$(command -v pg_ctl)")"
    fi
fi
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/pg_ctl" ] \
    || die "PostgreSQL server binaries not found (apt-get install postgresql, or set PG_BIN)"

# Run a command as the user that owns the server.
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user"
    as_pg() { (cd / && runuser -u postgres -- "$@"); }  # cd /: the caller's cwd may be unreadable
else
    as_pg() { "$@"; }
fi

pg_up() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -t 2; }
psql_q() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres "$@"; }

ensure_db() {
    if [ "$(psql_q -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]; then
        log "creating database $DB"
        psql_q -d postgres -c "CREATE DATABASE $DB"
    fi
    psql_q -d "$DB" -tAc 'SELECT 1' >/dev/null || die "cannot connect to $DB on port $PORT"
}

if pg_up; then
    log "a server is already accepting connections on 127.0.0.1:$PORT, reusing it"
    ensure_db
    echo "$URL"
    exit 0
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
    if [ -d "$DATA" ] && [ -n "$(ls -A "$DATA")" ]; then
        die "$DATA exists, is not empty and is not a PostgreSQL data directory"
    fi
    log "initdb in $DATA ($("$PG_BIN/postgres" --version))"
    if [ "$(id -u)" -eq 0 ]; then
        parent="$(dirname "$DATA")"
        # Only create / chown a parent that we own the naming of (e.g. /tmp/stegvis-pg).
        [ -d "$parent" ] || install -d -o postgres -g postgres -m 0700 "$parent"
        install -d -o postgres -g postgres -m 0700 "$DATA"
        as_pg test -w "$DATA" || die "the postgres user cannot write to $DATA (choose a path under /tmp)"
    else
        install -d -m 0700 "$DATA"
    fi
    as_pg "$PG_BIN/initdb" --pgdata="$DATA" --username=postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$DATA.initdb.log" 2>&1 \
        || { cat "$DATA.initdb.log" >&2; die "initdb failed"; }
    # Test-only settings: private port, loopback only, no Unix socket, speed over durability.
    as_pg tee -a "$DATA/postgresql.conf" >/dev/null <<EOF

# --- added by scripts/start-postgres.sh (test server, never for real data) ---
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
    as_pg tee "$DATA/pg_hba.conf" >/dev/null <<EOF
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
EOF
fi

pg_start() {
    as_pg "$PG_BIN/pg_ctl" --pgdata="$DATA" --log="$DATA/server.log" --wait --timeout=60 \
        -o "-p $PORT" start >&2
}
log "starting server (data $DATA, port $PORT, log $DATA/server.log)"
# One retry: a server killed a moment ago can leave a lock file whose PID is still being reaped.
if ! pg_start && { sleep 3; ! pg_start; }; then
    tail -n 30 "$DATA/server.log" >&2 || true
    die "pg_ctl start failed"
fi
for _ in $(seq 1 30); do
    pg_up && break
    sleep 1
done
pg_up || die "server is not accepting connections on 127.0.0.1:$PORT"
ensure_db
log "ready: $URL"
echo "$URL"
