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
