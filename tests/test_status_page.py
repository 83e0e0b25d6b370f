"""The reviewer's view (issue 20): the status of every page, as the HTML report and as the
status page of `mkdocs serve`, from one renderer (reports/status_html.py).

The in-process tests render the report with `threatpub check --format html` and compare it
with the JSON report of the same judgement: every page in its group with its rules and
day, the coming releases, the filters, escaping, no external resource. The slow tests run
the real `mkdocs build` (the page is never in its output, sitemap or search index) and
`mkdocs serve` (the page is served, under the site's base path, refreshed on rebuilds).
The browser tests are in tests/test_browser_status.py.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from mkdocs_threatpub.core.i18n import has_chinese
from mkdocs_threatpub.reports.formats import format_for_file
from tests.conftest import Site, make_site, mkdocs, serve, threatpub
from tests.detectors import _leakdata as gen
from tests.test_cli import HELD, PUBLISHED

TODAY = dt.date(2026, 11, 23)  # the fixtures' now: 2026-11-23 10:00 Asia/Shanghai
GROUPS = ("fail", "hold", "removed", "warn", "publish")
SCADA = "advisories/scada-gateway-heap-overflow.md"


def check(site: Site, *args: str) -> str:
    result = threatpub("check", "-f", "mkdocs.yml", *args, cwd=site.root)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def json_pages(site: Site, *args: str) -> dict[str, dict[str, Any]]:
    return {p["path"]: p for p in json.loads(check(site, "--format", "json", *args))["pages"]}


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def group(page: dict[str, Any]) -> str:
    if page["verdict"] == "publish":
        return "warn" if page["findings"] else "publish"
    return str(page["verdict"])


def holds(page: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in page["findings"] if f["action"] in ("hold", "fail")]


def publishable_from(page: dict[str, Any]) -> str | None:
    """The day every hold lifts, read from the JSON report (None: some hold has no date)."""
    found = holds(page)
    if page["verdict"] not in ("hold", "fail") or not found:
        return None
    if not all(f.get("release_after") for f in found):
        return None
    return max(f["release_after"] for f in found)


def row_path(row: Tag) -> str:
    code = row.select_one(".tp-path code") or row.select_one("code")
    assert code is not None
    return code.get_text()


def classes(tag: Tag) -> list[str]:
    value = tag.get("class") or []
    return list(value) if isinstance(value, list) else [str(value)]


def rule_classes(tag: Tag) -> set[str]:
    return {c.removeprefix("tp-r-") for c in classes(tag) if c.startswith("tp-r-")}


def relative(day: dt.date) -> str:
    days = (day - TODAY).days
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


# -- the report: every page, in its group ------------------------------------------------------


def test_every_page_is_in_its_group_with_its_rules_and_day(example_site: Site) -> None:
    pages = json_pages(example_site)
    soup = soup_of(check(example_site, "--format", "html"))
    shown: dict[str, str] = {}
    for name in GROUPS:
        section = soup.select_one(f"section#verdict-{name}")
        assert section is not None, name
        rows = section.select(".tp-row")
        count = section.select_one(".tp-count")
        assert count is not None
        assert count.get_text() == str(len(rows))
        for row in rows:
            path = row_path(row)
            assert path not in shown, path
            shown[path] = name
            page = pages[path]
            codes = sorted({f["code"] for f in page["findings"]})
            assert sorted(rule_classes(row)) == codes, path
            assert [c.get_text() for c in row.select(".tp-code")] == codes, path
            if name in ("fail", "hold"):
                release = row.select("td")[1]
                day = publishable_from(page)
                if day is not None:
                    time_tag = release.find("time")
                    assert isinstance(time_tag, Tag)
                    assert time_tag["datetime"] == day == page["release_after"]
                    assert relative(dt.date.fromisoformat(day)) in release.get_text()
                else:
                    waiting = sorted({f["code"] for f in holds(page) if "release_after" not in f})
                    assert "needs action" in release.get_text()
                    assert all(code in release.get_text() for code in waiting), path
            if name != "publish":
                # The findings, worded as in the banner: code, line, message, fix.
                items = row.select("li.tp-finding")
                assert [(i["data-code"], int(str(i["data-line"]))) for i in items] == [
                    (f["code"], f["line"]) for f in page["findings"]
                ]
                text = " ".join(row.get_text(" ").split())
                for finding in page["findings"]:
                    assert " ".join(finding["message"].split()) in text
    assert shown == {path: group(page) for path, page in pages.items()}
    assert {"hold", "removed", "warn", "publish"} <= set(shown.values())
    # The summary's counts link to the groups.
    for name in GROUPS:
        link = soup.select_one(f'.tp-counts a[href="#verdict-{name}"]')
        assert link is not None
        assert link.get_text().split()[-1] == str(sum(1 for g in shown.values() if g == name))


def test_the_coming_releases_by_day(example_site: Site) -> None:
    pages = json_pages(example_site)
    soup = soup_of(check(example_site, "--format", "html"))
    expected = set()
    for path, page in pages.items():
        if page["verdict"] not in ("hold", "fail"):
            continue
        for day in {f["release_after"] for f in holds(page) if f.get("release_after")}:
            expected.add((day, path, day == publishable_from(page)))
    assert len({day for day, _, _ in expected}) >= 3  # a clock, schedules, a blackout
    shown = set()
    days = []
    for entry in soup.select(".tp-timeline .tp-day"):
        stamp = entry.select_one("h3 time")
        assert stamp is not None
        day = str(stamp["datetime"])
        days.append(day)
        assert relative(dt.date.fromisoformat(day)) in entry.select_one("h3").get_text()
        for lift in entry.select(".tp-lift"):
            shown.add((day, row_path(lift), "tp-publishes" in classes(lift)))
            # Each entry links to the page's row in the report (no URL outside the file).
            link = lift.find("a")
            assert isinstance(link, Tag)
            target = soup.find(id=str(link["href"]).removeprefix("#"))
            assert isinstance(target, Tag)
            assert row_path(target) == row_path(lift)
    assert shown == expected
    assert days == sorted(days)
    # A page whose dated hold lifts before another: "still held by" the later one.
    partial = [entry for entry in soup.select(".tp-lift") if "tp-publishes" not in classes(entry)]
    for entry in partial:
        assert "still held by" in entry.get_text()
    # The next release is what `threatpub next-release` prints, in words.
    printed = threatpub("next-release", cwd=example_site.root).stdout.strip()
    next_line = soup.select_one("#tp-next-release")
    assert next_line is not None
    assert printed[:10] in next_line.get_text()
    assert relative(dt.date.fromisoformat(printed[:10])) in next_line.get_text()


def test_blackout_windows_are_listed_beside_the_releases(example_site: Site) -> None:
    soup = soup_of(check(example_site, "--format", "html"))
    windows = soup.select(".tp-blackouts li")
    assert len(windows) == 1
    text = windows[0].get_text()
    assert "Example Expo 2026" in text
    assert "2026-12-08 to 2026-12-10" in text
    assert relative(dt.date(2026, 12, 8)) in text
    later = soup_of(check(example_site, "--format", "html", "--now", "2026-12-09T12:00+08:00"))
    assert "in progress" in later.select(".tp-blackouts li")[0].get_text()


def test_the_filters_cover_every_verdict_and_rule_without_a_script(example_site: Site) -> None:
    pages = json_pages(example_site)
    html = check(example_site, "--format", "html")
    soup = soup_of(html)
    assert soup.find("script") is None  # the report needs none, and has none
    codes = sorted({f["code"] for p in pages.values() for f in p["findings"]})
    verdicts = [str(i["value"]) for i in soup.select('input[name="tp-fv"]')]
    rules = [str(i["value"]) for i in soup.select('input[name="tp-fr"]')]
    assert verdicts == ["all", *GROUPS]
    assert rules == ["all", *codes]
    for box in soup.select("input[type=radio]"):
        assert soup.select_one(f'label[for="{box["id"]}"]') is not None  # every one labelled
    (css,) = [style.get_text() for style in soup.find_all("style")]
    for name in GROUPS:
        assert f"body:has(#tp-fv-{name}:checked) .tp-group:not(.tp-g-{name})" in css
    for code in codes:
        assert f"body:has(#tp-fr-{code}:checked) .tp-row:not(.tp-r-{code})" in css
        for name in GROUPS:
            empty = f"body:has(#tp-fv-{name}:checked):has(#tp-fr-{code}:checked) .tp-none"
            matches = any(group(p) == name and code in {f["code"] for f in p["findings"]}
                          for p in pages.values())  # fmt: skip
            assert (empty in css) is not matches, (name, code)


def test_chinese(example_site: Site) -> None:
    soup = soup_of(check(example_site, "--format", "html", "--lang", "zh"))
    html_tag = soup.find("html")
    assert isinstance(html_tag, Tag)
    assert html_tag["lang"] == "zh-CN"
    headings = [h.get_text(" ") for h in soup.select("h1, h2")]
    assert "发布状态" in headings[0]
    assert any("暂缓发布" in h for h in headings)
    assert any("即将发布" in h for h in headings)
    for entry in soup.select(".tp-finding .tp-message"):
        assert has_chinese(entry.get_text())
    next_line = soup.select_one("#tp-next-release")
    assert next_line is not None
    assert "天后" in next_line.get_text()
    for label in soup.select(".tp-filters legend, .tp-group .tp-note"):
        assert has_chinese(label.get_text()), label


def test_a_report_file_ending_in_html_is_the_html_report() -> None:
    assert format_for_file(".threatpub/status.html") == "html"
    assert format_for_file("REPORT.HTM") == "html"


# -- escaping: page titles and paths are the author's, flagged content is never copied -------

HOSTILE_TITLE = '</title><script>alert("t")</script><img src=x onerror=alert(1)> & "q" \'a\''
HOSTILE_PATH = "advisories/<svg onload=alert(2)>&amp;.md"


def _resident_id() -> str:
    return gen.resident_id(random.Random(11))


def hostile_site(root: Path) -> Site:
    held = HELD.replace(
        "title: Heap overflow in a SCADA gateway", f"title: {json.dumps(HOSTILE_TITLE)}"
    )
    leaked = (
        "---\nthreatpub:\n  kind: breach\n---\n\n# Breach notice\n\n"
        f"The record of the affected customer: {_resident_id()}.\n"
    )
    return make_site(
        root,
        {"index.md": PUBLISHED, HOSTILE_PATH: held, "breaches/leak.md": leaked},
        {"include": ["advisories/**", "breaches/**"]},
    )


def test_hostile_titles_and_paths_are_text_and_flagged_content_is_not_copied(
    tmp_path: Path,
) -> None:
    site = hostile_site(tmp_path / "s")
    pages = json_pages(site)
    assert pages[HOSTILE_PATH]["title"] == HOSTILE_TITLE
    assert pages["breaches/leak.md"]["verdict"] in ("hold", "fail")
    html = check(site, "--format", "html")
    soup = soup_of(html)
    assert soup.find("script") is None
    assert soup.find("img") is None
    assert soup.find("svg") is None
    assert HOSTILE_TITLE not in html
    assert HOSTILE_PATH not in html
    text = soup.get_text()
    assert HOSTILE_TITLE in text  # shown as text …
    assert HOSTILE_PATH in text
    assert soup.title is not None
    assert soup.title.get_text() == "Publication status"  # … and never closes the <title>
    for tag in soup.find_all(True):
        assert not any(name.startswith("on") for name in tag.attrs), tag.name
    assert _resident_id() not in html  # described, never quoted


def test_the_report_refers_to_nothing_outside_itself(example_site: Site) -> None:
    html = check(example_site, "--format", "html")
    soup = soup_of(html)
    assert not soup.find_all(["link", "script", "img", "iframe", "object", "embed"])
    assert not [tag for tag in soup.find_all(True) if tag.has_attr("src")]
    for link in soup.find_all("a"):
        assert str(link["href"]).startswith("#"), link["href"]
        assert soup.find(id=str(link["href"])[1:]) is not None, link["href"]
    css = " ".join(style.get_text() for style in soup.find_all("style"))
    assert "url(" not in css
    assert "@import" not in css


# -- real builds and the dev server (slow) -----------------------------------------------------


def with_report(site: Site, *names: str) -> None:
    config = yaml.safe_load(site.config_file.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "threatpub" in plugin:
            plugin["threatpub"]["report"] = list(names)
    site.config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


@pytest.mark.slow
def test_build_writes_the_html_report_and_never_the_status_page(example_site: Site) -> None:
    with_report(example_site, ".threatpub/report.json", ".threatpub/status.html")
    result = mkdocs(example_site, "build")
    assert result.returncode == 0, result.stderr
    out = example_site.out
    assert not (out / "_threatpub").exists()
    assert not [p for p in out.rglob("*") if "_threatpub" in p.as_posix()]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "_threatpub" not in sitemap
    index = (out / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "_threatpub" not in index
    assert "Publication status" not in index
    assert "_threatpub" not in example_site.all_output_text()
    assert "Publication status" not in example_site.all_output_text()
    # The report file: the same pages in the same groups as the build's JSON report.
    report = json.loads((example_site.root / ".threatpub/report.json").read_text("utf-8"))
    soup = soup_of((example_site.root / ".threatpub/status.html").read_text("utf-8"))
    shown = {
        row_path(row): name
        for name in GROUPS
        for row in soup.select(f"section#verdict-{name} .tp-row")
    }
    assert shown == {p["path"]: group(p) for p in report["pages"]}


def served_groups(html: str) -> dict[str, str]:
    soup = soup_of(html)
    return {
        row_path(row): name
        for name in GROUPS
        for row in soup.select(f"section#verdict-{name} .tp-row")
    }


@pytest.mark.slow
def test_serve_shows_every_page_and_refreshes_on_rebuilds(example_site: Site) -> None:
    pages = json_pages(example_site)
    with serve(example_site) as server:
        status, html = server.get("/_threatpub/")
        assert status == 200
        assert served_groups(html) == {path: group(page) for path, page in pages.items()}
        assert "livereload(" in html  # MkDocs' live reload: it reloads after a rebuild
        soup = soup_of(html)
        # Every page that is served is linked (removed pages are not served, nor linked).
        for path, page in pages.items():
            row = next(r for r in soup.select(".tp-row") if row_path(r) == path)
            link = row.select_one("th a, li > a")
            if page["verdict"] == "removed":
                assert link is None, path
                continue
            assert link is not None, path
            target = urllib.parse.urljoin("/_threatpub/", str(link["href"]))
            code, body = server.get(target)
            assert code == 200, (path, target)
            # The link leads to the page, whose banner has the details and links back.
            if page["verdict"] in ("hold", "fail"):
                assert 'class="tp-status" href="' in body
                back = re.search(r'class="tp-status" href="([^"]+)"', body)
                assert back is not None
                assert urllib.parse.urljoin(target, back[1]) == "/_threatpub/"
        # Not in what the server lists for search engines and the search box (the banners
        # of held pages, previewed, are: with their link's words, never its address).
        code, sitemap = server.get("/sitemap.xml")
        assert code == 200
        assert "_threatpub" not in sitemap
        code, body = server.get("/search/search_index.json")
        assert code == 200
        assert "_threatpub" not in body
        docs = json.loads(body)["docs"]
        assert docs
        assert not [d for d in docs if d["title"].startswith("Publication status")]
        redirect, _ = server.get("/_threatpub")
        assert redirect == 200  # urllib follows the server's redirect to /_threatpub/

        # Fix the SCADA page (record the operator's opinion): the next build's status page
        # shows it published.
        source = example_site.docs / SCADA
        _, front, body = source.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.safe_load(front)
        data["threatpub"]["operator_opinion"] = {
            "status": "received",
            "date": "2026-10-01",
            "reference": "EP-2026-118",
        }
        dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        source.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            _, html = server.get("/_threatpub/")
            if served_groups(html).get(SCADA) == "publish":
                break
            time.sleep(0.5)
        assert served_groups(html).get(SCADA) == "publish", server.log()[-2000:]
        assert server.alive()


@pytest.mark.slow
def test_serve_under_a_base_path_without_directory_urls(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "s",
        {"index.md": PUBLISHED, "advisories/gateway.md": HELD},
        {"include": ["advisories/**"]},
        extra={"site_url": "https://example.org/docs/", "use_directory_urls": False},
    )
    with serve(site) as server:
        status, html = server.get("/docs/_threatpub/index.html")
        assert status == 200
        assert set(served_groups(html)) == {"index.md", "advisories/gateway.md"}
        missing, _ = server.get("/_threatpub/index.html")
        assert missing == 404  # not outside the site's base path
        code, page = server.get("/docs/advisories/gateway.html")
        assert code == 200
        back = re.search(r'class="tp-status" href="([^"]+)"', page)
        assert back is not None
        assert back[1] == "../_threatpub/index.html"
        soup = soup_of(html)
        for link in soup.select(".tp-row a"):
            target = urllib.parse.urljoin("/docs/_threatpub/index.html", str(link["href"]))
            assert server.get(target)[0] == 200, target


@pytest.mark.slow
def test_a_docs_page_of_the_site_at_that_place_wins(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "s",
        {"index.md": PUBLISHED, "_threatpub/index.md": "# Our own page\n\nHello.\n"},
    )
    with serve(site) as server:
        status, html = server.get("/_threatpub/")
        assert status == 200
        assert "Our own page" in html
        assert "tp-filters" not in html
        assert "the status page is not shown: the site has its own _threatpub/index.html" in (
            server.log()
        )
