"""Option `rules_reference`: the rules' manual, generated into the site by the real build.

Sites are built with the real `mkdocs` CLI and read back with real parsers: BeautifulSoup
for the pages, json for the search index, xml.etree for the sitemap and the report.
"""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from mkdocs_threatpub.core.i18n import localize
from mkdocs_threatpub.pipeline.reference import INDEX, LABELS, SECTIONS, page_name, reference_pages
from mkdocs_threatpub.rules import ALL_RULES
from tests.conftest import BIN, EXAMPLE_SITE, NOW_EPOCH, Site, make_site, mkdocs, threatpub

SITE_URL = "https://example.org/"
SECTIONS_EN = {
    "what": "What it checks",
    "why": "Why",
    "source": "Source",
    "how": "How to satisfy it",
    "example": "Example",
}
SECTIONS_ZH = {
    "what": "检查内容",
    "why": "原因",
    "source": "依据",
    "how": "如何满足",
    "example": "示例",
}

# Held by CAC801 (a target, no opinion, fix or notification): proves the site is judged.
HELD = """\
---
threatpub:
  kind: vulnerability
  target: {operator: Example Power Co.}
---

# Gateway advisory
"""


def why(site: Site, result: subprocess.CompletedProcess[str], message: str) -> str:
    return (
        f"{message}\nreplicate: cd {site.root} && SOURCE_DATE_EPOCH={NOW_EPOCH} "
        f"{BIN / 'mkdocs'} build --strict\n--- exit {result.returncode}; output:\n"
        f"{(result.stdout + result.stderr)[-4000:]}"
    )


def reference_site(root: Path, **options: Any) -> Site:
    """A site whose explicit `nav:` lists the generated index and one rule page."""
    return make_site(
        root,
        {"index.md": "# Home\n", "advisories/gateway.md": HELD},
        {"rules_reference": "rules", "include": ["advisories/**"], **options},
        extra={
            "nav": [
                {"Home": "index.md"},
                {"Rules": ["rules/index.md", {"Early warning": "rules/cac700.md"}]},
            ]
        },
    )


