"""The plugin matrix: a held page leaves no trace with the plugins real MkDocs sites combine.

Issue 17. Each setup is one real `mkdocs build` in tmp_path of the same small Material site
(the tags plugin on), plus what the setup adds: a plugin, listed before or after `threatpub`
in `plugins:` when the plugin allows both, and the files it reads. The site has a held
advisory carrying canary words (distinctive tokens) in its title, headings, prose, a table, a
list, its file name, its tags and its attachments (an image and a PDF in the page's own
folder), and a published sibling that links to it three ways (a Markdown link, a raw HTML
``<a href>`` and an ``<iframe src>``). Setups that need their own held page (a generated
page, a blog post, a section index, a page in a second language) give it the same canary
words in sentences of its own, so that no leak is caught only because two held pages share
a sentence. Each held section comes after three sentences, between include-markdown's and
pymdownx.snippets' markers.

Each setup expects one outcome, and says why:

- ``clean``: the build exits 0 and no byte of any canary is anywhere in ``site/``: not in a
  file name, not in a file's bytes (``.gz`` decompressed), not in the text extracted from
  HTML, XML and JSON (entities, ``\\u`` escapes and percent-encoding undone, tags removed),
  so that no escaping can hide one;
- ``LEAK001``: the author put the held page's text into a published page (an include), so
  nothing can take it out; the build must fail with LEAK001 naming the output file;
- ``config``: the build fails with a configuration error that names the problem.

A setup that does not give its outcome on main today is marked ``xfail(strict=True)`` with
what leaks: when a fix lands the mark turns red and is removed. The README's "Works with
these plugins" table records this matrix, at the locked versions (checked below).
``test_canaries_show_without_threatpub`` proves the canaries reach ``site/`` at all when
nothing holds the page.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import re
import shutil
import struct
import urllib.parse
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import BIN, NOW_EPOCH, Site, mkdocs

# Every test here runs a real `mkdocs build` (-m 'not slow' skips them).
pytestmark = pytest.mark.slow

# Where each canary sits in a held page. Lower case: the search is case-insensitive.
CANARIES = {
    "title": "qzvtitle",
    "heading": "qzvheading",
    "prose": "qzvprose",
    "table cell": "qzvcell",
    "list item": "qzvitem",
    "file name": "qzvfile",
    "tag": "qzvtag",
    "category": "qzvcategory",
    "image": "qzvimage",
    "pdf": "qzvpdf",
}

# Held by CAC801 (an operator's system named, no operator opinion, fix or notification):
# no release date, so the page stays held whenever the test runs.
HOLD = """\
threatpub:
  kind: vulnerability
  target:
    operator: Example Power Co.
    system: SCADA gateway
