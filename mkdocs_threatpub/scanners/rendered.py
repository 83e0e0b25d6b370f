"""Scanning a rendered page (LATE001): what the HTML has that the Markdown source did not.

Content can enter a page after the source scan: ``pymdownx.snippets`` (``--8<--``), macros,
include plugins, Markdown extensions. The MkDocs adapter hands the page's rendered HTML here
and compares the hits with the source scan's.

Cheap first: most pages bring nothing in, so before any HTML parse the detectors' keywords
are counted in the page's visible text and in its source. Only a keyword that occurs more
often in the HTML than in the source (or, for a detector without keywords, a word the source
does not have) can mean new content; otherwise the parse is skipped. Tags are stripped
before counting because syntax highlighting splits code into ``<span>``s (``/dev/tcp`` is
never contiguous in highlighted HTML).

Then the HTML is parsed (beautifulsoup4) into a :class:`Document` of code segments (``<pre>``
with the language of a ``language-xxx`` class, inline ``<code>``, scripts), headings, tables,
prose and HTML comments, and scanned with the same detectors.
"""

from __future__ import annotations

import html as htmllib
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from mkdocs_threatpub.core.lazy import lazy_re
from mkdocs_threatpub.scanners.base import Detector, Hit, Prefilter, count_entry, prefilter
from mkdocs_threatpub.scanners.document import Document, Segment

if TYPE_CHECKING:
    from bs4 import Tag

__all__ = ["document_from_html", "late_hits", "needs_scan", "visible_text"]

_TAG = lazy_re(r"<[^<>]{0,10000}>")
_WORD = lazy_re(r"\w{2,64}")
_LANG = lazy_re(r"^(?:language|lang|highlight-source)-([\w+#.-]{1,40})$")

