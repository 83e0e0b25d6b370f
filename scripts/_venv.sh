# Sourced by the scripts: create the virtual environment once and install into it.
#   . scripts/_venv.sh demo    .venv: the locked plugin and Material (requirements/demo.txt)
#   . scripts/_venv.sh ci      .venv: everything the tests use (requirements/ci.txt)
#   . scripts/_venv.sh latest  .venv-latest: the newest releases pyproject.toml admits
# The locks are hash-checked (pip --require-hashes) and hold every package, build tools
# included, so a new upstream release never changes what CI runs; `bash scripts/lock.sh`
# regenerates them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-python3}"
case "$1" in
  latest) VENV="$ROOT/.venv-latest" ;;
  demo | ci) VENV="$ROOT/.venv" ;;
  *) echo "_venv.sh: unknown set '$1'" >&2; exit 2 ;;
esac
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
# shellcheck disable=SC1091
. "$VENV/bin/activate"
export PIP_DISABLE_PIP_VERSION_CHECK=1
if [ "$1" = latest ]; then
  # Always re-resolved: the point is to see what the next lock would bring.
  python -m pip install --quiet --upgrade pip
  python -m pip install --quiet --upgrade --upgrade-strategy eager -e "$ROOT" \
    --group "$ROOT/pyproject.toml:dev"
  python -m pip list --format freeze > "$VENV/versions.txt"
else
  lock="$ROOT/requirements/$1.txt"
  stamp="$VENV/.installed-$1"
  want="$(cat "$lock" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    python -m pip install --quiet --require-hashes --no-deps -r "$lock"
    # The package itself, built with the locked setuptools (no isolated build environment
    # that would fetch the newest one).
    python -m pip install --quiet --no-deps --no-build-isolation -e "$ROOT"
    echo "$want" > "$stamp"
  fi
fi
