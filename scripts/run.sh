#!/usr/bin/env bash
# The main job on embedded defaults: set up, load a list, start the service.
#   scripts/run.sh                   # fetch the current UN list from its official URL; without
#                                    # a network, start on the UN list snapshot bundled with unsc
#   scripts/run.sh path/to/list.xml  # or load a file you already have
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if [ $# -ge 1 ]; then
  .venv/bin/unsc lists load "$1"
else
  errors=$(mktemp)
  trap 'rm -f "$errors"' EXIT
  if ! .venv/bin/unsc lists update 2>"$errors"; then
    # One line on why, then the bundled snapshot (it says its date, age and how to update).
    echo "Could not load the current UN list ($(tr -s '\n' ' ' <"$errors" | sed 's/^error: //; s/ *$//')); starting on the bundled snapshot instead." >&2
    .venv/bin/unsc lists snapshot
  fi
  rm -f "$errors"
  trap - EXIT
fi
exec .venv/bin/unsc serve
