"""The reviewer's view in a real browser (Debian's Chromium, headless, as tests/test_browser.py).

The status page of `mkdocs serve` (`/_threatpub/`) on the example site: every held page and
the coming releases against the JSON report, axe-core's WCAG 2 A/AA rules (contrast
included) on the whole page in Material's light and dark schemes, the plain `mkdocs` theme
and Chinese; the filters with and without JavaScript; the way from a banner to the status
page and back. The HTML report opened from disk with every network request blocked (none
may be attempted). Screenshots go to test-artifacts/browser/status-*.png and report-*.png.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Site, make_site, serve, threatpub
from tests.test_browser import (
    ARTIFACTS,
    HELD_PLAIN,
    SCADA,
    alive,
    axe_module,
    browser,
    playwright_api,
    report,
    url_of,
)
from tests.test_chinese import _set_language
from tests.test_cli import PUBLISHED

pytestmark = pytest.mark.slow

__all__ = ["browser"]  # the fixture, shared with tests/test_browser.py

STATUS = "/_threatpub/"
GROUPS = ("fail", "hold", "removed", "warn", "publish")


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    made = browser.new_context(viewport={"width": 1280, "height": 900})
    yield made
    made.close()


def violations(page: Any) -> list[str]:
    """axe-core (WCAG 2 A/AA, contrast included) on the whole page: all of it is ours."""
    results = axe_module.Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    )
    return [
        f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']][:3]})"
        for v in results.response["violations"]
    ]


def snap(page: Any, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000  # a real picture, not a blank page
    return path


def group(item: dict[str, Any]) -> str:
    if item["verdict"] == "publish":
        return "warn" if item["findings"] else "publish"
    return str(item["verdict"])


def dated_days(expected: dict[str, dict[str, Any]]) -> list[str]:
    """Every day on which a hold of a kept-out page lifts, from the JSON report."""
    return sorted(
        {
            f["release_after"]
            for p in expected.values()
            if p["verdict"] in ("hold", "fail")
            for f in p["findings"]
            if f["action"] in ("hold", "fail") and f.get("release_after")
        }
    )


def days_to_next_release(site: Site) -> int:
    """Days from the fixtures' now (2026-11-23, site time) to what next-release prints."""
    printed = threatpub("next-release", cwd=site.root).stdout.strip()
    assert printed
    return (dt.date.fromisoformat(printed[:10]) - dt.date(2026, 11, 23)).days


def visible_paths(page: Any, selector: str) -> set[str]:
    rows = page.locator(selector)
    paths = set()
    for index in range(rows.count()):
        row = rows.nth(index)
        if row.is_visible():
            paths.add(row.locator(".tp-path code").first.inner_text())
    return paths


def background(page: Any) -> str:
    return str(page.evaluate("getComputedStyle(document.body).backgroundColor"))


LIGHT, DARK = "rgb(255, 255, 255)", "rgb(30, 33, 41)"


def test_status_page_on_the_example_site_in_material_light_and_dark(
    example_site: Site, context: Any
) -> None:
    expected = report(example_site)
    held = {path for path, item in expected.items() if item["verdict"] == "hold"}
    assert len(held) >= 4
    page = context.new_page()
    with serve(example_site) as server:
        page.goto(server.url + STATUS)
        playwright_api.expect(page.locator("h1")).to_contain_text("Publication status")
        # Every page, in its group; every held page among them.
        for name in GROUPS:
            shown = visible_paths(page, f"section#verdict-{name} .tp-row")
            assert shown == {p for p, item in expected.items() if group(item) == name}, name
        assert held <= visible_paths(page, "section#verdict-hold .tp-row")
        # The coming releases: one entry per day a dated hold lifts, in order.
        days = page.locator(".tp-timeline .tp-day h3 time")
        assert [days.nth(i).get_attribute("datetime") for i in range(days.count())] == (
            dated_days(expected)
        )
        playwright_api.expect(page.locator("#tp-next-release")).to_contain_text(
            f"in {days_to_next_release(example_site)} days"
        )
        assert page.locator("html").get_attribute("data-scheme") == "light"
        assert background(page) == LIGHT
        page.locator(".tp-more details").first.locator("summary").click()  # a finding, opened
        assert violations(page) == []
        snap(page, "status-material-light")

        # The reader switches Material to dark on a page of the site: the status page follows.
        page.goto(server.url + "/")
        page.locator("label[title='Switch to dark mode']").click()
        playwright_api.expect(page.locator("body")).to_have_attribute(
            "data-md-color-scheme", "slate"
        )
        page.goto(server.url + STATUS)
        playwright_api.expect(page.locator("html")).to_have_attribute("data-scheme", "dark")
        assert background(page) == DARK
        assert violations(page) == []
        snap(page, "status-material-dark")

        # From the status page to a held page, whose banner has the details, and back.
        row = page.locator(".tp-row", has=page.locator(f"code:text-is('{SCADA}')"))
        row.locator("th a").click()
        page.wait_for_url(server.url + url_of(SCADA))
        banner = page.locator(".threatpub-banner")
        playwright_api.expect(banner).to_have_count(1)
        banner.locator("a.tp-status").click()
        page.wait_for_url(server.url + STATUS)
        playwright_api.expect(page.locator("h1")).to_contain_text("Publication status")
        alive(server)