"""


@dataclass(frozen=True)
class Held:
    """The words of one held page. Every held page of a site has its own sentences, so that
    a leak of one is never caught only because another held page shares its text."""

    title: str  # starts with the title canary
    intro: tuple[str, str, str]  # three sentences of 40+ characters, before the section
    heading: str
    prose: str  # the section's sentence
    row: str  # a table row: "first cell | second cell"
    items: tuple[str, str]
    attachments: str = ""  # the folder of the image and the PDF, if the page has them


def held_page(held: Held, extra_meta: str = "") -> str:
    """A held page with every canary. Its section (a heading, prose, a table, a list) comes
    after three sentences and sits between include-markdown's and pymdownx.snippets'
    markers, so that an include can take it alone."""
    body = "\n\n".join(held.intro)
    first, second = held.row.split(" | ")
    attachments = (
        f"\n![Diagram]({held.attachments}/qzvimage-diagram.png)\n\n"
        f"Read the [full report]({held.attachments}/qzvpdf-report.pdf).\n"
        if held.attachments
        else ""
    )
    return (
        f"---\ntitle: {held.title}\ndate: 2026-11-10\ntags: [qzvtag]\n{extra_meta}{HOLD}---\n\n"
        f"# {held.title}\n\n{body}\n\n"
        "<!-- section-start -->\n--8<-- [start:section]\n"
        f"## Qzvheading {held.heading}\n\n{held.prose}\n\n"
        f"| Item | Status |\n| --- | --- |\n| {first} | qzvcell {second} |\n\n"
        f"- qzvitem {held.items[0]}\n- qzvitem {held.items[1]}\n"
        "--8<-- [end:section]\n<!-- section-end -->\n" + attachments
    )


GATEWAY = Held(
    "Qzvtitle gateway advisory",
    (
        "The qzvprose flaw lets a remote attacker overflow the parser buffer of the gateway.",
        "It was found during a routine review of the firmware update service last autumn.",
        "The vendor has confirmed the report and is preparing a corrected firmware image.",
    ),
    "affected versions",
    "Operators running the affected qzvprose build should expect an update from the vendor.",
    "firmware 2.1 | pending",
    ("firmware 2.1", "firmware 2.2"),
    attachments="qzvfile-gateway",
)
SCHEDULER = Held(
    "Qzvtitle scheduler advisory",
    (
        "A qzvprose weakness in the job scheduler corrupts memory when a long job name arrives.",
        "The scheduler is bundled with several industrial historian products sold in the region.",
        "A corrected build of the scheduler library is expected from the maintainers next month.",
    ),
    "scheduler builds",
    "Sites using the qzvprose scheduler were told to restrict who may submit new jobs.",
    "scheduler 4.0 | under review",
    ("scheduler 4.0", "scheduler 4.1"),
)
RELAY_POST = Held(
    "Qzvtitle relay post",
    (
        "This qzvprose post explains how the telemetry relay mishandles oversized frames.",
        "Our analysts reproduced the crash on a bench unit borrowed from a partner utility.",
        "We will publish the full write-up together with the vendor once a fix is available.",
    ),
    "relay models",
    "Owners of the qzvprose relay can ask the vendor for an interim configuration change.",
    "relay R7 | affected",
    ("relay R7", "relay R8"),
)
STATION_SECTION = Held(
    "Qzvtitle incident section",
    (
        "The qzvprose incident section collects reports about the pumping station outage.",
        "Each report in this section waits for the notifications that the Measures require.",
        "Readers will find the timeline and the lessons learned here once it is released.",
    ),
    "station timeline",
    "The qzvprose timeline starts with the alarm raised by the night shift operator.",
    "day 1 | alarm",
    ("alarm raised", "pumps stopped"),
)
GATEWAY_ZH = Held(
    "Qzvtitle 网关通告",
    (
        "qzvprose 漏洞影响网关解析器，涉及该厂商在本地区销售的多个固件版本。",
        "该问题是在去年秋季对固件更新服务进行例行审查时发现的，已通知厂商。",
        "厂商已确认该报告，正在准备修正后的固件映像，预计下个月正式发布。",
    ),
    "受影响版本",
    "运行受影响 qzvprose 版本的运营者应等待厂商发布更新，并限制管理接口的访问。",
    "固件 2.1 | 待修复",
    ("固件 2.1", "固件 2.2"),
)
INTERNALS = Held(
    "Qzvtitle internals",
    (
        "The qzvprose internals page documents the private interfaces of the billing module.",
        "These interfaces change without notice and are not meant for customer integrations.",
        "A public reference will replace this page once the interfaces have been reviewed.",
    ),
    "private calls",
    "The qzvprose calls listed here are reserved for the maintainers of the module.",
    "charge | internal",
    ("charge", "refund"),
)


PUBLISHED_SIBLING = """\
---
title: Router patch notes
date: 2026-11-12
---

# Router patch notes

A published note about patch management for home routers.

See also [the upcoming gateway notes](qzvfile-gateway.md).

<p>Raw HTML: <a href="qzvfile-gateway.md">the draft notes</a>.</p>

<iframe src="../qzvfile-gateway/" title="Preview"></iframe>

![Router](router.png)
"""

# Words of the published pages: proof that a page was built (never a canary).
SIBLING_WORDS = "patch management for home routers"


def png() -> bytes:
    """A valid 1x1 PNG (glightbox and the image processors read real images)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf() -> bytes:
    """A small PDF whose text (uncompressed) carries the pdf canary."""
    stream = b"BT /F1 12 Tf 72 720 Td (qzvpdf internal report) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


HELD = "advisories/qzvfile-gateway.md"

BASE_FILES: dict[str, str | bytes] = {
    "docs/index.md": (
        "# Home\n\nWelcome to the advisory site. Read the "
        "[router patch notes](advisories/published.md).\n"
    ),
    "docs/tags.md": "# Tags\n\n<!-- material/tags -->\n",
    "docs/advisories/published.md": PUBLISHED_SIBLING,
    "docs/advisories/router.png": png(),
    "docs/" + HELD: held_page(GATEWAY),
    "docs/advisories/qzvfile-gateway/qzvimage-diagram.png": png(),
    "docs/advisories/qzvfile-gateway/qzvpdf-report.pdf": pdf(),
}


