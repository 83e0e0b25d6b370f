"""MIIT096 major-event-blackout (MIIT Art. 9(6)): nothing goes public inside a configured
window without the Ministry of Public Security's consent; the hold lifts on the first day
after the window (`release_after`). Windows are [from, to) in the site timezone; a
date-only `to` covers that whole day."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.rules.helpers import check, line_of, page_text

EXPO = {"name": "Example Expo 2026", "from": "2026-12-10", "to": "2026-12-12"}  # dates only
TIMED = {
    "name": "Example Summit",
    "from": "2026-12-10T08:00:00+08:00",
    "to": "2026-12-12T18:00:00+08:00",
}


def options(*windows: dict[str, str]) -> dict[str, Any]:
    return {"profiles": ["miit-2021"], "blackouts": list(windows)}


def advisory(published: str | None, extra: str = "") -> str:
    when = f"  published: {published}\n" if published else ""
    return (
        "---\ntitle: Fixed flaw in Example Server\nthreatpub:\n  kind: vulnerability\n"
        f"{when}  repair: {{status: fixed, date: 2026-11-01}}\n{extra}---\n\n"
        "## Remediation\n\nUpgrade to 2.4.1.\n"
    )


@pytest.mark.parametrize(
    ("published", "held"),
    [
        ("2026-12-09T23:59:59+08:00", False),  # just before
        ("2026-12-10T00:00:00+08:00", True),  # the first instant
        ("2026-12-10", True),  # a date is the start of that day
        ("2026-12-11T09:00:00+08:00", True),
        ("2026-12-12T23:59:59+08:00", True),  # a date-only `to` covers the whole day
        ("2026-12-13T00:00:00+08:00", False),  # the end is not inside
        ("2026-12-13", False),
        # The same boundary written in UTC: 16:00Z is midnight in Asia/Shanghai.
        ("2026-12-12T15:59:59Z", True),
        ("2026-12-12T16:00:00Z", False),
        ("2026-12-09T15:59:59Z", False),
        ("2026-12-09T16:00:00Z", True),
    ],
)
def test_date_only_window_boundaries(tmp_path: Path, published: str, held: bool) -> None:
    text = advisory(published)
    run = check(tmp_path, {"p.md": text}, options=options(EXPO))
    page = run.page("p.md")
    assert page.verdict == "hold"  # scheduled (META006) in every case: now is 2026-11-23
    if not held:
        assert page.codes == ["META006"]
        return
    assert page.codes == ["META006", "MIIT096"]
    finding = page.one("MIIT096")
    assert finding["action"] == "hold"
    assert finding["line"] == line_of(text, "published:")
    assert finding["key"] == "threatpub.published"
    assert finding["release_after"] == "2026-12-13"
    assert page.release_after == "2026-12-13"  # later than the schedule: the window decides
    assert "Example Expo 2026" in finding["message"]
    assert "publishable from 2026-12-13" in finding["message"]
    assert finding["found"] == "no `mps_consent` record"


@pytest.mark.parametrize(
    ("published", "held"),
    [
        ("2026-12-10T07:59:59+08:00", False),
        ("2026-12-10T08:00:00+08:00", True),
        ("2026-12-12T17:59:59+08:00", True),
        ("2026-12-12T18:00:00+08:00", False),  # a datetime `to` ends at that instant
        ("2026-12-12T10:00:00Z", False),  # 18:00 in Asia/Shanghai
    ],
)
def test_datetime_window_boundaries(tmp_path: Path, published: str, held: bool) -> None:
    run = check(tmp_path, {"p.md": advisory(published)}, options=options(TIMED))
    page = run.page("p.md")
    assert ("MIIT096" in page.codes) is held
    if held:
        # The window ends at 18:00 on the 12th: the first whole day after it is the 13th,
        # so any build on `release_after` is outside the window.
        assert page.one("MIIT096")["release_after"] == "2026-12-13"


@pytest.mark.parametrize(
    ("consent", "held"),
    [
        ("  mps_consent: {date: 2026-12-01, reference: MPS-2026-118, by: MPS}\n", False),
        ("  mps_consent: {date: 2026-12-11T09:00:00+08:00, reference: MPS-2026-118}\n", False),
        ("  mps_consent: {date: 2026-12-11T09:00:01+08:00, reference: MPS-2026-118}\n", True),
        ("  mps_consent: {date: 2026-12-01}\n", True),
        ("  mps_consent: {reference: MPS-2026-118}\n", True),
    ],
)
def test_consent_dated_by_the_moment_the_page_goes_public(
    tmp_path: Path, consent: str, held: bool
) -> None:
    text = advisory("2026-12-11T09:00:00+08:00", consent)
    run = check(tmp_path, {"p.md": text}, options=options(EXPO))
    page = run.page("p.md")
    assert page.codes == (["META006", "MIIT096"] if held else ["META006"])
    if not held:
        assert page.release_after == "2026-12-11"  # only the schedule is left


def test_a_build_inside_the_window_holds_new_pages_and_keeps_old_ones_online(
    tmp_path: Path,
) -> None:
    """Now inside the window: a page without a date goes public now and is held; a page
    published before the event stays online (RULES.md: `published` inside the window)."""
    run = check(
        tmp_path,
        {"new.md": advisory(None), "old.md": advisory("2026-11-01")},
        options=options(EXPO),
        now="2026-12-11T12:00:00+08:00",
    )
    new = run.page("new.md")
    assert new.codes == ["MIIT096"]
    assert new.release_after == "2026-12-13"
    assert run.page("old.md").findings == []
    ended = "2026-12-13T00:00:00+08:00"
    after = check(tmp_path / "after", {"new.md": advisory(None)}, options=options(EXPO), now=ended)
    assert after.page("new.md").findings == []


def test_touching_windows_are_followed_to_the_last_end(tmp_path: Path) -> None:
    week = {"name": "Example Week", "from": "2026-12-13", "to": "2026-12-14"}
    run = check(tmp_path, {"p.md": advisory("2026-12-11")}, options=options(EXPO, week))
    finding = run.page("p.md").one("MIIT096")
    assert finding["release_after"] == "2026-12-15"
    assert "Example Expo 2026, Example Week" in finding["message"]


def test_no_window_no_finding_and_the_fix_pasted_as_is_publishes(tmp_path: Path) -> None:
    text = advisory("2026-12-11T09:00:00+08:00")
    none = check(tmp_path / "none", {"p.md": text}, options=options())
    assert none.page("p.md").codes == ["META006"]
    fix = check(tmp_path / "before", {"p.md": text}, options=options(EXPO)).page("p.md")
    intro, _, example = fix.one("MIIT096")["fix"].partition("\n")
    assert intro.endswith("for example:")
    _, front, body = page_text(text).split("---\n", 2)
    data = yaml.safe_load(front)
    data["threatpub"].update(yaml.safe_load(example))
    pasted = f"---\n{yaml.safe_dump(data, allow_unicode=True)}---\n{body}"
    after = check(tmp_path / "after", {"p.md": pasted}, options=options(EXPO))
    assert after.page("p.md").codes == ["META006"]
