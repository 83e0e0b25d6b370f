"""The scanned document: Markdown source split into line-mapped segments, with decoded views.

A full Markdown parse (markdown-it-py) costs about a second per megabyte; Article 4 needs
only block structure with line numbers, so this is a single linear pass over the lines:
fenced code (with its language), indented code, HTML comments, tables, headings and prose,
plus inline code spans. An unterminated fence runs to the end, as in CommonMark.
"""

from __future__ import annotations

import base64
import binascii
import html
import unicodedata
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.lazy import lazy_re

__all__ = ["MAX_LINE", "Document", "Segment", "View", "document_from_lines", "document_from_text"]

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

_HEADING = lazy_re(r" {0,3}(#{1,6})[ \t]+(.*)")
# A setext underline: the paragraph above it is a heading (level 1 with "=", 2 with "-"),
# unless that "paragraph" is a list item or a quote (then "---" is a thematic break).
_SETEXT = lazy_re(r"(?:=+|-+)[ \t]*")
_CONTAINER = lazy_re(r" {0,3}(?:[-*+>]|\d{1,9}[.)])(?:[ \t]|$)")


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
            if not self.lang:
                return t("a code block", "代码块")
            article = "an" if self.lang[0] in "aeiou" else "a"
            return t(f"{article} {self.lang} code block", f"{self.lang} 代码块")
        return _PLACES.get(self.kind, _PROSE)


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
    return document_from_lines(text.split("\n"), first_line)


def document_from_lines(lines: list[str], first_line: int = 1) -> Document:
    """One pass over the lines; every branch consumes at least one line."""
    segments: list[Segment] = []
    headings: list[tuple[int, int, str]] = []
    buffer: list[str] = []
    buffer_kind = ""
    buffer_line = 0
    buffer_lang = ""

    def flush() -> None:
        nonlocal buffer, buffer_kind
        if buffer:
            segments.append(Segment(buffer_kind, "\n".join(buffer), buffer_line, buffer_lang))
            if buffer_kind in ("prose", "table", "heading"):
                _inline_code(segments[-1], segments)
        buffer, buffer_kind = [], ""

    def add(kind: str, line_no: int, text: str, lang: str = "") -> None:
        nonlocal buffer_kind, buffer_line, buffer_lang
        if kind != buffer_kind or lang != buffer_lang:
            flush()
            buffer_kind, buffer_line, buffer_lang = kind, line_no, lang
        buffer.append(text)

    index = 0
    total = len(lines)
    while index < total:
        line = lines[index]
        line_no = first_line + index
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if indent <= 3 and stripped[:3] in ("```", "~~~"):
            marker = stripped[0] * (len(stripped) - len(stripped.lstrip(stripped[0])))
            info = stripped[len(marker) :].strip()
            lang = info.split()[0].lstrip("{.").rstrip("}").lower() if info else ""
            flush()
            body: list[str] = []
            index += 1
            while index < total:
                inner = lines[index]
                inner_stripped = inner.lstrip(" ")
                if inner_stripped.startswith(marker) and not inner_stripped[len(marker) :].strip():
                    break
                body.append(inner)
                index += 1
            segments.append(Segment("code", "\n".join(body), line_no + 1, lang))
            index += 1
            continue
        if stripped.startswith("<!--"):
            flush()
            body = [line]
            while "-->" not in body[-1] and index + 1 < total:
                index += 1
                body.append(lines[index])
            segments.append(Segment("html_comment", "\n".join(body), line_no))
            index += 1
            continue
        heading = _HEADING.match(line) if stripped.startswith("#") else None
        if heading:
            flush()
            text = heading.group(2).rstrip().rstrip("#").rstrip()
            headings.append((line_no, len(heading.group(1)), text))
            segments.append(Segment("heading", text, line_no))
            _inline_code(segments[-1], segments)
            index += 1
            continue
        if not stripped:
            flush()
        elif (
            buffer_kind == "prose"
            and indent <= 3
            and _SETEXT.fullmatch(stripped)
            and not _CONTAINER.match(buffer[0])
        ):
            text = " ".join(part.strip() for part in buffer)
            headings.append((buffer_line, 1 if stripped[0] == "=" else 2, text))
            segments.append(Segment("heading", text, buffer_line))
            _inline_code(segments[-1], segments)
            buffer, buffer_kind = [], ""
        elif indent >= 4 and buffer_kind in ("", "code"):
            add("code", line_no, line[4:])
        elif stripped.startswith("|"):
            add("table", line_no, line)
        else:
            add("prose", line_no, line)
        index += 1
    flush()
    return Document(segments, headings)


def _inline_code(segment: Segment, out: list[Segment]) -> None:
    if "`" not in segment.text:
        return
    for match in _INLINE_CODE.finditer(segment.text):
        out.append(Segment("inline_code", match.group(1), segment.line_at(match.start())))
