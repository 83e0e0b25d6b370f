"""Simplified Chinese: `language: zh` in mkdocs.yml, `--lang zh` on the command line.

Every rule carries its summary and all of its documentation in both languages, and every
place that shows the documentation (`threatpub explain`, `threatpub rules`, the rules
reference) shows the Chinese with `zh`; every finding the example site and the corpus provoke
is worded in Chinese; the build summary, the report,
the serve banner and the CLI speak Chinese with the Measures' legal terms. (The rule tests
check, through tests/rules/helpers.py, each finding they provoke in Chinese too.)
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from mkdocs_threatpub.core.i18n import Text, has_chinese, localize
from mkdocs_threatpub.core.rule import Rule
from mkdocs_threatpub.rules import ALL_RULES
from tests.conftest import Site, mkdocs, serve, shared_path, threatpub

WORDS = ("message", "expected", "found", "fix")
LEGAL_TERMS = ("网信部门", "公安机关", "预警", "网络运营者书面意见")
# A rule's documentation, in the order `threatpub explain` shows it, with the Chinese headings.
DOC_SECTIONS = {
    "what": "检查内容",
    "why": "原因",
    "source": "依据",
    "how": "如何满足",
    "example": "示例",
}


def _ideographs(text: str) -> int:
    return sum(has_chinese(ch) for ch in text)


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def nothing_to_translate(example: str) -> bool:
    """An example that is YAML data without a comment or a value of several words: it reads
    the same in both languages (keys, codes, dates), so it may be one string."""
    try:
        documents = [d for d in yaml.safe_load_all(example) if d is not None]
    except yaml.YAMLError:
        return False
    if not documents or not all(isinstance(d, dict | list) for d in documents):
        return False
    if re.search(r"(^|\s)#", example):
        return False
    return not any(
        len(re.findall(r"[^\W\d_]{2,}", value)) >= 3 for d in documents for value in _strings(d)
    )


def _documentation(rule: Rule) -> list[tuple[str, str]]:
    return [("summary", rule.summary)] + [
        (f"doc.{field}", getattr(rule.doc, field)) for field in DOC_SECTIONS
    ]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_documents_itself_in_both_languages(rule: Rule) -> None:
    """Summary, what, why, source, how and example: each has Chinese of its own, not the
    English again (only an example with nothing but YAML data may be one string)."""
    for field, value in _documentation(rule):
        assert value.strip(), f"{rule.code} {field} is empty"
        if field == "doc.example" and nothing_to_translate(value):
            assert localize(value, "zh") == str(value)
            continue
        assert isinstance(value, Text), f"{rule.code} {field} is English only"
        english, chinese = str(value), value.zh
        assert has_chinese(chinese), f"{rule.code} {field} has no Chinese: {chinese!r}"
        assert chinese != english, f"{rule.code} {field}: the Chinese repeats the English"
        assert _ideographs(chinese) > _ideographs(english), (
            f"{rule.code} {field}: the Chinese is the English with Chinese words in it"
        )
        first = re.split(r"[.;:](?:\s|$)", english.split("\n")[0])[0]
        if len(first.split()) >= 4:
            assert first not in chinese, f"{rule.code} {field}: English left in the Chinese"
        if field in ("summary", "doc.how"):
            assert not has_chinese(english) or rule.code == "CAC700", (
                f"{rule.code} {field}: the English text is Chinese"
            )


def test_nothing_to_translate_is_only_yaml_data() -> None:
    assert nothing_to_translate('threatpub:\n  kind: incident\n  region: "440305"')
    assert not nothing_to_translate("threatpub:\n  allow: []   # the content was removed")
    assert not nothing_to_translate("title: Heap overflow in Example gateway")
    assert not nothing_to_translate("The gateway at 192.0.2.10 forwards port 8443.")


def _indented(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def test_explain_in_chinese_shows_every_section_of_every_rule(tmp_path: Path) -> None:
    for rule in ALL_RULES:
        text = threatpub("explain", rule.code, "--lang", "zh", cwd=tmp_path)
        assert text.returncode == 0, text.stderr
        lines = text.stdout.splitlines()
        assert lines[0].startswith(f"{rule.code} {rule.name}（"), lines[0]
        assert "默认处理：" in lines[0], lines[0]
        assert localize(rule.summary, "zh") in lines, rule.code
        positions = [lines.index(heading) for heading in DOC_SECTIONS.values()]
        assert positions == sorted(positions), rule.code
        for field in DOC_SECTIONS:
            body = localize(getattr(rule.doc, field), "zh")
            assert _indented(body) in text.stdout, f"{rule.code}: {field} not in Chinese"
        for english in ("What it checks", "How to satisfy it", "default action"):
            assert english not in text.stdout, f"{rule.code}: {english!r}"

        as_json = threatpub("explain", rule.code, "--lang", "zh", "--format", "json", cwd=tmp_path)
        assert as_json.returncode == 0, as_json.stderr
        data = json.loads(as_json.stdout)
        assert data["summary"] == localize(rule.summary, "zh")
        assert list(data["docs"].values()) == [
            localize(getattr(rule.doc, field), "zh") for field in DOC_SECTIONS
        ], rule.code
        for key, value in data["docs"].items():
            assert has_chinese(value) or (key == "example" and nothing_to_translate(value)), (
                f"{rule.code}: docs.{key} has no Chinese"
            )


def test_rules_in_chinese_lists_the_chinese_documentation(tmp_path: Path) -> None:
    text = threatpub("rules", "--lang", "zh", cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    for rule in ALL_RULES:
        assert localize(rule.summary, "zh") in text.stdout, rule.code
    as_json = threatpub("rules", "--lang", "zh", "--format", "json", cwd=tmp_path)
    assert as_json.returncode == 0, as_json.stderr
    for entry, rule in zip(json.loads(as_json.stdout), ALL_RULES, strict=True):
        assert entry["code"] == rule.code
        assert entry["docs"]["what_it_checks"] == localize(rule.doc.what, "zh")
        assert entry["docs"]["why"] == localize(rule.doc.why, "zh")
        assert entry["docs"]["source"] == localize(rule.doc.source, "zh")
        assert entry["docs"]["how_to_satisfy_it"] == localize(rule.doc.how, "zh")
        assert entry["docs"]["example"] == localize(rule.doc.example, "zh")


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
