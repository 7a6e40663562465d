#!/usr/bin/env bash
# Stop the test server started by scripts/start-postgres.sh.
#
#   scripts/stop-postgres.sh [DATA_DIR] [--purge]
#
# DATA_DIR defaults to $STEGVIS_PG_DATA or /tmp/stegvis-pg/data. --purge also deletes DATA_DIR.
# Succeeds (exit 0) when the server is not running.
set -euo pipefail

DATA="${STEGVIS_PG_DATA:-/tmp/stegvis-pg/data}"
PURGE=0
for arg in "$@"; do
    case "$arg" in
        --purge) PURGE=1 ;;
        -*) echo "usage: $0 [DATA_DIR] [--purge]" >&2; exit 2 ;;
        *) DATA="$arg" ;;
    esac
done

DATA="$(realpath -m -- "$DATA")"  # absolute: commands run as postgres start in /
log() { echo "stop-postgres: $*" >&2; }

if [ -z "${PG_BIN:-}" ]; then
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -z "$PG_BIN" ] && command -v pg_ctl >/dev/null 2>&1; then
        PG_BIN="$(dirname "$(command -v pg_ctl)")"
    fi
fi

if [ "$(id -u)" -eq 0 ]; then
    as_pg() { (cd / && runuser -u postgres -- "$@"); }  # cd /: the caller's cwd may be unreadable
else
    as_pg() { "$@"; }
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
    log "no data directory at $DATA, nothing to stop"
elif [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
    log "pg_ctl not found, cannot stop the server in $DATA"
    exit 1
elif as_pg "$PG_BIN/pg_ctl" --pgdata="$DATA" status >/dev/null 2>&1; then
    log "stopping server in $DATA"
    as_pg "$PG_BIN/pg_ctl" --pgdata="$DATA" --mode=fast --wait --timeout=60 stop >&2 \
        || as_pg "$PG_BIN/pg_ctl" --pgdata="$DATA" --mode=immediate --wait --timeout=30 stop >&2
else
    log "server in $DATA is not running"
fi

if [ "$PURGE" -eq 1 ] && [ -f "$DATA/PG_VERSION" ]; then
    log "deleting $DATA"
    rm -rf -- "$DATA" "$DATA.initdb.log"
fi