@dataclass(frozen=True)
class Setup:
    """One site of the matrix: what it adds to the base site and what it must give."""

    name: str
    # Plugin entries listed together before or after `threatpub` (search and tags come first).
    plugins: tuple[Any, ...] = ()
    # The orders of `plugins` relative to threatpub this setup is built in.
    orders: tuple[str, ...] = ("before", "after")
    files: dict[str, str | bytes] = field(default_factory=dict)  # relative to mkdocs.yml
    config: dict[str, Any] = field(default_factory=dict)  # more mkdocs.yml keys
    options: dict[str, Any] = field(default_factory=dict)  # more threatpub options
    expect: str = "clean"  # clean | LEAK001 | config
    why: str = "every trace of the held page can be kept out by construction"
    # Docs-relative pages the report must show kept out (verdict: hold or removed).
    kept_out: dict[str, str] = field(default_factory=lambda: {HELD: "hold"})
    # Outputs in site/ that show the plugin did its work (else the setup proves nothing),
    # each with words it must contain ("" for any).
    produced: dict[str, str] = field(default_factory=dict)
    # LEAK001: output files the failure must name.
    leak_in: tuple[str, ...] = ()
    # config: a regular expression the error output must match.
    error: str = ""
    # More checks on a clean build: a function of the site returning problems.
    check: Callable[[Site], list[str]] | None = None
    # Order → what leaks on main today (the setup is then a strict xfail).
    today: dict[str, str] = field(default_factory=dict)


def gen_script(pages: dict[str, str], summary: str | None = None) -> str:
    """A mkdocs-gen-files script writing ``pages`` (docs-relative path → Markdown); with
    ``summary``, also that SUMMARY.md listing them the way the gen-files + literate-nav
    recipe does (``mkdocs_gen_files.Nav``)."""
    lines = ["import mkdocs_gen_files", "", f"PAGES = {pages!r}", ""]
    lines += [
        "for path, text in PAGES.items():",
        '    with mkdocs_gen_files.open(path, "w") as handle:',
        "        handle.write(text)",
    ]
    if summary is not None:
        lines += [
            "",
            "nav = mkdocs_gen_files.Nav()",
            "for path in PAGES:",
            f"    rel = path.removeprefix({summary!r} + '/')",
            "    nav[tuple(rel.removesuffix('.md').split('/'))] = rel",
            f"with mkdocs_gen_files.open({summary!r} + '/SUMMARY.md', 'w') as handle:",
            "    handle.writelines(nav.build_literate_nav())",
        ]
    return "\n".join(lines) + "\n"


GENERATED_PUBLISHED = "# Generated overview\n\nA generated page about patch management.\n"

# Material blog: five published posts (two pages of two), one held post with the canaries,
# a published post whose excerpt links to it and one whose `links:` names it.
AUTHORS = """\
authors:
  alice:
    name: Alice Example
    description: Analyst
    avatar: https://example.org/alice.png
"""


def blog_post(n: int, body: str = "", meta: str = "") -> str:
    return (
        f"---\ndate: 2026-11-0{n}\nauthors: [alice]\ncategories: [Patching]\n"
        f"tags: [patching]\n{meta}---\n\n# Weekly notes {n}\n\n"
        f"Routine patching news number {n}.{body}\n\n<!-- more -->\n\nMore routine text.\n"
    )


HELD_POST = held_page(
    RELAY_POST, extra_meta="authors: [alice]\ncategories: [Qzvcategory]\n"
).replace("date: 2026-11-10", "date: 2026-11-08")

BLOG_FILES: dict[str, str | bytes] = {
    "docs/blog/index.md": "# Blog\n",
    "docs/blog/.authors.yml": AUTHORS,
    "docs/blog/posts/qzvfile-post.md": HELD_POST,
    **{f"docs/blog/posts/notes-{n}.md": blog_post(n) for n in range(1, 6)},
    "docs/blog/posts/notes-6.md": blog_post(
        6, " Compare [the gateway draft](qzvfile-post.md) with it."
    ),
    "docs/blog/posts/notes-7.md": blog_post(7, meta="links:\n  - blog/posts/qzvfile-post.md\n"),
}

