"""The author's view: `mkdocs serve` in a real browser (Debian's Chromium, headless).

Playwright for Python drives /usr/bin/chromium (installed by scripts/install-browser.sh,
which scripts/test.sh runs; Playwright never downloads a browser here). Every test starts
`mkdocs serve` on a free port on 127.0.0.1 and looks at the page as an author would: the
banner's findings against the JSON report, readability (axe-core's WCAG 2 AA rules,
contrast included, in Material's light and dark schemes and in the plain mkdocs theme), no
layout shift, live reload after a fix, and the server surviving broken front matter.
Screenshots go to test-artifacts/browser/ (kept by CI as artifacts, looked at by people).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, Server, Site, make_site, mkdocs, serve, threatpub
from tests.test_chinese import _set_language

# Every test here runs real builds, servers or a browser (-m 'not slow' skips them).
pytestmark = pytest.mark.slow

playwright_api = pytest.importorskip("playwright.sync_api")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")

CHROMIUM = Path(os.environ.get("THREATPUB_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = REPO / "test-artifacts" / "browser"
# Flags for a closed network and a root user (see the machine notes): no background
# connections, no sandbox, a throwaway profile (Playwright gives one).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCADA = "advisories/scada-gateway-heap-overflow.md"
PUBLISHED = "advisories/router-auth-bypass.md"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        message = f"{CHROMIUM} is missing: scripts/install-browser.sh installs Debian's chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def url_of(path: str) -> str:
    """The served URL of a docs page (use_directory_urls)."""
    stem = path.removesuffix(".md")
    stem = stem.removesuffix("index")
    return "/" + (stem + "/" if stem and not stem.endswith("/") else stem)


def report(site: Site) -> dict[str, dict[str, Any]]:
    result = threatpub("check", "-f", "mkdocs.yml", "--format", "json", cwd=site.root)
    assert result.returncode in (0, 1), result.stderr
    return {p["path"]: p for p in json.loads(result.stdout)["pages"]}


def accessibility_violations(page: Any) -> list[str]:
    """axe-core (WCAG 2 A/AA, contrast included) on the banner only: the theme is not ours."""
    results = axe_module.Axe().run(
        page,
        context=".threatpub-banner",
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}},
    )
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]]


class Shift(float):
    """Cumulative layout shift since the page started loading; ``sources`` says what moved."""

    sources: list[str]


def layout_shift(page: Any) -> Shift:
    """Layout shift of the page's content (the banner and what follows it in the article).

    The theme's own chrome (a footer that settles after Material's scripts run) is not the
    page content and is left out; every shift with a source inside the content counts.
    """
    total, sources = page.evaluate(
        """() => new Promise(resolve => {
            let total = 0; const sources = [];
            const content = document.querySelector('article') ||
              document.querySelector('[role=main]') || document.body;
            new PerformanceObserver(list => {
              for (const entry of list.getEntries()) {
                const inside = (entry.sources || []).filter(
                  s => s.node && (content.contains(s.node) || s.node.contains(content)));
                if (!inside.length) continue;
                total += entry.value;
                for (const s of inside) sources.push(s.node.nodeName + '.' + (s.node.className || ''));
              }
            }).observe({type: 'layout-shift', buffered: true});
            setTimeout(() => resolve([total, sources]), 500);
        })"""
    )
    shift = Shift(total)
    shift.sources = sources
    return shift


def alive(server: Server) -> None:
    assert server.alive(), f"mkdocs serve died\n{server.log()[-3000:]}"


def shot(page: Any, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.locator(".threatpub-banner").scroll_into_view_if_needed()
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 10_000  # a real picture, not a blank page
    return path


def test_held_pages_show_every_finding_readably_in_light_and_dark(
    example_site: Site, page: Any
) -> None:
    expected = report(example_site)
    kept_out = [
        p
        for p in expected.values()
        if p["verdict"] in ("hold", "fail") and not p["path"].startswith("blog/")
    ]
    assert len(kept_out) >= 4
    with serve(example_site) as server:
        for item in kept_out:
            page.goto(server.url + url_of(item["path"]))
            banner = page.locator(".threatpub-banner")
            playwright_api.expect(banner).to_have_count(1)
            assert banner.get_attribute("role") == "region"
            heading = page.locator("#threatpub-banner-title")
            playwright_api.expect(heading).to_contain_text("Held")
            # Verdict first, then the findings, in the report's order, each complete.
            shown = banner.locator("li.tp-finding")
            assert shown.count() == len(item["findings"]), item["path"]
            for index, finding in enumerate(item["findings"]):
                entry = shown.nth(index)
                assert entry.get_attribute("data-code") == finding["code"]
                assert entry.get_attribute("data-line") == str(finding["line"])
                text = " ".join(entry.inner_text().split())
                assert finding["code"] in text
                assert f"line {finding['line']}" in text
                assert " ".join(finding["message"].split()) in text
                assert " ".join(finding["fix"].splitlines()[0].split()) in text
                link = entry.locator(".tp-rule a")
                assert link.count() == 1, f"{finding['code']} has no link to its rule"
            # The banner comes before the page's own heading and does not cover it.
            box = banner.bounding_box()
            title = page.locator("article h1").first.bounding_box()
            assert box is not None
            assert title is not None
            assert box["y"] + box["height"] <= title["y"]
            shift = layout_shift(page)
            assert shift < 0.01, (item["path"], shift.sources)
            assert accessibility_violations(page) == [], item["path"]
            alive(server)

        # Each finding links to its rule's documentation page, served by the same site.
        page.goto(server.url + url_of(SCADA))
        page.locator(".tp-finding[data-code=CAC801] .tp-rule a").click()
        playwright_api.expect(page.locator("article h1").first).to_contain_text("CAC801")
        assert page.locator(".threatpub-banner").count() == 0  # the manual is never judged

        page.goto(server.url + url_of(SCADA))
        shot(page, "material-light-held")
        page.locator("label[title='Switch to dark mode']").click()
        playwright_api.expect(page.locator("body")).to_have_attribute(
            "data-md-color-scheme", "slate"
        )
        assert accessibility_violations(page) == []
        shot(page, "material-dark-held")

        response = page.goto(server.url + url_of(PUBLISHED))
        assert response is not None
        assert response.status == 200
        playwright_api.expect(page.locator("article h1").first).to_be_visible()
        assert page.locator(".threatpub-banner").count() == 0
        assert expected[PUBLISHED]["verdict"] == "publish"
        alive(server)


def _front_matter(path: Path) -> tuple[dict[str, Any], str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def test_fixing_the_page_removes_the_banner_live_and_the_build_publishes_it(
    example_site: Site, page: Any
) -> None:
    source = example_site.docs / SCADA
    with serve(example_site) as server:
        page.goto(server.url + url_of(SCADA))
        playwright_api.expect(page.locator(".tp-finding[data-code=CAC801]")).to_have_count(1)
        # What the fix says: record the operator's written opinion.
        data, body = _front_matter(source)
        data["threatpub"]["operator_opinion"] = {
            "status": "received",
            "date": "2026-10-01",
            "reference": "EP-2026-118",
        }
        dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        source.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")
        # No navigation by the test: MkDocs' live reload brings the new page.
        playwright_api.expect(page.locator(".threatpub-banner")).to_have_count(0, timeout=60_000)
        playwright_api.expect(page.locator("article h1").first).to_be_visible()
        alive(server)
    built = mkdocs(example_site, "build")
    assert built.returncode == 0, built.stderr
    assert example_site.built(SCADA)


def test_broken_front_matter_shows_in_the_banner_and_the_server_stays_up(
    example_site: Site, page: Any
) -> None:
    source = example_site.docs / SCADA
    with serve(example_site) as server:
        page.goto(server.url + url_of(SCADA))
        playwright_api.expect(page.locator(".threatpub-banner")).to_have_count(1)
        text = source.read_text(encoding="utf-8")
        source.write_text(
            text.replace("threatpub:\n", "threatpub: [unclosed\n", 1), encoding="utf-8"
        )
        failing = page.locator(".threatpub-banner.tp-fail")
        playwright_api.expect(failing).to_have_count(1, timeout=60_000)
        playwright_api.expect(failing.locator(".tp-finding[data-code=META001]")).to_have_count(1)
        playwright_api.expect(page.locator("#threatpub-banner-title")).to_contain_text(
            "cannot be published"
        )
        assert accessibility_violations(page) == []
        shot(page, "material-light-broken-front-matter")
        alive(server)
        status, _ = server.get(url_of(PUBLISHED))
        assert status == 200
        # Repaired, the page is judged again: back to its ordinary hold.
        source.write_text(text, encoding="utf-8")
        playwright_api.expect(page.locator(".tp-finding[data-code=CAC801]")).to_have_count(
            1, timeout=60_000
        )
        alive(server)


HELD_PLAIN = """\
---
title: Heap overflow in a gateway
threatpub:
  kind: vulnerability
  target:
    operator: Example Power Co.
    system: SCADA gateway
  notifications:
    - {authority: public-security, level: prefecture, region: "110100", date: 2026-11-02}
