#!/usr/bin/env bash
# Build example-site/ with the plugin and print what was held and why.
# The example's dates are set around 2026-11-23; SOURCE_DATE_EPOCH pins "now" so the demo
# shows the same holds whenever it runs. Override it to judge as of another moment:
#   SOURCE_DATE_EPOCH=$(date +%s) bash scripts/demo.sh
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" test
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1795399200}"  # 2026-11-23 10:00 Asia/Shanghai
cd "$ROOT/example-site"
echo "== mkdocs build (now = $(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ))"
mkdocs build
echo
echo "== Held pages are absent from site/:"
for page in $(python - <<'PY'
import json
report = json.load(open(".threatpub/report.json"))
for page in report["pages"]:
    if page["verdict"] != "publish":
        print(page["path"])
PY
); do
  out="site/${page%.md}/index.html"
  if [ -e "$out" ]; then echo "  LEAK: $out exists"; exit 1; else echo "  $page: not built"; fi
done
echo
echo "== Report: example-site/.threatpub/report.json; the same judgement without a build:"
echo "   threatpub check -f example-site/mkdocs.yml"
