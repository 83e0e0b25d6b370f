"""LINK001 / LEAK001 helpers (pure) and LEAK001 in a real build.

In process: how a kept-out page is fingerprinted (words, runs, pieces), what is not a
needle (what published pages and the theme share), how each output format is read, how
links, anchors and files are found. Real builds (slow): each kind of trace the plugins of
issue 17 leave (a snippets include, a raw `.md` link, a leftover attachment, a PDF).
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkdocs_threatpub.core.leaks import (
    MAX_NEEDLE,
    SHINGLE,
    HeldPage,
    LeakSearch,
    PublishedPage,
    _literal,
    _trie_pattern,
    markdown_text,
    markup_text,
    resolve_href,
    unlink_anchors,
    words,
)
from mkdocs_threatpub.pipeline.build import Build, PageSource
from mkdocs_threatpub.pipeline.options import Options, SiteLayout
from mkdocs_threatpub.rules import leak001_held_content_in_output
from tests.conftest import make_site, mkdocs

HELD = """\
---
title: Heap overflow in the quokka gateway
threatpub:
  kind: vulnerability
  target:
    operator: Example Power Co.
---

# Heap overflow in the quokka gateway

The quokka gateway parser copies the length field without any bounds check at all.
"""

# A held advisory whose later section (a heading, a table, a list, prose) is what plugins
# pull into published pages; its first sentences are long plain prose, so the section
# holds none of the three fragments the old LEAK001 sampled.
HELD_BODY = """\
# Heap overflow in the quokka gateway

The quokka gateway parser copies the length field without any bounds check at all.
Operators of the affected firmware should plan for an emergency maintenance window.
Exploitation requires network access to the management interface of the gateway.

## Summary

A short summary.

--8<-- [start:details]
## Marmalade handshake internals

| Component | Affected build |
|---|---|
| Wombat relay module | before 7.4.2 |

- Disable the marmalade listener on the wombat relay
- Rotate every numbat session token after patching

Sending a crafted marmalade handshake with an oversized length prefix overflows the heap
buffer of the wombat relay and lets an attacker run code as the service account.
--8<-- [end:details]
"""

HELD_FRONT = """\
---
title: Heap overflow in the quokka gateway
threatpub:
  kind: vulnerability
  target:
    operator: Example Power Co.
---

