"""ISO740 advisory-incomplete (ISO/IEC 29147 §7.4): the elements of an advisory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.rules.helpers import check, line_of, page_text

ISO = {"profiles": ["iso-29147"], "jurisdiction": ["DE"], "timezone": "Europe/Berlin"}

FULL_BLOCK = """\
  advisory:
    identifier: EXCERT-2026-001
    date: 2026-11-20
    title: Authentication bypass in EX-200 routers
    overview: The web interface accepts unbound session tokens.
    affected_products: ["EX-200 firmware < 3.1.7"]
    description: Session tokens are not bound to the client.
    impact: Administrative access from the local network.
    severity: "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (8.8)"
    remediation: Update to firmware 3.1.7.
    references: ["https://www.cve.org/CVERecord?id=CVE-2026-0001"]
    credit: Jane Doe
    contact: psirt@example.org
    revisions: [{date: 2026-11-20, summary: Initial release}]
"""

ENGLISH_SECTIONS = """\
## Overview
## Affected products
## Description
## Impact
## Severity
## Remediation
## References
## Credit
## Contact
## Revision history
"""

CHINESE_SECTIONS = """\
## 一、概述
## 二、受影响产品
## 三、漏洞描述
## 四、影响
## 五、严重程度
## 六、修复建议
## 七、参考
## 八、致谢
## 九、联系方式
## 十、修订历史
"""

ALL_PROSE = (
    "overview",
    "affected products",
    "description",
    "impact",
    "severity",
    "remediation",
    "references",
    "credit",
    "contact",
    "revision history",
)


def advisory(block: str = "", top: str = "", body: str = "", kind: str = "vulnerability") -> str:
    """An advisory page; ``block`` goes under `threatpub:`, ``top`` beside it."""
    return f"---\n{top}threatpub:\n  kind: {kind}\n{block}---\n\n{body}"


def test_complete_advisories_publish_without_findings(tmp_path: Path) -> None:
    """Every element given: by the `advisory:` block, by English or by Chinese sections."""
    run = check(
        tmp_path,
        {
            "yaml.md": advisory(FULL_BLOCK),
            "english.md": advisory(
                "  published: 2026-11-20T09:00+01:00\n  advisory: {identifier: CVE-2026-0001}\n",
                top="title: Authentication bypass in EX-200 routers\n",
                body=ENGLISH_SECTIONS,
            ),
            # Title from the first H1, date from the page's `date` (Material blog style).
            "chinese.md": advisory(
                "  advisory: {identifier: EXCERT-2026-002}\n",
                top="date: 2026-11-20\n",
                body="# EX-200 路由器认证绕过漏洞\n\n" + CHINESE_SECTIONS,
            ),
        },
        options=ISO,
    )
    for path in ("yaml.md", "english.md", "chinese.md"):
        assert run.page(path).verdict == "publish", path
        assert run.page(path).findings == [], path


def test_identifier_date_and_title_hold_one_finding_each(tmp_path: Path) -> None:
    text = advisory(body=ENGLISH_SECTIONS)
    run = check(tmp_path, {"bare.md": text}, options=ISO)
    page = run.page("bare.md")
    assert page.verdict == "hold"
    held = [f for f in page.findings if f["action"] == "hold"]
    assert [f["key"] for f in held] == [
        "threatpub.advisory.identifier",
        "threatpub.advisory.date",
        "threatpub.advisory.title",
    ]
    for finding in held:
        assert finding["code"] == "ISO740"
        assert finding["line"] == line_of(text, "threatpub:")  # no `advisory:` block yet
        assert "§7.4" in finding["message"]
        assert finding["fix"].split("\n", 1)[0].endswith("for example:")
    # Sections give the prose elements: nothing else is missing.
    assert len(page.findings) == 3
    assert page.release_after is None


def test_only_the_missing_identifier_holds(tmp_path: Path) -> None:
    text = advisory(
        "  published: 2026-11-20\n  advisory:\n    credit: Jane Doe\n",
        top="title: EX-200 advisory\n",
        body=ENGLISH_SECTIONS,
    )
    run = check(tmp_path, {"no-id.md": text}, options=ISO)
    page = run.page("no-id.md")
    assert page.verdict == "hold"
    finding = page.one("ISO740")
    assert finding["key"] == "threatpub.advisory.identifier"
    assert finding["line"] == line_of(text, "  advisory:")
    assert finding["expected"] == "'threatpub.advisory.identifier'"


def _paste(text: str, fix: str) -> str:
    """Do what the fix says: merge its `advisory:` example into the page's block."""
    intro, _, example = fix.partition("\n")
    assert intro.endswith("for example:"), fix
    snippet = yaml.safe_load(example)
    _, front, body = page_text(text).split("---\n", 2)
    data: dict[str, Any] = yaml.safe_load(front)
    meta = data["threatpub"]
    meta["advisory"] = {**(meta.get("advisory") or {}), **snippet["advisory"]}
    return f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\n{body}"


