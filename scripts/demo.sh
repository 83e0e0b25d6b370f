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
echo "== Pages kept out, and proof that nothing of them is in site/:"
python - <<'PY'
import json
from pathlib import Path

report = json.loads(Path(".threatpub/report.json").read_text(encoding="utf-8"))
texts = [p.read_text("utf-8", "replace") for p in Path("site").rglob("*") if p.suffix in {".html", ".xml", ".json"}]
leaks = 0
for page in report["pages"]:
    if page["verdict"] == "publish":
        continue
    codes = ", ".join(sorted({f["code"] for f in page["findings"]}))
    found = sum(page["title"] in text for text in texts) if page["title"] else 0
    leaks += found
    when = f", release after {page['release_after']}" if page["release_after"] else ""
    print(f"  {page['verdict']:<5} {page['path']} [{codes}{when}]: title found in {found} output files")
raise SystemExit(1 if leaks else 0)
PY
echo
echo "== Audit ledger (Article 9): example-site/.threatpub/ledger.jsonl"
threatpub ledger verify -f mkdocs.yml
echo
echo "== Report: example-site/.threatpub/report.json; the same judgement without a build:"
echo "   threatpub check -f example-site/mkdocs.yml"