"""

SECTION_WORDS = "overflows the heap buffer of the wombat relay"


def held_page(**changes: object) -> HeldPage:
    fields: dict = {
        "path": "advisories/quokka.md",
        "url": "advisories/quokka/",
        "body": HELD_BODY,
        "title": "Heap overflow in the quokka gateway",
    }
    fields.update(changes)
    return HeldPage(**fields)


HOME = PublishedPage(
    "index.md",
    "",
    "# Home\n\n## Summary\n\nWelcome. Exploitation requires network access to the "
    "management interface of the gateway, as it always does.\n",
    "Home",
)


def search(*held: HeldPage, published: tuple[PublishedPage, ...] = (HOME,), **kw: object):
    return LeakSearch(list(held) or [held_page()], list(published), **kw)  # type: ignore[arg-type]


def kinds(found: set) -> set[tuple[str, str]]:
    return {(n.page, n.kind) for n in found}


HELD_PAGE = "advisories/quokka.md"


# -- URLs (LINK001 too) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "page_url", "expected"),
    [
        ("held/", "", "held/"),
        ("held/#details", "", "held/"),
        ("held/index.html", "", "held/"),
        ("../held/", "blog/", "held/"),
        ("../../advisories/x/?a=1", "blog/post/", "advisories/x/"),
        ("/advisories/x/", "blog/", "advisories/x/"),
        ("https://example.org/docs/advisories/x/", "", "advisories/x/"),
        ("https://other.example/advisories/x/", "", None),
        ("#top", "blog/", None),
        ("mailto:a@example.org", "", None),
        ("held.html", "", "held.html"),
    ],
)
def test_resolve_href(href: str, page_url: str, expected: str | None) -> None:
    assert resolve_href(href, page_url, "https://example.org/docs/") == expected


def test_unlink_anchors_keeps_text_and_other_links() -> None:
    html_text = (
        '<p>See <a href="../held/#x" title="t"><code>the</code> notes</a> and '
        '<a href="../other/">other</a>.</p>'
    )
    out, removed = unlink_anchors(html_text, "page/", {"held/": "held.md"})
    assert out == '<p>See <code>the</code> notes and <a href="../other/">other</a>.</p>'
    assert removed == [("../held/#x", "held.md")]


# -- words: what output formats change does not matter ---------------------------------------


def test_words_are_lower_case_letters_and_digits_and_each_cjk_character() -> None:
    assert words("Heap-Overflow in QG_2026.7, don't") == [
        "heap",
        "overflow",
        "in",
        "qg",
        "2026",
        "7",
        "don",
        "t",
    ]
    assert words("网关Parser溢出") == ["网", "关", "parser", "溢", "出"]


def test_markdown_text_drops_what_rendering_does_not_show() -> None:
    text = markdown_text(
        'See [the notes](../notes.md "t") and ![alt words](img.png)\n'
        "<!-- a comment -->\n"
        "```bash title=x\n"
        "run --this\n"
        "```\n"
        '--8<-- "other.md"\n'
        "## Heading {#custom .cls}\n"
        "[ref]: https://example.org/ref\n"
        "Tom &amp; Jerry {{ macro() }} <span>kept</span> <https://example.org/auto>\n"
    )
    assert words(text) == [
        *["see", "the", "notes", "and", "run", "this", "heading", "tom", "jerry", "kept"],
        *["https", "example", "org", "auto"],
    ]


def test_markup_text_drops_tags_entities_cdata_and_escaped_markup() -> None:
    assert words(markup_text('<p class="x">Tom &amp; <em>Jerry</em>&#x27;s</p>')) == [
        "tom",
        "jerry",
        "s",
    ]
    feed = "<description><![CDATA[<p>Quokka</p>]]> &lt;a href=&quot;x&quot;&gt;gate&lt;/a&gt;"
    assert words(markup_text(feed, escaped=True)) == ["quokka", "gate"]


# -- the fingerprint: every distinctive piece, less boilerplate -------------------------------


def test_every_run_of_words_and_every_short_piece_is_a_needle() -> None:
    runs = search().fingerprint.runs
    body = words(markdown_text(HELD_BODY))
    expected = {tuple(body[i : i + SHINGLE]) for i in range(len(body) - SHINGLE + 1)}
    shared = {run for run in expected if " ".join(run) in " ".join(words(HOME.body))}
    assert shared, "the fixture shares a sentence with the published page"
    assert expected - shared <= set(runs), "every run not shared is a needle"
    assert not shared & set(runs), "a run a published page has is not"
    assert runs[("wombat", "relay", "module")] == {HELD_PAGE: "cell"}
    assert runs[("before", "7", "4", "2")] == {HELD_PAGE: "cell"}
    assert runs[("marmalade", "handshake", "internals")] == {HELD_PAGE: "heading"}
    assert any(kind == {HELD_PAGE: "item"} for run, kind in runs.items() if "numbat" in run)
    # Too short to be distinctive: a heading "Summary", a cell "Component".
    assert ("summary",) not in runs
    assert ("component",) not in runs


def test_the_title_is_searched_unless_a_published_page_quotes_it() -> None:
    assert search().raw_titles
    quoting = PublishedPage("news.md", "news/", "Read *Heap overflow in the quokka gateway*.")
    assert not search(published=(HOME, quoting)).raw_titles


@pytest.mark.parametrize(
    "output",
    [
        "<p>Welcome. Exploitation requires network access to the management interface of "
        "the gateway, as it always does.</p>",  # a sentence a published page shares
        '<h2 id="summary">Summary</h2><p>A short summary.</p>',  # common heading, short text
        "<footer>Made with Material for MkDocs</footer>",  # the theme's words
        "<footer>Please report security problems to psirt at example dot org today</footer>",
    ],
)
def test_no_false_alarm_on_what_published_pages_and_the_theme_share(output: str) -> None:
    body = HELD_BODY + "\nPlease report security problems to psirt at example dot org today\n"
    leak = search(held_page(body=body))
    # The theme writes its footer on every page, 404.html too: it is not a needle.
    leak.template(
        b"<html><body><h1>404 - Not found</h1><footer>Please report security problems to "
        b"psirt at example dot org today</footer></body></html>"
    )
    assert not leak.search_file("guide/index.html", output.encode())


def test_a_section_of_the_page_is_found_however_the_output_writes_it() -> None:
    leak = search()
    wrapped = (
        b"<p>Sending a crafted <em>marmalade</em> handshake with an oversized length prefix\n"
        b"    OVERFLOWS the heap buffer of the wombat&nbsp;relay</p>"
    )
    assert kinds(leak.search_file("index.html", wrapped)) == {(HELD_PAGE, "text")}
    table = b"<table><tr><td>Wombat relay module</td><td>before 7.4.2</td></tr></table>"
    assert kinds(leak.search_file("index.html", table)) == {(HELD_PAGE, "cell")}
    heading = b'<h2 id="marmalade-handshake-internals">Marmalade handshake internals</h2>'
    assert kinds(leak.search_file("index.html", heading)) == {(HELD_PAGE, "heading")}
    item = b"<li>Rotate every <code>numbat</code> session token after patching</li>"
    assert kinds(leak.search_file("index.html", item)) == {(HELD_PAGE, "item")}


def test_json_xml_and_gzip_are_read_as_text() -> None:
    leak = search()
    index = json.dumps({"docs": [{"location": "", "text": f"Wombat {SECTION_WORDS} 漏洞"}]})
    assert kinds(leak.search_file("search/search_index.json", index.encode())) == {
        (HELD_PAGE, "text")
    }
    feed = f"<item><description>&lt;p&gt;It {SECTION_WORDS}&lt;/p&gt;</description></item>"
    assert kinds(leak.search_file("feed_rss_created.xml", feed.encode())) == {(HELD_PAGE, "text")}
    packed = gzip.compress(f"<p>{SECTION_WORDS}</p>".encode())
    assert kinds(leak.search_file("page.html.gz", packed)) == {(HELD_PAGE, "text")}


def test_chinese_text_is_compared_character_by_character() -> None:
    body = "# 网关漏洞\n\n研究人员发现网关解析器在处理长度字段时存在严重的缓冲区溢出漏洞。\n"
    leak = search(held_page(body=body, title="网关解析器缓冲区溢出漏洞公告"))
    part = "<p>网关解析器在处理<strong>长度字段</strong>时存在</p>".encode()
    assert kinds(leak.search_file("index.html", part)) == {(HELD_PAGE, "text")}
    escaped = json.dumps({"t": "解析器在处理长度字段时存在严重"}).encode()  # \\u escapes
    assert kinds(leak.search_file("search/search_index.json", escaped)) == {(HELD_PAGE, "text")}


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF showing ``text`` in Helvetica, its content stream compressed (the
    text is not in the file's bytes as written)."""
    content = zlib.compress(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_the_text_of_a_pdf_is_searched() -> None:
    pdf = tiny_pdf(f"Appendix: the marmalade handshake {SECTION_WORDS} and more")
    assert SECTION_WORDS.encode() not in pdf
    assert kinds(search().search_file("print/site.pdf", pdf)) == {(HELD_PAGE, "pdf")}
    assert not search().search_file("print/other.pdf", tiny_pdf("Nothing held here at all"))
    assert not search().search_file("broken.pdf", b"%PDF-1.4 not really")


# -- links, anchors, files ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "content", "kind"),
    [
        ("index.html", '<a href="advisories/quokka/">', "url"),
        ("blog/post/index.html", '<a href="../../advisories/quokka/#details">', "url"),
        ("blog/index.html", "<iframe src='../advisories/quokka/index.html'>", "url"),
        ("advisories/other/index.html", '<a href="../quokka/">', "url"),
        ("advisories/other/index.html", '<a href="../quokka">', "url"),
        ("about/index.html", '<a href="/docs/advisories/quokka/">', "url"),
        ("about/index.html", '<a href="https://example.org/docs/advisories/quokka/">', "url"),
        ("sitemap.xml", "<loc>https://example.org/docs/advisories/quokka/</loc>", "url"),
        ("notes.txt", "see example.org/docs/advisories/quokka/ soon", "url"),
        # .md forms: from the page's URL, or from its source's folder (raw HTML in a page)
        ("advisories/other/index.html", '<a href="quokka.md">', "source"),
        ("downloads/links.html", '<a href="../advisories/quokka.md">', "source"),
        ("index.html", "<a href='advisories/quokka.md#details'>", "source"),
        # feeds and JSON write links relative to another page
        ("feed_rss_created.xml", "&lt;a href=&quot;quokka.md&quot;&gt;", "source"),
        ("feed_json_created.json", '{"content_html": "<a href=\\"../quokka/\\">"}', "url"),
        ("search/search_index.json", '{"location": "advisories/quokka/#sec"}', "url"),
        ("index.html", '<img src="advisories/quokka/diagram-quokka.png">', "attachment"),
    ],
)
def test_links_in_every_form_resolved_from_the_output_file(
    output: str, content: str, kind: str
) -> None:
    leak = search(
        held_page(attachments=("advisories/quokka/diagram-quokka.png",)),
        site_url="https://example.org/docs/",
    )
    assert kinds(leak.search_file(output, content.encode())) == {(HELD_PAGE, kind)}


