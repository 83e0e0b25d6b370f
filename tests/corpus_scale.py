"""Per-label figures of `threatpub check` on ``../shared/corpus-scale`` (real third-party pages).

    python -m tests.corpus_scale            # per-label figures
    python -m tests.corpus_scale -v         # and every miss and false alarm

The pages are judged where they are (``docs_dir`` points at the corpus; nothing is copied)
with ``scan_all_pages: true`` and ``profiles: [cac-2019]``, as the corpus README says. A page
is *held* when a content finding (CAC401–CAC407) holds or fails it, *warned* when it only has
content warnings. ``tests/test_corpus_scale.py`` asserts the README's targets with this.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

CONTENT = tuple(f"CAC40{n}" for n in range(1, 8))
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
NOW_EPOCH = "1795399200"  # 2026-11-23 10:00 Asia/Shanghai: the clock the tests use


@dataclass
class Scores:
    """What ``check`` made of each label's pages."""

    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    # label → pages that missed the label's expectation, with what they got
    misses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    verdicts: dict[str, str] = field(default_factory=dict)  # page → verdict

    def rate(self, label: str, what: str) -> float:
        pages = self.counts[label]["pages"]
        return self.counts[label][what] / pages if pages else 0.0

    def table(self) -> str:
        lines = []
        for label, c in sorted(self.counts.items()):
            n = c["pages"]
            lines.append(
                f"{label:10} pages {n:4}  held {c['held']:4} ({100 * c['held'] / n:5.1f}%)  "
                f"warned-only {c['warned']:4} ({100 * c['warned'] / n:5.1f}%)  "
                f"failed {c['failed']}"
            )
        return "\n".join(lines)


def labels(corpus: Path) -> dict[str, str]:
    with (corpus / "labels.tsv").open(encoding="utf-8", newline="") as handle:
        return {row["page"]: row["label"] for row in csv.DictReader(handle, delimiter="\t")}


def write_config(site: Path, corpus: Path) -> Path:
    site.mkdir(parents=True, exist_ok=True)
    config = site / "mkdocs.yml"
    config.write_text(
        f"site_name: corpus-scale\ndocs_dir: {json.dumps(str(corpus))}\n"
        "plugins:\n  - threatpub:\n      scan_all_pages: true\n      profiles: [cac-2019]\n"
        # Issue 18's targets measure Article 4; the pages have no blocks, and META030
        # (Art. 12, measured by tests/test_article12.py) would hold every advisory.
        "      rules: {META030: 'off'}\n",
        encoding="utf-8",
    )
    return config


def check_report(config: Path, threatpub: list[str]) -> dict:
    """The JSON report of the real ``threatpub check`` of the site at ``config``."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": NOW_EPOCH}
    result = subprocess.run(
        [*threatpub, "check", "-f", str(config), "--format", "json", "--fail-on", "fail"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=900,
    )
    if result.returncode not in (0, 1) or not result.stdout.strip():
        raise RuntimeError(f"threatpub check exited {result.returncode}: {result.stderr[-2000:]}")
    return json.loads(result.stdout)


def score(report: dict, label_of: dict[str, str]) -> Scores:
    scores = Scores()
    pages = {page["path"]: page for page in report["pages"]}
    for path, label in sorted(label_of.items()):
        page = pages.get(path)
        count = scores.counts[label]
        if page is None:
            count["missing"] += 1
            scores.misses[label].append(f"{path}: not judged")
            continue
        scores.verdicts[path] = page["verdict"]
        content = [f for f in page["findings"] if f["code"] in CONTENT]
        held = any(f["action"] in ("hold", "fail") for f in content)
        warned = not held and any(f["action"] == "warn" for f in content)
        count["pages"] += 1
        count["held"] += held
        count["warned"] += warned
        count["failed"] += page["verdict"] == "fail"
        codes = ",".join(sorted({f["code"] for f in content})) or "-"
        if label in ("repro", "payloads") and not held:
            scores.misses[label].append(f"{path}: {'warned' if warned else 'published'} ({codes})")
        elif label in ("clean", "defensive") and (held or warned):
            scores.misses[label].append(f"{path}: {'held' if held else 'warned'} ({codes})")
    return scores


def main(argv: list[str]) -> int:
    corpus = SHARED / "corpus-scale"
    site = Path(os.environ.get("TMPDIR", "/tmp")) / "threatpub-corpus-scale"
    threatpub = [sys.executable, "-m", "mkdocs_threatpub"]
    scores = score(check_report(write_config(site, corpus), threatpub), labels(corpus))
    print(scores.table())
    if "-v" in argv:
        for label, missed in sorted(scores.misses.items()):
            print(f"\n{label}: {len(missed)}")
            for line in missed:
                print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
