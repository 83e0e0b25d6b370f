"""MIIT091 published-before-fix (MIIT Art. 9(1)): no vulnerability before its fix, unless a
joint early-release assessment is recorded, dated on or before the page goes public."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.rules.helpers import check, line_of, page_text

MIIT = {"profiles": ["miit-2021"]}


def advisory(meta: str, body: str = "## Mitigation\n\nBlock port 8443 at the edge.\n") -> str:
    """A vulnerability page; ``meta`` is YAML indented by two spaces."""
    return (
        f"---\ntitle: Flaw in Example Mail\nthreatpub:\n  kind: vulnerability\n{meta}---\n\n{body}"
    )


EARLY = (
    "  repair: {{status: unfixed}}\n"
    "  early_release:\n    date: {date}\n    parties: [Example Mail Inc., our CERT]\n"
    "    reference: EA-2026-07\n"
)


def test_unfixed_held_fixed_published(tmp_path: Path) -> None:
    pages = {
        "fixed.md": advisory("  repair: {status: fixed, date: 2026-11-01}\n"),
        "unfixed.md": advisory("  repair:\n    status: unfixed\n"),
        "mitigated.md": advisory("  repair:\n    status: mitigated\n"),
        "silent.md": advisory(""),
    }
    run = check(tmp_path, pages, options=MIIT)
    assert run.page("fixed.md").findings == []
    for path in ("unfixed.md", "mitigated.md", "silent.md"):
        page = run.page(path)
        assert page.verdict == "hold", path
        assert page.codes == ["MIIT091"], path
        assert page.release_after is None  # not a clock: the fix or the assessment ends it
    finding = run.page("unfixed.md").one("MIIT091")
    assert finding["line"] == line_of(pages["unfixed.md"], "status: unfixed")
    assert finding["key"] == "threatpub.repair.status"
    assert "no `early_release` record" in finding["found"]
    assert "mitigated" in run.page("mitigated.md").one("MIIT091")["message"]
    silent = run.page("silent.md").one("MIIT091")
    assert silent["line"] == line_of(pages["silent.md"], "kind:")
    assert "not recorded" in silent["message"]


@pytest.mark.parametrize(
    ("date", "verdict"),
    [
        ("2026-11-22", "publish"),
        ("2026-11-23", "publish"),  # a date is the start of that day: before now
        ("2026-11-23T10:00:00+08:00", "publish"),  # exactly now
        ("2026-11-23T02:00:00Z", "publish"),  # 10:00 in Asia/Shanghai, the same instant
        ("2026-11-23T10:00:01+08:00", "hold"),
        ("2026-11-24", "hold"),
    ],
)
def test_early_release_counts_when_dated_by_the_time_the_page_goes_public(
    tmp_path: Path, date: str, verdict: str
) -> None:
    """now = 2026-11-23 10:00 Asia/Shanghai (conftest); the page has no `published`."""
    run = check(tmp_path, {"early.md": advisory(EARLY.format(date=date))}, options=MIIT)
    page = run.page("early.md")
    assert page.verdict == verdict
    if verdict == "hold":
        assert "after the page goes public" in page.one("MIIT091")["found"]
    else:
        assert page.findings == []


def test_a_scheduled_page_counts_records_up_to_its_publication(tmp_path: Path) -> None:
    """Published 2026-12-01: an assessment of 2026-11-30 counts; the schedule holds it."""
    meta = "  published: 2026-12-01\n" + EARLY.format(date="2026-11-30")
    run = check(tmp_path, {"later.md": advisory(meta)}, options=MIIT)
    assert run.page("later.md").codes == ["META006"]


def test_an_incomplete_record_does_not_count(tmp_path: Path) -> None:
    complete = EARLY.format(date="2026-11-20")
    run = check(
        tmp_path,
        {
            "nobody.md": advisory(complete.replace("[Example Mail Inc., our CERT]", "[]")),
            "noref.md": advisory(complete.replace("    reference: EA-2026-07\n", "")),
            "nodate.md": advisory(complete.replace("    date: 2026-11-20\n", "")),
        },
        options=MIIT,
    )
    assert "names nobody" in run.page("nobody.md").one("MIIT091")["found"]
    assert "reference` is missing" in run.page("noref.md").one("MIIT091")["found"]
    assert "date` is missing" in run.page("nodate.md").one("MIIT091")["found"]


def test_the_fix_pasted_as_is_publishes(tmp_path: Path) -> None:
    text = advisory("  published: 2026-11-20\n  repair:\n    status: unfixed\n")
    fix = check(tmp_path / "before", {"p.md": text}, options=MIIT).page("p.md").one("MIIT091")
    intro, _, example = fix["fix"].partition("\n")
    assert intro.endswith("for example:")
    _, front, body = page_text(text).split("---\n", 2)
    data = yaml.safe_load(front)
    data["threatpub"].update(yaml.safe_load(example))
    # The example is dated by the page's own `published` (2026-11-20), not after it.
    assert str(data["threatpub"]["early_release"]["date"]) == "2026-11-20"
    pasted = f"---\n{yaml.safe_dump(data, allow_unicode=True)}---\n{body}"
    after = check(tmp_path / "after", {"p.md": pasted}, options=MIIT)
    assert after.page("p.md").findings == []


def test_outside_china_the_miit_profile_does_not_apply(tmp_path: Path) -> None:
    """The profile is for CN pages: `jurisdiction: [DE]` draws no MIIT finding at all,
    although the page breaks Art. 7, 9(1), 9(2), 9(3) and 9(5)."""
    meta = (
        "  jurisdiction: [DE]\n  publisher_role: vendor\n  discovered: 2026-11-01\n"
        "  target: {operator: Example Stadtwerke, system: billing portal}\n"
        "  shared_before_publication: [{party: Someone, country: US, role: other}]\n"
    )
    body = "# The most dangerous bug ever\n\n```http\nGET /debug HTTP/1.1\n```\n"
    china = advisory(meta.replace("[DE]", "[CN]"), body)
    run = check(tmp_path, {"de.md": advisory(meta, body), "cn.md": china}, options=MIIT)
    assert run.page("de.md").findings == []
    assert run.page("de.md").verdict == "publish"
    assert set(run.page("cn.md").codes) == {
        "MIIT072",
        "MIIT091",
        "MIIT092",
        "MIIT093",
        "MIIT095",
        "MIIT097",
    }
