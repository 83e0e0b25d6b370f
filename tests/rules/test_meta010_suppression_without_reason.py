"""META010 suppression-without-reason: an `allow` must say why (and name a content rule)."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import check, line_of


def allowing(entries: str) -> str:
    """A general page whose `allow:` list is ``entries`` (indented four spaces)."""
    return f"---\nthreatpub:\n  kind: general\n  allow:\n{entries}---\n\nText.\n"


NO_REASON = allowing("    - rule: CAC403\n      approved_by: security-review\n")
BLANK_REASON = allowing('    - rule: CAC404\n      reason: "   "\n')
SECOND_NO_REASON = allowing(
    '    - rule: CAC403\n      reason: "reviewed with the vendor"\n'
    "    - rule: CAC405\n      expires: 2027-01-01\n"
)
ALLOW_PAPERWORK = allowing('    - rule: CAC801\n      reason: "the operator agreed by phone"\n')
ALLOW_UNKNOWN = allowing('    - rule: CAC999\n      reason: "typo in the code"\n')


def test_allow_without_reason_fails(tmp_path: Path) -> None:
    """No reason (or only blanks) fails at the entry's line; a reasoned sibling is fine."""
    run = check(
        tmp_path,
        {"no-reason.md": NO_REASON, "blank.md": BLANK_REASON, "second.md": SECOND_NO_REASON},
    )
    for path, text, needle, index in (
        ("no-reason.md", NO_REASON, "- rule: CAC403", 0),
        ("blank.md", BLANK_REASON, "- rule: CAC404", 0),
        ("second.md", SECOND_NO_REASON, "- rule: CAC405", 1),
    ):
        result = run.page(path)
        assert result.verdict == "fail", (path, result.findings)
        finding = result.one("META010")
        assert finding["line"] == line_of(text, needle), path
        assert finding["key"] == f"threatpub.allow[{index}].reason"
        assert finding["action"] == "fail"
    # The reasoned entry on the same page is only unused, on its own line.
    unused = run.page("second.md").one("META011")
    assert unused["line"] == line_of(SECOND_NO_REASON, "- rule: CAC403")


def test_allow_for_a_non_content_rule_is_an_invalid_value(tmp_path: Path) -> None:
    """Paperwork rules are met by records, not by a person's acceptance: META003."""
    run = check(tmp_path, {"paperwork.md": ALLOW_PAPERWORK, "unknown.md": ALLOW_UNKNOWN})
    for path, text, code in (
        ("paperwork.md", ALLOW_PAPERWORK, "CAC801"),
        ("unknown.md", ALLOW_UNKNOWN, "CAC999"),
    ):
        result = run.page(path)
        assert result.verdict == "fail", path
        # Reported once, as invalid; not also as an unused suppression.
        assert result.codes == ["META003"], (path, result.findings)
        finding = result.one("META003")
        assert finding["line"] == line_of(text, f"- rule: {code}")
        assert finding["key"] == "threatpub.allow[0].rule"
        assert code in finding["message"]
