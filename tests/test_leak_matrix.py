"""The leak matrix: a held page leaves no trace in any built site.

Each case is a real `mkdocs build` of a site in tmp_path with one held page (or blog post)
carrying canary words: unique tokens in its title, body, tags, categories, attachment file
names and URL slug. Every file under site/ (gzipped sitemaps decompressed) is then searched
for every canary. The same sites built with the MkDocs hook tests/fixtures/hooks/undo_holds.py
(threatpub judges, then the hook undoes the holds) must show a canary and fail LEAK001, which
proves that each case can see a leak at all.
"""

from __future__ import annotations

import gzip
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests.conftest import BIN, NOW_EPOCH, Site, make_site, mkdocs, serve

# Every test here runs real builds, servers or a browser (-m 'not slow' skips them).
pytestmark = pytest.mark.slow

UNDO_HOLDS = Path(__file__).parent / "fixtures" / "hooks" / "undo_holds.py"

CANARIES = {
    "title": "zqxtitle",
    "body": "zqxbody",
    "tag": "zqxtag",
    "category": "zqxcategory",
    "attachment": "zqxattach",
    "download": "zqxdownload",
    "slug": "zqxslug",
}

# Held by CAC801 (a target and no operator opinion, fix or notification): no release date.
HELD_THREATPUB = """\
threatpub:
  kind: vulnerability
  target:
    operator: Example Power Co.
    system: SCADA gateway
"""

HELD_BODY = """\
# Zqxtitle gateway heap overflow in the parser

The zqxbody flaw lets a remote attacker overflow the parser buffer of the gateway firmware.
Operators running the affected zqxbody build should expect an update from the vendor soon.

![diagram](zqxslug-gateway/zqxattach-diagram.png)

Download the [detection notes](../files/zqxdownload-notes.txt).
"""

HELD_PAGE = (
    "---\ntitle: Zqxtitle gateway heap overflow in the parser\n"
    "tags: [zqxtag]\n" + HELD_THREATPUB + "---\n\n" + HELD_BODY
)

HELD_POST = (
    "---\ntitle: Zqxtitle gateway heap overflow in the parser\n"
    "date: 2026-11-10\nslug: zqxslug-post\nauthors: [alice]\n"
    "categories: [Zqxcategory]\ntags: [zqxtag]\n"
    + HELD_THREATPUB
    + "---\n\n"
    + HELD_BODY.replace("zqxslug-gateway/", "../../advisories/zqxslug-gateway/").replace(
        "../files/", "../../files/"
    )
)

LINK_TEXT = "the upcoming gateway notes"

INDEX = """\
# Home

Welcome. Read {link} when it is out.
"""


def index_page(link: str) -> str:
    return INDEX.format(link=f"[{LINK_TEXT}]({link})")


PUBLISHED = "# Published\n\nA published page about patch management in general.\n"

ATTACHMENTS = {
    "advisories/zqxslug-gateway/zqxattach-diagram.png": "PNG placeholder\n",
    "files/zqxdownload-notes.txt": "notes placeholder\n",
}


def blog_post(n: int) -> str:
    return (
        f"---\ntitle: Weekly notes {n}\ndate: 2026-11-0{n}\nauthors: [alice]\n"
        f"categories: [Patching]\ntags: [patching]\n---\n\n# Weekly notes {n}\n\n"
        f"Routine patching news number {n}.\n\n<!-- more -->\n\nMore routine text.\n"
    )


AUTHORS = """\
authors:
  alice:
    name: Alice Example
    description: Analyst
    avatar: https://example.org/alice.png
"""


@dataclass
class Case:
    name: str
    pages: dict[str, str]
    theme: str = "mkdocs"
    plugins_before: list[Any] = field(default_factory=lambda: ["search"])
    extra: dict[str, Any] = field(default_factory=dict)
    held: str = "advisories/zqxslug-gateway.md"
    expect_files: tuple[str, ...] = ()
    # Files that carry a canary when the protections are off: the listing this case is about.
    leaks_into: tuple[str, ...] = ("search/search_index.json", "sitemap.xml.gz")


def advisory_pages(link_from_index: str = "advisories/zqxslug-gateway.md") -> dict[str, str]:
    return {
        "index.md": index_page(link_from_index),
        "published.md": PUBLISHED,
        "advisories/zqxslug-gateway.md": HELD_PAGE,
        **ATTACHMENTS,
    }


def blog_pages() -> dict[str, str]:
    pages = {
        "index.md": index_page("blog/posts/held.md"),
        "blog/index.md": "# Blog\n",
        "blog/.authors.yml": AUTHORS,
        "blog/posts/held.md": HELD_POST,
        **ATTACHMENTS,
    }
    for n in range(1, 6):
        pages[f"blog/posts/notes-{n}.md"] = blog_post(n)
    return pages


BLOG = {
    "blog": {
        "blog_dir": "blog",
        "pagination_per_page": 2,
        "archive": True,
        "categories": True,
        "authors_profiles": True,
    }
}

