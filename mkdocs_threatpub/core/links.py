"""Links in a page's Markdown source: what a page references, and unlinking kept-out pages.

Both adapters need these. The plugin holds a held page's attachments (the files only it
references) and ``threatpub stage`` does the same for its copy of ``docs_dir``; the plugin
unlinks links to kept-out pages in the rendered HTML (LINK001), while ``stage`` has no
rendering step and so unlinks them in the Markdown itself, leaving code alone.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from mkdocs_threatpub.core.blocks import code_spans, scan_blocks
from mkdocs_threatpub.core.leaks import resolve_href

__all__ = ["KeptOutTargets", "Unlinked", "local_references", "page_url", "unlink_markdown"]

# Raw HTML references in Markdown (`<img src=…>`, `<a href=…>`); bounded, no nesting.
_HTML_REF = re.compile(r"""(?:src|href)\s*=\s*["']([^"'<>\s]{1,2048})["']""", re.IGNORECASE)


def local_references(path: str, tokens: Iterable[Any]) -> set[str]:
    """Docs-relative paths of the local files that the page ``path`` links to or embeds.

    ``tokens`` are the page's markdown-it tokens: link and image targets, and ``src``/``href``
    in raw HTML. Off-site URLs and same-page fragments are skipped.
    """
    urls: list[str] = []
    stack = list(tokens)
    while stack:
        token = stack.pop()
        if token.children:
            stack.extend(token.children)
        for attr in ("href", "src"):
            value = token.attrGet(attr) if token.attrs else None
            if isinstance(value, str):
                urls.append(value)
        if token.type in ("html_block", "html_inline"):
            urls.extend(_HTML_REF.findall(token.content))
    base = posixpath.dirname(path)
    out = set()
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = unquote(parts.path)
        resolved = posixpath.normpath(
            target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
        )
        out.add(resolved)
    return out


def page_url(path: str, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives the page ``path`` (``a/b.md`` → ``a/b/``)."""
    stem, _ = posixpath.splitext(path)
    folder, name = posixpath.split(stem)
    prefix = folder + "/" if folder else ""
    if name.lower() in ("index", "readme"):
        return prefix
    return f"{prefix}{name}/" if directory_urls else f"{prefix}{name}.html"


class KeptOutTargets:
    """Which kept-out page (if any) a link in a published page points to.

    A link may name the page's Markdown file (MkDocs rewrites those, relative to the source
    folder, or to ``docs_dir`` with a leading ``/``) or its URL in any of the forms a browser
    reaches it by: relative to the linking page's URL, root-relative, with or without the
    trailing ``/`` or ``index.html``, ``.html`` pages, and absolute on the site's
    ``site_url``. Both URL styles are matched whatever ``use_directory_urls`` says: unlinking
    a link to a page that is not published never loses anything.
    """

    def __init__(
        self, pages: Iterable[str], site_url: str | None = None, directory_urls: bool = True
    ) -> None:
        self.pages = set(pages)
        self.site_url = site_url
        self.directory_urls = directory_urls
        self.urls: dict[str, str] = {}
        for path in sorted(self.pages):
            for url in {page_url(path, True), page_url(path, False)}:
                self.urls.setdefault(url, path)
                if url.endswith("/"):
                    self.urls.setdefault(url.rstrip("/"), path)
                    self.urls.setdefault(url + "index.html", path)
        # The names a link must contain to point here: a cheap test before parsing a page
        # (an index page's URL names its folder).
        self.names: set[str] = set()
        for path in self.pages:
            stem = posixpath.splitext(posixpath.basename(path))[0]
            if stem.lower() in ("index", "readme"):
                stem = posixpath.basename(posixpath.dirname(path))
            self.names.add(stem)

    def __bool__(self) -> bool:
        return bool(self.pages)

    def may_link(self, text: str) -> bool:
        """False when ``text`` cannot link to any kept-out page (no name of one appears)."""
        if "" in self.names or "%" in text:
            return True  # the home page (any link may point to it), or encoded names
        return any(name in text for name in self.names)

    def target(self, href: str, from_page: str) -> str | None:
        """The kept-out page ``href`` (written in the page ``from_page``) points to."""
        href = href.strip()
        parts = urlsplit(href)
        here = page_url(from_page, self.directory_urls)
        if parts.scheme or parts.netloc:
            resolved = resolve_href(href, here, self.site_url)
            return None if resolved is None else self.urls.get(resolved)
        if not parts.path:
            return None  # a fragment on the same page
        path = unquote(parts.path)
        source = posixpath.normpath(
            path.lstrip("/")
            if path.startswith("/")
            else posixpath.join(posixpath.dirname(from_page), path)
        )
        if source in self.pages:
            return source
        resolved = resolve_href(href, here, self.site_url)
        return None if resolved is None else self.urls.get(resolved)