def test_the_filters_with_and_without_javascript(example_site: Site, browser: Any) -> None:
    expected = report(example_site)

    def pages_with(name: str, code: str | None = None) -> set[str]:
        return {
            path
            for path, item in expected.items()
            if group(item) == name
            and (code is None or code in {f["code"] for f in item["findings"]})
        }

    with serve(example_site) as server:
        static = browser.new_context(java_script_enabled=False)
        page = static.new_page()
        page.goto(server.url + STATUS)
        page.locator("label[for=tp-fv-hold]").click()
        for name in GROUPS:
            assert page.locator(f"section#verdict-{name}").is_visible() is (name == "hold")
        page.locator("label[for=tp-fr-CAC801]").click()
        assert visible_paths(page, ".tp-row") == pages_with("hold", "CAC801")
        lifts = visible_paths(page, ".tp-timeline .tp-lift")
        assert lifts
        assert lifts <= pages_with("hold", "CAC801")
        assert not page.locator(".tp-none").is_visible()
        page.locator("label[for=tp-fv-publish]").click()  # no published page has CAC801
        assert page.locator(".tp-none").is_visible()
        assert visible_paths(page, ".tp-row") == set()
        page.locator("label[for=tp-fv-all]").click()
        page.locator("label[for=tp-fr-all]").click()
        assert visible_paths(page, ".tp-row") == set(expected)
        static.close()

        # With JavaScript the address carries the filters: a link to a filtered view.
        scripted = browser.new_context()
        page = scripted.new_page()
        page.goto(server.url + STATUS + "?verdict=hold&rule=META006")
        assert page.locator("#tp-fv-hold").is_checked()
        assert page.locator("#tp-fr-META006").is_checked()
        assert visible_paths(page, ".tp-row") == pages_with("hold", "META006")
        page.locator("label[for=tp-fv-all]").click()
        assert page.url.endswith(STATUS + "?rule=META006")
        assert visible_paths(page, ".tp-row") == {
            p for p, item in expected.items() if "META006" in {f["code"] for f in item["findings"]}
        }
        scripted.close()
        alive(server)


def test_plain_mkdocs_theme_follows_its_colour_mode(tmp_path: Path, browser: Any) -> None:
    site = make_site(
        tmp_path / "plain",
        {"index.md": PUBLISHED, "advisories/gateway.md": HELD_PLAIN},
        {"include": ["advisories/**"], "rules_reference": "rules"},
        extra={"theme": {"name": "mkdocs", "color_mode": "auto"}},
    )
    with serve(site) as server:
        for scheme, colour in (("light", LIGHT), ("dark", DARK)):
            context = browser.new_context(
                viewport={"width": 1280, "height": 900}, color_scheme=scheme
            )
            page = context.new_page()
            page.goto(server.url + "/advisories/gateway/")
            page.locator(".threatpub-banner a.tp-status").click()
            page.wait_for_url(server.url + STATUS)
            assert page.locator("html").get_attribute("data-scheme") is None  # the system's
            assert background(page) == colour
            rows = visible_paths(page, "section#verdict-hold .tp-row")
            assert rows == {"advisories/gateway.md"}
            # The rule's code links to its page in the site's rules reference.
            link = page.locator("section#verdict-hold a.tp-code").first
            assert link.inner_text() == "CAC801"
            assert violations(page) == []
            snap(page, f"status-mkdocs-{scheme}")
            link.click()
            playwright_api.expect(page.locator("h1").first).to_contain_text("CAC801")
            context.close()
        alive(server)


def test_chinese_status_page(example_site: Site, context: Any) -> None:
    _set_language(example_site, "zh")
    page = context.new_page()
    with serve(example_site) as server:
        page.goto(server.url + STATUS)
        playwright_api.expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
        playwright_api.expect(page.locator("h1")).to_contain_text("发布状态")
        playwright_api.expect(page.locator("#verdict-hold h2")).to_contain_text("暂缓发布")
        playwright_api.expect(page.locator("#tp-next-release")).to_contain_text(
            f"{days_to_next_release(example_site)} 天后"
        )
        assert violations(page) == []
        snap(page, "status-material-light-zh")
        alive(server)


def test_the_html_report_opens_offline(example_site: Site, browser: Any) -> None:
    expected = report(example_site)
    out = example_site.root / "status-report.html"
    result = threatpub(
        "check", "-f", "mkdocs.yml", "--format", "html", "--output", out.name,
        cwd=example_site.root,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr  # pages are held
    for scheme, colour in (("light", LIGHT), ("dark", DARK)):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        blocked: list[str] = []
        requested: list[str] = []

        def refuse(route: Any, blocked: list[str] = blocked) -> None:
            blocked.append(route.request.url)
            route.abort()

        context.route("http://**/*", refuse)
        context.route("https://**/*", refuse)
        page = context.new_page()
        page.on("request", lambda request, seen=requested: seen.append(request.url))
        page.goto(out.as_uri())
        playwright_api.expect(page.locator("h1")).to_contain_text("Publication status")
        assert visible_paths(page, ".tp-row") == set(expected)
        assert background(page) == colour
        page.locator("label[for=tp-fv-hold]").click()  # the filters work offline too
        assert visible_paths(page, ".tp-row") == {
            p for p, item in expected.items() if item["verdict"] == "hold"
        }
        page.locator(".tp-more details").first.locator("summary").click()
        assert violations(page) == []
        snap(page, f"report-{scheme}")
        assert requested == [out.as_uri()]  # nothing but the file itself was ever asked for
        assert blocked == []
        context.close()