CASES = [
    Case(
        "mkdocs-theme",
        advisory_pages(),
        expect_files=("sitemap.xml.gz", "search/search_index.json"),
    ),
    Case(
        "material",
        advisory_pages(),
        theme="material",
        expect_files=("sitemap.xml.gz", "search/search_index.json"),
    ),
    Case(
        "explicit-nav",
        advisory_pages(),
        extra={"nav": ["index.md", "advisories/zqxslug-gateway.md", "published.md"]},
        leaks_into=("published/index.html", "index.html"),  # nav, prev/next
    ),
    Case(
        "material-tags",
        {
            **advisory_pages(),
            "tags.md": "# Tags\n\n<!-- material/tags -->\n",
            "published.md": "---\ntags: [patching]\n---\n" + PUBLISHED,
        },
        theme="material",
        plugins_before=["search", "tags"],
        leaks_into=("tags/index.html",),
    ),
    Case(
        "material-blog",
        blog_pages(),
        theme="material",
        plugins_before=["search", BLOG],
        held="blog/posts/held.md",
        expect_files=(
            "blog/page/2/index.html",
            "blog/archive/2026/index.html",
            "blog/category/patching/index.html",
            "blog/author/alice/index.html",
        ),
        leaks_into=(
            "blog/index.html",
            "blog/archive/2026/index.html",
            "blog/category/zqxcategory/index.html",
            "blog/author/alice/index.html",
        ),
    ),
    Case(
        "rss-feeds",
        blog_pages(),
        theme="material",
        plugins_before=[
            "search",
            BLOG,
            {
                "rss": {
                    "match_path": "blog/posts/.*",
                    "date_from_meta": {"as_creation": "date"},
                    "json_feed_enabled": True,
                }
            },
        ],
        held="blog/posts/held.md",
        expect_files=("feed_rss_created.xml", "feed_json_created.json"),
        leaks_into=("feed_rss_created.xml", "feed_json_created.json"),
    ),
]


def build(case: Case, root: Path, *, undo_holds: bool = False) -> tuple[Site, Any]:
    extra = dict(case.extra)
    if undo_holds:
        extra["hooks"] = ["undo_holds.py"]
    site = make_site(
        root,
        case.pages,
        {"report": ".threatpub/report.json"},
        theme=case.theme,
        extra=extra,
        plugins_before=case.plugins_before,
    )
    if undo_holds:
        shutil.copy(UNDO_HOLDS, site.root / "undo_holds.py")
    return site, mkdocs(site, "build")


def why(site: Site, proc: Any, message: str) -> str:
    return (
        f"{message}\nreplicate: cd {site.root} && SOURCE_DATE_EPOCH={NOW_EPOCH} "
        f"{BIN / 'mkdocs'} build\n--- exit {proc.returncode}; output:\n"
        f"{(proc.stdout + proc.stderr)[-5000:]}"
    )


def canaries_in(site: Site) -> dict[str, str]:
    text = site.all_output_text().lower()
    return {kind: word for kind, word in CANARIES.items() if word in text}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_held_page_leaves_no_trace(tmp_path: Path, case: Case) -> None:
    site, proc = build(case, tmp_path / case.name)
    assert proc.returncode == 0, why(site, proc, "expected the build to succeed")
    for rel in case.expect_files:
        assert (site.out / rel).exists(), why(site, proc, f"{rel} not built: case too weak")
    found = canaries_in(site)
    assert not found, why(site, proc, f"canaries of the held page in site/: {found}")
    report = json.loads((site.root / ".threatpub/report.json").read_text(encoding="utf-8"))
    verdicts = {p["path"]: p["verdict"] for p in report["pages"]}
    assert verdicts[case.held] == "hold", why(site, proc, "the canary page should be held")

    # The published home page linked to the held page: the text stays, the link goes.
    soup = BeautifulSoup((site.out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert LINK_TEXT in soup.get_text(" "), why(site, proc, "link text lost")
    assert not [a for a in soup.find_all("a") if LINK_TEXT in a.get_text()], why(
        site, proc, "link to the held page left in index.html"
    )
    home = next(p for p in report["pages"] if p["path"] == "index.md")
    link = [f for f in home["findings"] if f["code"] == "LINK001"]
    assert link, why(site, proc, "LINK001 missing from the report")
    assert "LINK001" in proc.stdout + proc.stderr
    assert link[0]["line"] == 3, why(site, proc, f"LINK001 line: {link[0]}")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_matrix_sees_leaks_without_protections(tmp_path: Path, case: Case) -> None:
    """With the holds undone by a hook, each case finds a canary and LEAK001 fails."""
    site, proc = build(case, tmp_path / case.name, undo_holds=True)
    output = proc.stdout + proc.stderr
    assert canaries_in(site), why(site, proc, "no canary found: this case cannot see a leak")
    for rel in case.leaks_into:
        path = site.out / rel
        assert path.exists(), why(site, proc, f"{rel} not built")
        data = path.read_bytes()
        text = (gzip.decompress(data) if rel.endswith(".gz") else data).decode().lower()
        assert any(word in text for word in CANARIES.values()), why(
            site, proc, f"no canary in {rel}: this case cannot see a leak there"
        )
    assert proc.returncode != 0, why(site, proc, "LEAK001 should fail the build")
    assert "LEAK001" in output, why(site, proc, "LEAK001 not reported")


def test_held_page_is_previewed_with_banner_under_serve(tmp_path: Path) -> None:
    site = make_site(tmp_path / "serve", advisory_pages(), theme="material")
    with serve(site) as server:
        status, html = server.get("/advisories/zqxslug-gateway/")
        assert status == 200, server.log()
        soup = BeautifulSoup(html, "html.parser")
        assert soup.select_one("div.threatpub-banner") is not None, server.log()
        assert "zqxbody" in html
        # Under serve the link is left as it is (the author previews the draft).
        status, home = server.get("/")
        assert status == 200, server.log()
        assert "zqxslug-gateway/" in home, server.log()
