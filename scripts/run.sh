#!/usr/bin/env bash
# The main job on embedded defaults: set up, load a list, start the service.
#   scripts/run.sh                 # fetch the current UN list from its official URL
#   scripts/run.sh path/to/list.xml  # or load a file you already have
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ $# -ge 1 ]; then
  .venv/bin/unsc lists load "$1"
else
  .venv/bin/unsc lists update
fi
exec .venv/bin/unsc serve
