"""Simplified Chinese: `language: zh` in mkdocs.yml, `--lang zh` on the command line.

Every rule carries its summary and "how to satisfy it" in both languages; every finding the
example site and the corpus provoke is worded in Chinese; the build summary, the report,
the serve banner and the CLI speak Chinese with the Measures' legal terms. (The rule tests
check, through tests/rules/helpers.py, each finding they provoke in Chinese too.)
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from mkdocs_threatpub.core.i18n import Text, has_chinese
from mkdocs_threatpub.rules import ALL_RULES
from tests.conftest import Site, mkdocs, serve, shared_path, threatpub

WORDS = ("message", "expected", "found", "fix")
LEGAL_TERMS = ("网信部门", "公安机关", "预警", "网络运营者书面意见")


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_has_both_languages(rule: object) -> None:
    from mkdocs_threatpub.core.rule import Rule

    assert isinstance(rule, Rule)
    for field, value in (("summary", rule.summary), ("doc.how", rule.doc.how)):
        assert isinstance(value, Text), f"{rule.code} {field} is English only"
        assert value.strip(), f"{rule.code} {field} is empty"
        assert has_chinese(value.zh), f"{rule.code} {field} has no Chinese: {value.zh!r}"
        assert not has_chinese(str(value)) or rule.code == "CAC700", (
            f"{rule.code} {field}: the English text is Chinese"
        )


def _all_words(report: dict) -> list[tuple[str, str, str, str]]:
    return [
        (page["path"], finding["code"], word, finding[word])
        for page in report["pages"]
        for finding in page["findings"] + page["suppressed"]
        for word in WORDS
        if finding.get(word)
    ]


def test_check_in_chinese_on_the_example_site_and_the_corpus(
    example_site: Site, tmp_path: Path
) -> None:
    result = threatpub(
        "check", "-f", "mkdocs.yml", "--format", "json", "--lang", "zh", cwd=example_site.root
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["language"] == "zh"
    corpus = tmp_path / "corpus"
    shutil.copytree(shared_path("corpus"), corpus, ignore=shutil.ignore_patterns("*.tsv"))
    scanned = threatpub("check", str(corpus), "--format", "json", "--lang", "zh")
    assert scanned.returncode in (0, 1), scanned.stderr
    corpus_report = json.loads(scanned.stdout)
    words = _all_words(report) + _all_words(corpus_report)
    assert len({code for _, code, _, _ in words}) >= 8  # many rules, not one
    untranslated = [(p, c, w, v[:80]) for p, c, w, v in words if not has_chinese(v)]
    assert not untranslated, untranslated[:10]

    text = threatpub("check", "-f", "mkdocs.yml", "--lang", "zh", cwd=example_site.root)
    summary = text.stdout.strip().splitlines()
    assert any(
        re.match(r"^threatpub：共审查 \d+ 个页面：发布 \d+ 个，暂缓 \d+ 个", line)
        for line in summary
    ), summary[-5:]
    assert "应为：" in text.stdout
    assert "修改：" in text.stdout
    english = threatpub("check", "-f", "mkdocs.yml", cwd=example_site.root)
    assert "expected: " in english.stdout  # English stays the default
    assert "应为：" not in english.stdout


def _set_language(site: Site, language: str) -> None:
    config = yaml.safe_load(site.config_file.read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "threatpub" in plugin:
            plugin["threatpub"]["language"] = language
    site.config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


@pytest.mark.slow
def test_build_in_chinese(example_site: Site) -> None:
    _set_language(example_site, "zh")
    result = mkdocs(example_site, "build")
    assert result.returncode == 0, result.stderr
    assert re.search(r"共审查 \d+ 个页面：发布 \d+ 个，暂缓 \d+ 个", result.stderr)
    report = json.loads((example_site.root / ".threatpub/report.json").read_text())
    assert report["language"] == "zh"
    words = _all_words(report)
    assert words
    assert all(has_chinese(value) for *_, value in words), [
        w for w in words if not has_chinese(w[3])
    ][:5]
    everything = result.stderr + json.dumps(report, ensure_ascii=False)
    everything += threatpub("rules", "--lang", "zh").stdout
    for term in LEGAL_TERMS:
        assert term in everything, term


@pytest.mark.slow
def test_serve_banner_in_chinese(example_site: Site) -> None:
    _set_language(example_site, "zh")
    with serve(example_site) as server:
        status, html = server.get("/advisories/scada-gateway-heap-overflow/")
        assert status == 200, server.log()
    soup = BeautifulSoup(html, "html.parser")
    banner = soup.select_one(".threatpub-banner")
    assert banner is not None
    assert banner.get("lang") == "zh-CN"
    assert "暂缓：本页暂不发布" in banner.get_text()
    assert "修改方法" in banner.get_text()
    assert "网络运营者书面意见" in banner.get_text()
