#!/usr/bin/env bash
# The test command: set up (idempotent), lint, type-check, then run the whole suite on the
# embedded SQLite store. With UNSC_TEST_POSTGRES=1 the store-backed tests run a second
# time on a throw-away PostgreSQL server (scripts/pg.sh), as CI does.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/ruff check src tests bench
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
if [ "${UNSC_TEST_POSTGRES:-0}" = 1 ]; then
  url=$(scripts/pg.sh)
  trap 'scripts/pg.sh stop' EXIT
  UNSC_DATABASE_URL=$url .venv/bin/python -m pytest -m "not browser" "$@" \
    tests/test_store.py tests/lists tests/council tests/regime tests/compliance tests/api
fi
