"""META003 invalid-value: wrong types, enums, dates and region codes fail, never guessed."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import check, line_of

NEXT_TUESDAY = """
---
title: Advisory
threatpub:
  kind: vulnerability
  published: next tuesday
---
"""

LAST_WEEK = """
---
threatpub:
  kind: vulnerability
  notifications:
    - authority: cac
      level: national
      date: last week
---
"""

CITY = """
---
threatpub:
  kind: incident
  incident:
    region: "110105"
  notifications:
    - authority: public-security
      level: city
      date: 2026-10-02
---
"""

REGIONS = """
---
threatpub:
  kind: analysis
  incident:
    region: "11010"
  scope:
    regions:
      - "110000"
      - beijing
---
"""

DUPLICATE = """
---
threatpub:
  kind: vulnerability
  published: 2026-11-01
  kind: general
---
"""

NOT_A_MAPPING = """
---
title: Advisory
threatpub: vulnerability
---
"""

LIST_BLOCK = """
---
threatpub:
  - kind: general
---
"""

IMPOSSIBLE_DATE = """
---
threatpub:
  kind: general
  notifications:
    - authority: cac
      level: national
      date: 2026-02-30
---
"""

# A page naming a target whose records are invalid: only META003, nothing judged on it.
TARGET_BAD_ENUM = """
---
threatpub:
  kind: Vulnerability
  jurisdiction: [CHN]
  target:
    operator: Example Power Co.
  notifications: {authority: cac}
---
"""


def test_invalid_values_fail_naming_key_and_line(tmp_path: Path) -> None:
    """Each message names the key path; each finding points at that key's line."""
    pages = {
        "next-tuesday.md": NEXT_TUESDAY,
        "last-week.md": LAST_WEEK,
        "city.md": CITY,
        "regions.md": REGIONS,
        "duplicate.md": DUPLICATE,
        "not-a-mapping.md": NOT_A_MAPPING,
        "list-block.md": LIST_BLOCK,
        "impossible-date.md": IMPOSSIBLE_DATE,
        "target-bad-enum.md": TARGET_BAD_ENUM,
    }
    run = check(tmp_path, pages)
    expected = {
        "next-tuesday.md": [("threatpub.published", line_of(NEXT_TUESDAY, "next tuesday"))],
        "last-week.md": [("threatpub.notifications[0].date", line_of(LAST_WEEK, "last week"))],
        "city.md": [("threatpub.notifications[0].level", line_of(CITY, "city"))],
        "regions.md": [
            ("threatpub.incident.region", line_of(REGIONS, '"11010"')),
            ("threatpub.scope.regions[1]", line_of(REGIONS, "beijing")),
        ],
        # The second occurrence is the one YAML silently keeps: point there.
        "duplicate.md": [("threatpub.kind", line_of(DUPLICATE, "kind:", occurrence=2))],
        "not-a-mapping.md": [("threatpub", line_of(NOT_A_MAPPING, "threatpub:"))],
        "list-block.md": [("threatpub", line_of(LIST_BLOCK, "threatpub:"))],
        "impossible-date.md": [
            ("threatpub.notifications[0].date", line_of(IMPOSSIBLE_DATE, "2026-02-30"))
        ],
        "target-bad-enum.md": [
            ("threatpub.kind", line_of(TARGET_BAD_ENUM, "Vulnerability")),
            ("threatpub.jurisdiction[0]", line_of(TARGET_BAD_ENUM, "CHN")),
            ("threatpub.notifications", line_of(TARGET_BAD_ENUM, "notifications")),
        ],
    }
    for path, wanted in expected.items():
        page = run.page(path)
        assert page.verdict == "fail", path
        assert set(page.codes) == {"META003"}, (path, page.findings)
        got = sorted((f["key"], f["line"]) for f in page.findings)
        assert got == sorted(wanted), path
        for finding in page.findings:
            assert finding["key"] in finding["message"], finding
            assert finding["expected"], finding
            assert finding["found"], finding
            assert finding["action"] == "fail"
    # Strings are quoted back as what was found, never turned into a date.
    assert "next tuesday" in run.page("next-tuesday.md").one("META003")["found"]
    assert "last week" in run.page("last-week.md").one("META003")["found"]
    assert "city" in run.page("city.md").one("META003")["found"]
    assert "appears twice" in run.page("duplicate.md").one("META003")["message"]
    assert "2026-02-30" in run.page("impossible-date.md").one("META003")["found"]


