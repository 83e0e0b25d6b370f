#!/usr/bin/env bash
# Regenerate the hash-checked locks CI and the demo install from (requirements/*.txt), for
# Python 3.11 on any platform. By default the versions already locked are kept and only what
# pyproject.toml added or changed is resolved:
#   bash scripts/lock.sh              # after adding or changing a dependency
#   bash scripts/lock.sh --upgrade    # the newest releases the ranges admit: a deliberate
#                                     # upgrade step, after `bash scripts/test-latest.sh` passed
# Commit the new locks together with whatever the change needed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.venv-lock"
UV_VERSION=0.13.9
if [ ! -x "$TOOLS/bin/uv" ] || [ "$("$TOOLS/bin/uv" --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  "${PYTHON:-python3}" -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install --quiet "uv==$UV_VERSION"
fi
cd "$ROOT"
compile() {  # compile OUTPUT GROUP [ARGS]: the package's dependencies, the group, build tools
  local output=$1 group=$2
  shift 2
  "$TOOLS/bin/uv" pip compile pyproject.toml requirements/build.in --group "$group" \
    --universal --python-version 3.11 --generate-hashes --quiet \
    --custom-compile-command "bash scripts/lock.sh" --output-file "$output" "$@"
}
compile requirements/ci.txt dev "$@"  # bash scripts/test.sh (and so .ci/run)
# bash scripts/demo.sh: the plugin and Material only, at the same versions as CI's (both
# install into .venv).
compile requirements/demo.txt demo --constraint requirements/ci.txt "$@"
echo "lock: requirements/ci.txt ($(grep -c '==' requirements/ci.txt) packages)," \
  "requirements/demo.txt ($(grep -c '==' requirements/demo.txt) packages)"
