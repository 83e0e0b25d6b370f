"""LEAK001 and LINK001 helpers: what identifies a kept-out page, and finding it in output.

Pure string work (no MkDocs import): the adapter passes page URLs, titles and bodies in.

Searching is one pass per output file: every needle of every kept-out page is compiled into
one RE2 expression shaped as a trie of literals (``abc|abd`` becomes ``ab(?:c|d)``). RE2
runs it as an automaton over the raw bytes (no decoding), in time linear in the file, however
many needles there are; Python's ``re`` would try the alternatives at every position and was
about ten times slower on a 300-page site.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import re2

from mkdocs_threatpub.core.blocks import BlockKind, scan_blocks, split_lines
from mkdocs_threatpub.core.i18n import Text, t
from mkdocs_threatpub.core.lazy import lazy_re

__all__ = [
    "Needle",
    "NeedleSet",
    "distinctive_fragments",
    "normalise_url",
    "resolve_href",
    "unlink_anchors",
]

# Title of a kept-out page is searched only when at least this long (shorter ones, such as
# "Advisory", are common words); body fragments likewise.
MIN_TITLE = 12
MIN_FRAGMENT = 40
MAX_FRAGMENT = 64
FRAGMENTS_PER_PAGE = 3
# A title (or sentence) is searched by at most its first this many characters: a trace of a
# longer one holds its beginning too, and the expression, its automaton and the time to
# search each file stay bounded however long a title is (a 50,000-character title would
# outgrow RE2's fast automaton and make every file's search hundreds of times slower).
MAX_NEEDLE = 256

# A fragment is searched verbatim in HTML, XML and JSON, so it must come out of Markdown
# unchanged: no inline markup, no characters that HTML or JSON escape, no typographic quotes
# that smarty-style extensions would produce.
_PLAIN = lazy_re(r"[^`*_\[\]<>&\\\"'|{}~^=#$]+")
_BLOCK_START = lazy_re(r"^\s*(?:[-+*>|#]|\d+[.)]\s|```|~~~|\s{4}|<|!!!|\?\?\?|---|\[)")
_SENTENCE = lazy_re(r"(?<=[.!?;:。！？；])\s+")
# Words so common in advisories that a fragment made only of them is boilerplate.
_BOILERPLATE = (
    "all rights reserved",
    "this advisory",
    "for more information",
    "please contact",
    "subscribe",
    "cookie",
)

# RE2 has no lookahead: a URL needle consumes the character that ends it (or the end).
_URL_END = r"""(?:["'<>\s#?)\\]|$)"""


def distinctive_fragments(body: str, limit: int = FRAGMENTS_PER_PAGE) -> list[str]:
    """Up to ``limit`` plain-prose fragments of ``body`` that would survive rendering as is.

    Only the lines of paragraphs and headings are read (the core's block scanner tells
    them from code, comments and raw HTML), and of those only the ones that start with no
    markup (so setext heading text, but no ``#`` heading).
    """
    out: list[str] = []
    lines = split_lines(body)
    text_lines = (
        lines[index]
        for block in scan_blocks(lines)
        if block.kind is BlockKind.PARAGRAPH or block.kind is BlockKind.HEADING
        for index in range(block.start, block.end)
    )
    for raw in text_lines:
        if not raw.strip() or _BLOCK_START.match(raw):
            continue
        for sentence in _SENTENCE.split(raw.strip()):
            for run in _PLAIN.findall(sentence):
                text = " ".join(run.split())
                if len(text) < MIN_FRAGMENT:
                    continue
                lowered = text.lower()
                if any(b in lowered for b in _BOILERPLATE):
                    continue
                # A prefix is as distinctive and less exposed to line wrapping.
                text = text[:MAX_FRAGMENT].rstrip()
                if text not in out:
                    out.append(text)
                if len(out) >= limit:
                    return out
    return out


@dataclass(frozen=True)
class Needle:
    """One thing that identifies a kept-out page: its URL, its title or a body fragment."""

    page: str  # docs-relative source path of the kept-out page
    kind: str  # "url" | "title" | "text"
    text: str

    @property
    def what(self) -> Text:
        """How the log names the hit: never the fragment itself (English and Chinese)."""
        if self.kind == "url":
            return t(f"its URL {self.text!r}", f"其 URL {self.text!r}")
        if self.kind == "title":
            return t("its title", "其标题")
        return t("a sentence of its body", "其正文中的一句话")


def _variants(text: str) -> set[str]:
    """The forms ``text`` takes in HTML/XML (escaped) and JSON (``ensure_ascii``)."""
    forms = {text, html.escape(text, quote=True), html.escape(text, quote=False)}
    forms.add(json.dumps(text)[1:-1])
    forms.add(json.dumps(text, ensure_ascii=False)[1:-1])
    return {f for f in forms if f}


def _literal(char: str) -> str:
    """``char`` for an RE2 pattern: ASCII punctuation as ``\\xHH``, everything else as is."""
    if char.isascii() and not char.isalnum():
        return f"\\x{ord(char):02x}"
    return char


# A trie of characters: each node maps the next character to its subtree ("" ends a word).
_Trie = dict[str, "_Trie"]


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex matching any of ``words``, shaped as a trie (longest alternative first).

    Built and written out without recursion, in time and memory linear in the total length
    of the words: a held page's title may have thousands of characters, and one frame (or
    one copy of the pattern so far) per character would fail or take quadratic time.
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    # A stack of what is still to write, last first: a piece of pattern text, or a node
    # whose pattern goes there. A node writes `(?:` `body` `)?` when a word ends at it,
    # where `body` is its one branch or `(?:b1|b2|…)`, each branch a literal and its node.
    out: list[str] = []
    todo: list[str | _Trie] = [trie]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        branches = [(c, child) for c, child in sorted(item.items()) if c]
        if not branches:
            continue
        ends = "" in item
        pieces: list[str | _Trie] = []
        if ends:
            pieces.append("(?:")
        if len(branches) > 1:
            pieces.append("(?:")
        for index, (char, child) in enumerate(branches):
            if index:
                pieces.append("|")
            pieces.append(_literal(char))
            pieces.append(child)
        if len(branches) > 1:
            pieces.append(")")
        if ends:
            pieces.append(")?")
        todo.extend(reversed(pieces))
    return "".join(out)


def _url_forms(url: str, site_prefix: str, site_path: str) -> set[str]:
    """How a link to the site URL ``url`` is written: absolute, root-relative or relative.

    Each form carries what precedes the URL (a quote, ``=``, ``../``, the site's host), so
    that ``project/`` does not match ``github.com/org/project/`` or the word "project".
    """
    forms = {f'"{url}', f"'{url}", f"={url}", f"../{url}", f"./{url}"}
    forms |= {f'"/{site_path}{url}', f"'/{site_path}{url}", f"=/{site_path}{url}"}
    if site_prefix:
        forms.add(site_prefix + url)
    return forms


# Files no site builder writes text into (fonts, raster images): not searched.
_BINARY = frozenset(
    {".woff", ".woff2", ".ttf", ".otf", ".eot", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico"}
)


class NeedleSet:
    """All needles of all kept-out pages, searched together in one pass per text.

    ``site_url`` (MkDocs' option) adds the absolute form of each URL needle.
    """

    def __init__(self, needles: Iterable[Needle], site_url: str | None = None) -> None:
        self.by_form: dict[str, list[Needle]] = {}
        self.url_forms: set[str] = set()
        site = urlsplit(site_url or "")
        site_path = site.path.strip("/") + "/" if site.path.strip("/") else ""
        site_prefix = f"{site.netloc}/{site_path}" if site.netloc else ""
        for needle in needles:
            written = (
                _url_forms(needle.text, site_prefix, site_path)
                if needle.kind == "url"
                else {needle.text[:MAX_NEEDLE]}
            )
            for form in {v for text in written for v in _variants(text)}:
                self.by_form.setdefault(form, []).append(needle)
                if needle.kind == "url":
                    self.url_forms.add(form)
        text_forms = [f for f in self.by_form if f not in self.url_forms]
        # Group 1: a URL, which must end where a URL ends (`advisories/` must not match the
        # published `advisories/other/`); group 2: a title or sentence.
        urls = _trie_pattern(self.url_forms) if self.url_forms else "[^\\x00-\\x{10ffff}]"
        texts = _trie_pattern(text_forms) if text_forms else "[^\\x00-\\x{10ffff}]"
        self.pattern: Any = None
        if self.by_form:
            options = re2.Options()
            options.max_mem = 256 << 20  # thousands of needles fit comfortably
            pattern = f"({urls}){_URL_END}|({texts})"
            self.pattern = re2.compile(pattern.encode("utf-8"), options)

    def __bool__(self) -> bool:
        return self.pattern is not None

    def search(self, text: str | bytes) -> set[Needle]:
        if self.pattern is None:
            return set()
        data = text.encode("utf-8", "replace") if isinstance(text, str) else text
        found: set[Needle] = set()
        for match in self.pattern.finditer(data):
            hit = match.group(1) or match.group(2)
            if hit:
                found.update(self.by_form.get(hit.decode("utf-8", "replace"), ()))
        return found

    def search_tree(self, root: Path) -> Iterator[tuple[str, Needle]]:
        """(site-relative file, needle) for every hit under ``root``; each file read once."""
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.suffix.lower() in _BINARY:
                continue
            data = path.read_bytes()
            if path.suffix == ".gz":
                # Not really gzip: search the bytes as they are.
                with contextlib.suppress(OSError, EOFError):
                    data = gzip.decompress(data)
            rel = path.relative_to(root).as_posix()
            for needle in sorted(self.search(data), key=lambda n: (n.page, n.kind, n.text)):
                yield rel, needle


def normalise_url(url: str) -> str:
    """A site-relative page URL without leading slash, fragment, query or ``index.html``."""
    path = unquote(urlsplit(url).path).lstrip("/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return path


_BASE = "https://threatpub.invalid/"


def resolve_href(href: str, page_url: str, site_url: str | None = None) -> str | None:
    """The site-relative URL ``href`` points to from the page at ``page_url`` (None: off-site).

    Handles relative paths, ``../``, root-relative paths, fragments, queries, directory
    URLs and ``index.html`` forms, and absolute links to the site's own ``site_url``.
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        if not site_url:
            return None
        site = urlsplit(site_url)
        if parts.netloc != site.netloc or parts.scheme not in ("http", "https", ""):
            return None
        prefix = site.path if site.path.endswith("/") else site.path + "/"
        if not (parts.path + "/").startswith(prefix):
            return None
        return normalise_url(parts.path[len(prefix) - 1 :])
    if not parts.path:
        return None  # a fragment on the same page
    target = urlsplit(urljoin(_BASE + page_url, href))
    return normalise_url(target.path)


_ANCHOR = lazy_re(r"""<a\b(?P<attrs>[^>]*)>(?P<inner>.*?)</a\s*>""", re.IGNORECASE | re.DOTALL)
_HREF = lazy_re(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def unlink_anchors(
    text: str, page_url: str, held: dict[str, str], site_url: str | None = None
) -> tuple[str, list[tuple[str, str]]]:
    """Replace each ``<a>`` whose target is a held URL with its content.

    ``held`` maps normalised URL → held page's source path. Returns the new HTML and
    (href, held source path) for each link removed. Anchors cannot nest in HTML, so the
    lazy match to the next ``</a>`` is the anchor's own end.
    """
    removed: list[tuple[str, str]] = []

    def replace(match: re.Match[str]) -> str:
        href_match = _HREF.search(match.group("attrs"))
        if href_match is None:
            return match.group(0)
        href = html.unescape(next(g for g in href_match.groups() if g is not None))
        target = resolve_href(href, page_url, site_url)
        if target is None or target not in held:
            return match.group(0)
        removed.append((href, held[target]))
        return match.group("inner")

    if "<a" not in text and "<A" not in text:
        return text, removed
    return _ANCHOR.sub(replace, text), removed
