#!/usr/bin/env bash
# Run the whole test suite (lint, types, tests that build real sites). Used by .ci/run.
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" test
cd "$ROOT"
bash scripts/install-browser.sh   # Debian's Chromium for tests/test_browser.py
ruff check mkdocs_threatpub tests benchmarks
mypy
python -m pytest "$@"