BLOG = {
    "blog": {
        "blog_dir": "blog",
        "pagination_per_page": 2,
        "archive": True,
        "categories": True,
        "authors_profiles": True,
    }
}

RSS = {
    "rss": {
        "match_path": "advisories/.*",
        "date_from_meta": {"as_creation": "date"},
        "json_feed_enabled": True,
        "use_git": False,
    }
}

TAKEDOWNS = """\
- page: advisories/qzvfile-gateway.md
  received: 2026-11-21T14:00+08:00
  source: regulator
  reason: "names an operator's system"
  reported:
    - {authority: cac, level: prefecture, date: 2026-11-21, reference: "CAC-1"}
"""

LITERATE_SUMMARY = """\
* [Home](index.md)
* [Tags](tags.md)
* Advisories
    * [Router patch notes](advisories/published.md)
    * [Qzvtitle gateway](advisories/qzvfile-gateway.md)
"""

HELD_SECTION_INDEX = held_page(STATION_SECTION)


def child_in_nav(site: Site) -> list[str]:
    """section-index: the published child of a held section index stays in the nav."""
    soup = BeautifulSoup((site.out / "index.html").read_text(encoding="utf-8"), "html.parser")
    nav = soup.select_one("nav.md-nav--primary") or soup
    hrefs = {a.get("href", "") for a in nav.find_all("a")}
    if not any("incidents/routine/" in str(href) for href in hrefs):
        return ["incidents/routine.md (published) is missing from the nav of index.html"]
    return []


def today(leak: str, orders: tuple[str, ...] = ("before", "after")) -> dict[str, str]:
    """What leaks on main today, the same in each of ``orders``."""
    return dict.fromkeys(orders, leak)


