"""`mkdocs build` with the plugin: held pages leave no trace, failing pages abort the build.

Every test builds a real site in tmp_path with the real `mkdocs` CLI and reads the output
with real parsers (BeautifulSoup for HTML, xml.etree for sitemap.xml, json for the search
index and the report). Failure messages carry the command that replicates the build.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from mkdocs_threatpub import __version__
from tests.conftest import BIN, NOW_EPOCH, Site, make_site, mkdocs

DAY = 86_400

# A page that names a target and has neither the operator's opinion, nor a fix, nor a
# notification: CAC801 holds it with no release date. `target:` is on line 5.
HELD = """\
---
title: {title}
threatpub:
  kind: vulnerability
  target:
    operator: Example Power Co.
    system: SCADA gateway
---

# {title}

{body}
"""

# CAC801 with a notification to public security on 2026-11-02: held until 2026-12-02.
TIMED = """\
---
title: Timed advisory
threatpub:
  kind: vulnerability
  target:
    operator: Example Power Co.
  notifications:
    - authority: public-security
      level: prefecture
      region: "110100"
      date: 2026-11-02
      reference: PSB-2026-331
---

# Timed advisory

Waits thirty days after the report to public security.
"""

PUBLISHED = """\
---
title: {title}
threatpub:
  kind: general
---

# {title}

{body}
"""

# `published: next tuesday` is never guessed: META003, a failing verdict. Line 5.
INVALID_DATE = """\
---
title: {title}
threatpub:
  kind: vulnerability
  published: next tuesday
---

# {title}
"""

# An unknown key inside `threatpub:`: META002, a failing verdict. Line 4.
UNKNOWN_KEY = """\
---
title: {title}
threatpub:
  knd: vulnerability
---

