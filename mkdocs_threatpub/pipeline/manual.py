"""The rules reference the ``rules_reference`` option adds to a site (and to a staged copy).

Its pages are generated, never judged (they name 预警 and describe Article 4 content in
order to document the rules). A generated page that would land where a file of the site
lands is a configuration error in every door: one would silently replace the other.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping

from mkdocs_threatpub.core.links import page_url
from mkdocs_threatpub.pipeline.options import is_markdown
from mkdocs_threatpub.pipeline.reference import page_name, reference_pages
from mkdocs_threatpub.rules import ALL_RULES

__all__ = ["ManualClash", "manual_pages", "output_of", "rule_pages"]


class ManualClash(ValueError):
    """A generated page and a file of the site would be written to the same place."""


def manual_pages(
    folder: str,
    language: str,
    existing: Mapping[str, str],
    directory_urls: bool = True,
) -> dict[str, str]:
    """Docs-relative path → Markdown of every page of the rules reference in ``folder``.

    ``existing`` maps each file of the site (docs-relative) to how its author knows it (its
    path, or the plugin that generated it); a clash raises :class:`ManualClash` naming both.
    """
    if not folder:
        return {}
    pages = {f"{folder}/{name}": text for name, text in reference_pages(language).items()}
    taken = {output_of(path, directory_urls): name for path, name in existing.items()}
    for path in pages:
        clash = existing.get(path) or taken.get(output_of(path, directory_urls))
        if clash is not None:
            raise ManualClash(
                f"threatpub option 'rules_reference: {folder}': the generated page {path} "
                f"would be written to {output_of(path, directory_urls)}, as is {clash}. Choose "
                "another folder for the rules reference, or rename that file."
            )
    return pages


def rule_pages(paths: Iterable[str]) -> dict[str, str]:
    """Rule code → the generated page (among ``paths``) that documents it."""
    by_name = {page_name(rule): rule.code for rule in ALL_RULES}
    return {
        by_name[posixpath.basename(path)]: path
        for path in paths
        if posixpath.basename(path) in by_name
    }


def output_of(path: str, directory_urls: bool = True) -> str:
    """The file a docs file becomes in the built site (a page: its ``index.html``)."""
    if not is_markdown(path):
        return path
    url = page_url(path, directory_urls)
    return url + "index.html" if url == "" or url.endswith("/") else url