SETUPS = [
    Setup(
        "material",
        orders=("only",),
        why="core MkDocs and Material, the tags plugin, search and the sitemap; LINK001 "
        "unlinks the Markdown link, the raw HTML href and the iframe src",
        produced={
            "advisories/published/index.html": SIBLING_WORDS,
            "tags/index.html": "",
            "search/search_index.json": "",
            "sitemap.xml.gz": "",
        },
    ),
    Setup(
        "gen-files-held-page",
        plugins=({"gen-files": {"scripts": ["gen_pages.py"]}},),
        files={
            "gen_pages.py": gen_script({"advisories/qzvfile-generated.md": held_page(SCHEDULER)})
        },
        why="a page another plugin adds after threatpub's on_files is judged too: this one "
        "has a holding threatpub block",
        kept_out={HELD: "hold", "advisories/qzvfile-generated.md": "hold"},
    ),
    Setup(
        "gen-files-published-page",
        plugins=({"gen-files": {"scripts": ["gen_pages.py"]}},),
        files={"gen_pages.py": gen_script({"advisories/overview.md": GENERATED_PUBLISHED})},
        why="gen-files removes its temporary folder at post-build (priority -100); judging "
        "and LEAK001 must not need it, in either order",
        produced={"advisories/overview/index.html": "generated page about patch management"},
    ),
    Setup(
        "include-markdown-section",
        plugins=("include-markdown",),
        files={
            "docs/advisories/digest.md": (
                "# Digest\n\nA digest of patch management notes.\n\n"
                '{%\n  include-markdown "./qzvfile-gateway.md"\n'
                '  start="<!-- section-start -->"\n  end="<!-- section-end -->"\n%}\n'
            )
        },
        expect="LEAK001",
        why="the author includes a section of the held page into a published page: the text "
        "is the published page's own, only LEAK001 can stop it",
        leak_in=("advisories/digest/index.html",),
    ),
    Setup(
        "snippets-section",
        orders=("only",),
        config={
            "markdown_extensions": [
                {"pymdownx.snippets": {"base_path": ["docs"], "check_paths": True}}
            ]
        },
        files={
            "docs/advisories/digest.md": (
                "# Digest\n\nA digest of patch management notes.\n\n"
                '--8<-- "advisories/qzvfile-gateway.md:section"\n'
            )
        },
        expect="LEAK001",
        why="a snippet of the held page in a published page is that page's own text: only "
        "LEAK001 can stop it",
        leak_in=("advisories/digest/index.html",),
    ),
    Setup(
        "material-blog",
        plugins=(BLOG,),
        files=BLOG_FILES,
        why="the held post is left out of the listings; links to it (an excerpt, `links:`) "
        "are unlinked at the Markdown source, so excerpts and the sidebar get plain text",
        kept_out={HELD: "hold", "blog/posts/qzvfile-post.md": "hold"},
        produced={
            "blog/index.html": "Weekly notes 7",
            "blog/page/2/index.html": "",
            "blog/archive/2026/index.html": "",
            "blog/category/patching/index.html": "",
            "blog/author/alice/index.html": "",
        },
    ),
    Setup(
        "rss-match-path",
        plugins=(RSS,),
        why="feed descriptions come from the Markdown: a link unlinked at the source is "
        "plain text there too",
        produced={
            "feed_rss_created.xml": "Router patch notes",
            "feed_json_created.json": "Router patch notes",
        },
    ),
    Setup(
        "rss-match-path-takedown",
        plugins=(RSS,),
        files={"takedowns.yml": TAKEDOWNS},
        options={"takedowns": "takedowns.yml"},
        why="a taken-down page is unlinked like a held one, in feeds too",
        kept_out={HELD: "removed"},
        produced={
            "feed_rss_created.xml": "Router patch notes",
            "feed_json_created.json": "Router patch notes",
        },
    ),
    Setup(
        "awesome-pages-titled-entry",
        plugins=("awesome-pages",),
        files={
            "docs/advisories/.pages": (
                "nav:\n  - published.md\n  - Qzvtitle short: qzvfile-gateway.md\n"
            )
        },
        why="the nav is pruned by file after every nav plugin, whatever title the entry has",
        produced={"index.html": "Router patch notes"},
    ),
    Setup(
        "awesome-pages-file-entry",
        plugins=("awesome-pages",),
        files={"docs/advisories/.pages": "nav:\n  - published.md\n  - qzvfile-gateway.md\n"},
        expect="config",
        error=r"advisories/\.pages lists the held page qzvfile-gateway\.md by its file name.*"
        r"strict: false",
        why="awesome-pages (strict, its default) would stop the build with its own traceback "
        "on an entry it cannot find: threatpub says so first, with the configurations that work",
    ),
    Setup(
        "awesome-pages-file-entry-not-strict",
        plugins=({"awesome-pages": {"strict": False}},),
        files={"docs/advisories/.pages": "nav:\n  - published.md\n  - qzvfile-gateway.md\n"},
        why="awesome-pages' `strict: false` turns the missing entry into a warning: the "
        "configuration that works with a plain file name",
        produced={"index.html": "Router patch notes"},
    ),
    Setup(
        "awesome-nav",
        plugins=("awesome-nav",),
        files={
            "docs/advisories/.nav.yml": (
                "nav:\n  - published.md\n  - Qzvtitle short: qzvfile-gateway.md\n"
            )
        },
        why="the nav is pruned by file after every nav plugin, whatever title the entry has",
        produced={"index.html": "Router patch notes"},
    ),
    Setup(
        "literate-nav-summary",
        plugins=({"literate-nav": {"nav_file": "SUMMARY.md"}},),
        files={"docs/SUMMARY.md": LITERATE_SUMMARY},
        why="the nav entry is pruned by file; the nav file is a list of links, so its item "
        "for a kept-out page goes whole (its text is the page's title), not only its link",
        produced={"index.html": "Router patch notes"},
    ),
    Setup(
        "gen-files-literate-nav-recipe",
        plugins=(
            {"gen-files": {"scripts": ["gen_pages.py"]}},
            {"literate-nav": {"nav_file": "SUMMARY.md"}},
        ),
        files={
            "gen_pages.py": gen_script(
                {
                    "reference/overview.md": GENERATED_PUBLISHED,
                    "reference/qzvfile-internals.md": held_page(INTERNALS),
                },
                summary="reference",
            )
        },
        config={
            "nav": [
                {"Home": "index.md"},
                {"Advisories": ["advisories/published.md"]},
                {"Reference": "reference/"},
            ]
        },
        why="the generated page is judged and held; its nav entry is pruned by file and its "
        "item of the generated SUMMARY.md goes whole (its text is the file stem)",
        kept_out={HELD: "hold", "reference/qzvfile-internals.md": "hold"},
        produced={"reference/overview/index.html": "generated page about patch management"},
    ),
    Setup(
        "print-site",
        plugins=("print-site",),
        why="the print page is made from pages already unlinked (print-site warns when it "
        "is not the last plugin, and works)",
        produced={"print_page/index.html": SIBLING_WORDS},
    ),
    Setup(
        "section-index",
        plugins=("section-index",),
        files={
            "docs/incidents/index.md": HELD_SECTION_INDEX,
            "docs/incidents/routine.md": "# Routine incident drill\n\nA routine drill.\n",
        },
        why="the held section index leaves the nav; its published child stays",
        kept_out={HELD: "hold", "incidents/index.md": "hold"},
        produced={"incidents/routine/index.html": "routine drill"},
        check=child_in_nav,
    ),
    Setup(
        "macros-include",
        plugins=("macros",),
        files={
            "docs/advisories/digest.md": (
                "# Digest\n\nA digest of patch management notes.\n\n"
                '{% include "advisories/qzvfile-gateway.md" %}\n'
            )
        },
        expect="LEAK001",
        why="the author includes the held file into a published page: the text is the "
        "published page's own, only LEAK001 can stop it",
        leak_in=("advisories/digest/index.html",),
    ),
    Setup(
        "static-i18n",
        plugins=(
            {
                "i18n": {
                    "docs_structure": "suffix",
                    "languages": [
                        {"locale": "en", "default": True, "name": "English"},
                        {"locale": "zh", "name": "中文"},
                    ],
                }
            },
        ),
        files={
            "docs/advisories/published.zh.md": PUBLISHED_SIBLING.replace(
                "# Router patch notes", "# 路由器补丁说明"
            ),
            "docs/advisories/qzvfile-gateway.zh.md": held_page(GATEWAY_ZH),
        },
        why="a held page in each language is judged and kept out in each",
        kept_out={HELD: "hold", "advisories/qzvfile-gateway.zh.md": "hold"},
        produced={"zh/advisories/published/index.html": "路由器补丁说明"},
    ),
    Setup(
        "redirects-to-held",
        plugins=(
            {
                "redirects": {
                    "redirect_maps": {
                        "old-advisory.md": HELD,
                        "old-notes.md": "advisories/published.md",
                    }
                }
            },
        ),
        why="mkdocs-redirects lists its targets in on_files after threatpub (priority 100) "
        "made the held page a draft: it writes no redirect to it (a warning, an error under "
        "--strict), and the redirect to a published page is written",
        produced={"old-notes/index.html": "advisories/published/"},
    ),
    Setup(
        "minify",
        plugins=({"minify": {"minify_html": True, "minify_js": True, "minify_css": True}},),
        why="minified output is checked like any other",
        produced={"advisories/published/index.html": SIBLING_WORDS},
    ),
    Setup(
        "glightbox",
        plugins=("glightbox",),
        why="the lightbox wraps the published image only",
        produced={"advisories/published/index.html": "glightbox"},
    ),
]