VALID_VARIANTS = """
---
title: Weekly notes
title: Weekly notes (duplicate outside our block is not ours)
threatpub:
  kind: general
  published: "2026-11-20T09:00:00+08:00"
  jurisdiction: cn
  incident:
    region: 110105
  notifications:
    - authority: public-security
      level: prefecture
      region: 110100
      date: 2026-11-02 09:30:00+08:00
    - authority: cac
      level: national
      date: "2026-11-03"
---
"""

EMPTY_BLOCK = """
---
threatpub:
---
"""


def test_valid_spellings_are_accepted(tmp_path: Path) -> None:
    """Quoted ISO datetimes, YAML timestamps, unquoted six-digit regions, lower-case country."""
    run = check(tmp_path, {"valid.md": VALID_VARIANTS, "empty.md": EMPTY_BLOCK})
    valid = run.page("valid.md")
    assert valid.verdict == "publish", valid.findings
    assert valid.findings == []
    # An empty block is a threat page with nothing said: a missing field, not a bad value.
    empty = run.page("empty.md")
    assert empty.codes == ["META004"]
    assert empty.verdict == "hold"


NATIONAL_WITH_REGION = """
---
threatpub:
  kind: incident
  incident:
    region: "110105"
  notifications:
    - {authority: public-security, level: national, region: "110000", date: 2026-10-02}
---
"""


def test_a_national_notice_with_a_provincial_region_is_not_counted(tmp_path: Path) -> None:
    """Issue 16 case 5: `level: national` with the provincial code 110000 is neither a
    national notice nor a provincial one: the level and the region disagree (META003 at
    the entry), and the fix says both ways out."""
    run = check(tmp_path, {"national.md": NATIONAL_WITH_REGION})
    page = run.page("national.md")
    assert (page.verdict, page.codes) == ("fail", ["META003"]), page.findings
    finding = page.one("META003")
    assert finding["key"] == "threatpub.notifications[0]"
    assert finding["line"] == line_of(NATIONAL_WITH_REGION, "level: national")
    assert "level and region disagree" in finding["message"]
    assert "no region for level national" in finding["expected"]
    assert finding["found"] == "level national with region 110000, a provincial-level code"
    assert "drop `region` for a national notice" in finding["fix"]
    assert "`level: provincial`" in finding["fix"]


BAD_DATES = {
    "month.md": ("published: 2026-13-01", "'2026-13-01': month 13 does not exist"),
    "day.md": ("published: 2026-02-30", "2026-02 has 28 days, so day 30 does not exist"),
    "hour.md": ('published: "2026-11-20T25:00"', "hour 25 does not exist"),
    "offset.md": (
        'published: "2026-11-20T09:00+25:00"',
        "the offset +25:00 is out of range (offsets run from -23:59 to +23:59",
    ),
    "shape.md": ('published: "2026-11-2x"', "the text '2026-11-2x', which is not in that form"),
    "year.md": ("published: 9999-12-31", "9999-12-31, in the year 9999"),
}

# Words of Python's and pydantic's own messages that must never reach an author.
LIBRARY_WORDS = (
    "must be in",
    "isoformat",
    "timedelta",
    "Input should",
    "valid dictionary",
    "instance of",
    "Value error",
    "unable to interpret",
)


def assert_own_words(finding: dict[str, object]) -> None:
    for part in ("message", "expected", "found", "fix"):
        text = str(finding[part])
        for words in LIBRARY_WORDS:
            assert words not in text, (part, text)


