"""LEAK001 and LINK001 helpers: what identifies a kept-out page, and finding it in output.

Pure string work (no MkDocs import): the pipeline passes page paths, URLs, titles and
bodies in, and names what was found by the needle's *kind* (the rule words it).

What identifies a kept-out page:

* **its text** — every run of :data:`SHINGLE` words of its body (headings, table cells,
  list items, sentences, code), and each heading, table cell, list item, title and
  description shorter than that, as a whole. Text is compared as *words*: lower case,
  split at anything that is not a letter or digit (each Chinese, Japanese or Korean
  character is a word of its own), after dropping what rendering changes (Markdown
  markup, link targets, HTML tags and entities, JSON escapes). A run that a published
  page's Markdown also has, or that the theme writes on every page (the site's
  ``404.html``, a page of template and nothing else), is not a needle;
* **links to it** — its URL, its Markdown source path and its attachments' paths, in any
  form a link takes (``held/``, ``../held/``, ``held/index.html``, ``held.md``, absolute
  with ``site_url``, root-relative), resolved from the output file that holds the link;
* **anchors named after it** — ``#advisories-held`` / ``id="advisories-held"`` (how
  mkdocs-print-site-plugin names a page's section), and its slug where that is distinctive;
* **files** — its own output file and its attachments left in ``site_dir`` (``--dirty``).

Searching is linear: each output file is read once (``.gz`` decompressed) and searched
with two RE2 automata over its bytes, one for links, anchors and the raw title, one for
*anchor words* (for each run, its word rarest in the published pages). Text is extracted
(tags dropped, entities decoded) and split into words only around anchor words, so the
cost of the text search follows the places a kept-out page's rare words occur, not the
size of the site. JSON (search indexes) is decoded to its strings, XML (feeds, sitemaps)
has its escaped markup dropped too, and PDFs are read with pypdf.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import io
import json
import math
import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

import re2

from mkdocs_threatpub.core.blocks import BlockKind, scan_blocks, split_lines
from mkdocs_threatpub.core.lazy import lazy_re

__all__ = [
    "KINDS",
    "SHINGLE",
    "HeldPage",
    "LeakSearch",
    "Needle",
    "PublishedPage",
    "markdown_text",
    "markup_text",
    "normalise_url",
    "page_key",
    "resolve_href",
    "unlink_anchors",
    "words",
]

# -- what a needle is ----------------------------------------------------------------------

# Kinds of needle, as the rule names them (rules/leak001_held_content_in_output.py).
URL = "url"  # a link to the page (its URL, in any form)
SOURCE = "source"  # a link to its Markdown source (`held.md`)
ANCHOR = "anchor"  # an anchor named after it (`#advisories-held`)
FILE = "file"  # its own output file, left in site_dir
ATTACHMENT = "attachment"  # one of its own files: left in site_dir, or linked to
TITLE = "title"
HEADING = "heading"
CELL = "cell"  # a table cell
ITEM = "item"  # a list item
TEXT = "text"  # a run of SHINGLE words of its body
PDF = "pdf"  # any of its text, in the text of a PDF
# Text kinds, the most specific first: a run found is named by the first kind it has.
TEXT_KINDS = (TITLE, HEADING, CELL, ITEM, TEXT)
KINDS = (URL, SOURCE, ANCHOR, FILE, ATTACHMENT, *TEXT_KINDS, PDF)
_RANK = {kind: rank for rank, kind in enumerate(TEXT_KINDS)}

# A run of this many words of a kept-out page found in an output file is a trace.
SHINGLE = 8
# A heading, cell, list item, title or description shorter than SHINGLE words is a needle
# as a whole when it has at least this many words and characters (a heading "Summary" or a
# cell "Yes" is not distinctive).
MIN_PIECE_WORDS = 3
MIN_PIECE_CHARS = 12
# The raw title is searched as written (HTML- and JSON-escaped forms too) when it has at
# least MIN_TITLE characters, by at most its first MAX_NEEDLE characters: a trace of a
# longer one holds its beginning, and the automaton stays small however long a title is.
MIN_TITLE = 12
MAX_NEEDLE = 256
# A page's runs are all needles up to this many; a longer page (a 5 MB advisory) keeps
# every k-th run so that any run of SHINGLE + k - 1 words is still found.
MAX_RUNS = 50_000
# Text is extracted this many bytes around each anchor word (a run of SHINGLE words and
# the markup between them fits); past HALF of a file, or past MAX_SPOTS anchor words, the
# whole file is extracted instead.
WINDOW = 1024
MAX_SPOTS = 2_000
# Anchor words are chosen by how often they are in this many published pages (spread over
# the site) and the template: an estimate is enough (a common anchor only costs time).
SAMPLE_PAGES = 200
# A slug is searched as an anchor name when it has at least this many characters.
MIN_SLUG = 8


@dataclass(frozen=True)
class Needle:
    """What was found of a kept-out page: the page and the kind of needle (never its text)."""

    page: str  # docs-relative source path of the kept-out page
    kind: str  # one of KINDS


@dataclass(frozen=True)
class HeldPage:
    """A kept-out page, as the pipeline knows it."""

    path: str  # docs-relative source path
    url: str | None  # its site-relative URL (MkDocs' File.url), if it has one
    body: str = ""  # its Markdown without front matter
    title: str | None = None
    description: str | None = None
    attachments: tuple[str, ...] = ()  # docs-relative paths of the files kept out with it


@dataclass(frozen=True)
class PublishedPage:
    path: str
    url: str | None
    body: str = ""
    title: str | None = None


# -- words ---------------------------------------------------------------------------------

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = lazy_re(rf"[{_CJK}]|[^\W_{_CJK}]+")


def words(text: str) -> list[str]:
    """The words of ``text``, lower case: runs of letters and digits, each CJK character a
    word of its own (Chinese has no spaces between words)."""
    return _WORD.findall(text.lower())


_CDATA = lazy_re(r"<!\[CDATA\[|\]\]>")
_COMMENT = lazy_re(r"<!--.*?-->", re.DOTALL)
_TAG = lazy_re(r"<[A-Za-z/!?][^<>]*>")


def markup_text(text: str, *, escaped: bool = False) -> str:
    """The text of HTML or XML: comments and tags dropped, entities decoded. With
    ``escaped`` (XML feeds, whose descriptions hold escaped HTML) twice over."""
    if "<![CDATA[" in text:
        text = _CDATA.sub(" ", text)
    for _ in range(2 if escaped else 1):
        if "<" in text:
            text = _TAG.sub(" ", _COMMENT.sub(" ", text))
        if "&" in text:
            text = html.unescape(text)
    return text


# What Markdown does not show as text, each with a substring that must be there for it to
# apply (most pages have few of them): comments, images (alt text is an attribute),
# reference definitions, Jinja (macros), attribute lists, fences' info strings, snippets.
_MARKDOWN_HIDDEN = [
    ("<!--", lazy_re(r"<!--.*?-->", re.DOTALL)),
    ("![", lazy_re(r"!\[[^\]\n]*\]\([^)\n]*\)")),
    ("]:", lazy_re(r"^[ ]{0,3}\[[^\]\n]+\]:[^\n]*$", re.MULTILINE)),
    ("{", lazy_re(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{:?[ \t]*[#.][^}\n]*\}", re.DOTALL)),
    ("```", lazy_re(r"^[ \t]*```[^\n]*$", re.MULTILINE)),
    ("~~~", lazy_re(r"^[ \t]*~~~[^\n]*$", re.MULTILINE)),
    ("--8<--", lazy_re(r"^[^\n]*--8<--[^\n]*$", re.MULTILINE)),
]
_LINK_TARGET = lazy_re(r"\]\([^)\s]*(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)|\]\[[^\]\n]*\]")
_AUTOLINK = lazy_re(r"<((?:https?|ftp|mailto):[^>\s]+)>")


def markdown_text(markdown: str) -> str:
    """What of ``markdown`` a reader sees once it is rendered, as far as words go."""
    text = markdown
    for mark, pattern in _MARKDOWN_HIDDEN:
        if mark in text:
            text = pattern.sub(" ", text)
    if "](" in text or "][" in text:
        text = _LINK_TARGET.sub("] ", text)
    if "<" in text:
        text = _AUTOLINK.sub(r" \1 ", text)
    return markup_text(text)


def _pieces(body: str) -> Iterator[tuple[str, str]]:
    """(kind, Markdown) of each heading, table cell and list-item paragraph of ``body``."""
    for block in scan_blocks(split_lines(body)):
        if block.kind is BlockKind.HEADING:
            yield HEADING, block.heading_text
        elif block.kind is BlockKind.TABLE:
            for index, row in enumerate(block.content):
                if index != 1:  # the delimiter row
                    for cell in row.strip().strip("|").split("|"):
                        yield CELL, cell
        elif block.kind is BlockKind.PARAGRAPH and block.containers.endswith("*"):
            yield ITEM, block.text


# -- the fingerprint of the kept-out pages' text -------------------------------------------

Run = tuple[str, ...]


class Fingerprint:
    """Every distinctive run of words of the kept-out pages: ``runs`` maps a run (a tuple
    of words) to the pages that have it and the kind it has there."""

    def __init__(self) -> None:
        self.runs: dict[Run, dict[str, str]] = {}

    def add(self, page: str, kind: str, tokens: Sequence[str]) -> None:
        count = len(tokens)
        if count >= SHINGLE:
            total = count - SHINGLE + 1
            step = max(1, math.ceil(total / MAX_RUNS))
            for start in [*range(0, total, step), total - 1]:
                self._put(tuple(tokens[start : start + SHINGLE]), page, kind)
        elif count >= MIN_PIECE_WORDS and sum(map(len, tokens)) + count - 1 >= MIN_PIECE_CHARS:
            self._put(tuple(tokens), page, kind)

    def _put(self, run: Run, page: str, kind: str) -> None:
        pages = self.runs.setdefault(run, {})
        if page not in pages or _RANK[kind] < _RANK[pages[page]]:
            pages[page] = kind

    def by_length(self) -> dict[int, frozenset[Run]]:
        return _by_length(self.runs)

    def discard_found_in(self, tokens: Sequence[str]) -> None:
        """Drop every run that ``tokens`` (a published page, the theme's template) has."""
        for run in _found(self.by_length(), tokens):
            del self.runs[run]


def _by_length(runs: Iterable[Run]) -> dict[int, frozenset[Run]]:
    lengths: dict[int, set[Run]] = {}
    for run in runs:
        lengths.setdefault(len(run), set()).add(run)
    return {length: frozenset(group) for length, group in lengths.items()}


def _found(by_length: dict[int, frozenset[Run]], tokens: Sequence[str]) -> set[Run]:
    """The runs of ``by_length`` that occur in ``tokens``; each length in one pass in C
    (the words' tuples are hashed by the set, never built in a Python loop)."""
    found: set[Run] = set()
    for length, runs in by_length.items():
        if len(tokens) >= length:
            found |= runs.intersection(zip(*(tokens[i:] for i in range(length)), strict=False))
    return found


# -- URLs, anchors, raw titles -------------------------------------------------------------


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
    prefix = urlsplit(site_url).path.rstrip("/") + "/" if site_url else "/"
    if parts.path.startswith(prefix) and prefix != "/":
        # Root-relative below the path the site is served at (site_url's): drop that path.
        href = href[len(prefix) :]
        page_url = ""
    target = urlsplit(urljoin(_BASE + page_url, href))
    return normalise_url(target.path)


def page_key(url: str) -> str:
    """The anchor mkdocs-print-site-plugin gives a page's section on the print page
    (``advisories/held/`` → ``advisories-held``)."""
    key = url.lower().strip().rstrip("/").replace(".html", "").replace("/", "-").lstrip("-")
    return key or "index"


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


_NOTHING = "[^\\x00-\\x{10ffff}]"  # matches nothing: a group with no needles
# What may stand between two words in an output file: anything but ASCII letters and
# digits, tags, entities, JSON escapes.
_GAP = r"(?:[^0-9A-Za-z<&\\]|<[^>]*>|&#?[0-9A-Za-z]+;|\\(?:u[0-9A-Fa-f]{4}|.))+"
_ASCII_WORD = re.compile(r"[0-9a-z]+").fullmatch


def _literal_word(word: str) -> str:
    return "".join(_literal(char) for char in word)


def _compile(pattern: str) -> Any:
    options = re2.Options()
    options.max_mem = 256 << 20  # thousands of needles fit comfortably
    options.log_errors = False
    return re2.compile(pattern.encode("utf-8"), options)


# What may stand before a link's last path segment, and after the link.
_URL_BEFORE = r"""[/"'=(;]"""
_URL_END = r"""(?:["'<>\s#?)\\\]|,&]|$)"""
# Back from a link's last segment to its start: anything but what delimits a link.
_HREF_START = lazy_re(r"""[^"'=(<>\s\[\]`{}|,;]*\Z""")
# An attribute that holds a link, up to its opening quote (plain or escaped, in a feed).
_ATTRIBUTE = lazy_re(r"""\b(?:href|src)\s*=\s*(?:\\?["']|&quot;|&#34;|&#x22;|&#39;|&#x27;)?\Z""")
_ANCHOR_CHARS = lazy_re(r"[\w.%-]*\Z")
_ANCHOR_CHARS_AFTER = lazy_re(r"[\w.%-]*")
_ANCHOR_BEFORE = ("#", 'id="', "id='", "id=", 'name="', "name='")


def _segment_forms(target: str) -> set[str]:
    """How a link to ``target`` (a site path) ends: its last segment, as written or
    percent-encoded, with the trailing slash or ``index.html`` a directory URL takes."""
    directory = target.endswith("/")
    last = target.rstrip("/").rsplit("/", 1)[-1]
    forms = set()
    for name in {last, quote(last)}:
        forms.add(name)
        if directory:
            forms |= {name + "/", name + "/index.html"}
    return forms


def _suffixes(target: str) -> set[str]:
    """Every trailing run of path segments of ``target`` (without its final slash)."""
    parts = target.rstrip("/").split("/")
    return {"/".join(parts[i:]) for i in range(len(parts))}


# -- text in output files ------------------------------------------------------------------

# Files no site builder writes text into (fonts, images, media, archives): not searched.
_BINARY = frozenset(
    {
        ".woff", ".woff2", ".ttf", ".otf", ".eot", ".png", ".jpg", ".jpeg", ".gif",
        ".webp", ".ico", ".avif", ".bmp", ".tif", ".tiff", ".mp3", ".mp4", ".webm",
        ".ogg", ".wav", ".zip", ".7z", ".xz", ".bz2", ".tar", ".whl", ".exe", ".dll", ".so",
    }
)  # fmt: skip
_XML = frozenset({".xml", ".rss", ".atom", ".opml", ".svg", ".xhtml"})


def _json_text(data: bytes) -> str | None:
    """The strings of a JSON file, one a line (None: not JSON)."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        return None
    strings: list[str] = []
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            strings.append(item)
        elif isinstance(item, dict):
            todo.extend(item.values())
            todo.extend(item.keys())
        elif isinstance(item, list):
            todo.extend(item)
    return "\n".join(strings)


def _pdf_text(data: bytes) -> str:
    """The text of a PDF (pypdf, imported only when a site has a PDF); "" when unreadable."""
    # Imported here: only sites with PDFs pay for the import.
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:  # a PDF pypdf cannot read holds no text it can check
        return ""


@dataclass
class _Source:
    """What an output file is searched as: its bytes for links and the raw title, and the
    text to search for words (with how to extract it)."""

    raw: bytes
    text: bytes | None
    escaped: bool = False
    pdf: bool = False


def _source(name: str, data: bytes) -> _Source:
    suffix = posixpath.splitext(name.lower())[1]
    if suffix == ".pdf":
        return _Source(data, _pdf_text(data).encode("utf-8", "replace"), pdf=True)
    if suffix in _BINARY:
        return _Source(b"", None)
    if suffix in (".json", ".webmanifest", ".map"):
        text = _json_text(data)
        return _Source(data, data if text is None else text.encode("utf-8", "replace"))
    return _Source(data, data, escaped=suffix in _XML)


# -- the search ------------------------------------------------------------------------------


class LeakSearch:
    """Everything that identifies the kept-out pages, searched in each output file.

    ``published`` pages' Markdown and the theme's template (:meth:`template`) decide what
    of the kept-out pages' text is boilerplate; ``docs_names`` are the file names of
    ``docs_dir`` that stay published (an attachment's file name found anywhere in
    ``site_dir`` is a trace only when no published file has that name).
    """

    def __init__(
        self,
        held: Sequence[HeldPage],
        published: Sequence[PublishedPage] = (),
        site_url: str | None = None,
        docs_names: Iterable[str] = (),
    ) -> None:
        self.site_url = site_url
        self._netloc = urlsplit(site_url or "").netloc
        # The published pages' words (bodies, titles, paths), one stream; "\0" between
        # pages: no run spans two.
        stream: list[str] = []
        sample: list[str] = []
        step = max(1, len(published) // SAMPLE_PAGES)
        for index, page in enumerate(published):
            start = len(stream)
            for text in (markdown_text(page.body), markup_text(page.title or ""), page.path):
                stream += words(text)
                stream.append("\0")
            if index % step == 0:
                sample += stream[start:]
        self._links(held, published)
        self._files(held, set(docs_names))
        self.keys = {page_key(normalise_url(p.url)): p.path for p in published if p.url}
        self._fingerprint(held, stream, sample)
        self._raw_pattern()

    # -- building ------------------------------------------------------------------------

    def _links(self, held: Sequence[HeldPage], published: Sequence[PublishedPage]) -> None:
        # target (site path without final slash) → (page, kind) of what a link to it shows
        self.targets: dict[str, set[tuple[str, str]]] = {}
        self.suffixes: dict[str, set[tuple[str, str]]] = {}
        tails: set[str] = set()
        for page in held:
            forms = [(SOURCE, page.path)]
            url = normalise_url(page.url) if page.url else ""
            if url:
                forms.append((URL, url))
            forms += [(ATTACHMENT, path) for path in page.attachments]
            for kind, target in forms:
                self.targets.setdefault(target.rstrip("/"), set()).add((page.path, kind))
                for suffix in _suffixes(target):
                    self.suffixes.setdefault(suffix, set()).add((page.path, kind))
                tails |= _segment_forms(target)
        self.published_targets: set[str] = set()
        self.published_suffixes: set[str] = set()
        for other in published:
            for target in (other.path, normalise_url(other.url) if other.url else ""):
                if target:
                    self.published_targets.add(target.rstrip("/"))
                    self.published_suffixes |= _suffixes(target)
        self._tails = tails

    def _files(self, held: Sequence[HeldPage], docs_names: set[str]) -> None:
        self.held_files: dict[str, set[tuple[str, str]]] = {}
        self.held_names: dict[str, set[str]] = {}
        for page in held:
            url = normalise_url(page.url) if page.url else ""
            if url:
                output = url + "index.html" if url.endswith("/") else url
                self.held_files.setdefault(output, set()).add((page.path, FILE))
            for path in page.attachments:
                self.held_files.setdefault(path, set()).add((page.path, ATTACHMENT))
                name = posixpath.basename(path)
                if name not in docs_names:
                    self.held_names.setdefault(name, set()).add(page.path)

    def _fingerprint(self, held: Sequence[HeldPage], stream: list[str], sample: list[str]) -> None:
        """The runs of the kept-out pages' text, anchor names and raw titles, less what the
        published pages have (all checked in one pass over their words per run length)."""
        fingerprint = Fingerprint()
        names: dict[str, set[str]] = {}
        titles: dict[str, set[str]] = {}
        for page in held:
            for kind, text in _texts(page):
                fingerprint.add(page.path, kind, words(markdown_text(text)))
            for name in _anchor_names(page):
                names.setdefault(name, set()).add(page.path)
            title = (page.title or "").strip()
            if len(title) >= MIN_TITLE:
                titles.setdefault(title, set()).add(page.path)
        # A name or title whose words a published page has in a row is not searched: a
        # heading's own anchor, a title quoted in prose.
        # (a title is checked by its first SHINGLE words: one pass per run length, at most
        # SHINGLE of them, each over the published words)
        queries = {text: tuple(words(markup_text(text))[:SHINGLE]) for text in [*names, *titles]}
        runs = set(fingerprint.runs) | {run for run in queries.values() if run}
        common = _found(_by_length(runs), stream)
        for run in common & fingerprint.runs.keys():
            del fingerprint.runs[run]
        self.fingerprint = fingerprint
        self.anchor_names = {
            name: pages
            for name, pages in names.items()
            if len(name) >= MIN_SLUG and queries[name] not in common
        }
        self._titles = {
            title: pages for title, pages in titles.items() if queries[title] not in common
        }
        # Where anchor words are counted: some published pages' words, the template's.
        self._streams = [sample]
        self._finder: tuple[dict[int, frozenset[Run]], Any, Any] | None = None

    def _count(self, runs: Iterable[Run], size: int) -> Counter[tuple[str, ...]]:
        """How often each sequence of ``size`` words of ``runs`` is in the published pages
        and the template (only those sequences are counted: one pass, in C)."""
        wanted: set[tuple[str, ...]] = set()
        for run in runs:
            wanted.update(zip(*(run[i:] for i in range(size)), strict=False))
        counts: Counter[tuple[str, ...]] = Counter()
        for stream in self._streams:
            sequences = zip(*(stream[i:] for i in range(size)), strict=False)
            counts.update(filter(wanted.__contains__, sequences))
        return counts

    def _raw_pattern(self) -> None:
        self.raw_titles: dict[str, set[str]] = {}
        for title, pages in self._titles.items():
            for form in _variants(title[:MAX_NEEDLE]):
                self.raw_titles.setdefault(form, set()).update(pages)
        tails = _trie_pattern(self._tails) if self._tails else _NOTHING
        titles = _trie_pattern(self.raw_titles) if self.raw_titles else _NOTHING
        anchors = _trie_pattern(self.anchor_names) if self.anchor_names else _NOTHING
        # Group 1: a link's last segment; 2: the raw title; 3: an anchor name; 4 (added
        # by _finder once the template is known): the text's anchor words.
        self._raw_source = f"{_URL_BEFORE}({tails}){_URL_END}|({titles})|({anchors})"

    def template(self, data: bytes) -> None:
        """Drop the runs that the theme's template holds (``404.html``: the theme's
        header, nav and footer around no page's content); its words count as common."""
        tokens = words(markup_text(data.decode("utf-8", "replace")))
        self.fingerprint.discard_found_in(tokens)
        self._streams.append(tokens)
        self._finder = None

    def _text_finder(self) -> tuple[dict[int, frozenset[Run]], Any, Any]:
        """The runs by length, and the automaton of their anchors: for each run, its one,
        two or three adjacent ASCII words rarest in the published pages and the template
        (anything but letters and digits, tags and entities may stand between them in
        the output); for a run of CJK words, its rarest word. With them, the automaton of
        the raw pass (links, raw title, anchor names) and that of the text alone."""
        if self._finder is None:
            runs = list(self.fingerprint.runs)
            counts = self._count(runs, 1) + self._count(runs, 2)
            ascii_word = {word: bool(_ASCII_WORD(word)) for run in runs for word in run}
            anchors = _anchors_of(runs, counts, ascii_word, (2, 1))
            # A run whose words and pairs are all common elsewhere: try three in a row.
            common = [run for run, anchor in anchors.items() if anchor and counts[anchor]]
            if common:
                counts += self._count(common, 3)
                anchors.update(_anchors_of(common, counts, ascii_word, (2, 3, 1)))
            sequences: set[tuple[str, ...]] = set()
            singles: set[str] = set()
            for run, anchor in anchors.items():
                if anchor is None:  # no ASCII word: its rarest word
                    singles.add(min(run, key=lambda word: (counts[(word,)], -len(word))))
                else:
                    sequences.add(anchor)
            alternatives = []
            if sequences:
                body = _sequence_pattern(sequences)
                # ASCII anchors start and end at a word's edge; a CJK word may touch anything.
                alternatives.append(f"(?:^|[^0-9A-Za-z])(?i:{body})(?:[^0-9A-Za-z]|$)")
            if singles:
                alternatives.append(f"(?i:{_trie_pattern(sorted(singles))})")
            text = "|".join(alternatives) if alternatives else _NOTHING
            # One automaton for everything in an output file's bytes (the text's anchors
            # last: at one place, a link or title is what is reported); one for the text
            # of a JSON file or a PDF.
            self._finder = (
                self.fingerprint.by_length(),
                _compile(f"{self._raw_source}|({text})"),
                _compile(text) if alternatives else None,
            )
        return self._finder

    # -- searching -----------------------------------------------------------------------

    def __bool__(self) -> bool:
        return bool(self._tails or self.raw_titles or self.anchor_names or self.fingerprint.runs)

    def search_tree(
        self,
        root: Path,
        searched: Mapping[str, tuple[bytes, list[Needle]]] | None = None,
    ) -> Iterator[tuple[str, Needle]]:
        """(site-relative file, needle) for every trace under ``root``; each file read once.
        ``404.html`` at the root is read first: it is the theme's template.

        ``searched`` are files searched already, after the template was read (the build's
        helper searches each page as MkDocs writes it): their bytes and needles, used again
        for a file whose bytes are still the same."""
        if searched is None:
            template = root / "404.html"
            if template.is_file():
                self.template(template.read_bytes())
        for path in sorted(root.rglob("*")):
            if not path.is_file():
                continue
            rel = path.relative_to(root).as_posix()
            data = path.read_bytes()
            known = searched.get(rel) if searched else None
            if known is not None and known[0] == data:
                needles = known[1]
            else:
                needles = self.search_file_sorted(rel, data)
            for needle in needles:
                yield rel, needle

    def search_file_sorted(self, rel: str, data: bytes) -> list[Needle]:
        """:meth:`search_file`'s needles, by page and kind."""
        return sorted(self.search_file(rel, data), key=lambda n: (n.page, n.kind))

    def search_file(self, rel: str, data: bytes) -> set[Needle]:
        """Every trace in the output file ``rel`` (site-relative) with content ``data``."""
        found = self._file_name(rel)
        name = rel
        if rel.endswith(".gz"):
            name = rel[: -len(".gz")]
            with contextlib.suppress(OSError, EOFError):
                data = gzip.decompress(data)  # not really gzip: searched as it is
        source = _source(name, data)
        spots: list[tuple[int, int]] = []
        if source.raw:
            found |= self._raw_hits(source.raw, name, spots)
        if source.text and rel != "404.html":
            if source.text is not source.raw:
                spots = self._spots(source.text)
            kinds = self._text_hits(source.text, source.escaped, spots)
            found |= {Needle(page, PDF if source.pdf else kind) for page, kind in kinds}
        return found

    def _file_name(self, rel: str) -> set[Needle]:
        path = unquote(rel)
        found = {Needle(page, kind) for page, kind in self.held_files.get(path, ())}
        name = posixpath.basename(path)
        found |= {Needle(page, ATTACHMENT) for page in self.held_names.get(name, ())}
        return found

    def _raw_hits(self, data: bytes, name: str, spots: list[tuple[int, int]]) -> set[Needle]:
        """Links, the raw title and anchor names in ``data``; where the text's anchor words
        are goes to ``spots`` (as many as MAX_SPOTS + 1: past that, the whole text)."""
        found: set[Needle] = set()
        for match in self._text_finder()[1].finditer(data):
            if match.group(1) is not None:
                found |= self._link(data, match.start(1), match.end(1), name)
            elif match.group(2):
                title = match.group(2).decode("utf-8", "replace")
                found |= {Needle(page, TITLE) for page in self.raw_titles.get(title, ())}
            elif match.group(3):
                found |= self._anchor(data, match.start(3), match.end(3))
            elif len(spots) <= MAX_SPOTS:
                spots.append(match.span())
        return found

    def _spots(self, text: bytes) -> list[tuple[int, int]]:
        pattern = self._text_finder()[2]
        if pattern is None:
            return []
        return [match.span() for match in islice(pattern.finditer(text), MAX_SPOTS + 1)]

    def _link(self, data: bytes, start: int, end: int, name: str) -> set[Needle]:
        """A link whose last segment is at ``data[start:end]``, in the output file ``name``:
        a trace when it resolves to a kept-out page, its source or an attachment.

        A link in an HTML page is resolved as a browser does, from the page's URL (a
        ``.md`` link also from the folder of the page's source, as the author wrote it).
        In other files (feeds, JSON, search indexes) links are written relative to
        another page: a link there (an ``href``/``src`` value, a whole JSON string) that
        resolves to no page is a trace when its path is the end of a kept-out target's and
        of no published one's.
        """
        before = _HREF_START.search(data[max(0, start - WINDOW) : start].decode("latin-1"))
        prefix = before.group(0) if before else ""
        href = html.unescape(prefix + data[start:end].decode("utf-8", "replace"))
        href = href.replace("\\/", "/")
        if "/" not in href and "." not in href:
            return set()  # a bare name (`id="held"`, a word): no link to a page's folder
        parts = urlsplit(href)
        if self._netloc and not parts.scheme and href.startswith(self._netloc + "/"):
            href, parts = "//" + href, urlsplit("//" + href)
        file_url = _file_url(name)
        page = name.endswith((".html", ".htm"))
        bases = [file_url]
        if page and parts.path.endswith(".md") and file_url.endswith("/"):
            parent = posixpath.dirname(file_url.rstrip("/"))
            bases.append(parent + "/" if parent else "")
        for base in bases:
            target = resolve_href(href, base, self.site_url)
            key = target.rstrip("/") if target is not None else None
            if key in self.targets:
                return {Needle(owner, kind) for owner, kind in self.targets[key]}
            if key in self.published_targets:
                return set()
        if page or parts.scheme or parts.netloc or parts.path.startswith("/"):
            return set()
        opening = start - len(prefix.encode("latin-1"))
        context = data[max(0, opening - 16) : opening].decode("latin-1").lower()
        closing = data[end : end + 1]
        whole_string = context.endswith('"') and closing in (b'"', b"#", b"?")
        if not (_ATTRIBUTE.search(context) or (name.endswith(".json") and whole_string)):
            return set()
        path = unquote(parts.path)
        while path.startswith(("./", "../")):
            path = path.split("/", 1)[1]
        path = normalise_url(path).rstrip("/")
        if path in self.published_suffixes:
            return set()
        return {Needle(owner, kind) for owner, kind in self.suffixes.get(path, ())}

    def _anchor(self, data: bytes, start: int, end: int) -> set[Needle]:
        head = data[max(0, start - WINDOW) : start].decode("latin-1")
        before = _ANCHOR_CHARS.search(head)
        prefix = before.group(0) if before else ""
        context = head[: len(head) - len(prefix)]
        if not context.endswith(_ANCHOR_BEFORE):
            return set()
        after = _ANCHOR_CHARS_AFTER.match(data[end : end + WINDOW].decode("latin-1"))
        name = data[start:end].decode("utf-8", "replace")
        value = (prefix.encode("latin-1") + data[start:end]).decode("utf-8", "replace").lower()
        value += after.group(0).lower() if after else ""
        # The page whose print-page key explains the anchor best (the longest that it is
        # or starts with): a published page's own section is not a trace.
        owner = max(
            (k for k in self.keys if value == k or value.startswith(k + "-")),
            key=len,
            default="",
        )
        pages = self.anchor_names.get(name.lower(), set())
        explains = value == name or value.startswith(name + "-") or value.endswith("-" + name)
        if not explains or len(owner) > len(name):
            return set()
        return {Needle(page, ANCHOR) for page in pages}

    def _text_hits(
        self, text: bytes, escaped: bool, spots: list[tuple[int, int]]
    ) -> set[tuple[str, str]]:
        """(page, kind) of every run found in ``text`` around its anchor words ``spots``."""
        by_length = self._text_finder()[0]
        runs: set[Run] = set()
        for chunk in _windows(text, spots):
            tokens = words(markup_text(chunk.decode("utf-8", "replace"), escaped=escaped))
            runs |= _found(by_length, tokens)
        return {(page, kind) for run in runs for page, kind in self.fingerprint.runs[run].items()}


def _anchor_names(page: HeldPage) -> set[str]:
    """The anchor names a kept-out page could leave: its print-page key, and its slug
    (its file's stem, or its folder's for an index page)."""
    url = normalise_url(page.url) if page.url else ""
    names = {page_key(url)} if url else set()
    stem = posixpath.splitext(posixpath.basename(page.path))[0]
    if stem.lower() in ("index", "readme"):
        stem = posixpath.basename(posixpath.dirname(page.path))
    if stem:
        names.add(stem.lower())
    return names


def _holds(run: Run, sequence: tuple[str, ...]) -> bool:
    size = len(sequence)
    return any(run[i : i + size] == sequence for i in range(len(run) - size + 1))


def _anchors_of(
    runs: Sequence[Run],
    counts: Counter[tuple[str, ...]],
    ascii_word: dict[str, bool],
    sizes: tuple[int, ...],
) -> dict[Run, tuple[str, ...] | None]:
    """Each run's anchor (:func:`_anchor_of`). Runs come in the order of their page: the
    next run mostly holds the anchor just chosen, and one never seen elsewhere serves it
    as well as any."""
    anchors: dict[Run, tuple[str, ...] | None] = {}
    previous: tuple[str, ...] | None = None
    for run in runs:
        if previous is not None and counts[previous] == 0 and _holds(run, previous):
            anchors[run] = previous
            continue
        previous = anchors[run] = _anchor_of(run, counts, ascii_word, sizes)
    return anchors


def _anchor_of(
    run: Run,
    counts: Counter[tuple[str, ...]],
    ascii_word: dict[str, bool],
    sizes: tuple[int, ...],
) -> tuple[str, ...] | None:
    """The rarest ``sizes`` adjacent ASCII words of ``run``, preferred in that order among
    equals (two in a row first: a lone word also turns up inside markup, `language-bash`;
    two seldom do), the longest among those; None when it has no ASCII word."""
    best: tuple[str, ...] | None = None
    best_key: tuple[int, int, int] | None = None
    for rank, size in enumerate(sizes):
        for start in range(len(run) - size + 1):
            sequence = run[start : start + size]
            if not all(ascii_word[word] for word in sequence):
                continue
            key = (counts[sequence], rank, -sum(map(len, sequence)))
            if best_key is None or key < best_key:
                best, best_key = sequence, key
        if best_key is not None and best_key[0] == 0:
            return best  # never seen: nothing is rarer
    return best


def _sequence_pattern(sequences: Iterable[tuple[str, ...]]) -> str:
    """One regex for sequences of words (a trie of words), a gap between two words."""
    trie: dict[str, Any] = {}
    for sequence in sequences:
        node = trie
        for word in sequence:
            node = node.setdefault(word, {})
        node[""] = {}

    def render(node: dict[str, Any]) -> str:  # depth: at most three words
        alternatives = []
        for word, child in sorted(node.items()):
            if not word:
                continue
            rest = render(child)
            if rest:
                tail = f"{_GAP}(?:{rest})"
                alternatives.append(_literal_word(word) + (f"(?:{tail})?" if "" in child else tail))
            else:
                alternatives.append(_literal_word(word))
        return "|".join(alternatives)

    return render(trie)


def _texts(page: HeldPage) -> Iterator[tuple[str, str]]:
    """(kind, Markdown) of every text of a kept-out page: title, description, headings,
    cells, list items (each a needle of its own kind), then the whole body."""
    if page.title:
        yield TITLE, page.title
    if page.description:
        yield TEXT, page.description
    yield from _pieces(page.body)
    yield TEXT, page.body


def _windows(text: bytes, spots: Sequence[tuple[int, int]]) -> list[bytes]:
    """The parts of ``text`` around its anchor words at ``spots`` (the whole text when
    they cover half of it, or there are more than MAX_SPOTS)."""
    if len(spots) > MAX_SPOTS:
        return [text]
    merged: list[list[int]] = []
    for start, end in spots:
        start, end = max(0, start - WINDOW), end + WINDOW
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if sum(end - start for start, end in merged) * 2 > len(text):
        return [text]
    return [text[start:end] for start, end in merged]


def _file_url(name: str) -> str:
    """The URL of the output file ``name`` (site-relative), as links in it are relative to."""
    if name == "index.html" or name.endswith("/index.html"):
        return name[: -len("index.html")]
    return name


# -- LINK001: unlinking in rendered HTML (the plugin) ----------------------------------------

_ANCHOR_TAG = lazy_re(r"""<a\b(?P<attrs>[^>]*)>(?P<inner>.*?)</a\s*>""", re.IGNORECASE | re.DOTALL)
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
    return _ANCHOR_TAG.sub(replace, text), removed
