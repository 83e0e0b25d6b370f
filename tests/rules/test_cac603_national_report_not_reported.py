"""CAC603 national-report-not-reported (Art. 6 ¶3): national, cross-regional or cross-sector
analyses need a `cac` and a `public-security` notification at national level."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import apply_fix, check, line_of


def analysis(
    *,
    regions: tuple[str, ...] = (),
    sectors: tuple[str, ...] = (),
    national: str | None = None,
    notes: str = "",
    extra: str = "",
    kind: str = "analysis",
) -> str:
    """An analysis page; regions are quoted for you, ``national`` is a YAML scalar."""
    scope = "  scope:\n"
    if national is not None:
        scope += f"    national: {national}\n"
    if regions:
        scope += "    regions:\n" + "".join(f'      - "{r}"\n' for r in regions)
    if sectors:
        scope += "    sectors:\n" + "".join(f"      - {s}\n" for s in sectors)
    return (
        "---\n"
        "title: National threat landscape\n"
        "threatpub:\n"
        f"  kind: {kind}\n"
        f"{extra}"
        f"{scope}"
        f"{notes}"
        "---\n\n"
        "Findings of the year.\n"
    )


def note(
    authority: str,
    level: str,
    region: str | None = None,
    *,
    sector: str | None = None,
    date: str = "2026-10-02",
) -> str:
    """One flow-style notification entry."""
    parts = [f"authority: {authority}", f"level: {level}"]
    if region is not None:
        parts.append(f'region: "{region}"')
    if sector is not None:
        parts.append(f"sector: {sector}")
    return "    - {" + ", ".join([*parts, f"date: {date}"]) + "}\n"


def both(level: str, region: str | None = None, date: str = "2026-10-02") -> str:
    """The cac and the public-security entry, alike."""
    return note("cac", level, region, date=date) + note("public-security", level, region, date=date)


def notes(*entries: str) -> str:
    return "  notifications:\n" + "".join(entries)


CAC = "the cyberspace administration"
PSB = "the public security organ"
REGULATORS = note("sector-regulator", "national", sector="energy") + note(
    "sector-regulator", "national", sector="finance"
)


def test_national_scope_needs_both_national_reports(tmp_path: Path) -> None:
    """`national: true`: cac AND public-security at national level; provincial ones fail."""
    national = analysis(national="true")
    run = check(
        tmp_path,
        {
            "both.md": analysis(national="true", notes=notes(both("national"))),
            "cac-only.md": analysis(national="true", notes=notes(note("cac", "national"))),
            "psb-only.md": analysis(
                national="true", notes=notes(note("public-security", "national"))
            ),
            "provincial.md": analysis(national="true", notes=notes(both("provincial", "110000"))),
            "nothing.md": national,
            # Other national authorities are not the two Art. 6 ¶3 names.
            "others.md": analysis(
                national="true",
                notes=notes(note("telecom", "national"), note("sector-regulator", "national")),
            ),
            "not-national.md": analysis(national="false", regions=("440300",)),
        },
    )
    assert (run.page("both.md").verdict, run.page("both.md").findings) == ("publish", [])
    expected = {}
    for path in ("cac-only.md", "psb-only.md", "provincial.md", "nothing.md", "others.md"):
        page = run.page(path)
        assert (page.verdict, page.codes) == ("hold", ["CAC603"]), (path, page.findings)
        finding = page.one("CAC603")
        assert finding["key"] == "threatpub.scope.national"
        assert finding["line"] == line_of(national, "national: true")
        assert finding["action"] == "hold"
        assert "national analysis" in finding["message"]
        expected[path] = finding["expected"]
    assert PSB in expected["cac-only.md"]
    assert CAC not in expected["cac-only.md"]
    assert CAC in expected["psb-only.md"]
    assert PSB not in expected["psb-only.md"]
    for path in ("provincial.md", "nothing.md", "others.md"):
        assert CAC in expected[path], path
        assert PSB in expected[path], path
        assert "national level" in expected[path], path
    assert run.page("provincial.md").one("CAC603")["found"] == (
        "threatpub.notifications[0]: level provincial is below national; "
        "threatpub.notifications[1]: level provincial is below national"
    )
    assert run.page("others.md").one("CAC603")["found"] == "no such notification"
    # Not national and one region: CAC601 only.
    assert run.page("not-national.md").codes == ["CAC601"]


def test_cross_regional_means_more_than_one_province(tmp_path: Path) -> None:
    """110000 + 310000 is cross-regional; 440300 + 440100 (both Guangdong) is not."""
    two_provinces = analysis(regions=("110000", "310000"))
    run = check(
        tmp_path,
        {
            "two-provinces.md": two_provinces,
            # Provincial reports satisfy CAC601 for each region but never CAC603.
            "two-provinces-provincial.md": analysis(
                regions=("110000", "310000"),
                notes=notes(both("provincial", "110000"), both("provincial", "310000")),
            ),
            # National reports satisfy CAC603 and CAC601 for every region.
            "two-provinces-national.md": analysis(
                regions=("110000", "310000"), notes=notes(both("national"))
            ),
            "one-province.md": analysis(
                regions=("440300", "440100"), notes=notes(both("provincial", "440000"))
            ),
            "prefecture-and-its-province.md": analysis(
                regions=("440000", "440300"), notes=notes(both("provincial", "440000"))
            ),
        },
    )
    page = run.page("two-provinces.md")
    assert sorted(page.codes) == ["CAC601", "CAC601", "CAC603"]
    finding = page.one("CAC603")
    assert finding["key"] == "threatpub.scope.regions"
    assert finding["line"] == line_of(two_provinces, "regions:")
    assert "cross-regional analysis (Beijing, Shanghai)" in finding["message"]
    provincial = run.page("two-provinces-provincial.md")
    assert (provincial.verdict, provincial.codes) == ("hold", ["CAC603"])
    assert "level provincial is below national" in provincial.one("CAC603")["found"]
    for path in ("two-provinces-national.md", "one-province.md", "prefecture-and-its-province.md"):
        assert (run.page(path).verdict, run.page(path).findings) == ("publish", []), path


def test_cross_sector_means_more_than_one_sector(tmp_path: Path) -> None:
    """Two sectors (critical or not) make a report cross-sector; one sector twice does not."""
    two = analysis(sectors=("energy", "finance"))
    run = check(
        tmp_path,
        {
            "two-critical.md": analysis(sectors=("energy", "finance"), notes=notes(REGULATORS)),
            "two-critical-national.md": analysis(
                sectors=("energy", "finance"), notes=notes(REGULATORS, both("national"))
            ),
            "critical-and-other.md": analysis(
                sectors=("healthcare", "finance"),
                notes=notes(note("sector-regulator", "national", sector="finance")),
            ),
            "two-others.md": analysis(sectors=("healthcare", "education")),
            "one-sector-twice.md": analysis(
                sectors=("energy", "能源"),
                notes=notes(note("sector-regulator", "national", sector="energy")),
            ),
            "one-sector.md": analysis(sectors=("healthcare",)),
        },
    )
    page = run.page("two-critical.md")
    assert (page.verdict, page.codes) == ("hold", ["CAC603"])
    finding = page.one("CAC603")
    assert finding["key"] == "threatpub.scope.sectors"
    assert finding["line"] == line_of(two, "sectors:")
    assert "cross-sector analysis (energy, finance)" in finding["message"]
    assert run.page("critical-and-other.md").codes == ["CAC603"]
    assert run.page("two-others.md").codes == ["CAC603"]
    for path in ("two-critical-national.md", "one-sector-twice.md", "one-sector.md"):
        assert (run.page(path).verdict, run.page(path).findings) == ("publish", []), path


def test_one_finding_naming_the_first_reason(tmp_path: Path) -> None:
    """National, cross-regional and cross-sector at once: one CAC603, on `national`."""
    text = analysis(national="true", regions=("110000", "310000"), sectors=("energy", "finance"))
    run = check(tmp_path, {"all.md": text})
    finding = run.page("all.md").one("CAC603")
    assert finding["key"] == "threatpub.scope.national"
    assert finding["line"] == line_of(text, "national: true")


def test_dated_after_going_public_does_not_count(tmp_path: Path) -> None:
    """A national report dated after the page goes public is not a report yet."""
    run = check(
        tmp_path,
        {
            "today.md": analysis(national="true", notes=notes(both("national", date="2026-11-23"))),
            "later.md": analysis(
                national="true",
                notes=notes(
                    note("cac", "national"),
                    note("public-security", "national", date="2026-11-23T12:00:00+08:00"),
                ),
            ),
        },
    )
    assert (run.page("today.md").verdict, run.page("today.md").findings) == ("publish", [])
    later = run.page("later.md")
    assert sorted(later.codes) == ["CAC603", "META005"]
    finding = later.one("CAC603")
    assert finding["found"] == (
        "threatpub.notifications[1]: dated 2026-11-23, after the page goes public"
    )
    assert CAC not in finding["expected"]


def test_only_analyses_under_cn_jurisdiction(tmp_path: Path) -> None:
    """CAC603 judges `kind: analysis` pages only, and only where CN law applies."""
    incident = analysis(national="true", kind="incident").replace(
        "  scope:\n", '  incident:\n    region: "440305"\n  scope:\n'
    )
    run = check(
        tmp_path,
        {
            "general.md": analysis(national="true", kind="general"),
            "breach.md": analysis(regions=("110000", "310000"), kind="breach"),
            "incident.md": incident,
            "us.md": analysis(national="true", extra="  jurisdiction: [US]\n"),
            "cn.md": analysis(national="true"),
        },
    )
    for path in ("general.md", "breach.md", "us.md"):
        assert (run.page(path).verdict, run.page(path).findings) == ("publish", []), path
    assert run.page("incident.md").codes == ["CAC500"]
    assert run.page("cn.md").codes == ["CAC603"]
    site = check(
        tmp_path / "us-site",
        {
            "default.md": analysis(national="true"),
            "own-cn.md": analysis(national="true", extra="  jurisdiction: [CN]\n"),
        },
        options={"jurisdiction": ["US"]},
    )
    assert (site.page("default.md").verdict, site.page("default.md").findings) == ("publish", [])
    assert site.page("own-cn.md").codes == ["CAC603"]


def test_messages_and_the_fix_publishes(tmp_path: Path) -> None:
    """expected/found/fix are filled; pasting every fix publishes the page: the national
    example also satisfies CAC601 for every region."""
    pages = {
        "national.md": analysis(national="true"),
        "cac-only.md": analysis(national="true", notes=notes(note("cac", "national"))),
        "regions.md": analysis(
            regions=("110000", "310000"),
            notes=notes(both("provincial", "110000"), both("provincial", "310000")),
        ),
        "sectors.md": analysis(sectors=("energy", "finance"), notes=notes(REGULATORS)),
        "past-published.md": analysis(national="true", extra="  published: 2026-11-01\n"),
    }
    run = check(tmp_path, pages)
    fixed = {}
    for path, text in pages.items():
        finding = run.page(path).one("CAC603")
        assert run.page(path).codes == ["CAC603"], path
        for field in ("message", "expected", "found", "fix"):
            assert finding[field].strip(), (path, field)
        assert "level: national" in finding["fix"], path
        assert "region:" not in finding["fix"], path
        fixed[path] = apply_fix(text, finding["fix"])
    cac_only = run.page("cac-only.md").one("CAC603")["fix"]
    assert "authority: public-security" in cac_only
    assert "authority: cac" not in cac_only
    assert "threatpub.notifications[0]" in run.page("regions.md").one("CAC603")["found"]
    assert "date: 2026-11-01" in run.page("past-published.md").one("CAC603")["fix"]
    # Without any local report, the national example alone publishes a two-province page.
    bare = analysis(regions=("110000", "310000"))
    first = check(tmp_path / "bare", {"bare.md": bare})
    fixed["bare.md"] = apply_fix(bare, first.page("bare.md").one("CAC603")["fix"])
    again = check(tmp_path / "fixed", fixed)
    for path, page in again.pages.items():
        assert (page.verdict, page.findings) == ("publish", []), (path, page.findings)