@pytest.mark.parametrize(
    ("output", "content"),
    [
        ("index.html", '<a href="advisories/quokka-other/">'),
        ("index.html", '<a href="https://github.com/org/advisories/quokka/">'),
        ("index.html", '<a href="other/quokka/">'),  # resolves to a published page
        ("index.html", "<p>the quokka/ folder and other/quokka.md in prose</p>"),
        ("rules/link001/index.html", "<code>[the advisory](advisories/quokka.md)</code>"),
        ("search/search_index.json", '{"text": "[the advisory](advisories/quokka.md)"}'),
        ("index.html", '<h2 id="quokka">Quokka</h2><a href="#quokka">'),
        ("feed.xml", '&lt;a href="../quokka/"&gt;'),  # also a published page's end
    ],
)
def test_no_false_alarm_on_links_elsewhere(output: str, content: str) -> None:
    other = PublishedPage("other/quokka.md", "other/quokka/", "# Another quokka\n")
    leak = search(published=(HOME, other), site_url="https://example.org/docs/")
    assert not leak.search_file(output, content.encode())


def test_anchors_named_after_the_page() -> None:
    details = PublishedPage(
        "advisories/quokka-details.md", "advisories/quokka-details/", "# Details\n"
    )
    leak = search(held_page(path="advisories/quokka-gateway.md", url="advisories/quokka-gateway/"),
                  published=(HOME, details))  # fmt: skip
    page = "advisories/quokka-gateway.md"
    print_page = (
        b'<a href="#advisories-quokka-gateway">x</a><section id="advisories-quokka-gateway">'
    )
    assert kinds(leak.search_file("print_page/index.html", print_page)) == {(page, "anchor")}
    section = b'<h2 id="advisories-quokka-gateway-summary">Summary</h2>'
    assert kinds(leak.search_file("print_page/index.html", section)) == {(page, "anchor")}
    # A published page's own section, and a word in a URL, are not anchors of it.
    assert not leak.search_file("print_page/index.html", b'<a href="#advisories-quokka-details">')
    assert not leak.search_file("index.html", b"<p>quokka-gateway and advisories-quokka</p>")


