"""The scanned document: Markdown source split into line-mapped segments, with decoded views.

A full Markdown parse (markdown-it-py) costs about a second per megabyte; Article 4 needs
only block structure with line numbers, which the core's one linear block scanner
(``core/blocks.py``) gives: fenced code (with its language) and indented code, HTML
comments, tables, headings and prose, in block quotes and list items too. Segments are made
from its blocks, plus inline code spans.
"""

from __future__ import annotations

import base64
import binascii
import html
import unicodedata
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from mkdocs_threatpub.core.blocks import Block, BlockKind, scan_blocks, split_lines
from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.lazy import lazy_re

__all__ = [
    "MAX_LINE",
    "Document",
    "Segment",
    "View",
    "code_block_place",
    "document_from_blocks",
    "document_from_text",
]

# Lines were once cut at this many characters. They no longer are: MkDocs publishes the
# whole line, so anything past the cut (a payload after 20,000 characters of filler) would
# have gone out unchecked. Scanning is linear, and core/limits.py caps a page's size and
# scan time instead. Kept for detectors' tests that measure past it.
MAX_LINE = 20_000

_INLINE_CODE = lazy_re(r"`([^`\n]{1,2000})`")
_BASE64_RUN = lazy_re(r"[A-Za-z0-9+/]{40,100000}={0,2}")
_PROSE = t("prose", "正文")
_PLACES = {
    "inline_code": t("inline code", "行内代码"),
    "html_comment": t("an HTML comment", "HTML 注释"),
    "table": t("a table", "表格"),
    "heading": t("a heading", "标题"),
}


@dataclass(frozen=True)
class Segment:
    """A run of lines of one kind. ``line`` is the 1-based file line of ``text``'s start."""

    kind: str  # prose | code | inline_code | html_comment | table | heading
    text: str
    line: int
    lang: str = ""

    @property
    def is_code(self) -> bool:
        return self.kind in ("code", "inline_code")

    def line_at(self, offset: int) -> int:
        """File line of character ``offset`` in ``text``."""
        return self.line + self.text.count("\n", 0, offset)

    def where(self) -> Text:
        """Plain words for the finding message: "a bash code block", "prose"."""
        if self.kind == "code":
            return code_block_place(self.lang)
        return _PLACES.get(self.kind, _PROSE)


def code_block_place(lang: str) -> Text:
    """ "a code block", "a bash code block": where a finding is, in a code block."""
    if not lang:
        return t("a code block", "代码块")
    article = "an" if lang[0] in "aeiou" else "a"
    return t(f"{article} {lang} code block", f"{lang} 代码块")


@dataclass(frozen=True)
class View:
    """A segment as written, or decoded once (``how``: entities, url, base64, nfkc)."""

    segment: Segment
    text: str
    how: str = "raw"

    def line_at(self, offset: int) -> int:
        # Decoding keeps newlines where they were (closely enough for a line number).
        return self.segment.line + self.text.count("\n", 0, offset)

    def where(self) -> Text:
        place = self.segment.where()
        if self.how == "raw" or self.how == "nfkc":
            return place
        return t(f"{place} ({self.how}-encoded)", f"{zh(place)}（{self.how} 编码）")


@dataclass
class Document:
    """Segments of a page and their decoded views, computed once per page."""

    segments: list[Segment]
    headings: list[tuple[int, int, str]] = field(default_factory=list)  # (line, level, text)

    @cached_property
    def views(self) -> list[View]:
        out: list[View] = []
        for segment in self.segments:
            out.extend(_views(segment))
        return out

    @cached_property
    def lowered(self) -> str:
        """All views, lower-cased, for the keyword prefilter."""
        return "\n".join(view.text for view in self.views).lower()

    def code_views(self) -> Iterator[View]:
        return (v for v in self.views if v.segment.is_code)

    def block_views(self) -> Iterator[View]:
        """Views of block segments (not inline code, which repeats part of its prose)."""
        return (v for v in self.views if v.segment.kind != "inline_code")

    def mentions(self, *keywords: str) -> bool:
        lowered = self.lowered
        return any(k in lowered for k in keywords)