@dataclass(frozen=True)
class Unlinked:
    """A link removed from a page: 0-based ``line`` of the body, as written, and its target."""

    line: int
    href: str
    target: str


# A link reference definition on its own line (`[label]: dest "title"`); inside list items
# and block quotes it follows their indentation and `>` markers.
_DEFINITION = re.compile(
    r"""^[ \t>]*\[(?P<label>(?:[^\[\]\\\n]|\\.){1,999})\]:[ \t]*"""
    r"""(?P<dest><[^<>\n]*>|\S+)"""
    r"""(?P<title>[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\r?$"""
)
# The same with the destination on the next line (`[label]:` alone, then `  dest "title"`).
_DEFINITION_OPEN = re.compile(r"""^[ \t>]*\[(?P<label>(?:[^\[\]\\\n]|\\.){1,999})\]:[ \t]*\r?$""")
_DEFINITION_REST = re.compile(
    r"""^[ \t>]*(?P<dest><[^<>\n]*>|\S+)"""
    r"""(?P<title>[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\r?$"""
)
_TITLE_LINE = re.compile(r"""^[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\))[ \t]*\r?$""")
# An attribute list right after a link (`{: .class}`, `{#id .class}`): it would be left as
# text once the link it styled is gone.
_ATTR_LIST = re.compile(r"\{:[^{}\n]{0,200}\}|\{[ \t]*[.#][^{}\n]{0,200}\}")
_ANCHOR_OPEN = re.compile(r"<a\b[^<>]{0,2048}>", re.IGNORECASE)
_ANCHOR_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SPECIAL = re.compile(r"[\[\\<`]")
_LINE_BREAK = re.compile(r"(\r\n?|\n)")


def _label_key(label: str) -> str:
    return " ".join(label.split()).casefold()


def unlink_markdown(
    body: str, target_of: Callable[[str], str | None]
) -> tuple[str, list[Unlinked]]:
    """:func:`drop_link_items`, :func:`unlink_links`, then :func:`blank_embeds`: no link and
    no embedded frame of the page points at a kept-out page, and no list item names one."""
    kept, items = drop_link_items(body, target_of)
    unlinked, found = unlink_links(kept, target_of)
    blanked, embeds = blank_embeds(unlinked, target_of)
    return blanked, sorted([*items, *found, *embeds], key=lambda item: item.line)


# A list item that is only a link: `- [Title](page.md)`, `* [Title](page.md "tip")`, `1. …`.
_LINK_ITEM = re.compile(
    r"""^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[(?P<text>[^\[\]\n]{0,999})\]"""
    r"""\((?P<dest><[^<>\n]*>|[^()\s]{1,2048})(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'))?\)[ \t]*$"""
)


def drop_link_items(
    body: str, target_of: Callable[[str], str | None]
) -> tuple[str, list[Unlinked]]:
    """``body`` without the list items that are nothing but a link to a kept-out page: in a
    table of contents or a nav file (mkdocs-literate-nav's ``SUMMARY.md``) the item's text
    is the page's title or file name, which unlinking alone would leave in the page. Line
    numbers of what is kept do not change: a dropped item leaves an empty line, so the list
    stays one list only if it was one (CommonMark: a blank line between items keeps a list)."""
    if "](" not in body:
        return body, []
    pieces = _LINE_BREAK.split(body)
    lines = pieces[0::2]
    protected: set[int] = set()
    for block in scan_blocks(lines):
        if block.is_code:
            protected.update(range(block.start, block.end))
    found: list[Unlinked] = []
    for index, line in enumerate(lines):
        if index in protected or "](" not in line:
            continue
        match = _LINK_ITEM.match(line)
        if match is None:
            continue
        dest = match["dest"].strip("<>")
        target = target_of(dest)
        if target is not None:
            found.append(Unlinked(index, dest, target))
            lines[index] = ""
    if not found:
        return body, []
    pieces[0::2] = lines
    return "".join(pieces), found


