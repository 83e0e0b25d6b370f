"""MIIT072 vendor-report-late (MIIT Art. 7(2)): a vendor reports to MIIT within 2 days.

"Within 2 days" counts as Chinese law counts days: the day of discovery is not counted and
the second day after it ends at 24:00, site timezone. Discovered on 2026-11-03 → on time
through 2026-11-05 23:59:59 local time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.helpers import apply_fix, check, line_of

MIIT = {"profiles": ["miit-2021"]}


def vendor_page(discovered: str | None, *notified: str, role: str = "vendor") -> str:
    """A fixed vendor advisory; ``notified`` are dates of `miit` notifications."""
    lines = [
        "---",
        "title: Path traversal in Example NAS firmware",
        "threatpub:",
        "  kind: vulnerability",
        f"  publisher_role: {role}",
        "  published: 2026-11-10",
    ]
    if discovered is not None:
        lines.append(f"  discovered: {discovered}")
    lines += ["  repair: {status: fixed, date: 2026-11-08, reference: firmware 4.2.1}"]
    if notified:
        lines.append("  notifications:")
        lines += [f"    - {{authority: miit, date: {day}, reference: CSVIP-1}}" for day in notified]
    lines += ["---", "", "# Path traversal in Example NAS firmware", "", "## Remediation", ""]
    lines += ["Upgrade to firmware 4.2.1.", ""]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("discovered", "notified", "on_time"),
    [
        # The last day: discovered late on the 3rd, reported on the 5th.
        ("2026-11-03T23:30+08:00", "2026-11-05", True),
        ("2026-11-03", "2026-11-05T23:59:59+08:00", True),
        ("2026-11-03", "2026-11-06", False),
        # The same instants in UTC: 16:00Z is local midnight of the next day.
        ("2026-11-03", "2026-11-05T15:59:59Z", True),
        ("2026-11-03", "2026-11-05T16:00:00Z", False),
        # Discovered at 16:30Z on the 3rd is 00:30 on the 4th in Asia/Shanghai.
        ("2026-11-03T16:30:00Z", "2026-11-06", True),
        ("2026-11-03T15:30:00Z", "2026-11-06", False),
        # Reported the day it was found, or even before (a researcher's first notice).
        ("2026-11-03", "2026-11-03", True),
    ],
)
def test_two_day_boundary_in_the_site_timezone(
    tmp_path: Path, discovered: str, notified: str, on_time: bool
) -> None:
    run = check(tmp_path, {"nas.md": vendor_page(discovered, notified)}, options=MIIT)
    page = run.page("nas.md")
    assert page.verdict == "publish"  # a warning: the page goes out with the delay on record
    if on_time:
        assert page.findings == []
        return
    finding = page.one("MIIT072")
    assert finding["action"] == "warn"
    assert finding["line"] == line_of(vendor_page(discovered, notified), "discovered:")
    assert finding["key"] == "threatpub.discovered"
    assert "on or before 2026-11-05" in finding["expected"]
    assert "2026-11-06" in finding["found"]


def test_the_site_timezone_decides_the_days(tmp_path: Path) -> None:
    """Discovered 23:30 on the 3rd in Beijing is 15:30Z the same day; a report at 20:00Z on
    the 5th is on the 5th in UTC but on the 6th in Asia/Shanghai."""
    page = vendor_page("2026-11-03T23:30+08:00", "2026-11-05T20:00:00Z")
    utc = check(tmp_path / "utc", {"nas.md": page}, options={**MIIT, "timezone": "UTC"})
    assert utc.page("nas.md").findings == []
    beijing = check(tmp_path / "cn", {"nas.md": page}, options=MIIT)
    assert beijing.page("nas.md").codes == ["MIIT072"]


def test_missing_report_missing_date_and_other_publishers(tmp_path: Path) -> None:
    no_report = vendor_page("2026-11-03")
    other_authority = no_report.replace(
        "  repair:",
        "  notifications:\n    - {authority: cac, level: national, date: "
        "2026-11-04, reference: C-1}\n  repair:",
    )
    undated = vendor_page(None, "2026-11-04")
    run = check(
        tmp_path,
        {
            "none.md": no_report,
            "cac.md": other_authority,
            "undated.md": undated,
            "researcher.md": vendor_page("2026-11-03", role="researcher"),
        },
        options=MIIT,
    )
    for path in ("none.md", "cac.md"):
        finding = run.page(path).one("MIIT072")
        assert finding["action"] == "warn"
        assert "no report" in finding["message"]
        assert "by 2026-11-05" in finding["message"]
    finding = run.page("undated.md").one("MIIT072")
    assert finding["line"] == line_of(undated, "publisher_role:")
    assert "does not say when" in finding["message"]
    assert run.page("researcher.md").findings == []


def test_the_fix_pasted_as_is_clears_the_warning(tmp_path: Path) -> None:
    late = vendor_page("2026-11-03", "2026-11-07")
    first = check(tmp_path / "before", {"nas.md": late}, options=MIIT)
    fixed = apply_fix(late, first.page("nas.md").one("MIIT072")["fix"])
    after = check(tmp_path / "after", {"nas.md": fixed}, options=MIIT)
    assert after.page("nas.md").findings == []


def test_rule_belongs_to_the_miit_profile_only(tmp_path: Path) -> None:
    page = vendor_page("2026-11-03", "2026-11-09")
    run = check(tmp_path, {"nas.md": page}, options={"profiles": ["cac-2019"]})
    assert "MIIT072" not in run.page("nas.md").codes
