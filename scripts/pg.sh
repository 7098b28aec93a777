#!/usr/bin/env bash
# Start a throw-away PostgreSQL on 127.0.0.1:${PGPORT:-55432} for the test suite and print
# its SQLAlchemy URL. Used by .ci/run; safe to run by hand (`scripts/pg.sh stop` ends it).
set -euo pipefail
PGDATA=${PGDATA:-/tmp/unsc-pg}
PGPORT=${PGPORT:-55432}
if command -v pg_ctl >/dev/null 2>&1; then
  BIN=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
else
  BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
if [ "${1:-start}" = stop ]; then run "$BIN/pg_ctl -D $PGDATA -m fast stop" >/dev/null; exit 0; fi
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"; [ "$(id -u)" = 0 ] && chown postgres "$PGDATA"
  run "$BIN/initdb -D $PGDATA -A trust -U unsc --no-sync" >/dev/null
fi
run "$BIN/pg_ctl -D $PGDATA -o '-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off' -l $PGDATA/log -w start" >/dev/null
echo "postgresql+psycopg://unsc@127.0.0.1:$PGPORT/postgres"