# Raw HTML that shows another page inside this one: `<iframe src>`, `<embed src>`,
# `<frame src>`, `<object data>`. Bounded, no nesting.
_EMBED = re.compile(
    r"""(?P<open><(?:iframe|embed|frame|object)\b[^<>]{0,2048}?\b(?:src|data)\s*=\s*)"""
    r"""(?P<quote>["']?)(?P<url>[^"'<>\s]{1,2048})(?P=quote)""",
    re.IGNORECASE,
)


def blank_embeds(body: str, target_of: Callable[[str], str | None]) -> tuple[str, list[Unlinked]]:
    """``body`` with the address of every embedded frame of a kept-out page emptied
    (``src=""``): the frame shows nothing, and nothing of the page's address remains. Code
    is left alone, as by :func:`unlink_links`."""
    if "<" not in body:
        return body, []
    pieces = _LINE_BREAK.split(body)
    lines = pieces[0::2]
    protected: set[int] = set()
    for block in scan_blocks(lines):
        if block.is_code:
            protected.update(range(block.start, block.end))
    found: list[Unlinked] = []
    for index, line in enumerate(lines):
        if index in protected or "<" not in line:
            continue

        def blank(match: re.Match[str], index: int = index) -> str:
            target = target_of(html.unescape(match["url"]))
            if target is None:
                return match.group(0)
            found.append(Unlinked(index, match["url"], target))
            return f'{match["open"]}""'

        lines[index] = _EMBED.sub(blank, line)
    if not found:
        return body, []
    pieces[0::2] = lines
    return "".join(pieces), found


def unlink_links(body: str, target_of: Callable[[str], str | None]) -> tuple[str, list[Unlinked]]:
    """``body`` with every link to a kept-out page turned into its text.

    ``target_of(href)`` names the kept-out page a destination points to, or ``None``.
    Inline links ``[text](dest)`` become ``text``, reference links lose their brackets and
    their definition line, raw-HTML ``<a href>`` is unwrapped. Fenced and indented code
    (found by the core's block scanner, ``core/blocks.py``, as every other reader finds it)
    and code spans are left alone: there a link is only shown, never followed. Images
    stay: an image of a kept-out page's file is kept out with it only when no published
    page uses it. Line endings are kept as written.
    """
    if "[" not in body and "<" not in body:
        return body, []  # every link and definition starts at one of them: none here
    pieces = _LINE_BREAK.split(body)
    lines = pieces[0::2]
    breaks = [*pieces[1::2], ""]  # what ends each line
    protected: set[int] = set()
    for block in scan_blocks(lines):
        if block.is_code:
            protected.update(range(block.start, block.end))
    definitions: dict[str, str] = {}
    held_labels: dict[str, str] = {}
    dropped: dict[int, Unlinked] = {}
    for index, line in enumerate(lines):
        if index in protected or "]:" not in line:
            continue
        match = _DEFINITION.match(line)
        last = index  # the definition's last line
        if match is None:
            opened = _DEFINITION_OPEN.match(line)
            rest = None
            if opened is not None and index + 1 < len(lines) and index + 1 not in protected:
                rest = _DEFINITION_REST.match(lines[index + 1])
            if opened is None or rest is None:
                continue
            label, dest, title, last = opened["label"], rest["dest"], rest["title"], index + 1
        else:
            label, dest, title = match["label"], match["dest"], match["title"]
        key = _label_key(label)
        dest = dest.strip("<>")
        if key in definitions:
            continue  # the first definition of a label wins
        definitions[key] = dest
        target = target_of(dest)
        if target is None:
            continue
        held_labels[key] = target
        unlinked = Unlinked(index, dest, target)
        if (
            title is None
            and last + 1 < len(lines)
            and last + 1 not in protected
            and _TITLE_LINE.match(lines[last + 1])
        ):
            last += 1  # the definition's title, on a line of its own
        for line_index in range(index, last + 1):
            dropped[line_index] = unlinked

    out: list[str] = []  # kept text, each piece followed by what ended its last line
    ends: list[str] = []
    found: list[Unlinked] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if index in dropped:
            index += 1
            continue
        if index in protected or not line.strip():
            out.append(line)
            ends.append(breaks[index])
            index += 1
            continue
        end = index
        while (
            end < len(lines) and end not in protected and end not in dropped and lines[end].strip()
        ):
            end += 1
        # One paragraph-like run: code spans and links never cross a blank line.
        starts = [0]  # offset of each line of the run in ``segment``
        for number in range(index, end - 1):
            starts.append(starts[-1] + len(lines[number]) + len(breaks[number]))
        segment = "".join(lines[n] + breaks[n] for n in range(index, end - 1)) + lines[end - 1]
        scanner = _Scanner(segment, definitions, held_labels, target_of)
        new = scanner.run()
        for position, href, target in scanner.found:  # in the order of the text
            at_line = index + bisect.bisect_right(starts, position) - 1
            found.append(Unlinked(at_line, href, target))
        out.append(new)
        ends.append(breaks[end - 1])
        index = end
    # A dropped definition is not reported: each use of its label is, as one link.
    if not found and not dropped:
        return body, []
    if ends:
        ends[-1] = ""  # nothing after the last kept line (the body's final break is a line)
    return "".join(piece + ending for piece, ending in zip(out, ends, strict=True)), found


