"""MIIT093 exaggeration (MIIT Art. 9(3)): CAC300's hype detection under the MIIT code."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import check, line_of

HYPE = """
    ---
    title: 史上最严重的核弹级漏洞
    threatpub:
      kind: vulnerability
      repair: {status: fixed, date: 2026-11-01}
    ---

    Patch now: this is the most dangerous bug ever, and 史上最 bugs need 核弹级 fixes.
    """

# Plain technical words, and hype only inside code or a URL: quiet, as for CAC300.
QUIET = """
    ---
    title: Heap overflow in libexample before 2.4.1 (CVSS 9.8)
    threatpub:
      kind: vulnerability
      repair: {status: fixed, date: 2026-11-01}
    ---

    Critical severity; in the worst case an attacker runs code. Catastrophic backtracking
    is not involved. A log line said `the most dangerous bug ever`; see
    https://example.org/nuclear-grade-bug for the vendor's notice.
    """


def test_hype_warns_per_phrase_and_technical_words_do_not(tmp_path: Path) -> None:
    pages = {"hype.md": HYPE, "quiet.md": QUIET}
    run = check(tmp_path, pages, options={"profiles": ["miit-2021"]})
    hype = run.page("hype.md")
    assert hype.verdict == "publish"
    found = {f["found"].split("'")[1]: f for f in hype.all("MIIT093")}
    assert set(found) == {"史上最", "核弹级", "most dangerous ever"}
    assert all(f["action"] == "warn" for f in found.values())
    assert found["史上最"]["line"] == line_of(HYPE, "title:")
    assert "2 times" in found["史上最"]["found"]  # title and body
    assert found["most dangerous ever"]["line"] == line_of(HYPE, "Patch now")
    assert "Article 9(3)" in found["核弹级"]["message"]
    assert run.page("quiet.md").findings == []


def test_both_profiles_report_the_same_phrases_under_their_codes(tmp_path: Path) -> None:
    run = check(tmp_path, {"hype.md": HYPE}, options={"profiles": ["cac-2019", "miit-2021"]})
    page = run.page("hype.md")
    cac = sorted((f["line"], f["found"]) for f in page.all("CAC300"))
    miit = sorted((f["line"], f["found"]) for f in page.all("MIIT093"))
    assert cac == miit
    assert len(miit) == 3


def test_rule_can_be_switched_off_alone(tmp_path: Path) -> None:
    options = {"profiles": ["cac-2019", "miit-2021"], "rules": {"MIIT093": "off"}}
    run = check(tmp_path, {"hype.md": HYPE}, options=options)
    assert set(run.page("hype.md").codes) == {"CAC300"}
