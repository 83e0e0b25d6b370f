"""Article 4 detection on real pages nobody on this project wrote (`../shared/corpus`).

Twenty public pages with labels (`labels.tsv`): ten with Article 4 content, ten clean
advisories. They are read where they are (copied only into tmp_path, never into the
repository) and judged with `scan_all_pages: true` through the real `threatpub check`.
The goal (issue 4): every Article 4 page gets a CAC40x finding and at least 9 are held; no
clean page is held, and at most 2 get a warning. Measure, do not tune: the detectors must
not special-case these files.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import yaml

from tests.conftest import BIN, run_env, shared_path

CONTENT_CODES = {f"CAC40{n}" for n in range(1, 8)}


def _labels(corpus: Path) -> list[dict[str, str]]:
    with (corpus / "labels.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_corpus_detection(tmp_path: Path) -> None:
    corpus = shared_path("corpus")
    labels = _labels(corpus)
    assert len(labels) == 20, "labels.tsv should list 20 pages"
    docs = tmp_path / "docs"
    docs.mkdir()
    for row in labels:
        shutil.copyfile(corpus / row["file"], docs / row["file"])
    # Article 4 only: the clean advisories have no block, and META030 (Art. 12, measured by
    # tests/test_article12.py) would hold every one of them.
    options = {"scan_all_pages": True, "rules": {"META030": "off"}}
    config = {"site_name": "Corpus", "plugins": [{"threatpub": options}]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")

    result = subprocess.run(
        [
            str(BIN / "threatpub"),
            "check",
            "docs",
            "-f",
            "mkdocs.yml",
            "--format",
            "json",
            "--fail-on",
            "fail",
        ],
        cwd=tmp_path,
        env=run_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    pages = {p["path"]: p for p in json.loads(result.stdout)["pages"]}
    assert sorted(pages) == sorted(row["file"] for row in labels)

    rows = []
    for row in sorted(labels, key=lambda r: (r["label"], r["file"])):
        page = pages[row["file"]]
        codes = sorted({f"{f['code']}:{f['action']}" for f in page["findings"]})
        rows.append((row["file"], row["label"], row["expected"], page["verdict"], codes))
    print()
    print(f"{'file':<8} {'label':<9} {'expected':<9} {'verdict':<8} codes")
    for file, label, expected, verdict, codes in rows:
        print(f"{file:<8} {label:<9} {expected:<9} {verdict:<8} {', '.join(codes) or '-'}")

    article4 = [pages[r["file"]] for r in labels if r["label"] == "article4"]
    clean = [pages[r["file"]] for r in labels if r["label"] == "clean"]
    unflagged = [
        p["path"] for p in article4 if not {f["code"] for f in p["findings"]} & CONTENT_CODES
    ]
    held = [p["path"] for p in article4 if p["verdict"] != "publish"]
    clean_held = [p["path"] for p in clean if p["verdict"] != "publish"]
    clean_warned = [p["path"] for p in clean if any(f["action"] == "warn" for f in p["findings"])]
    problems = []
    if unflagged:
        problems.append(f"Article 4 pages without a CAC40x finding: {unflagged}")
    if len(held) < 9:
        problems.append(f"only {len(held)} of 10 Article 4 pages held (need 9): {held}")
    if clean_held:
        problems.append(f"clean pages held: {clean_held}")
    if len(clean_warned) > 2:
        problems.append(f"{len(clean_warned)} clean pages warned (at most 2): {clean_warned}")
    assert not problems, "\n".join(problems)