# CommonMark caps a link label at 999 characters; a destination or title longer than these
# is not taken for a link (bounds the work per bracket: no quadratic scans on hostile pages).
_MAX_LABEL = 999
_MAX_DEST = 2048
_MAX_TITLE = 1024


class _Scanner:
    """One pass over a paragraph-like run of lines, copying it without kept-out links.

    A kept-out link's ``[`` and its ``](dest)`` tail are dropped while the text between them
    is scanned as usual, so nothing recurses, however deeply brackets nest. Any other link's
    tail is copied as written (never scanned for links). Brackets, code spans and ``</a>``
    are indexed once up front, so the work stays linear in the text's length.
    """

    def __init__(
        self,
        text: str,
        definitions: dict[str, str],
        held_labels: dict[str, str],
        target_of: Callable[[str], str | None],
    ) -> None:
        self.text = text
        self.definitions = definitions
        self.held_labels = held_labels
        self.target_of = target_of
        self.found: list[tuple[int, str, str]] = []
        self.spans = code_spans(text)  # start → end of each code span
        self.brackets = _matching_brackets(text, self.spans)  # `[` → its `]`
        self.anchor_closes = [m.start() for m in _ANCHOR_CLOSE.finditer(text)]
        self.anchor_ends = {m.start(): m.end() for m in _ANCHOR_CLOSE.finditer(text)}
        # Link tails still ahead: (start, end, kept). Each is registered while scanning the
        # text of the one below it and lies before that one's tail, so the top of the stack
        # is always the nearest: the limit that scanning inside a link never passes.
        self.tails: list[tuple[int, int, bool]] = []

    def limit(self) -> int:
        return self.tails[-1][0] if self.tails else len(self.text)

    def run(self) -> str:
        text = self.text
        out: list[str] = []
        pos = 0
        n = len(text)
        while pos < n:
            while self.tails and self.tails[-1][0] < pos:
                self.tails.pop()  # cannot happen; never let it stall the scan
            if self.tails and self.tails[-1][0] == pos:
                _, end, kept = self.tails.pop()
                if kept:
                    out.append(text[pos:end])
                pos = end
                continue
            limit = self.limit()
            nxt = _SPECIAL.search(text, pos, limit)
            stop = nxt.start() if nxt else limit
            if stop > pos:
                out.append(text[pos:stop])
                pos = stop
                continue
            char = text[pos]
            if pos in self.spans:
                end = min(self.spans[pos], limit)
                out.append(text[pos:end])
                pos = end
            elif char == "\\":
                out.append(text[pos : min(pos + 2, limit)])
                pos = min(pos + 2, limit)
            elif char == "[" and not (
                pos > 0 and text[pos - 1] == "!" and not _escaped(text, pos - 1)
            ):
                if not self._link(pos):
                    out.append(char)
                pos += 1
            elif char == "<" and (after := self._anchor(pos)) is not None:
                pos = after
            else:
                out.append(char)
                pos += 1
        return "".join(out)

    # -- Markdown links ------------------------------------------------------------------

    def _link(self, start: int) -> bool:
        """Whether the link at ``start`` points to a kept-out page, and is dropped."""
        limit = self.limit()
        close = self.brackets.get(start)
        if close is None or close >= limit:
            return False
        text = self.text
        inner = text[start + 1 : close]
        after = close + 1
        target: str | None = None
        href = ""
        end = after
        if after < limit and text[after] == "(":
            parsed = self._inline_tail(after, limit)
            if parsed is None:
                return False
            href, end = parsed
            target = self.target_of(href)
        elif after < limit and text[after] == "[":
            label_end = text.find("]", after + 1, min(limit, after + 2 + _MAX_LABEL))
            if label_end < 0:
                return False
            key = _label_key(text[after + 1 : label_end] or inner)
            if key not in self.definitions:
                return False
            target = self.held_labels.get(key)
            href, end = self.definitions[key], label_end + 1
        else:
            key = _label_key(inner) if len(inner) <= _MAX_LABEL else ""
            if key not in self.definitions:
                return False
            target = self.held_labels.get(key)
            href = self.definitions[key]
        if target is None:
            if end > after:
                self.tails.append((close, end, True))
            return False
        attrs = _ATTR_LIST.match(text, end, limit)
        if attrs is not None:
            end = attrs.end()
        self.found.append((start, href, target))
        self.tails.append((close, end, False))
        return True

    def _inline_tail(self, open_paren: int, limit: int) -> tuple[str, int] | None:
        """``(dest, end)`` of ``(dest "title")`` starting at ``open_paren``, or None."""
        text = self.text
        pos = _skip_space(text, open_paren + 1, limit)
        if pos < limit and text[pos] == "<":
            close = text.find(">", pos + 1, min(limit, pos + 2 + _MAX_DEST))
            if close < 0 or "\n" in text[pos:close]:
                return None
            dest = text[pos + 1 : close]
            pos = close + 1
        else:
            stop = min(limit, pos + _MAX_DEST)
            matched = _DEST.match(text, pos, stop)
            if matched is None or (matched.end() == stop < limit):
                return None  # too long for a destination
            dest = matched.group(0)
            pos = matched.end()
        pos = _skip_space(text, pos, limit)
        if pos < limit and text[pos] in "\"'(":
            title = _TITLE.match(text, pos, min(limit, pos + _MAX_TITLE))
            if title is None:
                return None
            pos = _skip_space(text, title.end(), limit)
        if pos < limit and text[pos] == ")":
            return dest, pos + 1
        return None

    # -- raw HTML anchors ----------------------------------------------------------------

    def _anchor(self, start: int) -> int | None:
        """Unwrap ``<a href=…>`` to a kept-out page: both tags go, what is between stays.

        Returns where scanning goes on (after the opening tag), or None to leave it.
        """
        limit = self.limit()
        opened = _ANCHOR_OPEN.match(self.text, start, limit)
        if opened is None:
            return None
        href_match = _HREF.search(opened.group(0))
        if href_match is None:
            return None
        href = html.unescape(next(g for g in href_match.groups() if g is not None))
        target = self.target_of(href)
        if target is None:
            return None
        self.found.append((start, href, target))
        index = bisect.bisect_left(self.anchor_closes, opened.end())
        if index < len(self.anchor_closes) and self.anchor_closes[index] < limit:
            close = self.anchor_closes[index]
            self.tails.append((close, self.anchor_ends[close], False))
        return opened.end()