def test_dates_say_which_part_is_wrong_in_our_words(tmp_path: Path) -> None:
    """Unclear messages: no "month must be in 1..12", "Invalid isoformat string" or
    "offset must be a timedelta …"; the expected value is shown by example and the finding
    says which part does not exist."""
    pages = {
        path: f"---\nthreatpub:\n  kind: general\n  {line}\n---\n"
        for path, (line, _) in BAD_DATES.items()
    }
    run = check(tmp_path, pages)
    for path, (_, found) in BAD_DATES.items():
        finding = run.page(path).one("META003")
        assert finding["key"] == "threatpub.published", path
        assert finding["line"] == 4, path
        assert found in finding["found"], (path, finding["found"])
        assert "2026-11-20T09:00+08:00" in finding["expected"], path
        assert "YYYY-MM-DD" in finding["fix"] or "year" in finding["fix"], path
        assert_own_words(finding)


WRONG_SHAPES = """
---
threatpub:
  kind: incident
  notifications:
    - yes
  repair: {status: broken}
  scope: {national: maybe}
  target: [Example Power Co.]
  allow: {rule: CAC403}
---
"""


def test_wrong_types_are_worded_from_the_schema(tmp_path: Path) -> None:
    """pydantic's type errors are worded from the error type and the schema: the keys of
    the mapping that was expected, the allowed values of an enum; YAML's `yes` is named."""
    run = check(tmp_path, {"shapes.md": WRONG_SHAPES})
    found = {f["key"]: f for f in run.page("shapes.md").findings}
    expected = {
        "threatpub.notifications[0]": (
            "a mapping with authority, level, region, sector, date, reference",
            "YAML reads an unquoted yes, no, on or off as true or false",
        ),
        "threatpub.repair.status": ("one of: unfixed, mitigated, fixed", "'broken'"),
        "threatpub.scope.national": ("true or false", "'maybe'"),
        "threatpub.target": ("a mapping with operator, system", "a list"),
        "threatpub.allow": ("a list: one `- item` line per entry, or [a, b]", "a dict"),
    }
    assert sorted(found) == sorted(expected)
    for key, (wanted, seen) in expected.items():
        finding = found[key]
        assert finding["code"] == "META003"
        assert finding["expected"] == wanted, key
        assert seen in finding["found"], key
        assert wanted in finding["fix"], key
        assert_own_words(finding)


OCTAL_REGION = """
---
threatpub:
  kind: incident
  incident:
    region: 0320506
---
"""


def test_a_region_yaml_read_as_octal_says_to_quote_it(tmp_path: Path) -> None:
    """`region: 0320506` arrives as the number 106822 (YAML 1.1 octal): say so, and give
    the quoted code (320506, Wuzhong district, Suzhou) as the fix."""
    run = check(tmp_path, {"octal.md": OCTAL_REGION})
    finding = run.page("octal.md").one("META003")
    assert finding["key"] == "threatpub.incident.region"
    assert finding["line"] == line_of(OCTAL_REGION, "0320506")
    assert "written 0320506 without quotes" in finding["found"]
    assert "octal number 106822" in finding["found"]
    assert finding["fix"] == (
        "'threatpub.incident.region': put the code in quotes without a leading 0: \"320506\""
    )


def test_a_mkdocs_date_outside_the_countable_years_is_invalid(tmp_path: Path) -> None:
    """MkDocs' own `date` (the fallback for `published`) near year 9999: META003 at the key,
    never an overflow inside a rule."""
    page = "---\ndate: 9999-12-31 23:59:59-12:00\nthreatpub:\n  kind: general\n---\n\n# X\n"
    ok = page.replace("9999-12-31 23:59:59-12:00", "2026-11-01")
    run = check(tmp_path, {"far.md": page, "ok.md": ok})
    far = run.page("far.md")
    assert far.verdict == "fail"
    finding = far.one("META003")
    assert finding["line"] == 2
    assert finding["key"] == "date"
    assert "1970–2199" in finding["message"]
    assert "META020" not in far.codes
    assert run.page("ok.md").verdict == "publish"