def test_pasting_the_fixes_completes_the_advisory(tmp_path: Path) -> None:
    """Any one hold fix carries every held element; the warning's fix carries the rest."""
    text = advisory("  advisory:\n    credit: Jane Doe\n", body="Text.\n")
    first = check(tmp_path / "before", {"a.md": text}, options=ISO).page("a.md")
    assert first.verdict == "hold"
    hold_fix = next(f["fix"] for f in first.findings if f["action"] == "hold")
    warn_fix = next(f["fix"] for f in first.findings if f["action"] == "warn")
    fixed = _paste(_paste(text, hold_fix), warn_fix)
    after = check(tmp_path / "after", {"a.md": fixed}, options=ISO).page("a.md")
    assert after.verdict == "publish"
    assert after.findings == []


def test_missing_prose_elements_are_one_warning(tmp_path: Path) -> None:
    text = advisory(
        "  published: 2026-11-20\n  advisory:\n    identifier: EXCERT-2026-003\n"
        "    severity: high\n",
        top="title: EX-200 advisory\n",
        body="## Affected products\n\n## Remediation\n",
    )
    run = check(tmp_path, {"partial.md": text}, options=ISO)
    page = run.page("partial.md")
    assert page.verdict == "publish"
    finding = page.one("ISO740")
    assert finding["action"] == "warn"
    assert finding["severity"] == "warning"
    assert finding["line"] == line_of(text, "  advisory:")
    assert finding["key"] == "threatpub.advisory"
    missing = [
        "overview",
        "description",
        "impact",
        "references",
        "credit",
        "contact",
        "revision history",
    ]
    assert finding["found"] == "not given: " + ", ".join(missing)
    assert "7 of the elements" in finding["message"]
    example = yaml.safe_load(finding["fix"].split("\n", 1)[1])["advisory"]
    assert sorted(example) == sorted(
        ["overview", "description", "impact", "references", "credit", "contact", "revisions"]
    )


@pytest.mark.parametrize(
    ("body", "missing"),
    [
        # "影响" is not read into "受影响产品" (affected products).
        ("## 受影响产品\n## 严重程度\n", {"impact"}),
        # One heading may name two elements; numbering and a trailing colon are ignored.
        ("## 3. Impact and severity:\n", {"affected products"}),
        ("## 影响与严重程度\n", {"affected products"}),
        # A heading starting with the name counts; a longer word does not.
        ("## Impact on users\n## Severity\n", {"affected products"}),
        ("## Impacted customers\n## Severity\n", {"affected products", "impact"}),
        # Setext headings count; headings inside fenced code do not.
        ("Impact\n------\n\n```\n## Severity\n```\n", {"affected products", "severity"}),
        # The first H1 is the title, not a section.
        ("# Impact\n\n## Severity\n", {"affected products", "impact"}),
    ],
    ids=[
        "zh-affected-not-impact",
        "and",
        "zh-and",
        "prefix",
        "longer-word",
        "setext-fence",
        "h1-is-title",
    ],
)
def test_section_headings(tmp_path: Path, body: str, missing: set[str]) -> None:
    block = FULL_BLOCK.replace('    affected_products: ["EX-200 firmware < 3.1.7"]\n', "")
    for key in ("impact", "severity"):
        block = "\n".join(line for line in block.split("\n") if not line.startswith(f"    {key}:"))
    run = check(tmp_path, {"a.md": advisory(block, body=body)}, options=ISO)
    finding = run.page("a.md").one("ISO740")
    found = set(finding["found"].removeprefix("not given: ").split(", "))
    assert found == missing


def test_scope_kind_profile_and_override(tmp_path: Path) -> None:
    """Only advisories; everywhere (iso-29147 has no jurisdiction); off without the profile;
    `rules: {ISO740: warn}` makes the held elements warnings."""
    bare = advisory(body="Text.\n")
    pages = {
        "general.md": advisory(body="Text.\n", kind="general"),
        "breach.md": advisory(body="Text.\n", kind="breach"),
        "cn.md": advisory("  jurisdiction: [CN]\n", body="Text.\n"),
        "us.md": advisory("  jurisdiction: [US]\n", body="Text.\n"),
    }
    run = check(tmp_path / "iso", pages, options=ISO)
    assert run.page("general.md").findings == []
    assert run.page("breach.md").findings == []
    for path in ("cn.md", "us.md"):
        assert run.page(path).verdict == "hold", path
        assert set(run.page(path).codes) == {"ISO740"}, path
        assert len(run.page(path).codes) == 4, path  # identifier, date, title; the rest
    without = check(tmp_path / "cac", {"bare.md": bare}, options={"profiles": ["cac-2019"]})
    assert "ISO740" not in without.page("bare.md").codes
    as_warning = {**ISO, "rules": {"ISO740": "warn"}}
    warned = check(tmp_path / "warn", {"bare.md": bare}, options=as_warning)
    page = warned.page("bare.md")
    assert page.verdict == "publish"
    assert [f["action"] for f in page.findings] == ["warn"] * 4
    everything = page.findings[-1]["found"].removeprefix("not given: ").split(", ")
    assert everything == list(ALL_PROSE)


def test_on_hold_fail_keeps_the_warning_a_warning(tmp_path: Path) -> None:
    run = check(
        tmp_path,
        {"bare.md": advisory(body="Text.\n")},
        options={**ISO, "on_hold": "fail"},
    )
    page = run.page("bare.md")
    assert page.verdict == "fail"
    assert [f["action"] for f in page.findings] == ["fail", "fail", "fail", "warn"]
