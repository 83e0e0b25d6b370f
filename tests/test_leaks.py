"""LINK001 / LEAK001 helpers (pure) and LEAK001 in a real build."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from mkdocs_threatpub.core.leaks import (
    Needle,
    NeedleSet,
    distinctive_fragments,
    resolve_href,
    unlink_anchors,
)
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
