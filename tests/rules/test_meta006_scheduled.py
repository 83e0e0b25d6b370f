"""META006 scheduled: `published` / `embargo_until` in the future holds until the later one."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import check, line_of


def page(fields: str = "", top: str = "") -> str:
    """A general page; ``fields`` go under `threatpub:`, ``top`` beside it."""
    return f"---\ntitle: Notes\n{top}threatpub:\n  kind: general\n{fields}---\n\nText.\n"


FUTURE_PUBLISHED = page("  published: 2026-12-01T09:00:00+08:00\n")
# 2026-11-30T20:00Z is 2026-12-01 04:00 in Asia/Shanghai: release_after is the local date.
FUTURE_UTC_EVENING = page("  published: 2026-11-30T20:00:00Z\n")
ONE_MINUTE = page("  published: 2026-11-23T10:01:00+08:00\n")
EMBARGO_LATER = page("  published: 2026-11-25\n  embargo_until: 2026-12-05T00:00:00+08:00\n")
PUBLISHED_LATER = page("  published: 2026-12-05\n  embargo_until: 2026-11-25\n")
EMBARGO_ONLY = page("  embargo_until: 2026-11-24\n")
MATERIAL_DATE = page(top="date: 2026-11-30\n")
MATERIAL_CREATED = page(top="date:\n  created: 2026-11-30\n")
# The embargo binds under every profile, even where no CAC rule applies.
EMBARGO_US = page("  jurisdiction: [US]\n  embargo_until: 2026-11-28\n")


def test_future_dates_hold_until_the_later_one(tmp_path: Path) -> None:
    """One META006 per page, on the line of the date that decides, release_after its day."""
    cases = {
        "future-published.md": (FUTURE_PUBLISHED, "published:", "2026-12-01"),
        "future-utc-evening.md": (FUTURE_UTC_EVENING, "published:", "2026-12-01"),
        "one-minute.md": (ONE_MINUTE, "published:", "2026-11-23"),
        "embargo-later.md": (EMBARGO_LATER, "embargo_until:", "2026-12-05"),
        "published-later.md": (PUBLISHED_LATER, "published:", "2026-12-05"),
        "embargo-only.md": (EMBARGO_ONLY, "embargo_until:", "2026-11-24"),
        "material-date.md": (MATERIAL_DATE, "date:", "2026-11-30"),
        "material-created.md": (MATERIAL_CREATED, "date:", "2026-11-30"),
        "embargo-us.md": (EMBARGO_US, "embargo_until:", "2026-11-28"),
    }
    run = check(tmp_path, {path: text for path, (text, _, _) in cases.items()})
    for path, (text, needle, release) in cases.items():
        result = run.page(path)
        assert result.verdict == "hold", (path, result.findings)
        assert result.codes == ["META006"], (path, result.findings)
        finding = result.one("META006")
        assert finding["line"] == line_of(text, needle), path
        assert finding["release_after"] == release, path
        assert result.release_after == release, path
        assert finding["action"] == "hold"
    assert "embargo" in run.page("embargo-later.md").one("META006")["message"]
    assert "2026-12-01 04:00" in run.page("future-utc-evening.md").one("META006")["message"]


def test_past_or_present_dates_publish(tmp_path: Path) -> None:
    """Near misses: both dates past, `published` exactly now, a past `published` over `date`."""
    run = check(
        tmp_path,
        {
            "both-past.md": page("  published: 2026-11-01\n  embargo_until: 2026-11-20\n"),
            "exactly-now.md": page("  published: 2026-11-23T10:00:00+08:00\n"),
            "now-in-utc.md": page("  published: 2026-11-23T02:00:00Z\n"),
            "today.md": page("  published: 2026-11-23\n  embargo_until: 2026-11-23\n"),
            # `published` wins over the Material date even when that date is in the future.
            "published-over-date.md": page("  published: 2026-11-01\n", top="date: 2026-12-30\n"),
            "material-past.md": page(top="date: 2026-11-20\n"),
            "nothing.md": page(),
        },
    )
    for path, result in run.pages.items():
        assert result.verdict == "publish", (path, result.findings)
        assert result.findings == [], path
        assert result.release_after is None, path


def test_scheduled_page_is_released_by_a_later_build(tmp_path: Path) -> None:
    """The same page, judged at its release moment, publishes without anyone touching it."""
    pages = {"embargo-later.md": EMBARGO_LATER}
    before = check(tmp_path, pages, now="2026-12-04T23:59:59+08:00")
    assert before.page("embargo-later.md").release_after == "2026-12-05"
    at = check(tmp_path, pages, now="2026-12-05T00:00:00+08:00")
    assert at.page("embargo-later.md").verdict == "publish"