def _views(segment: Segment) -> Iterator[View]:
    text = segment.text
    yield View(segment, text)
    if "&" in text and ";" in text:
        decoded = text
        for _ in range(3):  # entities until stable, bounded (&amp;lt; → &lt; → <)
            step = html.unescape(decoded)
            if step == decoded:
                break
            decoded = step
        if decoded != text:
            yield View(segment, decoded, "HTML-entity")
    if "%" in text:
        decoded = urllib.parse.unquote(text)
        if decoded != text:
            yield View(segment, decoded, "URL")
    if not text.isascii():
        normal = unicodedata.normalize("NFKC", text)
        if normal != text:
            yield View(segment, normal, "nfkc")
    for match in _BASE64_RUN.finditer(text):
        decoded_b64 = _decode_base64(match.group(0))
        if decoded_b64:
            prefix = text[: match.start()].count("\n")
            run = Segment(segment.kind, decoded_b64, segment.line + prefix, segment.lang)
            yield View(run, decoded_b64, "base64")


def _decode_base64(run: str) -> str | None:
    """One level of base64, kept only when it decodes to mostly printable text."""
    padded = run + "=" * (-len(run) % 4)
    try:
        raw = base64.b64decode(padded, validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in text)
    return text if text and printable / len(text) > 0.95 else None


def document_from_text(text: str, first_line: int = 1) -> Document:
    lines = split_lines(text)
    return document_from_blocks(lines, scan_blocks(lines), first_line)


# Blocks read as text: paragraphs, raw HTML blocks other than comments and thematic breaks
# as prose; tables.
_TEXT_KINDS = {
    BlockKind.PARAGRAPH: "prose",
    BlockKind.HTML: "prose",
    BlockKind.THEMATIC_BREAK: "prose",
    BlockKind.TABLE: "table",
}


def document_from_blocks(
    lines: Sequence[str], blocks: Iterable[Block], first_line: int = 1
) -> Document:
    """The segments of ``lines`` from their blocks (``core.blocks.scan_blocks``).

    Prose and tables keep their lines as written (container markers included) and run on
    across adjacent blocks of the same kind, up to a blank line, as a reader sees them;
    code keeps its content without the markers and the indentation of its block.
    """
    segments: list[Segment] = []
    headings: list[tuple[int, int, str]] = []
    run_kind = ""  # "prose" | "table": the run of lines not yet made a segment
    run_start = run_end = 0

    def flush() -> None:
        nonlocal run_kind
        if run_kind:
            text = "\n".join(lines[run_start:run_end])
            segments.append(Segment(run_kind, text, first_line + run_start))
            _inline_code(segments[-1], segments)
            run_kind = ""

    for block in blocks:
        kind = block.kind
        text_kind = _TEXT_KINDS.get(kind)
        if text_kind:
            if text_kind == run_kind and (
                run_end == block.start
                or (
                    lines[run_end].strip(" \t")  # most often blank: the run ends
                    and all(lines[i].strip(" \t") for i in range(run_end + 1, block.start))
                )
            ):
                run_end = block.end  # adjacent, or only bare container markers (">") between
                continue
            flush()
            run_kind, run_start, run_end = text_kind, block.start, block.end
            continue
        flush()
        line = first_line + block.start
        if kind is BlockKind.FENCED_CODE:
            segments.append(Segment("code", block.text, line + 1, block.lang))
        elif kind is BlockKind.INDENTED_CODE:
            segments.append(Segment("code", block.text, line))
        elif kind is BlockKind.HTML_COMMENT:
            segments.append(Segment("html_comment", block.text, line))
        elif kind is BlockKind.HEADING:
            text = block.heading_text
            headings.append((line, block.level, text))
            segments.append(Segment("heading", text, line))
            _inline_code(segments[-1], segments)
    flush()
    return Document(segments, headings)


def _inline_code(segment: Segment, out: list[Segment]) -> None:
    if "`" not in segment.text:
        return
    for match in _INLINE_CODE.finditer(segment.text):
        out.append(Segment("inline_code", match.group(1), segment.line_at(match.start())))
