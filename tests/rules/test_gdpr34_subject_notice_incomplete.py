"""GDPR34 subject-notice-incomplete (Art. 34(2) with Art. 33(3)(b)-(d))."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.rules.helpers import check, line_of, page_text

GDPR = {"profiles": ["gdpr"], "jurisdiction": ["DE"], "timezone": "Europe/Berlin"}
# GDPR33 satisfied, so that only GDPR34 speaks in these tests.
NOTIFIED = (
    "  publisher_role: controller\n  aware: 2026-11-01T10:00+01:00\n  notifications:\n"
    "    - {authority: supervisory-authority, date: 2026-11-02T10:00+01:00}\n"
)


def notice(block: str = "", body: str = "Text.\n", kind: str = "breach") -> str:
    return (
        f"---\ntitle: Breach notice\nthreatpub:\n  kind: {kind}\n{NOTIFIED}{block}---\n\n"
        f"# Breach notice\n\n{body}"
    )


SECTIONS = {
    "en": "## What happened\n\n## Contact\n\n## Likely consequences\n\n## Measures taken\n",
    "de": "## Was ist passiert?\n\n## Ansprechpartner\n\n## Mögliche Folgen\n\n"
    "## Ergriffene Maßnahmen\n",
    "fr": "## Que s’est-il passé ?\n\n## Délégué à la protection des données\n\n"
    "## Conséquences probables\n\n## Mesures prises\n",
    "zh": "## 一、事件经过\n\n## 二、联系方式\n\n## 三、可能的后果\n\n## 四、已采取的措施\n",
}
BLOCK = (
    "  breach_notice:\n    nature: Subscriber e-mail addresses were copied.\n"
    "    contact: dpo@example.org\n    consequences: Phishing e-mails.\n"
    "    measures: The endpoint was closed.\n"
)


def test_complete_notices_publish_without_findings(tmp_path: Path) -> None:
    pages = {f"{lang}.md": notice(body=body) for lang, body in SECTIONS.items()}
    pages["yaml.md"] = notice(BLOCK)
    run = check(tmp_path, pages, options=GDPR)
    for path in pages:
        assert run.page(path).verdict == "publish", path
        assert run.page(path).findings == [], (path, run.page(path).findings)


def test_one_warning_lists_every_missing_part(tmp_path: Path) -> None:
    empty = notice()
    half = notice("  breach_notice:\n    contact: dpo@example.org\n", body="## Was ist passiert\n")
    run = check(tmp_path, {"empty.md": empty, "half.md": half}, options=GDPR)
    finding = run.page("empty.md").one("GDPR34")
    assert run.page("empty.md").verdict == "publish"
    assert finding["action"] == "warn"
    assert finding["line"] == line_of(empty, "threatpub:")
    assert finding["key"] == "threatpub.breach_notice"
    assert finding["found"] == (
        "not given: the nature of the breach, a contact point, the likely consequences, "
        "the measures taken or proposed"
    )
    assert "Art. 33(3)(b)" in finding["message"]
    partial = run.page("half.md").one("GDPR34")
    assert partial["line"] == line_of(half, "breach_notice:")
    assert partial["found"] == "not given: the likely consequences, the measures taken or proposed"
    assert "Art. 33(3)(b)" not in partial["message"]


def test_pasting_the_fix_completes_the_notice(tmp_path: Path) -> None:
    text = notice(body="## Contact\n")
    before = check(tmp_path / "before", {"a.md": text}, options=GDPR).page("a.md")
    fix = before.one("GDPR34")["fix"]
    intro, _, example = fix.partition("\n")
    assert intro.endswith("for example:")
    snippet = yaml.safe_load(example)
    assert sorted(snippet["breach_notice"]) == ["consequences", "measures", "nature"]
    _, front, body = page_text(text).split("---\n", 2)
    data: dict[str, Any] = yaml.safe_load(front)
    data["threatpub"].update(snippet)
    fixed = f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\n{body}"
    after = check(tmp_path / "after", {"a.md": fixed}, options=GDPR).page("a.md")
    assert after.findings == []


@pytest.mark.parametrize(
    ("body", "missing"),
    [
        # A heading that merely starts with the same letters does not count.
        ("## Contacted authorities\n", "a contact point"),
        # Headings in code blocks do not count; the title H1 is not a section.
        ("```\n## Contact\n```\n", "a contact point"),
        # Markup and a trailing colon are ignored.
        ("## **Kontakt**:\n", ""),
        ("## Contact & measures\n", ""),
    ],
    ids=["longer-word", "fenced", "markup", "two-in-one"],
)
def test_headings(tmp_path: Path, body: str, missing: str) -> None:
    block = "  breach_notice:\n    nature: n\n    consequences: c\n"
    if "measures" not in body:
        block += "    measures: m\n"
    run = check(tmp_path, {"a.md": notice(block, body=body)}, options=GDPR)
    findings = run.page("a.md").all("GDPR34")
    if missing:
        [finding] = findings
        assert finding["found"] == f"not given: {missing}"
    else:
        assert findings == []


def test_scope(tmp_path: Path) -> None:
    """Breach notices only, in the EU/EEA, with the gdpr profile; any publisher role."""
    pages = {
        "advisory.md": notice(kind="vulnerability"),
        "cert.md": notice("  jurisdiction: [FR]\n").replace("controller", "cert"),
        "cn.md": notice("  jurisdiction: [CN]\n"),
    }
    run = check(tmp_path / "gdpr", pages, options=GDPR)
    assert run.page("advisory.md").all("GDPR34") == []
    assert len(run.page("cert.md").all("GDPR34")) == 1
    assert run.page("cn.md").all("GDPR34") == []
    other = check(tmp_path / "iso", {"a.md": notice()}, options={**GDPR, "profiles": ["iso-29147"]})
    assert other.page("a.md").findings == []
