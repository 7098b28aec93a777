#!/usr/bin/env bash
# Create .venv and install unsc with its pinned dependencies (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade "pip==25.3" >/dev/null
.venv/bin/python -m pip install -q -e ".[dev]"
