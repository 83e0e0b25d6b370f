#!/usr/bin/env bash
# Run the whole test suite (lint, types, tests that build real sites) from the hash-checked
# lock requirements/ci.txt. Used by .ci/run. Extra arguments go to pytest, e.g.
#   bash scripts/test.sh -m "not slow"     # the quick loop: no test that builds many sites
#   bash scripts/test.sh tests/rules -n 0  # one folder, in this process
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" "${THREATPUB_DEPS:-ci}"
cd "$ROOT"
# Tests start a few hundred mkdocs and threatpub processes: let the first one write the
# package's bytecode (__pycache__, ignored by git) instead of each compiling it again.
unset PYTHONDONTWRITEBYTECODE
bash scripts/install-browser.sh   # Debian's Chromium for tests/test_browser.py
ruff check mkdocs_threatpub tests benchmarks
ruff format --check mkdocs_threatpub tests benchmarks
mypy
lint-imports --no-cache  # the layer contract in pyproject.toml ([tool.importlinter])
# -n auto: one worker per core (pytest-xdist); --durations: the slowest tests, to keep the
# suite in minutes as it grows.
python -m pytest -n auto --durations=15 --durations-min=2 "$@"
