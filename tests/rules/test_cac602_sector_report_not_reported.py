"""CAC602 sector-report-not-reported (Art. 6 ¶2): a `sector-regulator` notification for each
critical sector an analysis covers."""

from __future__ import annotations

from pathlib import Path

from mkdocs_threatpub.core.sectors import CRITICAL_SECTORS
from tests.rules.helpers import apply_fix, check, line_of


def analysis(*sectors: str, notes: str = "", extra: str = "", kind: str = "analysis") -> str:
    """An analysis page covering ``sectors`` (one per line)."""
    listed = "".join(f"      - {sector}\n" for sector in sectors)
    return (
        "---\n"
        "title: Sector threat report\n"
        "threatpub:\n"
        f"  kind: {kind}\n"
        f"{extra}"
        "  scope:\n"
        "    sectors:\n"
        f"{listed}"
        f"{notes}"
        "---\n\n"
        "Findings of the quarter.\n"
    )


def regulator(
    sector: str | None, *, authority: str = "sector-regulator", date: str = "2026-10-02"
) -> str:
    """One flow-style notification entry."""
    parts = [f"authority: {authority}", "level: national"]
    if sector is not None:
        parts.append(f"sector: {sector}")
    return "    - {" + ", ".join([*parts, f"date: {date}"]) + "}\n"


def notes(*entries: str) -> str:
    return "  notifications:\n" + "".join(entries)


def test_critical_sector_needs_its_own_regulator(tmp_path: Path) -> None:
    """energy needs a sector-regulator notice for energy; finance's or another body's won't do."""
    run = check(
        tmp_path,
        {
            "energy.md": analysis("energy", notes=notes(regulator("energy"))),
            "finance-notice.md": analysis("energy", notes=notes(regulator("finance"))),
            "no-sector.md": analysis("energy", notes=notes(regulator(None))),
            "cac-for-energy.md": analysis(
                "energy", notes=notes(regulator("energy", authority="cac"))
            ),
            "nothing.md": analysis("energy"),
            # Any level: Art. 6 ¶2 names the regulator, not its level.
            "county-level.md": analysis(
                "energy",
                notes=notes(
                    "    - {authority: sector-regulator, level: county, "
                    'region: "440305", sector: energy, date: 2026-10-02}\n'
                ),
            ),
            # Not a critical sector: nobody needs to be told under Art. 6 ¶2.
            "healthcare.md": analysis("healthcare"),
            "education.md": analysis("Education"),
        },
    )
    for path in ("energy.md", "county-level.md", "healthcare.md", "education.md"):
        assert (run.page(path).verdict, run.page(path).findings) == ("publish", []), path
    held = {}
    for path in ("finance-notice.md", "no-sector.md", "cac-for-energy.md", "nothing.md"):
        page = run.page(path)
        assert (page.verdict, page.codes) == ("hold", ["CAC602"]), (path, page.findings)
        finding = page.one("CAC602")
        assert finding["key"] == "threatpub.scope.sectors[0]"
        assert finding["line"] == line_of(analysis("energy"), "- energy")
        assert finding["action"] == "hold"
        assert "energy (能源)" in finding["message"]
        assert "sector regulator" in finding["expected"]
        assert "energy" in finding["expected"]
        held[path] = finding["found"]
    assert held == {
        "finance-notice.md": "threatpub.notifications[0]: sector finance is not energy",
        "no-sector.md": "threatpub.notifications[0]: sector (none) is not energy",
        "cac-for-energy.md": "no such notification",
        "nothing.md": "no such notification",
    }


def test_every_critical_sector_by_its_chinese_label(tmp_path: Path) -> None:
    """Chinese labels are accepted and normalised to the canonical name, in scope and notes."""
    pages = {f"{name}.md": analysis(label) for name, label in CRITICAL_SECTORS.items()}
    pages |= {
        "label-in-scope.md": analysis("能源", notes=notes(regulator("energy"))),
        "label-in-note.md": analysis("energy", notes=notes(regulator("能源"))),
        "labels-both.md": analysis("金融", notes=notes(regulator("金融"))),
        "spelling-variants.md": analysis(
            "Public Services", notes=notes(regulator("public_services"))
        ),
        "mixed-case.md": analysis("E-Government", notes=notes(regulator("e-government"))),
    }
    run = check(tmp_path, pages)
    for name, label in CRITICAL_SECTORS.items():
        page = run.page(f"{name}.md")
        assert (page.verdict, page.codes) == ("hold", ["CAC602"]), name
        finding = page.one("CAC602")
        assert f"{name} ({label})" in finding["message"], name
        assert f"sector: {name}" in finding["fix"], name
    for path in (
        "label-in-scope.md",
        "label-in-note.md",
        "labels-both.md",
        "spelling-variants.md",
        "mixed-case.md",
    ):
        assert (run.page(path).verdict, run.page(path).findings) == ("publish", []), path


