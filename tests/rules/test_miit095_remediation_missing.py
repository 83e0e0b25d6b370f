"""MIIT095 remediation-missing (MIIT Art. 9(5)): a vulnerability is published with its fix
or mitigation: `repair.status` fixed or mitigated, or a remediation section with content."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.rules.helpers import check, line_of, page_text

MIIT = {"profiles": ["miit-2021"]}
# An early-release record keeps MIIT091 (no fix yet) out of these tests.
EARLY = "  early_release: {date: 2026-11-01, parties: [Example Inc.], reference: EA-1}\n"


def advisory(
    body: str, repair: str = "  repair: {status: unfixed}\n", kind: str = "vulnerability"
) -> str:
    return (
        f"---\ntitle: Flaw in Example Server\nthreatpub:\n  kind: {kind}\n{repair}{EARLY}---\n\n"
        f"# Flaw in Example Server\n\nA flaw lets an attacker read files.\n\n{body}"
    )


@pytest.mark.parametrize(
    "body",
    [
        "## Remediation\n\nUpgrade to 2.4.1.\n",
        "## 5. Remediation and workarounds\n\nUpgrade to 2.4.1.\n",
        "### Mitigations\n\nBlock port 8443.\n",
        "## WORKAROUND\n\nDisable the module.\n",
        "Solution\n--------\n\nUpgrade to 2.4.1.\n",  # setext heading
        "## 修复建议\n\n升级到 2.4.1。\n",
        "## 缓解措施\n\n关闭该模块。\n",
        "## 临时解决方案\n\n关闭该模块。\n",
        "## 修復建議\n\n升級到 2.4.1。\n",  # traditional
        "## Remediation\n\n### For 2.x\n\nUpgrade to 2.4.1.\n",  # content in a subsection
    ],
)
def test_a_remediation_section_with_content_satisfies_it(tmp_path: Path, body: str) -> None:
    run = check(tmp_path, {"p.md": advisory(body)}, options=MIIT)
    assert run.page("p.md").findings == []


@pytest.mark.parametrize(
    "body",
    [
        "",
        "## Remediation\n\n## Timeline\n\n- 2026-11-01 reported\n",  # empty section
        "## Remediation\n",  # empty at the end of the page
        "```text\n## Remediation\nUpgrade.\n```\n",  # not a heading: inside code
        "## Irremediable design\n\nNothing to do.\n",  # not the word
        "Remediation: none yet.\n",  # prose, not a heading
    ],
)
def test_without_a_section_or_measure_it_holds(tmp_path: Path, body: str) -> None:
    text = advisory(body)
    run = check(tmp_path, {"p.md": text}, options=MIIT)
    page = run.page("p.md")
    assert page.verdict == "hold"
    finding = page.one("MIIT095")
    assert finding["line"] == line_of(text, "kind:")
    assert finding["key"] == "threatpub.kind"
    assert finding["found"] == "repair.status: unfixed and no remediation section"


def test_a_recorded_measure_satisfies_it_unfixed_does_not(tmp_path: Path) -> None:
    run = check(
        tmp_path,
        {
            "fixed.md": advisory("", "  repair: {status: fixed, date: 2026-11-01}\n"),
            "mitigated.md": advisory("", "  repair: {status: mitigated}\n"),
            "none.md": advisory("", ""),
            "general.md": advisory("", "", kind="general"),
        },
        options=MIIT,
    )
    assert run.page("fixed.md").findings == []
    assert run.page("mitigated.md").findings == []
    assert "no `repair` record" in run.page("none.md").one("MIIT095")["found"]
    assert run.page("general.md").findings == []


def test_the_fix_pasted_as_is_publishes(tmp_path: Path) -> None:
    text = advisory("")
    fix = check(tmp_path / "before", {"p.md": text}, options=MIIT).page("p.md").one("MIIT095")
    intro, _, example = fix["fix"].partition("\n")
    assert intro.endswith("for example:")
    _, front, body = page_text(text).split("---\n", 2)
    data = yaml.safe_load(front)
    data["threatpub"].update(yaml.safe_load(example))
    pasted = f"---\n{yaml.safe_dump(data, allow_unicode=True)}---\n{body}"
    after = check(tmp_path / "after", {"p.md": pasted}, options=MIIT)
    assert after.page("p.md").findings == []