@pytest.fixture(scope="module")
def built_en(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = reference_site(tmp_path_factory.mktemp("en") / "site-root")
    result = mkdocs(site, "build", "--strict")
    assert result.returncode == 0, why(site, result, "the reference must build under --strict")
    return site


@pytest.fixture(scope="module")
def built_zh(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = reference_site(tmp_path_factory.mktemp("zh") / "site-root", language="zh")
    result = mkdocs(site, "build", "--strict")
    assert result.returncode == 0, why(site, result, "the zh reference must build")
    return site


def page_of(site: Site, rel_url: str) -> BeautifulSoup:
    return BeautifulSoup((site.out / rel_url / "index.html").read_text("utf-8"), "html.parser")


def main_of(soup: BeautifulSoup) -> Tag:
    main = soup.select_one('[role="main"]')
    assert isinstance(main, Tag)
    return main


def flat(text: str) -> str:
    """Visible text to compare with Markdown source: no markup characters, one space."""
    return " ".join(text.replace("`", "").replace("\\\\", "\\").split())


def sections(main: Tag) -> dict[str, str]:
    """h2 heading → the visible text up to the next h2."""
    out: dict[str, str] = {}
    for heading in main.find_all("h2"):
        parts = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            parts.append(sibling.get_text())
        out[heading.get_text().strip()] = flat(" ".join(parts))
    return out


def rule_url(code: str) -> str:
    return f"rules/{code.lower()}/"


@pytest.mark.slow
def test_every_rule_has_a_page_with_its_docs(built_en: Site) -> None:
    for rule in ALL_RULES:
        main = main_of(page_of(built_en, rule_url(rule.code)))
        h1 = main.find("h1")
        assert h1 is not None, rule.code
        assert h1.get_text().strip() == f"{rule.code} {rule.name}", rule.code
        text = flat(main.get_text())
        assert flat(rule.summary) in text, rule.code
        assert f"Default action: {rule.default_action}" in text, rule.code
        assert flat(rule.source) in text, rule.code
        found = sections(main)
        for field, heading in SECTIONS_EN.items():
            assert heading in found, f"{rule.code}: no section {heading!r}"
            assert flat(getattr(rule.doc, field)) in found[heading], f"{rule.code}: {heading}"
        # The example is shown verbatim, in a code block.
        blocks = [flat(code.get_text()) for code in main.find_all("code")]
        assert flat(rule.doc.example) in blocks, rule.code


def test_one_table_of_headings() -> None:
    """The reference pages, their index and `threatpub explain` take every heading from one
    table (reference.LABELS), with one wording per language."""
    assert [(field, str(heading)) for field, heading in SECTIONS] == list(SECTIONS_EN.items())
    assert [(field, heading.zh) for field, heading in SECTIONS] == list(SECTIONS_ZH.items())
    assert (str(LABELS["always"]), LABELS["always"].zh) == ("always active", "始终生效")
    assert (str(LABELS["action"]), LABELS["action"].zh) == ("Default action", "默认处理")


def test_reference_pages_in_chinese(tmp_path: Path) -> None:
    """`language: zh`: every section of every rule page in Chinese, under the same headings
    `threatpub explain --lang zh` prints; "always active" worded the same everywhere."""
    pages = reference_pages("zh")
    assert "## 始终生效" in pages[INDEX]
    for rule in ALL_RULES:
        page = pages[page_name(rule)]
        assert f"- **依据：** {localize(rule.source, 'zh')}" in page, rule.code
        for field, heading in SECTIONS_ZH.items():
            assert f"\n## {heading}\n" in page, f"{rule.code}: {heading}"
            assert localize(getattr(rule.doc, field), "zh").strip("\n") in page, (
                f"{rule.code}: {field} is not in Chinese"
            )
        explained = threatpub("explain", rule.code, "--lang", "zh", cwd=tmp_path).stdout
        assert [line for line in explained.splitlines() if line in SECTIONS_ZH.values()] == [
            line[3:] for line in page.splitlines() if line[3:] in SECTIONS_ZH.values()
        ], rule.code
        if rule.profile is None:
            assert "始终生效" in explained.splitlines()[0], rule.code
            assert "- **规则集：** 始终生效" in page, rule.code


def test_the_index_links_to_every_rule(built_en: Site) -> None:
    main = main_of(page_of(built_en, "rules/"))
    base = urljoin(SITE_URL, "rules/")
    linked = {urlsplit(urljoin(base, a["href"])).path for a in main.select("table a[href]")}
    assert linked == {f"/{rule_url(rule.code)}" for rule in ALL_RULES}
    for row in main.select("table tr")[1:]:
        cells = [cell.get_text().strip() for cell in row.find_all("td")]
        if not cells:
            continue
        rule = next(r for r in ALL_RULES if r.code == cells[0])
        assert cells[1] == rule.name
        assert cells[2] == str(rule.default_action)
        assert flat(cells[4]) == flat(rule.summary)


def test_the_pages_are_searchable_and_in_the_sitemap(built_en: Site) -> None:
    index = json.loads((built_en.out / "search/search_index.json").read_text("utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    root = ET.parse(built_en.out / "sitemap.xml").getroot()
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    sitemap = {loc.text for loc in root.findall("s:url/s:loc", namespace)}
    for url in ["rules/", *(rule_url(rule.code) for rule in ALL_RULES)]:
        assert url in locations, f"{url} not in the search index"
        assert urljoin(SITE_URL, url) in sitemap, f"{url} not in sitemap.xml"


def test_the_manual_is_not_judged_but_the_site_is(built_en: Site) -> None:
    """CAC700's page says 预警 and CAC110's shows secrecy markings: judged, they would be
    held or fail the build. They are the tool's manual, so they are never judged."""
    report = json.loads((built_en.root / ".threatpub/report.json").read_text("utf-8"))
    verdicts = {page["path"]: page["verdict"] for page in report["pages"]}
    assert not [path for path in verdicts if path.startswith("rules/")]
    assert verdicts["advisories/gateway.md"] == "hold"
    assert not built_en.built("advisories/gateway.md")
    assert "预警" in main_of(page_of(built_en, "rules/cac700/")).get_text()


def test_an_explicit_nav_lists_the_generated_pages(built_en: Site) -> None:
    nav_links = {
        (a.get_text().strip(), urlsplit(urljoin(SITE_URL, a["href"])).path)
        for a in page_of(built_en, "").select(".navbar a[href], nav a[href]")
    }
    assert ("Early warning", "/rules/cac700/") in nav_links
    assert any(path == "/rules/" for _, path in nav_links)


@pytest.mark.slow
def test_chinese_headings_with_language_zh(built_zh: Site) -> None:
    main = main_of(page_of(built_zh, "rules/"))
    assert main.find("h1").get_text().strip() == "规则参考"
    headers = [th.get_text().strip() for th in main.select("table th")][:6]
    assert headers == ["代码", "名称", "默认处理", "依据", "摘要", "规则集"]
    for rule in ALL_RULES:
        main = main_of(page_of(built_zh, rule_url(rule.code)))
        found = sections(main)
        assert list(found) == list(SECTIONS_ZH.values()), rule.code
        text = flat(main.get_text())
        assert flat(localize(rule.summary, "zh")) in text, rule.code
        for field, heading in SECTIONS_ZH.items():
            body = flat(localize(getattr(rule.doc, field), "zh"))
            assert body in found[heading], f"{rule.code}: {heading}"


@pytest.mark.slow
def test_a_clash_with_a_docs_file_is_a_config_error(tmp_path: Path) -> None:
    same_path = reference_site(tmp_path / "same")
    same_path.write("rules/index.md", "# Our own rules\n")
    same_url = reference_site(tmp_path / "url", rules_reference="policy")
    same_url.write("policy/cac700.md", "# CAC700 notes\n")
    for site, ours, generated in (
        (same_path, "docs/rules/index.md", "rules/index.md"),
        (same_url, "docs/policy/cac700.md", "policy/cac700.md"),
    ):
        result = mkdocs(site, "build")
        assert result.returncode != 0, why(site, result, "a clash must stop the build")
        assert "rules_reference" in result.stderr, why(site, result, "the option is named")
        assert ours in result.stderr, why(site, result, "the site's file is named")
        assert generated in result.stderr, why(site, result, "the generated page is named")
    # A page elsewhere whose URL is the reference's: rules.md is written to rules/index.html.
    by_url = reference_site(tmp_path / "by-url")
    by_url.write("rules.md", "# Rules of the house\n")
    result = mkdocs(by_url, "build")
    assert result.returncode != 0, why(by_url, result, "a URL clash must stop the build")
    assert "docs/rules.md" in result.stderr, why(by_url, result, "the site's file is named")
    assert "rules/index.html" in result.stderr, why(by_url, result, "the shared URL is named")


@pytest.mark.slow
@pytest.mark.parametrize("folder", ["../rules", "/rules", "templates", 3])
def test_a_bad_folder_is_refused_by_mkdocs(tmp_path: Path, folder: object) -> None:
    site = make_site(tmp_path / "site-root", {"index.md": "# Home\n"}, {"rules_reference": folder})
    result = mkdocs(site, "build")
    assert result.returncode != 0, why(site, result, f"{folder!r} must be refused")
    if isinstance(folder, str):  # a folder our own check refuses, in our words
        for fragment in ("expected a folder relative to docs_dir", f"found {folder!r}"):
            assert fragment in result.stderr, why(site, result, "the error says why")
    # (A number is refused by MkDocs' own type check, in MkDocs' words, and the build names
    # the option in them too; the CLI, with the same validation, names it in ours.)
    checked = threatpub("check", "-f", "mkdocs.yml", cwd=site.root)
    assert checked.returncode == 2, checked.stderr
    assert "invalid 'threatpub' plugin options: rules_reference: " in checked.stderr, checked.stderr


@pytest.mark.slow
def test_disabled_plugin_still_serves_the_manual(tmp_path: Path) -> None:
    """`enabled: false` turns the checks off; the manual stays, so the nav still resolves."""
    site = reference_site(tmp_path / "site-root", enabled=False)
    result = mkdocs(site, "build", "--strict")
    assert result.returncode == 0, why(site, result, "a disabled plugin must still build")
    assert (site.out / "rules/cac700/index.html").is_file()
    assert site.built("advisories/gateway.md"), "disabled: nothing is held"


def test_example_site_serves_the_reference() -> None:
    """example-site lists every generated page in its nav, and only those."""
    config = yaml.safe_load((EXAMPLE_SITE / "mkdocs.yml").read_text("utf-8"))
    options = next(p["threatpub"] for p in config["plugins"] if isinstance(p, dict))
    assert options["rules_reference"] == "rules"
    [rules_nav] = [entry["Rules"] for entry in config["nav"] if "Rules" in entry]
    assert set(rules_nav) == {"rules/index.md"} | {
        f"rules/{rule.code.lower()}.md" for rule in ALL_RULES
    }
    assert rules_nav[0] == "rules/index.md"