def cases() -> Iterator[Any]:
    for setup in SETUPS:
        for order in setup.orders:
            marks = []
            if order in setup.today:
                marks.append(pytest.mark.xfail(strict=True, reason=setup.today[order]))
            yield pytest.param(setup, order, marks=marks, id=f"{setup.name}[{order}]")


# -- the site ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base site, written once per module (each setup copies it)."""
    root = tmp_path_factory.mktemp("matrix-base")
    write_files(root, BASE_FILES)
    return root


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def make_setup_site(
    base: Path, root: Path, setup: Setup, order: str, *, enabled: bool = True
) -> Site:
    shutil.copytree(base, root)
    write_files(root, setup.files)
    options: dict[str, Any] = {
        "timezone": "Asia/Shanghai",
        "report": ".threatpub/report.json",
        **setup.options,
    }
    if not enabled:
        options["enabled"] = False
    moving = list(setup.plugins)
    assert order in {"before", "after"} or not moving, f"{setup.name}: where do its plugins go?"
    plugins: list[Any] = ["search", "tags"]
    plugins += [*moving, {"threatpub": options}] if order == "before" else [{"threatpub": options}]
    if order == "after":
        plugins += moving
    config: dict[str, Any] = {
        "site_name": "Advisory site",
        "site_url": "https://example.org/",
        "theme": {"name": "material"},
        "plugins": plugins,
        **setup.config,
    }
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return Site(root)


# -- finding canaries ----------------------------------------------------------------------


