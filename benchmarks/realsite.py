"""A real third-party MkDocs site for the benchmark: the OWASP Cheat Sheet Series pages.

The pages come unchanged from ``../shared/corpus-scale/owasp`` (66 cheat sheets of
github.com/OWASP/CheatSheetSeries, CC BY-SA 4.0; ``labels.tsv`` beside the folder maps each
file to its original path). They are copied into a temporary project under their original
names (``docs/cheatsheets/Abuse_Case_Cheat_Sheet.md``, ...), with a configuration modelled on
the project's own ``mkdocs.yml``: Material theme with its palette toggle and section
navigation, the same Markdown extensions (highlight, superfences, emoji, permalinks,
sane_lists) and ``use_directory_urls: false``, plus the plugins such a site commonly adds that
the lock has (search, Material's tags, minify). Nothing is fetched: the corpus is read only and
is never copied into the repository.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterable
from pathlib import Path

__all__ = ["CORPUS", "corpus_pages", "missing_message", "write_real_site"]

HERE = Path(__file__).resolve().parent
# The shared evaluation corpora beside the checkout (as in tests/conftest.py).
CORPUS = HERE.parent.parent / "shared" / "corpus-scale" / "owasp"

MKDOCS_YML = """\
site_name: OWASP Cheat Sheet Series (benchmark copy)
site_url: https://cheatsheetseries.example.org/
site_description: The OWASP cheat sheets, built for the threatpub benchmark.
repo_name: OWASP/CheatSheetSeries
repo_url: https://github.com/OWASP/CheatSheetSeries
copyright: Cheat Sheets Series Team, CC BY-SA 4.0
use_directory_urls: false
theme:
  name: material
  features:
    - navigation.sections
    - navigation.expand
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle:
        icon: material/brightness-7
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: black
      accent: indigo
      toggle:
        icon: material/brightness-4
        name: Switch to light mode
markdown_extensions:
  - pymdownx.highlight
  - pymdownx.superfences
  - pymdownx.inlinehilite
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - toc:
      permalink: true
  - sane_lists
plugins:
  - search:
      lang: [en]
  - tags
  - minify:
      minify_html: true
{plugin}nav:
  - Introduction: index.md
  - Cheatsheets:
{nav}{exclude}"""

PLUGIN = """\
  - threatpub:
      profiles: [cac-2019]
      jurisdiction: [CN]
      timezone: Asia/Shanghai
      scan_all_pages: true
{cache}"""

INDEX = """\
# OWASP Cheat Sheet Series

The OWASP Cheat Sheet Series gives application developers and defenders concise guidance on
specific application security topics. This copy holds {count} of the cheat sheets, unchanged,
to measure what the threatpub plugin adds to a real site's build.
"""


def missing_message(corpus: Path) -> str:
    return (
        f"real-site benchmark skipped: {corpus} is missing (the shared corpora live in "
        "shared/ beside the checkout; pass --real-site to point elsewhere)"
    )


def corpus_pages(corpus: Path, limit: int | None = None) -> list[tuple[Path, str]]:
    """The corpus files and their original names (``Abuse_Case_Cheat_Sheet.md``), in the
    original names' order; without ``labels.tsv`` the files keep their corpus names."""
    original: dict[str, str] = {}
    labels = corpus.parent / "labels.tsv"
    if labels.is_file():
        with labels.open(encoding="utf-8", newline="") as rows:
            for row in csv.DictReader(rows, delimiter="\t"):
                original[row["page"]] = Path(row["path"]).name
    pages = [
        (path, original.get(f"{corpus.name}/{path.name}", path.name))
        for path in sorted(corpus.glob("*.md"))
    ]
    pages.sort(key=lambda page: page[1].lower())
    return pages[:limit]


def _title(name: str) -> str:
    return Path(name).stem.replace("_", " ")


def write_real_site(
    root: Path,
    pages: list[tuple[Path, str]],
    plugin: bool = True,
    cache_dir: Path | None = None,
    exclude: Iterable[str] = (),
) -> Path:
    """Write the cheat-sheet project under ``root``; returns its mkdocs.yml.

    ``cache_dir`` goes to the plugin's ``cache_dir`` option (only pass it when the plugin has
    that option); ``exclude`` lists docs-relative pages for ``exclude_docs`` (the pages the
    plugin holds, so that a build without the plugin publishes the same pages).
    """
    docs = root / "docs"
    (docs / "cheatsheets").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text(INDEX.format(count=len(pages)), encoding="utf-8")
    for source, name in pages:
        shutil.copyfile(source, docs / "cheatsheets" / name)
    excluded = sorted(exclude)
    nav = "".join(
        f"      - {_title(name)!r}: cheatsheets/{name}\n"
        for _, name in pages
        if f"cheatsheets/{name}" not in excluded
    )
    config = root / "mkdocs.yml"
    config.write_text(
        MKDOCS_YML.format(
            plugin=PLUGIN.format(
                cache=f"      cache_dir: {str(cache_dir)!r}\n" if cache_dir else ""
            )
            if plugin
            else "",
            nav=nav,
            exclude="exclude_docs: |\n" + "".join(f"  /{p}\n" for p in excluded)
            if excluded
            else "",
        ),
        encoding="utf-8",
    )
    return config
