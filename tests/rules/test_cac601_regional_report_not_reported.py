"""CAC601 regional-report-not-reported (Art. 6 ¶1): for each region of an analysis, a `cac`
and a `public-security` notification at prefecture level or higher containing it."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import apply_fix, check, line_of


def analysis(*regions: str, notes: str = "", extra: str = "", kind: str = "analysis") -> str:
    """An analysis page; ``regions`` are YAML scalars (quote them to make strings)."""
    listed = "".join(f"      - {region}\n" for region in regions)
    return (
        "---\n"
        "title: Threat landscape report\n"
        "threatpub:\n"
        f"  kind: {kind}\n"
        f"{extra}"
        "  scope:\n"
        "    regions:\n"
        f"{listed}"
        f"{notes}"
        "---\n\n"
        "Findings of the quarter.\n"
    )


def note(
    authority: str, level: str | None, region: str | None = None, date: str = "2026-10-02"
) -> str:
    """One flow-style notification entry; ``region`` is a YAML scalar."""
    parts = [f"authority: {authority}"]
    if level is not None:
        parts.append(f"level: {level}")
    if region is not None:
        parts.append(f"region: {region}")
    return "    - {" + ", ".join([*parts, f"date: {date}"]) + "}\n"


def both(level: str | None, region: str | None = None, date: str = "2026-10-02") -> str:
    """The cac and the public-security entry, alike."""
    return note("cac", level, region, date) + note("public-security", level, region, date)


def notes(*entries: str) -> str:
    return "  notifications:\n" + "".join(entries)


CAC = "the cyberspace administration"
PSB = "the public security organ"


def test_both_authorities_at_prefecture_level_or_higher(tmp_path: Path) -> None:
    """Each region needs a cac AND a public-security notice; county level does not count."""
    region = '"440305"'
    run = check(
        tmp_path,
        {
            "both-prefecture.md": analysis(region, notes=notes(both("prefecture", '"440300"'))),
            "mixed-levels.md": analysis(
                region,
                notes=notes(
                    note("cac", "provincial", '"440000"'), note("public-security", "national")
                ),
            ),
            "cac-only.md": analysis(region, notes=notes(note("cac", "prefecture", '"440300"'))),
            "psb-only.md": analysis(
                region, notes=notes(note("public-security", "prefecture", '"440300"'))
            ),
            "neither.md": analysis(region),
            "cac-county.md": analysis(
                region,
                notes=notes(
                    note("cac", "county", '"440305"'),
                    note("public-security", "prefecture", '"440300"'),
                ),
            ),
            # Other authorities do not stand in for either.
            "others.md": analysis(
                region,
                notes=notes(note("telecom", "national"), note("sector-regulator", "national")),
            ),
        },
    )
    for path in ("both-prefecture.md", "mixed-levels.md"):
        assert (run.page(path).verdict, run.page(path).findings) == ("publish", []), path
    for path in ("cac-only.md", "psb-only.md", "neither.md", "cac-county.md", "others.md"):
        page = run.page(path)
        assert (page.verdict, page.codes) == ("hold", ["CAC601"]), (path, page.findings)
        finding = page.one("CAC601")
        assert finding["key"] == "threatpub.scope.regions[0]"
        assert finding["line"] == line_of(analysis(region), region)
        assert finding["action"] == "hold"
        assert "440305 (Guangdong, county level)" in finding["message"]
    # `expected` names exactly what is missing.
    expected = {
        path: run.page(path).one("CAC601")["expected"]
        for path in ("cac-only.md", "psb-only.md", "neither.md", "cac-county.md", "others.md")
    }
    assert PSB in expected["cac-only.md"]
    assert CAC not in expected["cac-only.md"]
    assert CAC in expected["psb-only.md"]
    assert PSB not in expected["psb-only.md"]
    assert CAC in expected["cac-county.md"]
    assert PSB not in expected["cac-county.md"]
    for path in ("neither.md", "others.md"):
        assert CAC in expected[path]
        assert PSB in expected[path]
    assert run.page("cac-county.md").one("CAC601")["found"] == (
        "threatpub.notifications[0]: level county is below prefecture"
    )
    assert run.page("others.md").one("CAC601")["found"] == "no such notification"


def test_whole_province_needs_provincial_notices(tmp_path: Path) -> None:
    """A prefecture (110100) does not contain its province (110000); provincial does."""
    province = '"110000"'
    run = check(
        tmp_path,
        {
            "prefecture.md": analysis(province, notes=notes(both("prefecture", '"110100"'))),
            "provincial.md": analysis(province, notes=notes(both("provincial", '"110000"'))),
            "national.md": analysis(province, notes=notes(both("national"))),
            "other-province.md": analysis(province, notes=notes(both("provincial", '"120000"'))),
            # Unquoted six-digit codes are the same codes.
            "integers.md": analysis("110000", notes=notes(both("provincial", "110000"))),
        },
    )
    for path in ("provincial.md", "national.md", "integers.md"):
        assert (run.page(path).verdict, run.page(path).findings) == ("publish", []), path
    prefecture = run.page("prefecture.md")
    assert prefecture.codes == ["CAC601"]
    finding = prefecture.one("CAC601")
    assert "110000 (Beijing, provincial level)" in finding["message"]
    assert finding["found"] == (
        "threatpub.notifications[0]: region 110100 does not contain 110000; "
        "threatpub.notifications[1]: region 110100 does not contain 110000"
    )
    # The example must itself be valid: a provincial code needs `level: provincial`.
    assert finding["fix"].count('level: provincial, region: "110000"') == 2
    assert run.page("other-province.md").codes == ["CAC601"]


def test_one_finding_per_uncovered_region(tmp_path: Path) -> None:
    """Covered regions are silent; each uncovered one gets its own finding on its own line."""
    three = analysis('"440300"', '"440100"', '"310100"')
    two = analysis('"440300"', '"440100"')
    run = check(
        tmp_path,
        {
            # Guangdong's provincial notices cover Shenzhen and Guangzhou, not Shanghai.
            "three.md": analysis(
                '"440300"', '"440100"', '"310100"', notes=notes(both("provincial", '"440000"'))
            ),
            "two.md": analysis('"440300"', '"440100"', notes=notes(both("prefecture", '"440300"'))),
            "none.md": analysis('"440300"', '"440100"'),
            "listed-twice.md": analysis('"440300"', '"440300"'),
        },
    )
    shanghai = run.page("three.md").one("CAC601")
    assert shanghai["key"] == "threatpub.scope.regions[2]"
    assert shanghai["line"] == line_of(three, '"310100"')
    assert "310100" in shanghai["expected"]
    assert "CAC603" in run.page("three.md").codes  # two provinces: cross-regional too
    guangzhou = run.page("two.md")
    assert guangzhou.codes == ["CAC601"]  # one province: not cross-regional
    finding = guangzhou.one("CAC601")
    assert finding["key"] == "threatpub.scope.regions[1]"
    assert finding["line"] == line_of(two, '"440100"')
    assert finding["found"] == (
        "threatpub.notifications[0]: region 440300 does not contain 440100; "
        "threatpub.notifications[1]: region 440300 does not contain 440100"
    )
    none = run.page("none.md")
    assert [f["key"] for f in none.all("CAC601")] == [
        "threatpub.scope.regions[0]",
        "threatpub.scope.regions[1]",
    ]
    assert [f["line"] for f in none.all("CAC601")] == [
        line_of(two, '"440300"'),
        line_of(two, '"440100"'),
    ]
    assert run.page("listed-twice.md").codes == ["CAC601"]


def test_local_notice_without_region_or_level_does_not_count(tmp_path: Path) -> None:
    """A prefecture or provincial notice must say where; a notice must say its level."""
    region = '"440300"'
    run = check(
        tmp_path,
        {
            "no-region.md": analysis(region, notes=notes(both("provincial"))),
            "no-level.md": analysis(region, notes=notes(both(None, '"440300"'))),
        },
    )
    assert run.page("no-region.md").one("CAC601")["found"] == (
        "threatpub.notifications[0]: no region; threatpub.notifications[1]: no region"
    )
    assert run.page("no-level.md").one("CAC601")["found"] == (
        "threatpub.notifications[0]: no level; threatpub.notifications[1]: no level"
    )


def test_invalid_region_codes_fail(tmp_path: Path) -> None:
    """Unknown province prefixes and level/code mismatches are META003, on their line."""
    bad_scope = analysis('"440300"', '"990000"')
    bad_note = analysis('"440300"', notes=notes(both("provincial", '"440300"')))
    run = check(tmp_path, {"bad-scope.md": bad_scope, "bad-note.md": bad_note})
    finding = run.page("bad-scope.md").one("META003")
    assert run.page("bad-scope.md").verdict == "fail"
    assert finding["key"] == "threatpub.scope.regions[1]"
    assert finding["line"] == line_of(bad_scope, "990000")
    assert "'99'" in finding["found"]
    page = run.page("bad-note.md")
    assert (page.verdict, set(page.codes)) == ("fail", {"META003"})
    assert sorted(f["key"] for f in page.findings) == [
        "threatpub.notifications[0]",
        "threatpub.notifications[1]",
    ]


def test_dated_after_going_public_does_not_count(tmp_path: Path) -> None:
    """now = 2026-11-23 10:00 +08:00: a notice filed later today is not yet a report."""
    region = '"440300"'
    run = check(
        tmp_path,
        {
            "today.md": analysis(region, notes=notes(both("prefecture", region, "2026-11-23"))),
            "later.md": analysis(
                region,
                notes=notes(
                    note("cac", "prefecture", region),
                    note("public-security", "prefecture", region, "2026-11-23T10:30:00+08:00"),
                ),
            ),
            "scheduled.md": analysis(
                region,
                notes=notes(both("prefecture", region, "2026-12-11")),
                extra="  published: 2026-12-10\n",
            ),
        },
    )
    assert (run.page("today.md").verdict, run.page("today.md").findings) == ("publish", [])
    later = run.page("later.md")
    assert sorted(later.codes) == ["CAC601", "META005"]
    finding = later.one("CAC601")
    assert finding["found"] == (
        "threatpub.notifications[1]: dated 2026-11-23, after the page goes public"
    )
    assert CAC not in finding["expected"]
    scheduled = run.page("scheduled.md")
    assert sorted(scheduled.codes) == ["CAC601", "META005", "META005", "META006"]
    assert "dated 2026-12-11, after the page goes public" in scheduled.one("CAC601")["found"]


def test_only_analyses_under_cn_jurisdiction(tmp_path: Path) -> None:
    """CAC601 judges `kind: analysis` pages only, and only where CN law applies."""
    region = '"440300"'
    incident_with_scope = analysis(region, kind="incident").replace(
        "  scope:\n", '  incident:\n    region: "440305"\n  scope:\n'
    )
    run = check(
        tmp_path,
        {
            "general.md": analysis(region, kind="general"),
            "malware.md": analysis(region, kind="malware"),
            "incident.md": incident_with_scope,
            "us.md": analysis(region, extra="  jurisdiction: [US]\n"),
            "cn.md": analysis(region, extra="  jurisdiction: CN\n"),
        },
    )
    for path in ("general.md", "malware.md", "us.md"):
        assert (run.page(path).verdict, run.page(path).findings) == ("publish", []), path
    assert run.page("incident.md").codes == ["CAC500"]
    assert run.page("cn.md").codes == ["CAC601"]
    site = check(
        tmp_path / "us-site",
        {
            "default.md": analysis(region),
            "own-cn.md": analysis(region, extra="  jurisdiction: [CN]\n"),
        },
        options={"jurisdiction": ["US"]},
    )
    assert (site.page("default.md").verdict, site.page("default.md").findings) == ("publish", [])
    assert site.page("own-cn.md").codes == ["CAC601"]


def test_messages_name_what_is_missing_and_the_fix_publishes(tmp_path: Path) -> None:
    """expected/found/fix are filled; pasting every fix's YAML example publishes the page."""
    pages = {
        "nothing.md": analysis('"440305"'),
        "cac-only.md": analysis('"440305"', notes=notes(note("cac", "prefecture", '"440300"'))),
        "province.md": analysis('"110000"', notes=notes(both("prefecture", '"110100"'))),
        "two-regions.md": analysis('"440300"', "440100"),
        "county-notices.md": analysis('"440305"', notes=notes(both("county", '"440305"'))),
        "past-published.md": analysis('"440300"', extra="  published: 2026-11-01\n"),
    }
    run = check(tmp_path, pages)
    fixed = {}
    for path, text in pages.items():
        page = run.page(path)
        assert (page.verdict, set(page.codes)) == ("hold", {"CAC601"}), (path, page.findings)
        for finding in page.all("CAC601"):
            for field in ("message", "expected", "found", "fix"):
                assert finding[field].strip(), (path, field)
            text = apply_fix(text, finding["fix"])
        fixed[path] = text
    cac_only = run.page("cac-only.md").one("CAC601")["fix"]
    assert "authority: public-security" in cac_only
    assert "authority: cac" not in cac_only
    for path in ("province.md", "county-notices.md"):
        assert "threatpub.notifications[0]:" in run.page(path).one("CAC601")["found"], path
    assert "date: 2026-11-01" in run.page("past-published.md").one("CAC601")["fix"]

    again = check(tmp_path / "fixed", fixed)
    for path, page in again.pages.items():
        assert (page.verdict, page.findings) == ("publish", []), (path, page.findings)