# {title}
"""


@dataclass
class Build:
    """One run of the real `mkdocs` CLI, with what it takes to replicate it."""

    site: Site
    args: tuple[str, ...]
    now_epoch: int | None
    proc: subprocess.CompletedProcess[str]
    extra_env: dict[str, str] | None = None

    @property
    def code(self) -> int:
        return self.proc.returncode

    @property
    def output(self) -> str:
        return self.proc.stdout + self.proc.stderr

    def why(self, message: str = "") -> str:
        env = " ".join(f"{k}={v}" for k, v in (self.extra_env or {}).items())
        epoch = f"SOURCE_DATE_EPOCH={self.now_epoch} " if self.now_epoch is not None else ""
        return (
            f"{message}\nreplicate: cd {self.site.root} && {env + ' ' if env else ''}{epoch}"
            f"{BIN / 'mkdocs'} {' '.join(self.args)}\n"
            f"--- exit {self.code}; output:\n{self.output[-6000:]}"
        )


def run(
    site: Site, *args: str, now_epoch: int | None = NOW_EPOCH, env: dict[str, str] | None = None
) -> Build:
    proc = mkdocs(site, *args, now_epoch=now_epoch, env=env)
    return Build(site, args, now_epoch, proc, env)


def built_ok(site: Site, *args: str, now_epoch: int | None = NOW_EPOCH) -> Build:
    result = run(site, "build", *args, now_epoch=now_epoch)
    assert result.code == 0, result.why("expected the build to succeed")
    return result


def page_url(rel: str) -> str:
    """The site-relative URL directory of docs page `rel` (use_directory_urls)."""
    stem = rel.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return "/" + stem.removesuffix("index")
    return "/" + stem + "/"


def html_pages(site: Site) -> Iterator[tuple[str, BeautifulSoup]]:
    for path in sorted(site.out.rglob("*.html")):
        rel = path.relative_to(site.out).as_posix()
        yield rel, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def resolved_links(rel_html: str, soup: BeautifulSoup) -> set[str]:
    """Every `href` on the page, resolved to a site path ('/a/b/'), no fragment."""
    base = "https://example.org/" + rel_html
    out = set()
    for tag in soup.find_all(href=True):
        href = str(tag["href"])
        parts = urlsplit(urljoin(base, href))
        if parts.netloc != "example.org":
            continue
        out.add(parts.path.removesuffix("index.html"))
    return out


def sitemap_paths(site: Site) -> set[str]:
    tree = ET.parse(site.out / "sitemap.xml")
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return {urlsplit(loc.text or "").path for loc in tree.getroot().iterfind("sm:url/sm:loc", ns)}


def search_locations(site: Site) -> list[str]:
    index = json.loads((site.out / "search/search_index.json").read_text(encoding="utf-8"))
    return ["/" + str(doc["location"]).split("#", 1)[0] for doc in index["docs"]]


def report_of(site: Site) -> dict:
    path = site.root / ".threatpub/report.json"
    assert path.exists(), f"no report at {path}"
    data: dict = json.loads(path.read_text(encoding="utf-8"))
    return data


def verdicts(site: Site) -> dict[str, str]:
    return {page["path"]: page["verdict"] for page in report_of(site)["pages"]}


def assert_no_trace(build: Build, rel: str) -> None:
    """`rel` (a docs-relative page) is absent from every artefact of the built site."""
    site = build.site
    url = page_url(rel)
    assert not site.built(rel), build.why(f"{rel} was written to site/ although kept out")
    leftovers = sorted(p.name for p in (site.out / url.strip("/")).rglob("*.html"))
    assert not leftovers, build.why(f"HTML under site{url} although {rel} is kept out")
    assert url not in sitemap_paths(site), build.why(f"{url} is in sitemap.xml")
    assert url not in search_locations(site), build.why(f"{url} is in search_index.json")
    for rel_html, soup in html_pages(site):
        assert url not in resolved_links(rel_html, soup), build.why(
            f"site/{rel_html} links to kept-out page {rel} ({url})"
        )


# --------------------------------------------------------------------------------------
# A site with an explicit nav: a held page between two published ones, a section whose
# only page is held, and attachments owned by the held page. Built once per theme.

SECTION_TITLE = "Quarantined Section Zeta"
HELD_BODY = (
    "Heldbody marker okapi. ![diagram](held/diagram.png) [pdf](only-held.pdf) "
    "![shared](../shared.png)"
)


def nav_site(root: Path, theme: str) -> Site:
    theme_config: dict = {"name": theme}
    if theme == "material":
        theme_config["features"] = ["navigation.footer"]  # prev/next links in the footer
    site = make_site(
        root,
        {
            "index.md": "# Home\n\nWelcome.\n",
            "advisories/a.md": PUBLISHED.format(title="Alpha", body="![shared](../shared.png)"),
            "advisories/held.md": HELD.format(title="Held advisory", body=HELD_BODY),
            "advisories/c.md": PUBLISHED.format(title="Charlie", body="Charlie body."),
            "secret/only.md": HELD.format(title="Only secret", body="Secret body."),
            "about.md": PUBLISHED.format(title="About", body="About us."),
        },
        extra={
            "theme": theme_config,
            "nav": [
                {"Home": "index.md"},
                {"Advisories": ["advisories/a.md", "advisories/held.md", "advisories/c.md"]},
                {SECTION_TITLE: ["secret/only.md"]},
                {"About": "about.md"},
            ],
        },
    )
    (site.docs / "advisories/held").mkdir()
    (site.docs / "advisories/held/diagram.png").write_bytes(b"\x89PNG held diagram")
    (site.docs / "advisories/held/notes.txt").write_text("held notes\n", encoding="utf-8")
    (site.docs / "advisories/only-held.pdf").write_bytes(b"%PDF held only")
    (site.docs / "shared.png").write_bytes(b"\x89PNG shared")
    return site


@pytest.fixture(scope="module", params=["mkdocs", "material"])
def nav_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Build:
    theme = str(request.param)
    site = nav_site(tmp_path_factory.mktemp(f"nav-{theme}") / "site-root", theme)
    return built_ok(site)


@pytest.mark.slow
def test_held_page_leaves_no_trace(nav_build: Build) -> None:
    assert verdicts(nav_build.site) == {
        "about.md": "publish",
        "advisories/a.md": "publish",
        "advisories/c.md": "publish",
        "advisories/held.md": "hold",
        # A text file MkDocs would copy as it is is judged by its content (fine on its own)
        # and still stays out as the held page's attachment (asserted below).
        "advisories/held/notes.txt": "publish",
        "index.md": "publish",
        "secret/only.md": "hold",
    }, nav_build.why("unexpected verdicts in .threatpub/report.json")
    for rel in ("advisories/held.md", "secret/only.md"):
        assert_no_trace(nav_build, rel)
    for rel in ("index.md", "advisories/a.md", "advisories/c.md", "about.md"):
        assert nav_build.site.built(rel), nav_build.why(f"published page {rel} not built")
        assert page_url(rel) in sitemap_paths(nav_build.site), nav_build.why(rel)
        assert page_url(rel) in search_locations(nav_build.site), nav_build.why(rel)
    everything = nav_build.site.all_output_text()
    for marker in ("okapi", "Held advisory", "Only secret"):
        assert marker not in everything, nav_build.why(f"{marker!r} leaked into site/")


def test_build_summary_names_held_pages_and_codes(nav_build: Build) -> None:
    summary = {
        line.split("]", 1)[0]
        for line in nav_build.proc.stderr.splitlines()
        if re.search(r"\bhold\s+\S+\.md \[", line)
    }
    assert any("advisories/held.md [CAC801" in line for line in summary), nav_build.why(
        "the summary does not list advisories/held.md with CAC801"
    )
    assert any("secret/only.md [CAC801" in line for line in summary), nav_build.why(
        "the summary does not list secret/only.md with CAC801"
    )
    assert re.search(r"7 pages judged: 5 published, 2 held, 0 failed", nav_build.output), (
        nav_build.why("summary counts")
    )


def theme_of(site: Site) -> str:
    config = yaml.safe_load(site.config_file.read_text(encoding="utf-8"))
    return str(config["theme"]["name"])


def prev_next(soup: BeautifulSoup, theme: str) -> tuple[str | None, str | None]:
    """The prev/next hrefs of a page as the theme renders them (None: no link)."""
    if theme == "material":
        prev_a = soup.select_one("a.md-footer__link--prev")
        next_a = soup.select_one("a.md-footer__link--next")
    else:  # mkdocs theme: header links with rel="prev" / rel="next" (disabled: no href)
        prev_a = soup.find("a", rel="prev")
        next_a = soup.find("a", rel="next")
    pick = [a.get("href") if a is not None else None for a in (prev_a, next_a)]
    return (
        str(pick[0]) if pick[0] is not None else None,
        str(pick[1]) if pick[1] is not None else None,
    )


def test_nav_prunes_held_pages_and_repairs_prev_next(nav_build: Build) -> None:
    site = nav_build.site
    theme = theme_of(site)
    order = ["index.md", "advisories/a.md", "advisories/c.md", "about.md"]
    for index, rel in enumerate(order):
        rel_html = (page_url(rel) + "index.html").lstrip("/")
        soup = BeautifulSoup((site.out / rel_html).read_text(encoding="utf-8"), "html.parser")
        base = "https://example.org/" + rel_html

        def target(href: str | None, base: str = base) -> str | None:
            return None if href is None else urlsplit(urljoin(base, href)).path

        prev_href, next_href = prev_next(soup, theme)
        want_prev = page_url(order[index - 1]) if index > 0 else None
        want_next = page_url(order[index + 1]) if index + 1 < len(order) else None
        assert (target(prev_href), target(next_href)) == (want_prev, want_next), nav_build.why(
            f"[{theme}] site/{rel_html}: prev/next should skip the held pages"
        )


def test_section_of_held_pages_disappears(nav_build: Build) -> None:
    for rel_html, soup in html_pages(nav_build.site):
        assert SECTION_TITLE not in soup.get_text(" "), nav_build.why(
            f"site/{rel_html} still shows the section {SECTION_TITLE!r} whose pages are all held"
        )


def test_held_page_attachments_are_not_copied(nav_build: Build) -> None:
    out = nav_build.site.out
    for rel in (
        "advisories/held/diagram.png",
        "advisories/held/notes.txt",
        "advisories/only-held.pdf",
    ):
        assert not (out / rel).exists(), nav_build.why(f"held page's attachment {rel} copied")
    assert (out / "shared.png").exists(), nav_build.why(
        "shared.png is also used by a published page and must still be copied"
    )


@pytest.mark.slow
def test_links_from_published_pages_to_held_page_are_unlinked(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "link",
        {
            "index.md": "# Home\n\nSee [the advisory](held.md).\n",
            "held.md": HELD.format(title="Held", body="Body."),
        },
    )
    build = built_ok(site)
    soup = BeautifulSoup((site.out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "/held/" not in resolved_links("index.html", soup), build.why("link left in place")
    assert "LINK001" in build.output, build.why("LINK001 not reported")


# --------------------------------------------------------------------------------------
# Clocks


@pytest.mark.slow
def test_timed_hold_names_release_date_and_lifts_thirty_days_later(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "timed",
        {"index.md": "# Home\n", "advisories/timed.md": TIMED},
        extra={"nav": ["index.md", "advisories/timed.md"]},
    )
    early = built_ok(site)
    assert verdicts(site)["advisories/timed.md"] == "hold", early.why("held at NOW")
    page = next(p for p in report_of(site)["pages"] if p["path"] == "advisories/timed.md")
    assert page["release_after"] == "2026-12-02", early.why("release_after in the report")
    assert re.search(r"advisories/timed\.md \[CAC801, release after 2026-12-02\]", early.output), (
        early.why("the summary should give the release date of a timed hold")
    )
    assert_no_trace(early, "advisories/timed.md")

    later_epoch = NOW_EPOCH + 30 * DAY
    later = built_ok(site, now_epoch=later_epoch)
    assert verdicts(site)["advisories/timed.md"] == "publish", later.why("published 30 days on")
    assert site.built("advisories/timed.md"), later.why("not built although publishable")
    assert "/advisories/timed/" in sitemap_paths(site), later.why("not in sitemap")
    assert "/advisories/timed/" in search_locations(site), later.why("not in search index")


# --------------------------------------------------------------------------------------
# Failing verdicts abort the build; holds never do (unless on_hold: fail)


@pytest.mark.slow
def test_failing_page_aborts_build(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "fail-one",
        {"index.md": "# Home\n", "bad.md": INVALID_DATE.format(title="Bad date")},
    )
    build = run(site, "build")
    assert build.code != 0, build.why("a failing page must abort `mkdocs build`")
    assert re.search(r"bad\.md:5: META003", build.output), build.why("file:line: code")
    assert "next tuesday" in build.output, build.why("the message should say what was found")
    assert not site.built("bad.md"), build.why("failing page written to site/")


@pytest.mark.slow
def test_every_failing_page_is_reported_before_one_abort(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "fail-two",
        {
            "index.md": "# Home\n",
            "advisories/bad-date.md": INVALID_DATE.format(title="Bad date"),
            "advisories/bad-key.md": UNKNOWN_KEY.format(title="Bad key"),
        },
    )
    build = run(site, "build")
    assert build.code != 0, build.why("failing pages must abort the build")
    out = build.output
    first = re.search(r"advisories/bad-date\.md:5: META003", out)
    second = re.search(r"advisories/bad-key\.md:4: META002", out)
    assert first, build.why("advisories/bad-date.md must be reported as file:line: code")
    assert second, build.why("advisories/bad-key.md must be reported as file:line: code")
    abort = re.search(r"2 page\(s\) cannot be published", out)
    assert abort, build.why("one abort message counting both pages")
    assert max(first.start(), second.start()) < abort.start(), build.why(
        "every failing page must be reported before the abort"
    )
    assert out.count("cannot be published:") == 1, build.why("the build aborts exactly once")
    abort_line = out[abort.start() :].split("\n", 1)[0]
    for name in ("advisories/bad-date.md", "advisories/bad-key.md"):
        assert name in abort_line, build.why(f"the one abort message must name {name}")
    report = report_of(site)
    assert report["summary"]["fail"] == 2, build.why("the report of a failed build")
    assert re.search(r"did you mean.{0,20}kind", out, re.IGNORECASE), build.why(
        "an unknown key gets a 'did you mean' suggestion (SPEC §2)"
    )


@pytest.mark.slow
def test_quiet_strict_build_still_fails_on_failing_page(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "fail-strict",
        {"index.md": "# Home\n", "bad.md": INVALID_DATE.format(title="Bad")},
    )
    build = run(site, "build", "-q", "--strict")
    assert build.code != 0, build.why("`-q --strict` drops warnings; a fail must still abort")
    assert "bad.md" in build.output, build.why("the failing page must be named even with -q")


@pytest.mark.slow
def test_site_with_only_held_pages_passes_strict(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "held-strict",
        {
            "index.md": "# Home\n",
            "held.md": HELD.format(title="Held", body="Body."),
            "timed.md": TIMED,
        },
    )
    build = run(site, "build", "--strict")
    assert build.code == 0, build.why("holds are a normal outcome: `--strict` must pass")
    assert verdicts(site) == {"held.md": "hold", "index.md": "publish", "timed.md": "hold"}
    assert_no_trace(build, "held.md")
    assert_no_trace(build, "timed.md")


@pytest.mark.slow
def test_on_hold_fail_makes_held_page_fail_the_build(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "on-hold-fail",
        {"index.md": "# Home\n", "held.md": HELD.format(title="Held", body="Body.")},
        {"on_hold": "fail"},
    )
    build = run(site, "build")
    assert build.code != 0, build.why("on_hold: fail must turn a hold into a failed build")
    assert re.search(r"held\.md:5: CAC801", build.output), build.why("finding with file:line")
    assert verdicts(site)["held.md"] == "fail", build.why("verdict in the report")
    assert not site.built("held.md"), build.why("page written to site/")


# --------------------------------------------------------------------------------------
# The JSON report (SPEC §4)

BODY_SECRETS = ("platypus-7781", "quetzal-body-phrase", "Body sentence ocelot")


@pytest.mark.slow
def test_json_report_matches_spec(tmp_path: Path) -> None:
    body = "Paragraph with " + " and ".join(BODY_SECRETS) + "."
    site = make_site(
        tmp_path / "report",
        {
            "index.md": PUBLISHED.format(title="Home", body=body),
            "advisories/2026/held.md": HELD.format(title="Held", body=body),
            "advisories/timed.md": TIMED.replace("Waits thirty", body + " Waits thirty"),
        },
    )
    build = built_ok(site)
    raw = (site.root / ".threatpub/report.json").read_text(encoding="utf-8")
    report = json.loads(raw)
    why = build.why
    assert report["tool"] == {"name": "threatpub", "version": __version__}, why("tool")
    now = dt.datetime.fromisoformat(report["now"])
    assert now.tzinfo is not None, why("`now` must carry an offset")
    assert int(now.timestamp()) == NOW_EPOCH, why("`now` must be SOURCE_DATE_EPOCH")
    assert report["profiles"] == ["cac-2019"], why("profiles")
    assert report["summary"] == {
        "pages": 3,
        "publish": 1,
        "hold": 2,
        "fail": 0,
        "removed": 0,
    }, why("summary counts")
    pages = {page["path"]: page for page in report["pages"]}
    assert set(pages) == {"index.md", "advisories/2026/held.md", "advisories/timed.md"}, why(
        "paths are relative to docs_dir with '/' separators"
    )
    held = pages["advisories/2026/held.md"]
    assert held["verdict"] == "hold", why("held page")
    assert held["release_after"] is None, why("an untimed hold has no release date")
    timed = pages["advisories/timed.md"]
    assert timed["verdict"] == "hold", why("timed page")
    assert timed["release_after"] == "2026-12-02", why("notification + 30 days")
    assert pages["index.md"]["verdict"] == "publish", why("index.md")
    assert pages["index.md"]["findings"] == [], why("index.md has no findings")
    for page in (held, timed):
        assert [f["code"] for f in page["findings"]] == ["CAC801"], why(page["path"])
        finding = page["findings"][0]
        required = {"code", "name", "severity", "action", "line", "message", "source"}
        assert required <= set(finding), why(f"finding fields: {sorted(finding)}")
        assert finding["name"] == "operator-opinion-missing", why("name")
        assert finding["severity"] == "error", why("severity")
        assert finding["action"] == "hold", why("action")
        assert finding["line"] == 5, why("line of `target:` in the source")
        assert "Art. 8" in finding["source"], why("source article")
        assert finding["message"], why("message")
    for secret in BODY_SECRETS:
        assert secret not in raw, why(f"the report quotes the page body ({secret!r})")


# --------------------------------------------------------------------------------------
# Material theme + blog plugin


@pytest.mark.slow
def test_material_blog_held_post_is_absent_from_every_listing(tmp_path: Path) -> None:
    held_post = """\
    ---
    date: 2026-11-18
    categories: [Incidents, Secretcategory]
    threatpub:
      kind: vulnerability
      target:
        operator: Example Water Utility
    ---

    # Heldpost zebra title

    Heldexcerpt quokka.

    <!-- more -->

    Rest of the held post.
    """
    published_post = """\
    ---
    date: 2026-11-01
    categories: [News, Incidents]
    threatpub:
      kind: general
    ---

    # Pubpost wombat title

    Pubexcerpt wombat.

    <!-- more -->

    Rest of the published post.
    """
    site = make_site(
        tmp_path / "blog",
        {
            "index.md": "# Home\n",
            "blog/index.md": "# Blog\n",
            "blog/posts/held.md": textwrap.dedent(held_post),
            "blog/posts/pub.md": textwrap.dedent(published_post),
        },
        theme="material",
        plugins_before=["search", "blog"],
    )
    build = built_ok(site)
    assert verdicts(site)["blog/posts/held.md"] == "hold", build.why("the post is held")
    out = site.out
    pub_url = "/blog/2026/11/01/pubpost-wombat-title/"
    assert (out / pub_url.strip("/") / "index.html").exists(), build.why("published post")
    listings = {
        "blog index": out / "blog/index.html",
        "archive": out / "blog/archive/2026/index.html",
        "category Incidents": out / "blog/category/incidents/index.html",
        "category News": out / "blog/category/news/index.html",
    }
    for name, path in listings.items():
        assert path.exists(), build.why(f"{name} page missing: {path}")
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        text = soup.get_text(" ")
        assert "wombat" in text, build.why(f"the published post is missing from the {name}")
        for marker in ("quokka", "zebra"):
            assert marker not in text, build.why(
                f"the held post's excerpt or title ({marker}) is in the {name}"
            )
    assert not (out / "blog/category/secretcategory").exists(), build.why(
        "a category whose only post is held must not get a page"
    )
    assert pub_url in sitemap_paths(site), build.why("published post not in sitemap")
    held_paths = [p for p in sitemap_paths(site) if "zebra" in p or "heldpost" in p]
    assert not held_paths, build.why(f"held post in sitemap: {held_paths}")
    everything = site.all_output_text().lower()
    for marker in ("quokka", "zebra", "heldpost", "secretcategory"):
        assert marker not in everything, build.why(f"{marker!r} leaked into site/")


# --------------------------------------------------------------------------------------
# Fail closed: a rule that raises (META020) never lets its page through

SITECUSTOMIZE = '''\
"""Test-only: make CAC801 raise on boom.md, to check that the plugin fails closed."""
import dataclasses

import mkdocs_threatpub.rules as _rules

_original = _rules.RULES_BY_CODE["CAC801"]


def _boom(page, context):
    if page.path == "advisories/boom.md":
        raise RuntimeError("sensitive-exception-text-ibis")
    return _original.check(page, context)


_rules.ALL_RULES = tuple(
    dataclasses.replace(rule, check=_boom) if rule.code == "CAC801" else rule
    for rule in _rules.ALL_RULES
)
_rules.RULES_BY_CODE = {rule.code: rule for rule in _rules.ALL_RULES}
'''

BOOM = """\
---
title: Boom
threatpub:
  kind: vulnerability
  repair:
    status: fixed
    date: 2026-10-15
  target:
    operator: Example Power Co.
