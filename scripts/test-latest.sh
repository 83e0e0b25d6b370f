#!/usr/bin/env bash
# The suite against the newest releases that pyproject.toml's ranges admit, in its own
# .venv-latest (not part of CI, which installs the locked versions). Run it before
# `bash scripts/lock.sh`: when it passes, the upgrade is safe to lock; when it fails, it shows
# what a user installing today would meet. It prints the versions it tested.
set -euo pipefail
export THREATPUB_DEPS=latest
status=0
bash "$(dirname "${BASH_SOURCE[0]}")/test.sh" "$@" || status=$?
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
echo "== Versions tested (.venv-latest/versions.txt) that differ from requirements/ci.txt:"
python3 - "$ROOT/.venv-latest/versions.txt" "$ROOT/requirements/ci.txt" <<'PY'
import re
import sys

def pins(path, pattern):
    text = open(path, encoding="utf-8").read()
    return {m[0].lower().replace("_", "-"): m[1] for m in re.findall(pattern, text, re.M)}

# The venv's own installer and the package itself are not what the locks pin for users.
skip = {"pip", "setuptools", "wheel", "mkdocs-threatpub"}
latest = pins(sys.argv[1], r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)")
locked = pins(sys.argv[2], r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)")
changed = [f"  {name}: {locked.get(name, '-')} -> {version}"
           for name, version in sorted(latest.items())
           if name not in skip and locked.get(name) != version]
print("\n".join(changed) or "  none")
PY
exit "$status"