# Elements whose text starts a new block (a new prose segment, as a blank line does).
_BLOCKS = frozenset(
    (
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "section",
        "summary",
        "ul",
    )
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CODE_BLOCKS = frozenset(("pre", "script", "textarea", "xmp", "listing", "plaintext"))
_SKIPPED = frozenset(("style", "template", "svg", "math"))


def visible_text(markup: str) -> str:
    """The text of ``markup`` without tags, entities decoded (a linear regex, no parse)."""
    return htmllib.unescape(_TAG.sub("", markup))


def _keyword_text(text: str) -> str:
    """``text`` with its decoded views (URL, base64, NFKC), lower-cased: what the source
    scan's prefilter (``Document.lowered``) sees, built the same way for both sides."""
    return Document([Segment("prose", text, 1)]).lowered


def needs_scan(markup: str, source: str, detectors: Iterable[Detector]) -> bool:
    """Whether the rendered ``markup`` may hold content that the Markdown ``source`` lacks.

    A detector can only find something new if one of its keywords occurs more often in the
    page's visible text than in the source; a detector without keywords, if the text has a
    word that the source does not.
    """
    rendered = _keyword_text(visible_text(markup))
    original = _keyword_text(htmllib.unescape(source))
    detectors = tuple(detectors)
    # One pass finds every keyword present (RE2 set: overlaps included), so only those
    # few are counted on both sides.
    for entry in prefilter(detectors).present(rendered):
        if count_entry(entry, rendered) > count_entry(entry, original):
            return True
    if any(not Prefilter.triggers_of(d) for d in detectors):
        return bool(set(_WORD.findall(rendered)) - set(_WORD.findall(original)))
    return False


def late_hits(rendered: Sequence[Hit], source: Sequence[Hit]) -> list[Hit]:
    """Hits of the rendered page that its source did not have.

    Matched by fingerprint. Rendering can change a match slightly (Markdown emphasis or
    escapes inside it), giving a new fingerprint for old content, so a detector's unmatched
    hits count only when the rendered page has more distinct hits of that detector than
    the source had: new content is never missed, and reviewed (allowed) content is not
    reported again just because it was rendered.
    """
    seen = {h.fingerprint for h in source}
    before, after = _distinct(source), _distinct(rendered)
    return [
        h
        for h in rendered
        if h.fingerprint not in seen and after[h.rule, h.detector] > before[h.rule, h.detector]
    ]


def _distinct(hits: Iterable[Hit]) -> Counter[tuple[str, str]]:
    """Distinct fingerprints per (rule, detector)."""
    return Counter(
        (rule, detector)
        for rule, detector, _ in {(h.rule, h.detector, h.fingerprint) for h in hits}
    )


def document_from_html(markup: str) -> Document:
    """The rendered page as a :class:`Document`, with synthetic line numbers in page order
    (the HTML has no source lines; they keep segments apart and in order for detectors)."""
    # Imported on first use: only pages whose HTML needs a late scan need bs4 (~0.1 s).
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    return _Builder().build(soup)


class _Builder:
    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.headings: list[tuple[int, int, str]] = []
        self.line = 1
        self.prose: list[str] = []
        self.newlines = 0  # newlines in ``prose``: where inline code sits in its block
        self.in_table = 0

    def build(self, soup: Any) -> Document:
        from bs4 import Comment, Doctype, Tag  # see document_from_html
        from bs4.element import NavigableString

        # An explicit stack instead of recursion: deeply nested HTML must not overflow.
        stack: list[tuple[Iterator[Any], str]] = [(iter(soup.contents), "")]
        while stack:
            children, closing = stack[-1]
            node = next(children, None)
            if node is None:
                stack.pop()
                self._close(closing)
                continue
            if isinstance(node, Comment):
                self._flush()
                self._add("html_comment", f"<!--{node}-->")
            elif isinstance(node, Doctype):
                continue
            elif isinstance(node, NavigableString):
                text = str(node)
                if self.in_table and not text.strip():
                    text = " "  # between cells and rows: a row is one line, as in Markdown
                self._text(text)
            elif isinstance(node, Tag):
                name = node.name.lower()
                if name in _SKIPPED:
                    continue
                if name in _CODE_BLOCKS:
                    self._flush()
                    self._add("code", node.get_text(), _language(node))
                elif name in _HEADINGS:
                    self._flush()
                    text = " ".join(node.get_text().split())
                    self.headings.append((self.line, _HEADINGS[name], text))
                    self._add("heading", text)
                elif name == "code":
                    # On the line of its block where it sits, as the source scan places it:
                    # one occurrence, one line, however many segments repeat it.
                    text = node.get_text()
                    self.segments.append(Segment("inline_code", text, self.line + self.newlines))
                    self._text(text)
                elif name == "br":
                    self._text("\n")
                else:
                    self._open(name)
                    stack.append((iter(node.contents), name))
        self._flush()
        return Document(self.segments, self.headings)

    def _open(self, name: str) -> None:
        if name == "table":
            self._flush()
            self.in_table += 1
        elif name in _BLOCKS and not self.in_table:
            self._flush()
        elif name in ("td", "th"):
            self._text(" | ")

    def _close(self, name: str) -> None:
        if name == "table":
            self._flush()
            self.in_table -= 1
        elif name == "tr":
            self._text("\n")
        elif name in _BLOCKS and not self.in_table:
            self._flush()

    def _text(self, text: str) -> None:
        self.prose.append(text)
        self.newlines += text.count("\n")

    def _flush(self) -> None:
        joined = "".join(self.prose)
        text = joined.lstrip("\n")
        self.line += len(joined) - len(text)  # keep inline code's lines (set above) true
        text = text.rstrip("\n")
        self.prose = []
        self.newlines = 0
        if text.strip():
            self._add("table" if self.in_table else "prose", text)

    def _add(self, kind: str, text: str, lang: str = "") -> None:
        self.segments.append(Segment(kind, text, self.line, lang))
        self.line += text.count("\n") + 2  # as if a blank line followed


def _language(node: Tag) -> str:
    """The ``language-xxx`` class of a code block, its ``<code>`` child or its wrapper."""
    candidates: list[Any] = [node, node.find("code"), node.parent]
    if node.parent is not None:
        candidates.append(node.parent.parent)
    for element in candidates:
        classes = element.get("class") if element is not None else None
        for name in classes or ():
            match = _LANG.match(str(name))
            if match:
                return match.group(1).lower()
    return ""
