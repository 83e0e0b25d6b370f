"""MIIT097 overseas-disclosure (MIIT Art. 9(7)): unpublished details shared with a party
outside China other than the product provider need a recorded legal review."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.rules.helpers import check, line_of, page_text

MIIT = {"profiles": ["miit-2021"]}


def advisory(shared: str, extra: str = "") -> str:
    return (
        "---\ntitle: Fixed flaw in Example Server\nthreatpub:\n  kind: vulnerability\n"
        "  published: 2026-11-20\n  repair: {status: fixed, date: 2026-11-01}\n"
        f"  shared_before_publication:\n{shared}{extra}---\n\n"
        "## Remediation\n\nUpgrade to 2.4.1.\n"
    )


def party(name: str, country: str | None, role: str | None) -> str:
    fields = [f"party: {name}", "date: 2026-10-12"]
    if country:
        fields.append(f"country: {country}")
    if role:
        fields.append(f"role: {role}")
    return "    - {" + ", ".join(fields) + "}\n"


@pytest.mark.parametrize(
    ("country", "role", "warned"),
    [
        ("CN", "other", False),  # inside China
        ("cn", None, False),  # codes are case-insensitive
        ("US", "product-provider", False),  # the provider abroad: the Article's exception
        ("DE", "other", True),
        ("US", None, True),  # no role: not shown to be the provider
        ("HK", "other", True),  # Hong Kong, Macao, Taiwan are 境外 in PRC law
        ("TW", "other", True),
        (None, "other", True),  # no country: not shown to be inside
    ],
)
def test_who_counts_as_an_overseas_party(
    tmp_path: Path, country: str | None, role: str | None, warned: bool
) -> None:
    text = advisory(party("Example Research", country, role))
    run = check(tmp_path, {"p.md": text}, options=MIIT)
    page = run.page("p.md")
    assert page.verdict == "publish"
    if not warned:
        assert page.findings == []
        return
    finding = page.one("MIIT097")
    assert finding["action"] == "warn"
    assert finding["line"] == line_of(text, "party: Example Research")
    assert finding["key"] == "threatpub.shared_before_publication[0]"
    assert "Example Research" in finding["message"]
    assert finding["found"] == "no `legal_review` record"


def test_one_finding_names_every_overseas_party(tmp_path: Path) -> None:
    shared = (
        party("Example Vendor", "US", "product-provider")
        + party("Example CERT", "CN", "other")
        + party("Research GmbH", "DE", "other")
        + party("Lab Ltd", "GB", "other")
    )
    text = advisory(shared)
    finding = check(tmp_path, {"p.md": text}, options=MIIT).page("p.md").one("MIIT097")
    assert finding["line"] == line_of(text, "Research GmbH")
    assert "Research GmbH (DE), Lab Ltd (GB)" in finding["message"]
    assert "Example Vendor" not in finding["message"]


@pytest.mark.parametrize(
    ("review", "warned"),
    [
        ("  legal_review: {date: 2026-11-20, reference: LEGAL-31, by: Legal office}\n", False),
        ("  legal_review: {date: 2026-11-23T10:00:00+08:00, reference: LEGAL-31}\n", False),
        ("  legal_review: {date: 2026-11-23T10:00:01+08:00, reference: LEGAL-31}\n", True),
        ("  legal_review: {date: 2026-11-10}\n", True),
        ("  legal_review: {reference: LEGAL-31}\n", True),
    ],
)
def test_a_legal_review_dated_by_the_time_the_page_goes_public(
    tmp_path: Path, review: str, warned: bool
) -> None:
    """`published` 2026-11-20 is past: the page goes public now (2026-11-23 10:00)."""
    text = advisory(party("Research GmbH", "DE", "other"), review)
    page = check(tmp_path, {"p.md": text}, options=MIIT).page("p.md")
    assert page.codes == (["MIIT097"] if warned else [])


def test_the_fix_pasted_as_is_clears_the_warning(tmp_path: Path) -> None:
    text = advisory(party("Research GmbH", "DE", "other"))
    fix = check(tmp_path / "before", {"p.md": text}, options=MIIT).page("p.md").one("MIIT097")
    intro, _, example = fix["fix"].partition("\n")
    assert intro.endswith("for example:")
    _, front, body = page_text(text).split("---\n", 2)
    data = yaml.safe_load(front)
    data["threatpub"].update(yaml.safe_load(example))
    assert str(data["threatpub"]["legal_review"]["date"]) == "2026-11-20"  # not after `published`
    pasted = f"---\n{yaml.safe_dump(data, allow_unicode=True)}---\n{body}"
    after = check(tmp_path / "after", {"p.md": pasted}, options=MIIT)
    assert after.page("p.md").findings == []
