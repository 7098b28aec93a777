#!/usr/bin/env bash
# The test command: set up (idempotent), lint, type-check, then run the whole suite on the
# embedded SQLite store. With UNSC_TEST_POSTGRES=1 the whole suite (API and web servers,
# screening, browser tests) runs a second time on a throw-away PostgreSQL server
# (scripts/pg.sh; PGDATA and PGPORT choose its directory and port), as CI does.
# TESTS_EXPECT_STORE makes a pass fail if it did not run on the store it should.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/ruff check src tests bench
.venv/bin/mypy
TESTS_EXPECT_STORE=sqlite UNSC_DATABASE_URL='' .venv/bin/python -m pytest "$@"
if [ "${UNSC_TEST_POSTGRES:-0}" = 1 ]; then
  url=$(scripts/pg.sh)
  trap 'scripts/pg.sh stop' EXIT
  TESTS_EXPECT_STORE=postgresql UNSC_DATABASE_URL=$url .venv/bin/python -m pytest "$@"
fi