def test_misspelt_sector_fails_with_a_suggestion(tmp_path: Path) -> None:
    """`energi` is META003 (fail) with "did you mean 'energy'", on its own line."""
    in_scope = analysis("healthcare", "energi")
    in_note = analysis("energy", notes=notes(regulator("finanse")))
    run = check(tmp_path, {"scope.md": in_scope, "note.md": in_note})
    page = run.page("scope.md")
    assert (page.verdict, page.codes) == ("fail", ["META003"])
    finding = page.one("META003")
    assert finding["key"] == "threatpub.scope.sectors[1]"
    assert finding["line"] == line_of(in_scope, "energi")
    assert "did you mean 'energy'" in finding["found"]
    page = run.page("note.md")
    assert (page.verdict, page.codes) == ("fail", ["META003"])
    finding = page.one("META003")
    assert finding["key"] == "threatpub.notifications[0].sector"
    assert finding["line"] == line_of(in_note, "finanse")
    assert "did you mean 'finance'" in finding["found"]


def test_one_finding_per_unreported_sector(tmp_path: Path) -> None:
    """Each critical sector is judged on its own; one sector listed twice is one finding."""
    two = analysis("energy", "healthcare", "finance")
    run = check(
        tmp_path,
        {
            "two.md": analysis("energy", "healthcare", "finance", notes=notes(regulator("energy"))),
            "none.md": two,
            "twice.md": analysis("energy", "能源"),
        },
    )
    page = run.page("two.md")
    finding = page.one("CAC602")
    assert finding["key"] == "threatpub.scope.sectors[2]"
    assert finding["line"] == line_of(two, "finance")
    assert "finance" in finding["expected"]
    assert "threatpub.notifications[0]: sector energy is not finance" in finding["found"]
    assert "CAC603" in page.codes  # more than one sector: cross-sector as well
    assert [f["key"] for f in run.page("none.md").all("CAC602")] == [
        "threatpub.scope.sectors[0]",
        "threatpub.scope.sectors[2]",
    ]
    # `energy` and `能源` are one sector: one finding, and not a cross-sector report.
    assert run.page("twice.md").codes == ["CAC602"]


def test_dated_after_going_public_does_not_count(tmp_path: Path) -> None:
    """A notice dated later than now (the page goes public now) is not a report yet."""
    run = check(
        tmp_path,
        {
            "today.md": analysis("water", notes=notes(regulator("water", date="2026-11-23"))),
            "tomorrow.md": analysis("water", notes=notes(regulator("water", date="2026-11-24"))),
        },
    )
    assert (run.page("today.md").verdict, run.page("today.md").findings) == ("publish", [])
    page = run.page("tomorrow.md")
    assert sorted(page.codes) == ["CAC602", "META005"]
    assert page.one("CAC602")["found"] == (
        "threatpub.notifications[0]: dated 2026-11-24, after the page goes public"
    )


def test_only_analyses_under_cn_jurisdiction(tmp_path: Path) -> None:
    """CAC602 judges `kind: analysis` pages only, and only where CN law applies."""
    run = check(
        tmp_path,
        {
            "general.md": analysis("energy", kind="general"),
            "vulnerability.md": analysis("energy", kind="vulnerability"),
            "us.md": analysis("energy", extra="  jurisdiction: [US]\n"),
            "cn.md": analysis("energy"),
        },
    )
    for path in ("general.md", "vulnerability.md", "us.md"):
        assert (run.page(path).verdict, run.page(path).findings) == ("publish", []), path
    assert run.page("cn.md").codes == ["CAC602"]
    site = check(
        tmp_path / "us-site",
        {
            "default.md": analysis("energy"),
            "own-cn.md": analysis("energy", extra="  jurisdiction: [CN]\n"),
        },
        options={"jurisdiction": ["US"]},
    )
    assert (site.page("default.md").verdict, site.page("default.md").findings) == ("publish", [])
    assert site.page("own-cn.md").codes == ["CAC602"]


def test_messages_and_the_fix_publishes(tmp_path: Path) -> None:
    """expected/found/fix are filled; pasting the fix's YAML example publishes the page."""
    pages = {
        "nothing.md": analysis("energy"),
        "label.md": analysis("交通"),
        "wrong-sector.md": analysis("telecom", notes=notes(regulator("finance"))),
        "past-published.md": analysis("defense-industry", extra="  published: 2026-11-01\n"),
    }
    run = check(tmp_path, pages)
    fixed = {}
    for path, text in pages.items():
        finding = run.page(path).one("CAC602")
        for field in ("message", "expected", "found", "fix"):
            assert finding[field].strip(), (path, field)
        assert "authority: sector-regulator" in finding["fix"], path
        fixed[path] = apply_fix(text, finding["fix"])
    assert "sector: transport" in run.page("label.md").one("CAC602")["fix"]
    assert "threatpub.notifications[0]" in run.page("wrong-sector.md").one("CAC602")["found"]
    assert "date: 2026-11-01" in run.page("past-published.md").one("CAC602")["fix"]
    again = check(tmp_path / "fixed", fixed)
    for path, page in again.pages.items():
        assert (page.verdict, page.findings) == ("publish", []), (path, page.findings)