---

# Heap overflow in a gateway

Restrict access to the management port.
"""


def test_plain_mkdocs_theme(tmp_path: Path, page: Any) -> None:
    site = make_site(
        tmp_path / "plain",
        {"index.md": "# Home\n\nWelcome.\n", "advisories/gateway.md": HELD_PLAIN},
        {"include": ["advisories/**"], "rules_reference": "rules"},
    )
    with serve(site) as server:
        page.goto(server.url + "/advisories/gateway/")
        banner = page.locator(".threatpub-banner")
        playwright_api.expect(banner).to_have_count(1)
        playwright_api.expect(banner.locator("h2")).to_contain_text("Held")
        assert banner.locator(".tp-finding").count() >= 1
        colours = banner.evaluate(
            "el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]"
        )
        assert colours == ["rgb(31, 31, 31)", "rgb(255, 244, 229)"]  # its own, not the theme's
        assert accessibility_violations(page) == []
        shift = layout_shift(page)
        assert shift < 0.01, shift.sources
        shot(page, "mkdocs-theme-held")
        page.goto(server.url + "/")
        assert page.locator(".threatpub-banner").count() == 0
        alive(server)


def test_chinese_banner(example_site: Site, page: Any) -> None:
    _set_language(example_site, "zh")
    with serve(example_site) as server:
        page.goto(server.url + url_of(SCADA))
        banner = page.locator(".threatpub-banner")
        playwright_api.expect(banner).to_have_attribute("lang", "zh-CN")
        playwright_api.expect(page.locator("#threatpub-banner-title")).to_contain_text(
            "暂缓：本页暂不发布"
        )
        text = banner.inner_text()
        assert "网络运营者书面意见" in text
        assert re.search(r"第 \d+ 行", text)
        assert "修改方法" in text
        assert accessibility_violations(page) == []
        shot(page, "material-light-held-zh")
        alive(server)


def test_without_a_rules_reference_the_banner_names_the_explain_command(
    tmp_path: Path, page: Any
) -> None:
    site = make_site(
        tmp_path / "bare",
        {"index.md": "# Home\n", "advisories/gateway.md": HELD_PLAIN},
        {"include": ["advisories/**"]},
    )
    with serve(site) as server:
        page.goto(server.url + "/advisories/gateway/")
        finding = page.locator(".tp-finding[data-code=CAC801]")
        playwright_api.expect(finding).to_contain_text("threatpub explain CAC801")
        assert finding.locator("a").count() == 0
        alive(server)