TAG = re.compile(r"<[^<>]*>")
UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _texts(rel: str, data: bytes) -> Iterator[str]:
    """Every reading of a file's bytes in which a canary could hide: as they are; with
    ``\\u`` escapes (JSON, JavaScript), HTML entities (twice: XML feeds carry escaped HTML)
    and percent-encoding undone; the text of HTML and XML (tags removed, so that
    ``qzv<em>title</em>`` is seen); and every string of a JSON file, read the same ways."""
    raw = data.decode("utf-8", "replace")  # ASCII canaries survive any undecodable byte
    yield raw
    strings: list[str] = []
    if rel.endswith(".json"):
        with contextlib.suppress(ValueError):  # not JSON after all: read as text only
            _strings(json.loads(raw), strings)
    for text in (raw, "\n".join(strings)):
        text = UNICODE_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)
        once = html.unescape(text)
        for decoded in (once, html.unescape(once)):
            unquoted = urllib.parse.unquote(decoded)
            yield unquoted
            yield TAG.sub("", unquoted)


def _strings(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            out.append(str(key))
            _strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _strings(item, out)


def canaries_in(out: Path) -> dict[str, set[str]]:
    """Canary → where it is in ``out``: ``path`` (in the content) or ``path (name)``."""
    found: dict[str, set[str]] = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        for name in (rel.lower(), urllib.parse.unquote(rel).lower()):
            for word in CANARIES.values():
                if word in name:
                    found.setdefault(word, set()).add(f"{rel} (name)")
        if not path.is_file():
            continue
        data = path.read_bytes()
        if rel.endswith(".gz"):
            data = gzip.decompress(data)
        for text in _texts(rel.removesuffix(".gz"), data):
            lowered = text.lower()
            for word in CANARIES.values():
                if word in lowered:
                    found.setdefault(word, set()).add(rel)
    return found


def describe(found: dict[str, set[str]]) -> str:
    return "; ".join(f"{word} in {', '.join(sorted(where))}" for word, where in found.items())


def why(site: Site, proc: Any, message: str) -> str:
    return (
        f"{message}\nreplicate: cd {site.root} && SOURCE_DATE_EPOCH={NOW_EPOCH} "
        f"{BIN / 'mkdocs'} build\n--- exit {proc.returncode}; output:\n"
        f"{(proc.stdout + proc.stderr)[-6000:]}"
    )


def verdicts(site: Site) -> dict[str, str]:
    report = site.root / ".threatpub" / "report.json"
    if not report.exists():
        return {}
    data = json.loads(report.read_text(encoding="utf-8"))
    return {page["path"]: page["verdict"] for page in data["pages"]}


# -- the matrix ----------------------------------------------------------------------------


@pytest.mark.parametrize(("setup", "order"), list(cases()))
def test_held_page_leaves_no_trace(
    base_site: Path, tmp_path: Path, setup: Setup, order: str
) -> None:
    site = make_setup_site(base_site, tmp_path / "site", setup, order)
    proc = mkdocs(site, "build")
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, why(site, proc, "a traceback: not a clear error")
    assert "internal error" not in output, why(site, proc, "an internal error, not a verdict")

    if setup.expect == "LEAK001":
        assert proc.returncode != 0, why(site, proc, f"LEAK001 expected: {setup.why}")
        assert "LEAK001" in output, why(site, proc, f"LEAK001 expected: {setup.why}")
        for rel in setup.leak_in:
            assert rel in output, why(site, proc, f"LEAK001 should name {rel}")
        return
    if setup.expect == "config":
        assert proc.returncode != 0, why(site, proc, f"a configuration error expected: {setup.why}")
        assert re.search(setup.error, output), why(site, proc, f"expected /{setup.error}/")
        return

    assert proc.returncode == 0, why(site, proc, f"the build should succeed: {setup.why}")
    judged = verdicts(site)
    for page, verdict in setup.kept_out.items():
        assert judged.get(page) == verdict, why(
            site, proc, f"{page} should be judged {verdict}, the report says {judged.get(page)}"
        )
    for rel, words in {"advisories/published/index.html": "", **setup.produced}.items():
        path = site.out / rel
        assert path.is_file(), why(site, proc, f"{rel} not built: the setup proves nothing")
        data = path.read_bytes()
        text = (gzip.decompress(data) if rel.endswith(".gz") else data).decode("utf-8")
        assert words in text, why(site, proc, f"{rel} lacks {words!r}: the setup proves nothing")
    found = canaries_in(site.out)
    assert not found, why(site, proc, f"canaries of the held page in site/: {describe(found)}")
    if setup.check is not None:
        problems = setup.check(site)
        assert not problems, why(site, proc, "; ".join(problems))


def test_canaries_show_without_threatpub(base_site: Path, tmp_path: Path) -> None:
    """The control: with threatpub disabled every canary of the base site reaches site/, in
    the places the matrix looks, so a clean matrix result means something."""
    setup = Setup("control", orders=("after",), plugins=(BLOG,), files=BLOG_FILES)
    site = make_setup_site(base_site, tmp_path / "site", setup, "after", enabled=False)
    proc = mkdocs(site, "build")
    assert proc.returncode == 0, why(site, proc, "the control should build")
    found = canaries_in(site.out)
    missing = sorted(set(CANARIES.values()) - set(found))
    assert not missing, why(site, proc, f"canaries never found even unheld: {missing}")
    names = {where for places in found.values() for where in places if where.endswith("(name)")}
    assert any("qzvpdf-report.pdf" in name for name in names), found
    assert any("qzvimage-diagram.png" in name for name in names), found


def test_canary_search_sees_through_escaping(tmp_path: Path) -> None:
    """The search finds a canary hidden by entities, JSON escapes, percent-encoding, tags,
    double escaping (XML feeds) and gzip, and in file names."""
    out = tmp_path / "site"
    write_files(
        out,
        {
            "a.html": "<p>&#113;&#x7a;vtitle and qzv<em>heading</em></p>",
            "b.json": json.dumps({"text": "\u0071zvprose"}, ensure_ascii=True).replace(
                "qzv", "\\u0071zv"
            ),
            "c.xml": "<description>&lt;p&gt;&amp;#113;zvcell&lt;/p&gt;</description>",
            "d.html": '<a href="x/%71zvitem/">x</a>',
            "qzvfile/index.html": "nothing",
            "e.txt.gz": gzip.compress(b"qzvtag"),
        },
    )
    found = canaries_in(out)
    assert set(found) == {
        "qzvtitle",
        "qzvheading",
        "qzvprose",
        "qzvcell",
        "qzvitem",
        "qzvfile",
        "qzvtag",
    }, found
    assert "qzvfile (name)" in found["qzvfile"], found


def test_matrix_setups_are_well_formed() -> None:
    """Each setup says what it expects and why; LEAK001 and config setups say where."""
    names = [setup.name for setup in SETUPS]
    assert len(names) == len(set(names))
    for setup in SETUPS:
        assert setup.expect in {"clean", "LEAK001", "config"}, setup.name
        assert setup.why, setup.name
        assert set(setup.today) <= set(setup.orders), setup.name
        if setup.expect == "LEAK001":
            assert setup.leak_in, setup.name
        if setup.expect == "config":
            assert setup.error, setup.name


def test_readme_table_names_the_locked_versions() -> None:
    """The README's "Works with these plugins" table names every plugin of the matrix at the
    version CI installs (requirements/ci.txt)."""
    repo = Path(__file__).resolve().parents[1]
    lock = (repo / "requirements" / "ci.txt").read_text(encoding="utf-8")
    # pymdown-extensions has a second pin for Python < 3.11.5; the table names the newer one.
    locked = dict(re.findall(r"^([a-z0-9-]+)==([^ ;]+)", lock, re.MULTILINE))
    readme = (repo / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Works with these plugins\n", 1)[1].split("\n## ", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith("| plugin ")
    ]
    aliases = {
        "MkDocs": "mkdocs",
        "Material": "mkdocs-material",
        "Material blog": "mkdocs-material",
    }
    shown: set[str] = set()
    for plugin, version, *_ in rows:
        names = re.sub(r" \(.*\)$", "", plugin).split(", ")  # "(snippets)", "(search, …)"
        packages = [aliases.get(name, name) for name in names]
        assert version.split(", ") == [locked.get(p) for p in packages], (plugin, version)
        shown.update(packages)
    matrix = {
        "mkdocs-gen-files",
        "mkdocs-literate-nav",
        "mkdocs-awesome-pages-plugin",
        "mkdocs-awesome-nav",
        "mkdocs-section-index",
        "mkdocs-include-markdown-plugin",
        "pymdown-extensions",
        "mkdocs-macros-plugin",
        "mkdocs-print-site-plugin",
        "mkdocs-static-i18n",
        "mkdocs-redirects",
        "mkdocs-rss-plugin",
        "mkdocs-material",
        "mkdocs-minify-plugin",
        "mkdocs-glightbox",
    }
    assert matrix <= shown, matrix - shown
