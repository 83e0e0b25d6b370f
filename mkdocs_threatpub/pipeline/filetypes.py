"""Files MkDocs copies into the site as they are, but which can carry threat information.

MkDocs builds only ``*.md`` (and its other Markdown suffixes, in lower case) as pages; every
other file under ``docs_dir`` is copied verbatim: ``poc.html``, ``notes.txt``, ``exploit.py``,
``analysis.ipynb``, and copies of pages such as ``incident.MD`` or ``incident.md~``. They are
judged too, by their content, as pages are: a held or failing one is kept out of the site
like a page (and, matched by ``include``, such a file is threat information with no
``threatpub:`` block, so it is held unless the rules allow it).

Each kind is read as Markdown whose line N is the file's line N: Markdown-like files, HTML
(raw HTML is Markdown; the scanner decodes entities) and plain text as they are; source code
indented as a code block (detectors then read it as code); a notebook's cells laid out on
the lines their source has in the notebook file. Images, archives and other binary files are
not text: they are only left out with the page that uses them (the attachments rule).
"""

from __future__ import annotations

import json
import posixpath
from typing import Any

from mkdocs_threatpub.pipeline.options import MARKDOWN_SUFFIXES, is_markdown

__all__ = ["as_markdown", "judged_kind"]

# What editors and tools leave behind next to a file (`page.md~`, `page.md.bak`).
_BACKUP_SUFFIXES = ("~", ".bak", ".orig", ".old", ".tmp", ".swp", ".save")
_HTML = (".html", ".htm", ".xhtml")
_TEXT = (".txt", ".text", ".log", ".rst", ".adoc", ".asciidoc", ".org", ".csv", ".tsv")
# Programs: where exploit code and attack tools are (site scripts, .js and .css, are left
# to the theme: they are the site's own code).
_CODE = (
    ".py", ".sh", ".bash", ".zsh", ".ps1", ".psm1", ".bat", ".cmd", ".vbs", ".rb", ".pl",
    ".php", ".c", ".cc", ".cpp", ".h", ".go", ".rs", ".java", ".cs", ".lua", ".asm", ".s",
)  # fmt: skip


def judged_kind(path: str) -> str | None:
    """``markdown``, ``html``, ``text``, ``code`` or ``notebook`` for a file MkDocs copies
    verbatim that is judged by its content; ``None`` for MkDocs' own pages and for files
    that are not text."""
    if is_markdown(path):
        return None  # a page: MkDocs builds it and threatpub judges it as one
    name = posixpath.basename(path).lower()
    stem = name
    for suffix in _BACKUP_SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
            break
    if stem.endswith(MARKDOWN_SUFFIXES):
        return "markdown"  # another case (`.MD`) or a backup copy of a page
    for kinds, kind in ((_HTML, "html"), (_TEXT, "text"), (_CODE, "code")):
        if stem.endswith(kinds):
            return kind
    if stem.endswith(".ipynb"):
        return "notebook"
    return None


def as_markdown(kind: str, raw: bytes) -> bytes:
    """The file's content as Markdown to judge, line for line."""
    if kind == "code":
        text = raw.decode("utf-8", errors="replace")
        return "".join(f"    {line}" for line in text.splitlines(keepends=True)).encode()
    if kind == "notebook":
        return _notebook(raw)
    return raw


def _notebook(raw: bytes) -> bytes:
    """The cells of a Jupyter notebook: Markdown cells as written, code cells as fenced code
    with the notebook's language, each starting on the line its source has in the file."""
    try:
        text = raw.decode("utf-8")
        notebook = json.loads(text)
    except (UnicodeDecodeError, ValueError):
        return raw  # not a notebook after all: judge the text itself
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        return raw
    language = _language(notebook)
    file_lines = text.split("\n")
    out: list[str] = []
    search_from = 0
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        source = cell.get("source", "")
        lines = "".join(source).split("\n") if isinstance(source, list) else str(source).split("\n")
        # The line after `"source": [` in a pretty-printed notebook; else just the next one.
        at = next(
            (i for i in range(search_from, len(file_lines)) if '"source"' in file_lines[i]),
            None,
        )
        if at is not None:
            search_from = at + 1
            first = at + 1 if file_lines[at].rstrip().endswith("[") else at
            # Fenced code opens one line earlier, so that the code keeps its line.
            start = first - 1 if cell.get("cell_type") == "code" else first
            while len(out) < start:
                out.append("")
        if cell.get("cell_type") == "code":
            out.extend([f"```{language}", *lines, "```", ""])
        else:
            out.extend([*lines, ""])
    return "\n".join(out).encode()


def _language(notebook: dict[str, Any]) -> str:
    metadata = notebook.get("metadata")
    info = metadata.get("language_info") if isinstance(metadata, dict) else None
    name = info.get("name") if isinstance(info, dict) else None
    return name if isinstance(name, str) and name.isidentifier() else "python"
