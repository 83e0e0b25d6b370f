"""Article 12 figures: how META030's classifier reads sets of real pages.

    python -m tests.article12          # per-set figures, precision and recall
    python -m tests.article12 -v       # and every page on the wrong side

Every page is read as a page without front matter (any is stripped: the question is what a
page *without* a ``threatpub:`` block is) and classified in process
(:func:`mkdocs_threatpub.scanners.threat_information.classify`).

Sets (``expected``: threat information or not):

* ``advisories`` (yes): ``../shared/corpus-scale`` pages labelled ``clean`` — RustSec, curl,
  Node.js and Ruby security advisories and security-release notes;
* ``repro`` and ``payloads`` (yes): the corpus' reproduction guides and payload pages;
* ``example-site`` (no): the example site's pages without a block (its index pages), both
  the Chinese and the EU site;
* ``mkdocs-docs`` (no): a real MkDocs project's documentation. MkDocs' own sdist ships no
  ``docs/``; pymdown-extensions' (the locked version) ships its whole MkDocs site, downloaded
  from PyPI with pip into a cache folder;
* ``changelogs`` (no): real changelogs that mention CVEs fixed among other changes
  (requests ``HISTORY.md``, urllib3 and aiohttp ``CHANGES.rst``) and the release notes of
  Django that are not security releases (a Django security release note describes each
  vulnerability it fixes, like Node.js' in ``advisories``: it is measured as ``django-security``
  and expected to be threat information);
* ``defensive`` (measured apart, expected no): the OWASP cheat sheets — guides that describe
  classes of attack generically in order to prevent them, naming no affected product,
  version, incident or network. Article 12 is about information on vulnerabilities, attacks,
  intrusions and incidents that could be used to harm network security; a prevention guide
  is not that. ``XSS_Filter_Evasion`` is labelled ``payloads`` in the corpus and counted
  there.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_threatpub.core.page import read_page
from mkdocs_threatpub.scanners.threat_information import classify

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# sdists fetched from PyPI with pip (pinned: the figures must not move under us).
SDISTS = {
    "pymdown-extensions": "13.1.2",
    "requests": "2.34.2",
    "urllib3": "2.8.0",
    "aiohttp": "3.12.15",
    "django": "5.2.8",
}

YES = ("advisories", "repro", "payloads")
NO = ("example-site", "mkdocs-docs", "changelogs", "django-releases")
# Measured and shown, outside precision and recall: their labels are this tool's (Django's
# security releases, told by their first paragraph) or a judgement (OWASP, see above).
APART = ("django-security", "defensive")
APART_EXPECTED = {"django-security": True, "defensive": False}


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "threatpub-tests" / "article12"


def strip_front_matter(text: str) -> str:
    """The page as if written without front matter (a leading ``---`` YAML block removed)."""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            close = text.find("\n", end + 4)
            return text[close + 1 :] if close != -1 else ""
    return text


@dataclass
class Outcome:
    """Per set: the pages classified as threat information, and those that were not."""

    yes: dict[str, list[str]] = field(default_factory=dict)
    no: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, path: str, decided: bool) -> None:
        self.yes.setdefault(name, [])
        self.no.setdefault(name, [])
        (self.yes if decided else self.no)[name].append(path)

    def pages(self, name: str) -> int:
        return len(self.yes.get(name, ())) + len(self.no.get(name, ()))

    def positives(self, name: str) -> int:
        return len(self.yes.get(name, ()))

    def recall(self, names: tuple[str, ...] = YES) -> float:
        total = sum(self.pages(n) for n in names)
        return sum(self.positives(n) for n in names) / total if total else 0.0

    def precision(self, yes: tuple[str, ...] = YES, no: tuple[str, ...] = NO) -> float:
        true = sum(self.positives(n) for n in yes)
        false = sum(self.positives(n) for n in no)
        return true / (true + false) if true + false else 0.0

    def wrong(self, name: str) -> list[str]:
        """The pages on the wrong side of ``name``'s expectation."""
        expected = name in YES or APART_EXPECTED.get(name, False)
        return self.no.get(name, []) if expected else self.yes.get(name, [])

    def table(self) -> str:
        rows = []
        for name in (*YES, *NO, *APART):
            n = self.pages(name)
            if not n:
                continue
            got = self.positives(name)
            expect = "yes" if name in YES or APART_EXPECTED.get(name) else "no"
            rows.append(
                f"{name:16} expected {expect:3}  pages {n:4}  threat information "
                f"{got:4} ({100 * got / n:5.1f}%)  wrong {len(self.wrong(name))}"
            )
        rows.append(
            f"recall {100 * self.recall():.1f}%  precision {100 * self.precision():.1f}%  "
            f"(advisories alone: recall {100 * self.recall(('advisories',)):.1f}%)"
        )
        return "\n".join(rows)


