"""LINK001 / LEAK001 helpers (pure) and LEAK001 in a real build."""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkdocs_threatpub.core.leaks import (
    Needle,
    NeedleSet,
    _literal,
    _trie_pattern,
    distinctive_fragments,
    resolve_href,
    unlink_anchors,
)
from mkdocs_threatpub.pipeline.build import Build, PageSource
from mkdocs_threatpub.pipeline.options import Options, SiteLayout
from tests.conftest import make_site, mkdocs

# A title is searched by at most its first MAX_NEEDLE characters (core/leaks.py).
MAX_NEEDLE = 256

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
    html = (
        '<p>See <a href="../held/#x" title="t"><code>the</code> notes</a> and '
        '<a href="../other/">other</a>.</p>'
    )
    out, removed = unlink_anchors(html, "page/", {"held/": "held.md"})
    assert out == '<p>See <code>the</code> notes and <a href="../other/">other</a>.</p>'
    assert removed == [("../held/#x", "held.md")]


def test_distinctive_fragments_skip_markup_code_and_short_lines() -> None:
    body = (
        "# A heading that is long enough to count as a fragment\n\n"
        "```\ncode line that is long enough to be a fragment of the page\n```\n\n"
        "Short line.\n"
        "A line with **bold** text is split into runs: each is short.\n"
        "The quokka gateway parser copies the length field without any bounds check.\n"
        "- a list item that is long enough to be a fragment but is skipped\n"
    )
    assert distinctive_fragments(body) == [
        "The quokka gateway parser copies the length field without any bo"
    ]


def test_needle_set_url_boundaries_and_escaped_forms() -> None:
    needles = NeedleSet(
        [
            Needle("a/index.md", "url", "advisories/"),
            Needle("x.md", "title", "Tom & Jerry's heap overflow"),
            Needle("y.md", "text", "研究人员发现网关解析器存在严重缓冲区溢出漏洞的完整细节说明"),
        ]
    )
    assert not needles.search('<a href="advisories/other/">')
    assert not needles.search('<a href="https://github.com/org/advisories/">')
    assert not needles.search("see the advisories/ folder")
    assert {n.page for n in needles.search('<a href="../advisories/">')} == {"a/index.md"}
    assert {n.page for n in needles.search("<title>Tom &amp; Jerry&#x27;s heap overflow")} == {
        "x.md"
    }
    escaped = json.dumps("研究人员发现网关解析器存在严重缓冲区溢出漏洞的完整细节说明")
    assert {n.page for n in needles.search(escaped)} == {"y.md"}
    raw = "<p>研究人员发现网关解析器存在严重缓冲区溢出漏洞的完整细节说明</p>".encode()
    assert {n.page for n in needles.search(raw)} == {"y.md"}


def test_needle_set_searches_gzip(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(b"<loc>https://e.org/held/</loc>"))
    (tmp_path / "index.html").write_text("nothing", encoding="utf-8")
    hits = list(
        NeedleSet([Needle("held.md", "url", "held/")], "https://e.org/").search_tree(tmp_path)
    )
    assert [(rel, n.page) for rel, n in hits] == [("sitemap.xml.gz", "held.md")]


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


# -- long titles and needles (issue 16, case 11) ------------------------------------------------

LENGTHS = [500, 5_000, 50_000]


def long_title(length: int) -> str:
    """A title of ``length`` characters, with characters HTML and JSON escape."""
    words = "Quokka gateway overflow & the <marmalade> handshake's 漏洞 parser "
    return (words * (length // len(words) + 1))[:length].strip()


def held_with_title(title: str) -> str:
    return HELD.replace("Heap overflow in the quokka gateway", title)


def _recursive_trie_pattern(words: list[str]) -> str:
    """The expression as the recursive builder wrote it (the shape must not change)."""
    trie: dict = {}
    for word in words:
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
def test_trie_pattern_has_the_shape_of_the_recursive_one(words: list[str]) -> None:
    assert _trie_pattern(words) == _recursive_trie_pattern(words)


def test_trie_pattern_takes_time_linear_in_the_words() -> None:
    """One frame or one copy of the pattern per character was quadratic (and raised
    RecursionError from about 500 characters); ten times the text takes about ten times
    the time."""

    def seconds(length: int) -> float:
        words = ["x" * length, "x" * (length // 2) + "y", "z" * length]
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            pattern = _trie_pattern(words)
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
    needles = NeedleSet(
        [Needle("held.md", "title", title), Needle("held.md", "url", url)], "https://e.org/"
    )
    assert time.perf_counter() - start < 5
    assert not needles.search("<p>nothing held here</p>" * 1000)
    found = needles.search(f"<title>{html.escape(title)}</title>")
    assert {(n.page, n.kind) for n in found} == {("held.md", "title")}
    # A trace of a long title holds its beginning: that is enough to find it.
    found = needles.search(json.dumps({"title": title[:MAX_NEEDLE] + " …"}))
    assert {(n.page, n.kind) for n in found} == {("held.md", "title")}
    assert {n.kind for n in needles.search(f'<a href="../{url}">')} == {"url"}


@pytest.mark.parametrize("length", LENGTHS)
def test_long_held_title_through_the_pipeline(tmp_path: Path, length: int) -> None:
    """The build's LEAK001 step (in process): no trace in a clean site, the title's trace
    found in one that holds it."""
    title = long_title(length)
    layout = SiteLayout(
        config_file=tmp_path / "mkdocs.yml",
        docs_dir=tmp_path / "docs",
        site_dir=tmp_path / "site",
        site_url="https://example.org/",
    )
    build = Build(Options(), layout, dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC))
    sources = {"index.md": b"# Home\n", "held.md": held_with_title(title).encode()}
    build.judge([PageSource(path, raw=raw) for path, raw in sources.items()])
    assert build.kept_out == {"held.md"}
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>Home</h1>", encoding="utf-8")
    urls = {"index.md": "", "held.md": "held/"}
    assert build.leaks(site, urls.get, sources.get) == []
    (site / "search.json").write_text(json.dumps({"t": title}), encoding="utf-8")
    traces = build.leaks(site, urls.get, sources.get)
    assert [(t.page, t.output, str(t.what)) for t in traces] == [
        ("held.md", "search.json", "its title")
    ]
    assert "LEAK001" in build.judgements["held.md"].codes


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
