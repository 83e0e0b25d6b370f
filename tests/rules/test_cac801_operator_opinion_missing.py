"""CAC801 operator-opinion-missing (Art. 8): opinion, fix, or 30 days' notice."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules.helpers import check, line_of


def targeted(notifications: str = "", extra: str = "", jurisdiction: str = "") -> str:
    """A vulnerability page with a `target`; YAML fragments are indented by two spaces."""
    return (
        "---\n"
        "title: Heap overflow in a SCADA gateway\n"
        "threatpub:\n"
        "  kind: vulnerability\n"
        f"{jurisdiction}"
        "  target:\n"
        "    operator: Example Power Co.\n"
        "    system: SCADA gateway\n"
        f"{extra}"
        f"{notifications}"
        "---\n\n"
        "The gateway mishandles long headers.\n"
    )


def notified(*entries: tuple[str, str]) -> str:
    """A `notifications:` list from (authority, date) pairs."""
    out = "  notifications:\n"
    for authority, date in entries:
        out += f"    - authority: {authority}\n      level: national\n      date: {date}\n"
    return out


TARGET_LINE = line_of(targeted(), "  target:")


def test_thirty_days_publish_twenty_nine_hold(tmp_path: Path) -> None:
    """now = 2026-11-23 10:00 Asia/Shanghai: 2026-10-24 is 30 days back, 10-25 is 29."""
    run = check(
        tmp_path,
        {
            "d30.md": targeted(notified(("cac", "2026-10-24"))),
            "d29.md": targeted(notified(("cac", "2026-10-25"))),
        },
    )
    assert run.page("d30.md").verdict == "publish"
    assert run.page("d30.md").findings == []
    held = run.page("d29.md")
    assert held.verdict == "hold"
    assert held.codes == ["CAC801"]
    finding = held.one("CAC801")
    assert finding["line"] == TARGET_LINE
    assert finding["action"] == "hold"
    assert finding["severity"] == "error"
    assert finding["key"] == "threatpub.target"
    # release_after = notification date + 30 days, on the finding and on the page.
    assert finding["release_after"] == "2026-11-24"
    assert held.release_after == "2026-11-24"
    assert "2026-10-25" in finding["message"]
    assert "29 days" in finding["found"]


@pytest.mark.parametrize(
    ("now", "verdict"),
    [
        ("2026-03-30T23:59:59+08:00", "hold"),
        ("2026-03-31T00:00:00+08:00", "publish"),
        # The same two instants written in UTC: local midnight is 16:00Z the day before.
        ("2026-03-30T15:59:59Z", "hold"),
        ("2026-03-30T16:00:00Z", "publish"),
    ],
)
def test_reported_march_first_publishable_from_local_midnight_march_31(
    tmp_path: Path, now: str, verdict: str
) -> None:
    """RULES.md: reported 2026-03-01 → publishable from 2026-03-31 00:00 local time."""
    run = check(
        tmp_path, {"scada.md": targeted(notified(("public-security", "2026-03-01")))}, now=now
    )
    page = run.page("scada.md")
    assert page.verdict == verdict
    if verdict == "hold":
        assert page.codes == ["CAC801"]
        assert page.release_after == "2026-03-31"
    else:
        assert page.codes == []
        assert page.release_after is None


@pytest.mark.parametrize(
    ("options", "late_utc", "date_only"),
    [
        # Asia/Shanghai: 2026-03-01T20:00Z is 2026-03-02 04:00 local, so +30 days = 04-01;
        # the date-only notice of 03-01 lifts at 03-31 00:00+08:00 = 03-30 16:00Z (passed).
        (None, ("hold", "2026-04-01"), ("publish", None)),
        # UTC site: the datetime notice is on 03-01 and both lift at 03-31 00:00Z (ahead).
        ({"timezone": "UTC"}, ("hold", "2026-03-31"), ("hold", "2026-03-31")),
    ],
    ids=["asia-shanghai", "utc"],
)
def test_site_timezone_decides_the_notification_day(
    tmp_path: Path,
    options: dict[str, str] | None,
    late_utc: tuple[str, str | None],
    date_only: tuple[str, str | None],
) -> None:
    """Calendar days are counted in the site timezone, not in UTC."""
    run = check(
        tmp_path,
        {
            "late-utc.md": targeted(notified(("cac", "2026-03-01T20:00:00Z"))),
            "date-only.md": targeted(notified(("cac", "2026-03-01"))),
        },
        now="2026-03-30T20:00:00Z",
        options=options,
    )
    for path, (verdict, release) in (("late-utc.md", late_utc), ("date-only.md", date_only)):
        page = run.page(path)
        assert (page.verdict, page.release_after) == (verdict, release), path
        assert page.codes == (["CAC801"] if verdict == "hold" else [])


def test_earliest_qualifying_notification_counts(tmp_path: Path) -> None:
    """The earliest notification to a qualifying authority starts the clock; miit does not."""
    run = check(
        tmp_path,
        {
            # Listed late-first: 2026-10-20 is the earliest, 34 days before now.
            "earliest-old.md": targeted(
                notified(("cac", "2026-11-10"), ("public-security", "2026-10-20"))
            ),
            "earliest-recent.md": targeted(
                notified(("telecom", "2026-11-01"), ("sector-regulator", "2026-10-30"))
            ),
            "miit-only.md": targeted(notified(("miit", "2026-01-01"))),
            "miit-and-cac.md": targeted(notified(("miit", "2026-01-01"), ("cac", "2026-11-01"))),
        },
    )
    assert run.page("earliest-old.md").verdict == "publish"
    recent = run.page("earliest-recent.md")
    assert (recent.verdict, recent.release_after) == ("hold", "2026-11-29")
    assert "2026-10-30" in recent.one("CAC801")["message"]
    miit = run.page("miit-only.md")
    assert miit.verdict == "hold"
    assert miit.release_after is None  # no qualifying notification: no clock to wait for
    assert "release_after" not in miit.one("CAC801")
    # The miit notice of January would have satisfied the clock if it counted.
    both = run.page("miit-and-cac.md")
    assert (both.verdict, both.release_after) == ("hold", "2026-12-01")


def test_opinion_received_or_fix_satisfies_it(tmp_path: Path) -> None:
    """Only `received` and `fixed` stand in for the notice; the other statuses do not."""

    def opinion(status: str) -> str:
        return f"  operator_opinion:\n    status: {status}\n    date: 2026-10-01\n"

    def repair(status: str) -> str:
        return f"  repair:\n    status: {status}\n    date: 2026-10-15\n"

    run = check(
        tmp_path,
        {
            "received.md": targeted(extra=opinion("received")),
            "requested.md": targeted(extra=opinion("requested")),
            "refused.md": targeted(extra=opinion("refused")),
            "fixed.md": targeted(extra=repair("fixed")),
            "mitigated.md": targeted(extra=repair("mitigated")),
            "unfixed.md": targeted(extra=repair("unfixed")),
            "nothing.md": targeted(),
            "no-target.md": "---\nthreatpub:\n  kind: vulnerability\n---\n\nText.\n",
        },
    )
    for path in ("received.md", "fixed.md", "no-target.md"):
        assert run.page(path).verdict == "publish", path
        assert run.page(path).findings == [], path
    for path in ("requested.md", "refused.md", "mitigated.md", "unfixed.md", "nothing.md"):
        page = run.page(path)
        assert page.verdict == "hold", path
        assert page.codes == ["CAC801"], path
        assert page.one("CAC801")["line"] == TARGET_LINE
        assert page.release_after is None, path
    assert "requested" in run.page("requested.md").one("CAC801")["found"]


def test_future_published_is_the_going_public_moment(tmp_path: Path) -> None:
    """Checked against the later of `published` and now (SPEC §2)."""
    run = check(
        tmp_path,
        {
            # 2026-11-10 + 30 = 12-10: enough for a page scheduled on 12-10, not on 12-01.
            "sched-enough.md": targeted(
                notified(("cac", "2026-11-10")), extra="  published: 2026-12-10\n"
            ),
            "sched-short.md": targeted(
                notified(("cac", "2026-11-10")), extra="  published: 2026-12-01\n"
            ),
            # A past `published` does not shorten the clock: the page goes public now.
            "past-enough.md": targeted(
                notified(("cac", "2026-10-20")), extra="  published: 2026-11-01\n"
            ),
            "past-short.md": targeted(
                notified(("cac", "2026-10-30")), extra="  published: 2026-11-01\n"
            ),
        },
    )
    enough = run.page("sched-enough.md")
    assert enough.codes == ["META006"]
    assert (enough.verdict, enough.release_after) == ("hold", "2026-12-10")
    short = run.page("sched-short.md")
    assert sorted(short.codes) == ["CAC801", "META006"]
    assert short.one("CAC801")["release_after"] == "2026-12-10"
    assert short.one("META006")["release_after"] == "2026-12-01"
    assert short.release_after == "2026-12-10"  # every time-based hold has lifted by then
    assert run.page("past-enough.md").verdict == "publish"
    past_short = run.page("past-short.md")
    assert past_short.codes == ["CAC801"]
    assert past_short.release_after == "2026-11-29"


def test_only_pages_under_cn_jurisdiction(tmp_path: Path) -> None:
    """cac-2019 applies when the page's own (or the site's) jurisdiction includes CN."""
    run = check(
        tmp_path,
        {
            "us.md": targeted(jurisdiction="  jurisdiction: [US]\n"),
            "us-scalar.md": targeted(jurisdiction="  jurisdiction: us\n"),
            "us-and-cn.md": targeted(jurisdiction="  jurisdiction: [US, CN]\n"),
            "site-default.md": targeted(),
        },
    )
    assert run.page("us.md").verdict == "publish"
    assert run.page("us.md").findings == []
    assert run.page("us-scalar.md").verdict == "publish"
    assert run.page("us-and-cn.md").codes == ["CAC801"]
    assert run.page("site-default.md").codes == ["CAC801"]


def test_site_jurisdiction_outside_cn(tmp_path: Path) -> None:
    """With a US site default only pages that say CN themselves are judged by CAC801."""
    run = check(
        tmp_path,
        {
            "site-default.md": targeted(),
            "own-cn.md": targeted(jurisdiction="  jurisdiction: [CN]\n"),
        },
        options={"jurisdiction": ["US"]},
    )
    assert run.page("site-default.md").verdict == "publish"
    assert run.page("own-cn.md").codes == ["CAC801"]


def test_profile_not_active(tmp_path: Path) -> None:
    """A site that runs only gdpr (no rule for a CN vulnerability page) does not apply the
    CAC Art. 8 clock."""
    run = check(tmp_path, {"scada.md": targeted()}, options={"profiles": ["gdpr"]})
    assert run.page("scada.md").verdict == "publish"
    assert "CAC801" not in run.page("scada.md").codes


def test_rule_overridden_to_warn(tmp_path: Path) -> None:
    """`rules: {CAC801: warn}`: reported, published, no time-based release date."""
    pages = {"scada.md": targeted(notified(("cac", "2026-11-01")))}
    run = check(tmp_path, pages, options={"rules": {"CAC801": "warn"}})
    page = run.page("scada.md")
    assert page.verdict == "publish"
    finding = page.one("CAC801")
    assert (finding["action"], finding["severity"]) == ("warn", "warning")
    assert page.release_after is None
    strict = check(
        tmp_path, pages, options={"rules": {"CAC801": "warn"}}, args=["--fail-on", "warn"]
    )
    assert strict.returncode == 1


def test_rule_overridden_to_off(tmp_path: Path) -> None:
    """`rules: {CAC801: off}`: no finding at all."""
    run = check(tmp_path, {"scada.md": targeted()}, options={"rules": {"CAC801": "off"}})
    assert run.page("scada.md").verdict == "publish"
    assert run.page("scada.md").findings == []


def test_on_hold_fail_turns_the_hold_into_a_fail(tmp_path: Path) -> None:
    """`on_hold: fail` (strict CI): the Art. 8 hold fails the page and `--fail-on fail`."""
    run = check(
        tmp_path,
        {
            "scada.md": targeted(notified(("cac", "2026-11-01"))),
            "fine.md": targeted(extra="  repair:\n    status: fixed\n"),
        },
        options={"on_hold": "fail"},
        args=["--fail-on", "fail"],
    )
    page = run.page("scada.md")
    assert page.verdict == "fail"
    assert page.one("CAC801")["action"] == "fail"
    assert run.page("fine.md").verdict == "publish"
    assert run.returncode == 1