def classify_file(path: Path) -> bool:
    raw = path.read_bytes()
    text = strip_front_matter(raw.decode("utf-8", "replace"))
    page = read_page(path.name, text.encode("utf-8"))
    return classify(page).is_threat_information


def corpus_scale_sets(corpus: Path) -> Iterator[tuple[str, Path]]:
    with (corpus / "labels.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            name = {"clean": "advisories"}.get(row["label"], row["label"])
            yield name, corpus / row["page"]


def example_site_sets(site: Path) -> Iterator[tuple[str, Path]]:
    for docs in ("docs", "docs-intl"):
        for path in sorted((site / docs).rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            if "\nthreatpub:" not in strip_front_matter_header(text):
                yield "example-site", path


def strip_front_matter_header(text: str) -> str:
    """The front matter block alone ('' without one)."""
    return text[: len(text) - len(strip_front_matter(text))]


def fetch_sdists(folder: Path) -> dict[str, Path]:
    """Download (once) and unpack the sdists; name → unpacked folder."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, version in SDISTS.items():
        unpacked = folder / f"{name}-{version}"
        if not unpacked.is_dir():
            downloads = folder / "downloads"
            subprocess.run(
                [
                    *(sys.executable, "-m", "pip", "download", "-q", "--no-deps"),
                    *("--no-binary", ":all:", f"{name}=={version}", "-d", str(downloads)),
                ],
                check=True,
                capture_output=True,
                timeout=600,
            )
            archive = next(
                p
                for p in downloads.glob("*.tar.gz")
                if p.name.lower().replace("_", "-").startswith(f"{name}-{version}")
            )
            staging = folder / f".{name}-{version}.part"
            with tarfile.open(archive) as tar:
                tar.extractall(staging, filter="data")
            (inner,) = list(staging.iterdir())
            inner.rename(unpacked)
            staging.rmdir()
        out[name] = unpacked
    return out


def download_sets(sdists: dict[str, Path]) -> Iterator[tuple[str, Path]]:
    docs = sdists["pymdown-extensions"] / "docs" / "src" / "markdown"
    for path in sorted(docs.rglob("*.md")):
        yield "mkdocs-docs", path
    yield "changelogs", sdists["requests"] / "HISTORY.md"
    yield "changelogs", sdists["urllib3"] / "CHANGES.rst"
    yield "changelogs", sdists["aiohttp"] / "CHANGES.rst"
    for path in sorted((sdists["django"] / "docs" / "releases").glob("*.txt")):
        if path.name == "index.txt":
            continue
        security = path.name == "security.txt" or _is_security_release(path)
        yield ("django-security" if security else "django-releases"), path


def _is_security_release(path: Path) -> bool:
    """A Django security release says so in its first paragraph ("fixes a security issue",
    "fixes two security issues", "addresses a security issue")."""
    head = path.read_text(encoding="utf-8")[:800].lower()
    return "security issue" in head or "security release" in head


def measure(corpus: Path, site: Path, sdists: dict[str, Path] | None) -> Outcome:
    outcome = Outcome()
    sets = [*corpus_scale_sets(corpus), *example_site_sets(site)]
    if sdists is not None:
        sets += list(download_sets(sdists))
    for name, path in sets:
        outcome.add(name, str(path), classify_file(path))
    return outcome


def main(argv: list[str]) -> int:
    sdists = fetch_sdists(cache_dir())
    outcome = measure(SHARED / "corpus-scale", ROOT / "example-site", sdists)
    print(outcome.table())
    if "-v" in argv:
        for name in (*YES, *NO, *APART):
            wrong = outcome.wrong(name)
            if wrong:
                print(f"\n{name}: {len(wrong)}")
                for path in wrong:
                    print("  " + path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
