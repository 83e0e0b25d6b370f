"""Which files of a site are pages to judge, and which are copied (no MkDocs build).

Under ``mkdocs build`` MkDocs itself lists the files; ``threatpub check`` and ``threatpub
stage`` list them here the way MkDocs would: the same Markdown suffixes, its default
exclusions and ``exclude_docs`` (:class:`~mkdocs_threatpub.pipeline.options.SiteLayout`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pathspec

from mkdocs_threatpub.pipeline.build import PageSource
from mkdocs_threatpub.pipeline.filetypes import judged_kind
from mkdocs_threatpub.pipeline.options import SiteLayout, is_markdown, mkdocs_excludes

__all__ = ["STAGE_MARKER", "NoSuchPath", "PageSet", "collect_pages", "docs_files", "markdown_files"]

# The marker file `threatpub stage` writes into its copy: never a file of the site.
STAGE_MARKER = ".threatpub-stage"


def markdown_files(root: Path, *, copied_too: bool = False) -> Iterator[Path]:
    """Every Markdown file under ``root``, in a stable order (symlinked folders followed,
    as MkDocs follows them); with ``copied_too``, also the files MkDocs copies verbatim
    that are judged by their content (:func:`~mkdocs_threatpub.pipeline.filetypes.judged_kind`)."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames.sort()
        for name in sorted(filenames):
            if is_markdown(name) or (copied_too and judged_kind(name) is not None):
                yield Path(dirpath) / name


@dataclass(frozen=True)
class PageSet:
    """The pages a ``check`` judges, and every Markdown file of ``docs_dir`` (excluded ones
    too: the takedowns file may name any of them)."""

    pages: list[PageSource]
    all_markdown: set[str]


class NoSuchPath(ValueError):
    """A path given on the command line does not exist."""


def collect_pages(paths: Sequence[str], layout: SiteLayout | None) -> PageSet:
    """The pages to judge: the files and folders ``paths`` name, else all of ``docs_dir``.

    Inside ``docs_dir`` a page's path is docs-relative, and a page MkDocs excludes is
    skipped, named or found, since a build never judges it. Elsewhere, folders are walked
    with MkDocs' default exclusions (dot-files, ``templates/`` at the top) and named files
    are always judged; their path is relative to the working directory.
    """
    docs_dir = layout.docs_dir.resolve() if layout is not None else None
    targets: list[tuple[Path, Path | None]] = []  # (file, folder it was found in)
    if paths:
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                targets.extend((file, path) for file in markdown_files(path, copied_too=True))
            elif path.is_file():
                targets.append((path, None))
            else:
                raise NoSuchPath(f"no such file or folder: {raw}")
    elif docs_dir is not None:
        # The whole site: its pages, and the files MkDocs copies as they are.
        targets.extend((file, docs_dir) for file in markdown_files(docs_dir, copied_too=True))
    else:
        raise NoSuchPath("give Markdown files or folders, or -f mkdocs.yml")
    pages: list[PageSource] = []
    seen: set[Path] = set()
    roots: dict[Path, Path] = {}  # walked folder → resolved, once (resolve costs syscalls)
    for path, walked in targets:
        if walked is None:
            absolute = path.resolve()
        else:
            root = roots.get(walked) or roots.setdefault(walked, walked.resolve())
            absolute = root / path.relative_to(walked)
        if absolute in seen:
            continue
        seen.add(absolute)
        if docs_dir is not None and absolute.is_relative_to(docs_dir):
            relative = absolute.relative_to(docs_dir).as_posix()
            if layout is not None and layout.excluded(relative):
                continue
            nav_title = layout.nav_titles.get(relative) if layout is not None else None
        else:
            if walked is not None and mkdocs_excludes().match_file(
                path.relative_to(walked).as_posix()
            ):
                continue
            if walked is not None and judged_kind(absolute.name) is not None:
                continue  # a folder outside the site: only its Markdown is judged
            try:
                relative = absolute.relative_to(Path.cwd()).as_posix()
            except ValueError:
                relative = path.as_posix()
            nav_title = None
        kind = judged_kind(absolute.name)
        pages.append(PageSource(relative, file=str(absolute), nav_title=nav_title, kind=kind))
    every = (
        {p.relative_to(docs_dir).as_posix() for p in markdown_files(docs_dir)}
        if docs_dir is not None
        else set()
    )
    return PageSet(pages, every)


def docs_files(layout: SiteLayout) -> list[str]:
    """Docs-relative paths of the files ``threatpub stage`` considers copying, sorted.

    Every file MkDocs would use (its default exclusions and ``exclude_docs`` respected), and
    also dot-files that are not Markdown and that ``exclude_docs`` itself does not name:
    plugins read them as data (Material's blog ``.authors.yml``, its meta plugin's
    ``.meta.yml``) and a build leaves them out of the site by the same default. Files in
    dot-folders and ``templates/`` at the top stay out, as MkDocs leaves them.
    """
    # The site's own patterns alone (the defaults would leave out every dot-file).
    own = pathspec.gitignore.GitIgnoreSpec.from_lines(layout.exclude_docs.splitlines())
    out = []
    for dirpath, dirnames, filenames in os.walk(layout.docs_dir, followlinks=True):
        dirnames.sort()
        folder = Path(dirpath).relative_to(layout.docs_dir).as_posix()
        for name in sorted(filenames):
            rel = name if folder == "." else f"{folder}/{name}"
            if not layout.excluded(rel) or (_plugin_data(rel) and not own.match_file(rel)):
                out.append(rel)
    return out


def _plugin_data(rel: str) -> bool:
    *folders, name = rel.split("/")
    return (
        name.startswith(".")
        and rel != STAGE_MARKER
        and not is_markdown(name)
        and not any(part.startswith(".") for part in folders)
        and not (folders and folders[0] == "templates")
    )
