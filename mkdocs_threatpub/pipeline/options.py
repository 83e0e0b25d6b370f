"""The plugin's options and the site's layout, as the pipeline needs them.

The plugin reads them from MkDocs' own config objects, the CLI from ``mkdocs.yml`` (both
validate the options with :class:`mkdocs_threatpub.config.ThreatpubConfig`); either way the
pipeline gets these plain values and never an MkDocs object.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

from mkdocs_threatpub.core.context import Settings

__all__ = ["MARKDOWN_SUFFIXES", "Options", "SiteLayout", "is_markdown", "mkdocs_excludes"]

# As mkdocs.utils.markdown_extensions: every suffix MkDocs builds as a page.
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


def is_markdown(path: str) -> bool:
    """Whether MkDocs builds the file ``path`` as a page."""
    return path.endswith(MARKDOWN_SUFFIXES)


@dataclass(frozen=True)
class Options:
    """The ``threatpub`` plugin options beyond what shapes judgement (:class:`Settings`)."""

    settings: Settings = field(default_factory=Settings)
    enabled: bool = True
    report: tuple[str, ...] = ()  # files, relative to mkdocs.yml; the format by extension
    ledger: str | None = None
    takedowns: str | None = None
    baseline: str | None = None
    rules_reference: str = ""  # docs-relative folder of the generated rules reference
    serve_banner: bool = True
    github_annotations: str = "auto"  # auto | true | false
    # The judging cache's folder, relative to mkdocs.yml (None: no cache; the plugin's
    # option defaults to .threatpub/cache).
    cache_dir: str | None = None

    @property
    def language(self) -> str:
        return self.settings.language


@dataclass(frozen=True)
class SiteLayout:
    """Where the site's files are: absolute paths, and what MkDocs leaves out."""

    config_file: Path
    docs_dir: Path
    site_dir: Path
    exclude_docs: str = ""  # gitignore-style lines, as in mkdocs.yml
    site_url: str | None = None
    use_directory_urls: bool = True
    nav_titles: dict[str, str] = field(default_factory=dict)  # page → its `nav:` title

    @property
    def config_dir(self) -> Path:
        return self.config_file.parent

    def excluded(self, path: str) -> bool:
        """Whether MkDocs leaves the docs-relative ``path`` out (its defaults and
        ``exclude_docs``)."""
        return bool(mkdocs_excludes(self.exclude_docs).match_file(path))


@functools.lru_cache(maxsize=8)
def mkdocs_excludes(exclude_docs: str = "") -> pathspec.GitIgnoreSpec:
    """What MkDocs leaves out of ``docs_dir``, as ``mkdocs.structure.files.set_exclusions``
    decides it: its defaults (dot-files and folders, ``templates/`` at the top), then
    ``exclude_docs``. Raises ``ValueError`` for a pattern pathspec cannot read."""
    lines = [".*", "/templates/", *exclude_docs.splitlines()]
    return pathspec.gitignore.GitIgnoreSpec.from_lines(lines)