---

# Boom

A fixed issue; CAC801 would publish it, if it did not raise.
"""


@pytest.mark.slow
def test_internal_error_fails_closed_through_the_real_cli(tmp_path: Path) -> None:
    patch_dir = tmp_path / "patch"
    patch_dir.mkdir()
    (patch_dir / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    site = make_site(
        tmp_path / "boom",
        {
            "index.md": "# Home\n",
            "advisories/boom.md": BOOM,
            "advisories/fine.md": PUBLISHED.format(title="Fine", body="Fine."),
        },
    )
    # Without the patch the page is publishable, and is published.
    first = built_ok(site)
    assert site.built("advisories/boom.md"), first.why("boom.md publishes without the patch")

    pythonpath = os.pathsep.join(p for p in (str(patch_dir), os.environ.get("PYTHONPATH")) if p)
    build = run(site, "build", env={"PYTHONPATH": pythonpath})
    assert build.code != 0, build.why("a rule that raises must fail the build (META020)")
    assert re.search(r"advisories/boom\.md:\d+: META020", build.output), build.why(
        "META020 must name the page and line"
    )
    assert "CAC801" in build.output, build.why("META020 must name the rule that raised")
    assert "sensitive-exception-text-ibis" not in build.output, build.why(
        "the exception text may quote content; it must not be logged"
    )
    assert not site.built("advisories/boom.md"), build.why("the page was published unchecked")
    pages = {p["path"]: p for p in report_of(site)["pages"]}
    assert pages["advisories/boom.md"]["verdict"] == "fail", build.why("verdict in the report")
    assert [f["code"] for f in pages["advisories/boom.md"]["findings"]] == ["META020"]
    assert pages["advisories/fine.md"]["verdict"] == "publish", build.why("other pages judged")
