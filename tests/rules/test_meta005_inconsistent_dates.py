"""META005 inconsistent-dates: records after a past `published`, or in the future."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import check, line_of


def page(published: str = "", records: str = "", date: str = "") -> str:
    """A general page (no paperwork rules) with the given dates; fragments indented."""
    return (
        f"---\ntitle: Notes\n{date}threatpub:\n  kind: general\n{published}{records}---\n\nText.\n"
    )


def notification(date: str) -> str:
    return f"  notifications:\n    - authority: cac\n      level: national\n      date: {date}\n"


AFTER_PAST = page("  published: 2026-11-01\n", notification("2026-11-10"))
OPINION_AFTER = page(
    "  published: 2026-11-01\n",
    "  operator_opinion:\n    status: received\n    date: 2026-11-05\n",
)
AUTH_AFTER = page(
    "  published: 2026-11-01\n",
    "  authorizations:\n    early_warning:\n      authority: cac\n      reference: EW-1\n"
    "      date: 2026-11-05\n",
)
# Material `date:` stands in for `published` when it is absent.
AFTER_DATE = page(records=notification("2026-11-10"), date="date: 2026-11-01\n")
# 2026-11-01T20:00Z is 2026-11-02 04:00 in Asia/Shanghai: the day after `published`.
AFTER_LOCAL_DAY = page("  published: 2026-11-01\n", notification("2026-11-01T20:00:00Z"))
FUTURE = page(records=notification("2026-11-24"))
LATER_TODAY = page(records=notification("2026-11-23T11:00:00+08:00"))
REPAIR_FUTURE = page(records="  repair:\n    status: fixed\n    date: 2026-12-01\n")


def test_records_dated_after_publication_or_in_the_future_hold(tmp_path: Path) -> None:
    """The finding sits on the record's date line; the hold has no release date."""
    pages = {
        "after-past.md": (AFTER_PAST, "threatpub.notifications[0].date", "2026-11-10"),
        "opinion-after.md": (OPINION_AFTER, "threatpub.operator_opinion.date", "2026-11-05"),
        "auth-after.md": (AUTH_AFTER, "threatpub.authorizations.early_warning.date", "2026-11-05"),
        "after-date.md": (AFTER_DATE, "threatpub.notifications[0].date", "2026-11-10"),
        "after-local-day.md": (
            AFTER_LOCAL_DAY,
            "threatpub.notifications[0].date",
            "2026-11-01T20:00:00Z",
        ),
        "future.md": (FUTURE, "threatpub.notifications[0].date", "2026-11-24"),
        "later-today.md": (
            LATER_TODAY,
            "threatpub.notifications[0].date",
            "2026-11-23T11:00:00+08:00",
        ),
        "repair-future.md": (REPAIR_FUTURE, "threatpub.repair.date", "2026-12-01"),
    }
    run = check(tmp_path, {path: text for path, (text, _, _) in pages.items()})
    for path, (text, key, needle) in pages.items():
        result = run.page(path)
        assert result.verdict == "hold", (path, result.findings)
        assert result.codes == ["META005"], (path, result.findings)
        finding = result.one("META005")
        assert finding["key"] == key, path
        assert finding["line"] == line_of(text, needle), path
        assert finding["action"] == "hold"
        assert result.release_after is None, path  # fixed by the author, not by time
    assert "2026-11-02" in run.page("after-local-day.md").one("META005")["found"]
    assert "future" in run.page("future.md").one("META005")["message"]
    assert "future" in run.page("repair-future.md").one("META005")["message"]


def test_records_on_or_before_publication_are_consistent(tmp_path: Path) -> None:
    """Near misses: same day as `published`, at exactly now, a repair after publication."""
    run = check(
        tmp_path,
        {
            "same-day.md": page("  published: 2026-11-01\n", notification("2026-11-01")),
            # Later that same day, by the clock: a date-only `published` names the whole day.
            "same-day-later.md": page(
                "  published: 2026-11-01\n", notification("2026-11-01T15:00:00+08:00")
            ),
            # 2026-10-31T20:00Z is 2026-11-01 04:00 local: still the publication day.
            "same-local-day.md": page(
                "  published: 2026-11-01\n", notification("2026-10-31T20:00:00Z")
            ),
            "before.md": page("  published: 2026-11-01\n", notification("2026-10-31")),
            "datetime-before.md": page(
                "  published: 2026-11-01T09:00:00+08:00\n", notification("2026-11-01")
            ),
            "at-now.md": page(records=notification("2026-11-23T10:00:00+08:00")),
            "today.md": page(records=notification("2026-11-23")),
            # A fix shipped after the advisory went out is an update, not an inconsistency.
            "repair-after.md": page(
                "  published: 2026-11-01\n", "  repair:\n    status: fixed\n    date: 2026-11-10\n"
            ),
        },
    )
    for path, result in run.pages.items():
        assert result.verdict == "publish", (path, result.findings)
        assert result.findings == [], path


def test_record_after_a_timed_publication_the_same_day(tmp_path: Path) -> None:
    """With a datetime `published`, a record later that day is after publication."""
    text = page(
        "  published: 2026-11-01T09:00:00+08:00\n", notification("2026-11-01T15:00:00+08:00")
    )
    run = check(tmp_path, {"timed.md": text})
    result = run.page("timed.md")
    assert (result.verdict, result.codes) == ("hold", ["META005"])
    assert result.one("META005")["line"] == line_of(text, "T15:00")
