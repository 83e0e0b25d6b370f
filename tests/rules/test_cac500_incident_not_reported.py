"""CAC500 incident-not-reported (Art. 5): public security, prefecture level or higher, where
the incident happened, before the page goes public."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import apply_fix, check, line_of


def incident(
    notes: str = "", *, region: str = '"440305"', extra: str = "", kind: str = "incident"
) -> str:
    """An incident page; ``notes`` and ``extra`` are YAML fragments indented by two spaces."""
    return (
        "---\n"
        "title: Intrusion at a Shenzhen data centre\n"
        "threatpub:\n"
        f"  kind: {kind}\n"
        f"{extra}"
        "  incident:\n"
        f"    region: {region}\n"
        f"{notes}"
        "---\n\n"
        "An intrusion was detected and contained.\n"
    )


def note(
    level: str | None = "prefecture",
    region: str | None = '"440300"',
    *,
    authority: str = "public-security",
    date: str = "2026-10-02",
) -> str:
    """One block-style notification entry (``None`` leaves a key out)."""
    out = f"    - authority: {authority}\n"
    if level is not None:
        out += f"      level: {level}\n"
    if region is not None:
        out += f"      region: {region}\n"
    return out + f"      date: {date}\n      reference: PSB-2026-331\n"


def notes(*entries: str) -> str:
    return "  notifications:\n" + "".join(entries)


INCIDENT_LINE = line_of(incident(), "  incident:")


def test_prefecture_provincial_and_national_count_county_does_not(tmp_path: Path) -> None:
    """county < prefecture < provincial < national; 地市级以上 is prefecture or higher."""
    run = check(
        tmp_path,
        {
            "county.md": incident(notes(note("county", '"440305"'))),
            "prefecture.md": incident(notes(note("prefecture", '"440300"'))),
            "provincial.md": incident(notes(note("provincial", '"440000"'))),
            # A national notice needs no region (one with a region is META003, see
            # test_meta003_invalid_value.py: the level and the region disagree).
            "national.md": incident(notes(note("national", None))),
            # A prefecture code without `level`: not proven to be at prefecture level.
            "no-level.md": incident(notes(note(None, '"440300"'))),
        },
    )
    for path in ("prefecture.md", "provincial.md", "national.md"):
        assert run.page(path).verdict == "publish", (path, run.page(path).findings)
        assert run.page(path).findings == [], path
    county = run.page("county.md")
    assert (county.verdict, county.codes) == ("hold", ["CAC500"])
    finding = county.one("CAC500")
    assert finding["action"] == "hold"
    assert finding["severity"] == "error"
    assert finding["line"] == INCIDENT_LINE
    assert finding["key"] == "threatpub.incident"
    assert finding["found"] == "threatpub.notifications[0]: level county is below prefecture"
    assert "440305 (Guangdong, county level)" in finding["message"]
    assert "prefecture level or higher" in finding["expected"]
    no_level = run.page("no-level.md")
    assert no_level.codes == ["CAC500"]
    assert no_level.one("CAC500")["found"] == "threatpub.notifications[0]: no level"


def test_region_must_contain_the_incident(tmp_path: Path) -> None:
    """GB/T 2260: 440000 ⊇ 440300 ⊇ 440305; neither Shanghai nor Shantou contains Nanshan."""
    run = check(
        tmp_path,
        {
            "own-prefecture.md": incident(notes(note("prefecture", '"440300"'))),
            "own-province.md": incident(notes(note("provincial", '"440000"'))),
            "shanghai.md": incident(notes(note("prefecture", '"310100"'))),
            "shantou.md": incident(notes(note("prefecture", '"440400"'))),
            "other-province.md": incident(notes(note("provincial", '"310000"'))),
            # A local notice must say where it was filed.
            "prefecture-no-region.md": incident(notes(note("prefecture", None))),
            "provincial-no-region.md": incident(notes(note("provincial", None))),
            # A prefecture bureau does not contain its own province.
            "province-wide.md": incident(notes(note("prefecture", '"440300"')), region='"440000"'),
            "province-wide-ok.md": incident(
                notes(note("provincial", '"440000"')), region='"440000"'
            ),
            # Unquoted six-digit codes are read as the same codes.
            "integers.md": incident(notes(note("prefecture", "440300")), region="440305"),
            "integers-elsewhere.md": incident(notes(note("prefecture", "310100")), region="440305"),
            # Only public security counts for Art. 5; a cac notice is not a near miss.
            "cac-only.md": incident(notes(note("prefecture", '"440300"', authority="cac"))),
        },
    )
    published = {"own-prefecture.md", "own-province.md", "province-wide-ok.md", "integers.md"}
    for path, page in run.pages.items():
        if path in published:
            assert (page.verdict, page.findings) == ("publish", []), path
        else:
            assert (page.verdict, page.codes) == ("hold", ["CAC500"]), (path, page.findings)
    found = {
        path: run.page(path).one("CAC500")["found"] for path in run.pages if path not in published
    }
    assert found == {
        "shanghai.md": "threatpub.notifications[0]: region 310100 does not contain 440305",
        "shantou.md": "threatpub.notifications[0]: region 440400 does not contain 440305",
        "other-province.md": "threatpub.notifications[0]: region 310000 does not contain 440305",
        "prefecture-no-region.md": "threatpub.notifications[0]: no region",
        "provincial-no-region.md": "threatpub.notifications[0]: no region",
        "province-wide.md": "threatpub.notifications[0]: region 440300 does not contain 440000",
        "integers-elsewhere.md": "threatpub.notifications[0]: region 310100 does not contain "
        "440305",
        "cac-only.md": "no such notification",
    }


def test_one_good_notice_among_near_misses_is_enough(tmp_path: Path) -> None:
    """Any one qualifying notice satisfies the duty; without it every near miss is named."""
    misses = (
        note("county", '"440305"'),
        note("prefecture", '"440400"'),
        note("national", None, authority="cac"),
        note("prefecture", '"440300"', date="2026-11-23T11:00:00+08:00"),
    )
    run = check(
        tmp_path,
        {
            "misses.md": incident(notes(*misses)),
            "misses-and-good.md": incident(notes(*misses, note("provincial", '"440000"'))),
        },
    )
    good = run.page("misses-and-good.md")
    # The notice dated later today is in the future: META005, whatever CAC500 says.
    assert (good.verdict, good.codes) == ("hold", ["META005"])
    held = run.page("misses.md")
    assert sorted(held.codes) == ["CAC500", "META005"]
    assert held.one("CAC500")["found"] == (
        "threatpub.notifications[0]: level county is below prefecture; "
        "threatpub.notifications[1]: region 440400 does not contain 440305; "
        "threatpub.notifications[3]: dated 2026-11-23, after the page goes public"
    )


def test_invalid_region_codes_fail_on_their_line(tmp_path: Path) -> None:
    """Unknown province prefixes and level/region mismatches are META003, never judged."""
    bad_incident = {
        "province-99.md": '"990000"',
        "province-00.md": '"000000"',
        "county-without-prefecture.md": '"440005"',
        "five-digits.md": '"44030"',
    }
    pages = {
        path: incident(notes(note("provincial", '"440000"')), region=code)
        for path, code in bad_incident.items()
    }
    unquoted = incident(notes(note("prefecture", "990100")))
    provincial_level = incident(notes(note("provincial", '"440300"')))
    prefecture_level = incident(notes(note("prefecture", '"440305"')))
    county_level = incident(notes(note("county", '"440300"')))
    pages |= {
        "note-unquoted-99.md": unquoted,
        "provincial-with-prefecture-code.md": provincial_level,
        "prefecture-with-county-code.md": prefecture_level,
        "county-with-prefecture-code.md": county_level,
    }
    run = check(tmp_path, pages)
    for path, page in run.pages.items():
        assert (page.verdict, set(page.codes)) == ("fail", {"META003"}), (path, page.findings)
        assert "CAC500" not in page.codes
        finding = page.one("META003")
        assert finding["action"] == "fail"
        assert finding["expected"], finding
        assert finding["found"], finding
    for path, code in bad_incident.items():
        finding = run.page(path).one("META003")
        assert finding["key"] == "threatpub.incident.region", path
        assert finding["line"] == line_of(pages[path], code), path
        assert code.strip('"') in finding["found"], path
    assert "'99'" in run.page("province-99.md").one("META003")["found"]
    assert "'00'" in run.page("province-00.md").one("META003")["found"]
    finding = run.page("note-unquoted-99.md").one("META003")
    assert finding["key"] == "threatpub.notifications[0].region"
    assert finding["line"] == line_of(unquoted, "990100")
    assert "'99'" in finding["found"]
    # A level/code mismatch is a property of the whole entry: it points at the entry.
    for path, text, level in (
        ("provincial-with-prefecture-code.md", provincial_level, "provincial"),
        ("prefecture-with-county-code.md", prefecture_level, "prefecture"),
        ("county-with-prefecture-code.md", county_level, "county"),
    ):
        finding = run.page(path).one("META003")
        assert finding["key"] == "threatpub.notifications[0]", path
        assert finding["line"] == line_of(text, "- authority:"), path
        assert f"{level}-level region code" in finding["expected"], path


def test_dated_after_going_public_does_not_count(tmp_path: Path) -> None:
    """now = 2026-11-23 10:00 +08:00. A notice counts when dated on or before the moment the
    page goes public: the later of `published` and now (SPEC §2)."""
    scheduled = "  published: 2026-12-10\n"
    pages = {
        "today.md": incident(notes(note(date="2026-11-23"))),
        "at-now.md": incident(notes(note(date="2026-11-23T10:00:00+08:00"))),
        "later-today.md": incident(notes(note(date="2026-11-23T11:00:00+08:00"))),
        # Scheduled for 12-10: a notice of 12-01 predates going public, one of 12-11 does not.
        "scheduled-between.md": incident(notes(note(date="2026-12-01")), extra=scheduled),
        "scheduled-on-the-day.md": incident(notes(note(date="2026-12-10")), extra=scheduled),
        "scheduled-after.md": incident(notes(note(date="2026-12-11")), extra=scheduled),
        # A past `published` does not move going public back: the page goes public now.
        "past-published.md": incident(
            notes(note(date="2026-11-10")), extra="  published: 2026-11-01\n"
        ),
    }
    run = check(tmp_path, pages)
    assert run.page("today.md").verdict == "publish"
    assert run.page("at-now.md").verdict == "publish"
    later = run.page("later-today.md")
    assert sorted(later.codes) == ["CAC500", "META005"]
    assert later.one("CAC500")["found"] == (
        "threatpub.notifications[0]: dated 2026-11-23, after the page goes public"
    )
    # META006 schedules the page; META005 flags a record dated in the future (the notice has
    # not been filed yet), but CAC500 is satisfied by a notice dated before going public.
    for path in ("scheduled-between.md", "scheduled-on-the-day.md"):
        page = run.page(path)
        assert (page.verdict, sorted(page.codes)) == ("hold", ["META005", "META006"]), path
        assert "future" in page.one("META005")["message"], path
    after = run.page("scheduled-after.md")
    assert sorted(after.codes) == ["CAC500", "META005", "META006"]
    assert after.one("CAC500")["found"] == (
        "threatpub.notifications[0]: dated 2026-12-11, after the page goes public"
    )
    assert "after the page's publication date" in after.one("META005")["message"]
    # The notice counts for Art. 5, but it contradicts the past `published` (META005).
    assert run.page("past-published.md").codes == ["META005"]

    # On the publication day the future-dated notices have been filed: the page publishes.
    on_the_day = check(
        tmp_path / "on-the-day",
        {
            path: pages[path]
            for path in ("scheduled-between.md", "scheduled-on-the-day.md", "scheduled-after.md")
        }
        | {
            "timed-exact.md": incident(
                notes(note(date="2026-12-10T09:00:00+08:00")),
                extra="  published: 2026-12-10T09:00:00+08:00\n",
            ),
            "timed-second-late.md": incident(
                notes(note(date="2026-12-10T09:00:01+08:00")),
                extra="  published: 2026-12-10T09:00:00+08:00\n",
            ),
        },
        now="2026-12-10T09:00:00+08:00",
    )
    for path in ("scheduled-between.md", "scheduled-on-the-day.md", "timed-exact.md"):
        page = on_the_day.page(path)
        assert (page.verdict, page.findings) == ("publish", []), (path, page.findings)
    assert sorted(on_the_day.page("scheduled-after.md").codes) == ["CAC500", "META005"]
    late = on_the_day.page("timed-second-late.md")
    assert sorted(late.codes) == ["CAC500", "META005"]
    assert "after the page goes public" in late.one("CAC500")["found"]


def test_only_incidents_under_cn_jurisdiction(tmp_path: Path) -> None:
    """CAC500 judges `kind: incident` pages whose jurisdiction includes CN."""
    pages = {
        f"{kind}.md": incident(kind=kind)
        for kind in ("vulnerability", "malware", "breach", "general")
    }
    pages |= {
        "incident-us.md": incident(extra="  jurisdiction: [US]\n"),
        "incident-us-cn.md": incident(extra="  jurisdiction: [US, CN]\n"),
        "incident.md": incident(),
    }
    run = check(tmp_path, pages)
    for path, page in run.pages.items():
        if path in ("incident-us-cn.md", "incident.md"):
            assert (page.verdict, page.codes) == ("hold", ["CAC500"]), path
        else:
            assert (page.verdict, page.findings) == ("publish", []), (path, page.findings)

    site = check(
        tmp_path / "us-site",
        {"default.md": incident(), "own-cn.md": incident(extra="  jurisdiction: [CN]\n")},
        options={"jurisdiction": ["US"]},
    )
    assert (site.page("default.md").verdict, site.page("default.md").findings) == ("publish", [])
    assert site.page("own-cn.md").codes == ["CAC500"]


def test_an_incident_without_region_is_asked_for_it(tmp_path: Path) -> None:
    """No region, no duty to judge: META004 holds the page instead of CAC500."""
    text = "---\nthreatpub:\n  kind: incident\n---\n\nText.\n"
    run = check(tmp_path, {"no-region.md": text})
    assert run.page("no-region.md").codes == ["META004"]


def test_messages_name_near_misses_and_the_fix_publishes(tmp_path: Path) -> None:
    """expected/found/fix are filled; pasting the fix's YAML example publishes the page."""
    pages = {
        "nothing.md": incident(),
        "county.md": incident(notes(note("county", '"440305"'))),
        "wrong-prefecture.md": incident(notes(note("prefecture", '"440400"'))),
        "no-region.md": incident(notes(note("provincial", None))),
        "too-late.md": incident(notes(note(date="2026-11-23T10:00:01+08:00"))),
        "cac-instead.md": incident(notes(note(authority="cac"))),
        "prefecture-incident.md": incident(region='"440300"'),
        "province-incident.md": incident(notes(note("prefecture", '"440300"')), region='"440000"'),
        "integer-incident.md": incident(region="110105"),
        "past-published.md": incident(extra="  published: 2026-11-01\n"),
    }
    run = check(tmp_path, pages)
    fixed = {}
    for path, text in pages.items():
        page = run.page(path)
        assert page.verdict == "hold", path
        finding = page.one("CAC500")
        for field in ("message", "expected", "found", "fix"):
            assert finding[field].strip(), (path, field)
        assert "public security" in finding["expected"], path
        assert "authority: public-security" in finding["fix"], path
        fixed[path] = apply_fix(text, finding["fix"])
    for path in ("county.md", "wrong-prefecture.md", "no-region.md", "too-late.md"):
        assert "threatpub.notifications[0]:" in run.page(path).one("CAC500")["found"], path
    assert run.page("nothing.md").one("CAC500")["found"] == "no such notification"
    # The example is dated no later than `published` (else META005 would hold the page).
    assert "date: 2026-11-01" in run.page("past-published.md").one("CAC500")["fix"]
    # The example names a bureau whose level matches its code, and that contains the region.
    assert (
        'level: provincial, region: "440000"'
        in run.page("province-incident.md").one("CAC500")["fix"]
    )
    assert 'region: "110100"' in run.page("integer-incident.md").one("CAC500")["fix"]

    again = check(tmp_path / "fixed", fixed)
    for path, page in again.pages.items():
        assert "CAC500" not in page.codes, (path, page.findings)
        if path == "too-late.md":
            # Its own notice is still later than now: the author must correct that date.
            assert page.codes == ["META005"]
        else:
            assert (page.verdict, page.findings) == ("publish", []), (path, page.findings)
