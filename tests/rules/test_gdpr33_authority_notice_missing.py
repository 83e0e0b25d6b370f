"""GDPR33 authority-notice-missing (Art. 33(1)): the supervisory authority within 72 hours.

The 72 hours are exact elapsed time: the boundaries are tested at 71:59, 72:00 and 72:01
with `aware` and the notification in different UTC offsets, and across both daylight-saving
changes of the Europe/Berlin site timezone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.rules.helpers import check, line_of, page_text

GDPR = {"profiles": ["gdpr"], "jurisdiction": ["DE"], "timezone": "Europe/Berlin"}

# GDPR34's parts, so that only GDPR33 speaks in these tests.
NOTICE = (
    "  breach_notice:\n    nature: Subscriber e-mail addresses were copied.\n"
    "    contact: dpo@example.org\n    consequences: Phishing e-mails.\n"
    "    measures: The endpoint was closed.\n"
)


def breach(aware: str | None, *notified: str, extra: str = "", role: str = "controller") -> str:
    """A breach notice; ``notified`` are supervisory-authority notification dates."""
    text = "---\ntitle: Breach notice\nthreatpub:\n  kind: breach\n"
    if role:
        text += f"  publisher_role: {role}\n"
    if aware is not None:
        text += f"  aware: {aware}\n"
    if notified:
        text += "  notifications:\n" + "".join(
            f"    - {{authority: supervisory-authority, date: {date}}}\n" for date in notified
        )
    return text + extra + NOTICE + "---\n\n# Breach notice\n\nText.\n"


def gdpr33(run: Any, path: str) -> list[dict[str, Any]]:
    page = run.page(path)
    assert page.verdict == "publish", (path, page.findings)  # a warning never holds
    return list(page.all("GDPR33"))


def assert_timely(run: Any, paths: list[str]) -> None:
    for path in paths:
        assert gdpr33(run, path) == [], path


def assert_late(run: Any, path: str, elapsed: str) -> dict[str, Any]:
    [finding] = gdpr33(run, path)
    assert finding["action"] == "warn"
    assert finding["severity"] == "warning"
    assert f"notified {elapsed} after" in finding["message"], (path, finding["message"])
    assert finding["key"] == "threatpub.notifications[0].date"
    return finding


def test_seventy_two_hours_across_utc_offsets(tmp_path: Path) -> None:
    """aware 09:30+01:00 (08:30Z); the deadline 72 h later is 16:30 in +08:00."""
    aware = "2026-11-10T09:30+01:00"
    run = check(
        tmp_path,
        {
            "h71-59.md": breach(aware, "2026-11-13T16:29+08:00"),
            "h72-00.md": breach(aware, "2026-11-13T16:30+08:00"),
            "h72-01.md": breach(aware, "2026-11-13T16:31+08:00"),
            "h72-00-01z.md": breach(aware, "2026-11-13T08:30:01Z"),
            "h72-00-utc.md": breach(aware, "2026-11-13T08:30:00Z"),
        },
        options=GDPR,
    )
    assert_timely(run, ["h71-59.md", "h72-00.md", "h72-00-utc.md"])
    finding = assert_late(run, "h72-01.md", "72 h 01 min")
    text = breach(aware, "2026-11-13T16:31+08:00")
    assert finding["line"] == line_of(text, "supervisory-authority")
    # Times are shown in the site timezone, with their offset.
    assert "2026-11-13T09:30+01:00" in finding["expected"]
    assert "2026-11-13T09:31+01:00" in finding["found"]
    assert "start of that day" not in finding["message"]  # datetimes: no day note
    assert_late(run, "h72-00-01z.md", "72 h 00 min 01 s")


def test_autumn_clock_change_inside_the_window(tmp_path: Path) -> None:
    """Europe/Berlin falls back on 2026-10-25 (03:00 CEST → 02:00 CET): the three days from
    12:00 on the 24th end at 11:00 local on the 27th; 12:00 is 73 real hours."""
    aware = "2026-10-24T12:00"  # no offset: site time, CEST (+02:00)
    run = check(
        tmp_path,
        {
            "h71-59.md": breach(aware, "2026-10-27T10:59"),
            "h72-00.md": breach(aware, "2026-10-27T11:00"),
            "h72-01.md": breach(aware, "2026-10-27T11:01"),
            "wall-clock-72.md": breach(aware, "2026-10-27T12:00"),
        },
        options=GDPR,
    )
    assert_timely(run, ["h71-59.md", "h72-00.md"])
    assert_late(run, "h72-01.md", "72 h 01 min")
    finding = assert_late(run, "wall-clock-72.md", "73 h 00 min")
    assert "2026-10-27T11:00+01:00" in finding["expected"]


def test_spring_clock_change_inside_the_window(tmp_path: Path) -> None:
    """Europe/Berlin springs forward on 2026-03-29 (02:00 CET → 03:00 CEST): 12:00 three
    days later is only 71 real hours; the deadline is 13:00 local."""
    aware = "2026-03-27T12:00"  # CET (+01:00)
    run = check(
        tmp_path,
        {
            "wall-clock-72.md": breach(aware, "2026-03-30T12:00"),
            "h71-59.md": breach(aware, "2026-03-30T12:59"),
            "h72-00.md": breach(aware, "2026-03-30T13:00+02:00"),
            "h72-01.md": breach(aware, "2026-03-30T13:01"),
        },
        options=GDPR,
    )
    assert_timely(run, ["wall-clock-72.md", "h71-59.md", "h72-00.md"])
    assert_late(run, "h72-01.md", "72 h 01 min")


def test_dates_without_time_start_the_day_in_the_site_timezone(tmp_path: Path) -> None:
    """2026-10-24 is 00:00+02:00 and 2026-10-27 is 00:00+01:00: 73 hours apart."""
    run = check(
        tmp_path,
        {
            "dates.md": breach("2026-10-24", "2026-10-27"),
            "date-then-time.md": breach("2026-10-24", "2026-10-26T23:00+01:00"),
        },
        options=GDPR,
    )
    assert_timely(run, ["date-then-time.md"])
    finding = assert_late(run, "dates.md", "73 h 00 min")
    message = finding["message"]
    assert "start of that day in Europe/Berlin" in message
    assert "2026-10-24 = 2026-10-24T00:00+02:00" in message
    assert "2026-10-27 = 2026-10-27T00:00+01:00" in message
    assert "UTC offset" in finding["fix"]


def test_delay_reasons_excuse_a_late_notification_not_a_missing_one(tmp_path: Path) -> None:
    reasons = '  delay_reasons: "Forensic analysis took five days."\n'
    aware = "2026-11-01T10:00+01:00"
    run = check(
        tmp_path,
        {
            "late-with-reasons.md": breach(aware, "2026-11-06T10:00+01:00", extra=reasons),
            "none-with-reasons.md": breach(aware, extra=reasons),
        },
        options=GDPR,
    )
    assert_timely(run, ["late-with-reasons.md"])
    [finding] = gdpr33(run, "none-with-reasons.md")
    assert "no notification to the supervisory authority" in finding["message"]


def test_the_earliest_supervisory_notification_counts(tmp_path: Path) -> None:
    aware = "2026-11-01T10:00+01:00"
    other = "  notifications:\n    - {authority: cac, level: national, date: 2026-11-01}\n"
    run = check(
        tmp_path,
        {
            # Listed late-first: the follow-up does not hide the timely first notice.
            "follow-up.md": breach(aware, "2026-11-09T10:00+01:00", "2026-11-02T10:00+01:00"),
            "other-authority.md": breach(aware, extra=other),
        },
        options=GDPR,
    )
    assert_timely(run, ["follow-up.md"])
    [finding] = gdpr33(run, "other-authority.md")
    assert finding["key"] == "threatpub.notifications"
    assert "2026-11-04T10:00+01:00" in finding["message"]  # the deadline


def _paste(text: str, fix: str) -> str:
    """Do what the fix says: paste its YAML into the `threatpub:` block (lists extend)."""
    intro, _, example = fix.partition("\n")
    assert intro.endswith("for example:"), fix
    snippet = yaml.safe_load(example)
    _, front, body = page_text(text).split("---\n", 2)
    data: dict[str, Any] = yaml.safe_load(front)
    meta = data["threatpub"]
    for key, value in snippet.items():
        meta[key] = [*(meta.get(key) or []), *value] if isinstance(value, list) else value
    return f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\n{body}"


def test_missing_aware_and_notification_and_their_fixes(tmp_path: Path) -> None:
    """A missing `aware` is a warning of this rule; each fix, pasted, satisfies the rule."""
    nothing = breach(None)
    recent = breach("2026-11-22T09:00+01:00")  # now is 2026-11-23 03:00+01:00
    old = breach("2026-11-01T09:00+01:00")
    run = check(
        tmp_path / "before",
        {"nothing.md": nothing, "recent.md": recent, "old.md": old},
        options=GDPR,
    )
    aware_missing, no_notice = gdpr33(run, "nothing.md")
    assert aware_missing["key"] == "threatpub.aware"
    assert aware_missing["line"] == line_of(nothing, "threatpub:")
    assert "'threatpub.aware' is missing" in aware_missing["message"]
    assert aware_missing["expected"] == "'threatpub.aware'"
    assert no_notice["key"] == "threatpub.notifications"
    # The suggested times are datetimes with an offset, not after now nor the deadline.
    assert "aware: 2026-11-23T03:00+01:00" in aware_missing["fix"]
    [recent_fix] = [f["fix"] for f in gdpr33(run, "recent.md")]
    assert "date: 2026-11-23T03:00+01:00" in recent_fix
    [old_fix] = [f["fix"] for f in gdpr33(run, "old.md")]
    assert "date: 2026-11-04T09:00+01:00" in old_fix
    fixed = {
        "nothing.md": _paste(_paste(nothing, aware_missing["fix"]), no_notice["fix"]),
        "recent.md": _paste(recent, recent_fix),
        "old.md": _paste(old, old_fix),
    }
    after = check(tmp_path / "after", fixed, options=GDPR)
    assert_timely(after, list(fixed))
    for path in fixed:
        assert after.page(path).findings == [], path


def test_missing_aware_with_a_notification_is_one_warning(tmp_path: Path) -> None:
    run = check(tmp_path, {"a.md": breach(None, "2026-11-02T10:00+01:00")}, options=GDPR)
    [finding] = gdpr33(run, "a.md")
    assert finding["key"] == "threatpub.aware"


@pytest.mark.parametrize(
    ("role", "jurisdiction", "profiles", "applies"),
    [
        ("controller", "", ["gdpr"], True),
        ("", "", ["gdpr"], True),  # absent: taken to be the controller
        ("cert", "", ["gdpr"], False),
        ("platform", "", ["gdpr"], False),
        ("controller", "  jurisdiction: [FR]\n", ["gdpr"], True),
        (
            "controller",
            '  jurisdiction: ["NO"]\n',
            ["gdpr"],
            True,
        ),  # EEA (quoted: YAML reads NO as false)
        ("controller", "  jurisdiction: [CN]\n", ["gdpr"], False),
        ("controller", "  jurisdiction: [US]\n", ["gdpr"], False),
        ("controller", "", ["cac-2019"], False),
    ],
    ids=["controller", "no-role", "cert", "platform", "fr", "eea-no", "cn", "us", "no-profile"],
)
def test_who_and_where(
    tmp_path: Path, role: str, jurisdiction: str, profiles: list[str], applies: bool
) -> None:
    text = breach(None, extra=jurisdiction, role=role)
    run = check(tmp_path, {"a.md": text}, options={**GDPR, "profiles": profiles})
    findings = run.page("a.md").all("GDPR33")
    assert bool(findings) is applies
    if applies:
        assumed = "taken to be the controller" in findings[0]["message"]
        assert assumed is (role == "")
