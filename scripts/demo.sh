#!/usr/bin/env bash
# Build example-site/ with the plugin and print what was held and why; then the same for the
# international example (mkdocs-intl.yml: profiles iso-29147 and gdpr, Europe/Berlin).
# The example's dates are set around 2026-11-23; SOURCE_DATE_EPOCH pins "now" so the demo
# shows the same holds whenever it runs. Override it to judge as of another moment:
#   SOURCE_DATE_EPOCH=$(date +%s) bash scripts/demo.sh
. "$(dirname "${BASH_SOURCE[0]}")/_venv.sh" demo
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1795399200}"  # 2026-11-23 10:00 Asia/Shanghai
cd "$ROOT/example-site"
echo "== mkdocs build (now = $(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ))"
mkdocs build
echo
echo "== Pages kept out, and proof that nothing of them is in site/:"
# kept_out REPORT SITE_DIR [--why]: held pages and their codes (--why: each reason, and the
# published pages' warnings); fails if a held page's title is found in SITE_DIR.
kept_out() {
python - "$@" <<'PY'
import json
import sys
from pathlib import Path

report_file, site_dir, *flags = sys.argv[1:]
why = "--why" in flags
report = json.loads(Path(report_file).read_text(encoding="utf-8"))
texts = [p.read_text("utf-8", "replace") for p in Path(site_dir).rglob("*") if p.suffix in {".html", ".xml", ".json"}]
leaks = 0
for page in report["pages"]:
    codes = ", ".join(sorted({f["code"] for f in page["findings"]}))
    if page["verdict"] == "publish":
        if why and page["findings"]:
            print(f"  warn  {page['path']} [{codes}] (published)")
            for f in page["findings"]:
                print(f"          {f['code']}: {f['message']}")
        continue
    found = sum(page["title"] in text for text in texts) if page["title"] else 0
    leaks += found
    when = f", release after {page['release_after']}" if page["release_after"] else ""
    print(f"  {page['verdict']:<5} {page['path']} [{codes}{when}]: title found in {found} output files")
    for f in page["findings"] if why else ():
        print(f"          {f['code']} ({f['action']}): {f['message']}")
raise SystemExit(1 if leaks else 0)
PY
}
kept_out .threatpub/report.json site
echo
echo "== Audit ledger (Article 9): example-site/.threatpub/ledger.jsonl"
threatpub ledger verify -f mkdocs.yml
echo
echo "== Report: example-site/.threatpub/report.json; the same judgement without a build:"
echo "   threatpub check -f example-site/mkdocs.yml"
echo
echo "== International example: mkdocs build -f mkdocs-intl.yml (profiles iso-29147, gdpr)"
mkdocs build -f mkdocs-intl.yml
echo
echo "== Pages kept out and why, warnings on published pages, and proof that nothing of the"
echo "   held pages is in site-intl/:"
kept_out .threatpub/intl-report.json site-intl --why
echo
echo "== Audit ledger: example-site/.threatpub/intl-ledger.jsonl"
threatpub ledger verify -f mkdocs-intl.yml
echo
echo "== Report: example-site/.threatpub/intl-report.json; the same judgement without a build:"
echo "   threatpub check -f example-site/mkdocs-intl.yml"