def test_an_anchor_whose_words_a_published_page_has_is_not_searched() -> None:
    quoting = PublishedPage("news.md", "news/", "## Quokka gateway news\n")
    leak = search(held_page(path="quokka-gateway.md", url="quokka-gateway/"),
                  published=(HOME, quoting))  # fmt: skip
    assert not leak.search_file("news/index.html", b'<h2 id="quokka-gateway-news">News</h2>')


def test_its_output_file_and_attachments_left_in_site_dir() -> None:
    leak = search(
        held_page(attachments=("advisories/quokka/poc-quokka.py", "advisories/quokka/logo.png")),
        docs_names={"index.md", "logo.png"},
    )
    assert kinds(leak.search_file("advisories/quokka/index.html", b"<p>old</p>")) == {
        (HELD_PAGE, "file")
    }
    assert kinds(leak.search_file("advisories/quokka/poc-quokka.py", b"print(1)")) == {
        (HELD_PAGE, "attachment")
    }
    # Its file name, copied anywhere; unless a published file has the same name.
    assert kinds(leak.search_file("assets/poc-quokka.py", b"x")) == {(HELD_PAGE, "attachment")}
    assert not leak.search_file("assets/logo.png", b"\x89PNG")
    assert kinds(leak.search_file("advisories/quokka/logo.png", b"\x89PNG")) == {
        (HELD_PAGE, "attachment")
    }