def _matching_brackets(text: str, spans: dict[int, int]) -> dict[int, int]:
    """Each ``[`` → its matching ``]``, skipping escapes and code spans (one pass)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    pos = 0
    n = len(text)
    while pos < n:
        nxt = _BRACKET_OR_CODE.search(text, pos)
        if nxt is None:
            break
        pos = nxt.start()
        char = text[pos]
        if pos in spans:
            pos = spans[pos]
            continue
        if char == "\\":
            pos += 2
            continue
        if char == "[":
            stack.append(pos)
        elif char == "]" and stack:
            pairs[stack.pop()] = pos
        pos += 1
    return pairs


# A bare link destination: no spaces or controls, parentheses balanced (one level deep).
_DEST = re.compile(r"(?:[^\s()\\\x00-\x1f]|\\.|\((?:[^\s()\\\x00-\x1f]|\\.)*\))*")
_TITLE = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)""")
_BRACKET_OR_CODE = re.compile(r"[\[\]\\`]")


def _escaped(text: str, pos: int) -> bool:
    """Whether the character at ``pos`` is escaped by an odd run of backslashes."""
    count = 0
    while pos > 0 and text[pos - 1] == "\\":
        count += 1
        pos -= 1
    return count % 2 == 1


def _skip_space(text: str, pos: int, limit: int) -> int:
    while pos < limit and text[pos] in " \t\r\n":
        pos += 1
    return pos