def test_search_tree_reads_404_first_as_the_template(tmp_path: Path) -> None:
    footer = "<footer>Please report security problems to psirt at example dot org today</footer>"
    (tmp_path / "404.html").write_text(f"<h1>404</h1>{footer}", encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(f"<p>Hi</p>{footer}", encoding="utf-8")
    (tmp_path / "sitemap.xml.gz").write_bytes(
        gzip.compress(b"<loc>https://e.org/advisories/quokka/</loc>")
    )
    body = HELD_BODY + "\nPlease report security problems to psirt at example dot org today\n"
    hits = list(search(held_page(body=body), site_url="https://e.org/").search_tree(tmp_path))
    assert [(rel, n.page, n.kind) for rel, n in hits] == [("sitemap.xml.gz", HELD_PAGE, "url")]


# -- the message never quotes the page --------------------------------------------------------


@pytest.mark.parametrize("kind", ["url", "source", "anchor", "file", "attachment", "title",
                                  "heading", "cell", "item", "text", "pdf"])  # fmt: skip
def test_the_finding_names_the_output_and_the_kind_in_both_languages(kind: str) -> None:
    finding = leak001_held_content_in_output.finding("feed.xml", kind)
    what = leak001_held_content_in_output.describe(kind)
    assert "site_dir/feed.xml" in finding.message
    assert str(what) in finding.message
    assert "site_dir/feed.xml" in finding.message.zh
    assert what.zh in finding.message.zh
    assert finding.fix
    assert finding.fix.zh


# -- linear time ----------------------------------------------------------------------------


def test_search_takes_time_linear_in_the_output() -> None:
    """Ten times the output takes about ten times as long (one pass per file)."""
    leak = search()
    page = ("<p>" + "Some published words about gateways and relays. " * 40 + "</p>") * 20

    def seconds(files: int) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            for index in range(files):
                assert not leak.search_file(f"p{index}/index.html", page.encode())
            best = min(best, time.perf_counter() - start)
        return best

    small, large = seconds(20), seconds(200)
    assert large < 25 * small + 0.05, (small, large)


# -- long titles and needles (issue 16, case 11) ------------------------------------------------

LENGTHS = [500, 5_000, 50_000]


def long_title(length: int) -> str:
    """A title of ``length`` characters, with characters HTML and JSON escape."""
    text = "Quokka gateway overflow & the <marmalade> handshake's 漏洞 parser "
    return (text * (length // len(text) + 1))[:length].strip()


def held_with_title(title: str) -> str:
    return HELD.replace("Heap overflow in the quokka gateway", title)


def _recursive_trie_pattern(items: list[str]) -> str:
    """The expression as the recursive builder wrote it (the shape must not change)."""
    trie: dict = {}
    for word in items:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = [_literal(c) + render(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return render(trie)


@given(st.lists(st.text(alphabet="ab.&\"é'\\", max_size=8), max_size=8))
def test_trie_pattern_has_the_shape_of_the_recursive_one(items: list[str]) -> None:
    assert _trie_pattern(items) == _recursive_trie_pattern(items)


def test_trie_pattern_takes_time_linear_in_the_words() -> None:
    """One frame or one copy of the pattern per character was quadratic (and raised
    RecursionError from about 500 characters); ten times the text takes about ten times
    the time."""

    def seconds(length: int) -> float:
        items = ["x" * length, "x" * (length // 2) + "y", "z" * length]
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            pattern = _trie_pattern(items)
            best = min(best, time.perf_counter() - start)
        assert len(pattern) > 2 * length
        return best

    small, large = seconds(10_000), seconds(100_000)
    assert large < 40 * small + 0.05, (small, large)


@pytest.mark.parametrize("length", LENGTHS)
def test_long_title_needles_are_searched_by_their_beginning(length: int) -> None:
    title = long_title(length)
    url = "advisories/" + "a" * length + "/"  # URLs are searched whole
    start = time.perf_counter()
    leak = search(held_page(title=title, url=url, body=""), site_url="https://e.org/")
    # Generous (a loaded CI machine): a pattern that grows with the title's square is minutes.
    assert time.perf_counter() - start < 20
    assert not leak.search_file("x.html", b"<p>nothing held here</p>" * 1000)
    found = leak.search_file("x.html", f"<title>{html.escape(title)}</title>".encode())
    assert kinds(found) == {(HELD_PAGE, "title")}
    # A trace of a long title holds its beginning: that is enough to find it.
    cut = json.dumps({"title": title[:MAX_NEEDLE] + " …"}).encode()
    assert kinds(leak.search_file("search/search_index.json", cut)) == {(HELD_PAGE, "title")}
    assert kinds(leak.search_file("x/index.html", f'<a href="../{url}">'.encode())) == {
        (HELD_PAGE, "url")
    }


def pipeline_build(tmp_path: Path, sources: dict[str, bytes]) -> Build:
    layout = SiteLayout(
        config_file=tmp_path / "mkdocs.yml",
        docs_dir=tmp_path / "docs",
        site_dir=tmp_path / "site",
        site_url="https://example.org/",
    )
    build = Build(Options(), layout, dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC))
    build.judge([PageSource(path, raw=raw) for path, raw in sources.items()])
    (tmp_path / "site").mkdir()
    return build


@pytest.mark.parametrize("length", LENGTHS)
def test_long_held_title_through_the_pipeline(tmp_path: Path, length: int) -> None:
    """The build's LEAK001 step (in process): no trace in a clean site, the title's trace
    found in one that holds it."""
    title = long_title(length)
    sources = {"index.md": b"# Home\n", "held.md": held_with_title(title).encode()}
    build = pipeline_build(tmp_path, sources)
    assert build.kept_out == {"held.md"}
    site = tmp_path / "site"
    (site / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    urls = {"index.md": "", "held.md": "held/"}
    assert build.leaks(site, urls.get, sources.get) == []
    (site / "search.json").write_text(json.dumps({"t": title}), encoding="utf-8")
    traces = build.leaks(site, urls.get, sources.get)
    assert [(t.page, t.output, str(t.what)) for t in traces] == [
        ("held.md", "search.json", "its title")
    ]
    assert "LEAK001" in build.judgements["held.md"].codes


def test_the_pipeline_looks_for_the_attachments_it_kept_out(tmp_path: Path) -> None:
    body = HELD + "\n![diagram](held/quokka-diagram.png)\n"
    sources = {"index.md": b"# Home\n", "held.md": body.encode()}
    build = pipeline_build(tmp_path, sources)
    held, _ = build.attachments(["held/quokka-diagram.png", "logo.png"], sources.get)
    assert held == {"held/quokka-diagram.png"}
    site = tmp_path / "site"
    (site / "held").mkdir()
    (site / "held" / "quokka-diagram.png").write_bytes(b"\x89PNG")
    urls = {"index.md": "", "held.md": "held/"}
    traces = build.leaks(site, urls.get, sources.get)
    assert [(t.page, t.output, t.kind) for t in traces] == [
        ("held.md", "held/quokka-diagram.png", "attachment")
    ]
    leak = [f for f in build.judgements["held.md"].findings if f.finding.code == "LEAK001"]
    message = str(leak[0].finding.message)
    assert "held/quokka-diagram.png" in message
    assert "attachment" in message


# -- real builds ----------------------------------------------------------------------------


def assert_leak(proc, site, outputs: list[str], kind: str) -> None:
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output[-3000:]
    assert "LEAK001" in output, output[-3000:]
    assert "internal error" not in output, output[-3000:]
    what = str(leak001_held_content_in_output.describe(kind))
    for rel in outputs:
        assert f"{what} was found in site_dir/{rel}" in output, output[-3000:]
    assert SECTION_WORDS not in output, "the log must not quote the held page"
    assert "wombat" not in output.lower(), "the log must not quote the held page"
    report = json.loads((site.root / ".threatpub/report.json").read_text(encoding="utf-8"))
    held = next(p for p in report["pages"] if p["path"] == "advisories/quokka.md")
    assert "LEAK001" in {f["code"] for f in held["findings"]}


@pytest.mark.slow
def test_a_section_included_with_snippets_fails_the_build(tmp_path: Path) -> None:
    """pymdownx.snippets pulls a section (heading, table, list, prose) of the held page into
    the published home page: none of it is the URL, the title or the first sentences."""
    site = make_site(
        tmp_path / "s",
        {
            "index.md": '# Home\n\nLatest notes:\n\n--8<-- "advisories/quokka.md:details"\n',
            "advisories/quokka.md": HELD_FRONT + HELD_BODY,
        },
        extra={"markdown_extensions": ["tables", {"pymdownx.snippets": {"base_path": ["docs"]}}]},
    )
    proc = mkdocs(site, "build")
    assert_leak(proc, site, ["index.html"], "heading")
    assert_leak(proc, site, ["search/search_index.json"], "text")


@pytest.mark.slow
def test_a_relative_md_link_in_a_raw_output_file_fails_the_build(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "s",
        {
            "index.md": "# Home\n\nSee the [downloads](downloads/links.html).\n",
            "advisories/quokka.md": HELD_FRONT + HELD_BODY,
        },
    )
    (site.docs / "downloads").mkdir()
    (site.docs / "downloads" / "links.html").write_text(
        '<!doctype html><p><a href="../advisories/quokka.md">Upcoming advisory</a></p>\n',
        encoding="utf-8",
    )
    proc = mkdocs(site, "build")
    assert_leak(proc, site, ["downloads/links.html"], "source")


@pytest.mark.slow
def test_a_leftover_attachment_fails_the_build(tmp_path: Path) -> None:
    """`mkdocs build --dirty` keeps what an earlier build wrote: the held page's diagram."""
    site = make_site(
        tmp_path / "s",
        {
            "index.md": "# Home\n",
            "advisories/quokka.md": HELD_FRONT
            + HELD_BODY
            + "\n![diagram](quokka/quokka-diagram.png)\n",
        },
    )
    (site.docs / "advisories" / "quokka").mkdir()
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    (site.docs / "advisories" / "quokka" / "quokka-diagram.png").write_bytes(png)
    (site.out / "advisories" / "quokka").mkdir(parents=True)
    (site.out / "advisories" / "quokka" / "quokka-diagram.png").write_bytes(png)
    proc = mkdocs(site, "build", "--dirty")
    assert_leak(proc, site, ["advisories/quokka/quokka-diagram.png"], "attachment")


@pytest.mark.slow
def test_a_pdf_holding_held_text_fails_the_build(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "s",
        {"index.md": "# Home\n", "advisories/quokka.md": HELD_FRONT + HELD_BODY},
    )
    (site.docs / "downloads").mkdir()
    (site.docs / "downloads" / "digest.pdf").write_bytes(
        tiny_pdf(f"Digest: a crafted marmalade handshake {SECTION_WORDS} and so on")
    )
    proc = mkdocs(site, "build")
    assert_leak(proc, site, ["downloads/digest.pdf"], "pdf")


@pytest.mark.slow
def test_no_false_alarm_in_a_material_site_sharing_text_with_the_held_page(
    tmp_path: Path,
) -> None:
    """A published page shares a sentence and a "Summary" heading with the held page, the
    footer (Material's, and the site's copyright) holds words the held page has too."""
    footer = "Please report security problems to psirt at example dot org today"
    site = make_site(
        tmp_path / "s",
        {
            "index.md": HOME.body,
            "guide.md": "# Guide\n\n## Summary\n\nA short summary.\n\n| Component | Yes |\n"
            "|---|---|\n| Gateway | Yes |\n",
            "advisories/quokka.md": HELD_FRONT + HELD_BODY + f"\n{footer}\n",
        },
        theme="material",
        extra={"copyright": footer},
    )
    proc = mkdocs(site, "build", "--strict")
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    assert not site.built("advisories/quokka.md")


@pytest.mark.slow
def test_leak001_fails_the_build_when_a_published_page_copies_held_text(tmp_path: Path) -> None:
    """Nothing MkDocs rewrites: a published page pastes the held page's full URL as text."""
    site = make_site(
        tmp_path / "s",
        {
            "index.md": "# Home\n\nComing soon at https://example.org/held/ on this site.\n",
            "held.md": HELD,
        },
    )
    proc = mkdocs(site, "build")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    assert "LEAK001" in output, output
    assert "index.html" in output, output
    assert "without any bounds check" not in output, "the log must not quote the held page"
    report = json.loads((site.root / ".threatpub/report.json").read_text(encoding="utf-8"))
    held = next(p for p in report["pages"] if p["path"] == "held.md")
    assert "LEAK001" in {f["code"] for f in held["findings"]}


@pytest.mark.slow
def test_leak001_ignores_titles_that_published_pages_quote(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "s",
        {
            "index.md": "# Home\n\nWatch for Heap overflow in the quokka gateway, soon.\n",
            "held.md": HELD,
        },
    )
    proc = mkdocs(site, "build")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("length", LENGTHS)
def test_build_with_a_long_held_title_succeeds(tmp_path: Path, length: int) -> None:
    title = long_title(length)
    site = make_site(
        tmp_path / "s", {"index.md": "# Home\n", "advisories/held.md": held_with_title(title)}
    )
    start = time.perf_counter()
    proc = mkdocs(site, "build")
    elapsed = time.perf_counter() - start
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]
    assert "internal error" not in output
    assert "LEAK001" not in output
    assert not site.built("advisories/held.md")
    assert site.built("index.md")
    assert title[:200] not in site.all_output_text()
    assert elapsed < 120, elapsed


@pytest.mark.slow
def test_build_finds_the_trace_of_a_long_held_title(tmp_path: Path) -> None:
    """A long title that the theme writes into every page (here through `copyright`) is
    still a trace: the build fails with LEAK001, naming the page, never the title."""
    title = long_title(5_000)
    site = make_site(
        tmp_path / "s",
        {"index.md": "# Home\n", "advisories/held.md": held_with_title(title)},
        extra={"copyright": title},
    )
    proc = mkdocs(site, "build")
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output[-3000:]
    assert "LEAK001" in output, output[-3000:]
    assert "advisories/held.md" in output
    assert "internal error" not in output
    assert title[:100] not in output, "the log must not quote the held title"
