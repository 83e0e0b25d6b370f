"""META004 missing-field: a field the page's kind or a record needs is absent (hold)."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import check, line_of

NO_KIND = """
---
title: Advisory
threatpub:
  published: 2026-11-01
---
"""

INCIDENT_NO_BLOCK = """
---
threatpub:
  kind: incident
---
"""

INCIDENT_NO_REGION = """
---
threatpub:
  kind: incident
  incident:
    region:
---
"""

NOTE_NO_DATE = """
---
threatpub:
  kind: general
  notifications:
    - authority: cac
      level: national
      date: 2026-10-01
    - authority: public-security
      level: prefecture
      reference: PSB-2026-331
---
"""

NOTE_NO_AUTHORITY = """
---
threatpub:
  kind: general
  notifications:
    - level: national
      date: 2026-10-01
---
"""

ANALYSIS_NO_SCOPE = """
---
threatpub:
  kind: analysis
  scope:
    national: false
---
"""

TARGET_NO_OPERATOR = """
---
threatpub:
  kind: vulnerability
  target:
    system: SCADA gateway
  repair:
    status: fixed
---
"""


def test_missing_fields_hold(tmp_path: Path) -> None:
    """Each missing field is a hold at the nearest existing key, with no release date."""
    pages = {
        "no-kind.md": NO_KIND,
        "incident-no-block.md": INCIDENT_NO_BLOCK,
        "incident-no-region.md": INCIDENT_NO_REGION,
        "note-no-date.md": NOTE_NO_DATE,
        "note-no-authority.md": NOTE_NO_AUTHORITY,
        "analysis-no-scope.md": ANALYSIS_NO_SCOPE,
        "target-no-operator.md": TARGET_NO_OPERATOR,
    }
    run = check(tmp_path, pages)
    expected = {
        # `kind` is absent: the line of the block itself.
        "no-kind.md": ("threatpub.kind", line_of(NO_KIND, "threatpub:")),
        "incident-no-block.md": (
            "threatpub.incident.region",
            line_of(INCIDENT_NO_BLOCK, "threatpub:"),
        ),
        # `region:` is there but empty: its own line.
        "incident-no-region.md": (
            "threatpub.incident.region",
            line_of(INCIDENT_NO_REGION, "region:"),
        ),
        # The second notification (index 1) lacks its date: the line its item starts on.
        "note-no-date.md": (
            "threatpub.notifications[1].date",
            line_of(NOTE_NO_DATE, "- authority: public-security"),
        ),
        "note-no-authority.md": (
            "threatpub.notifications[0].authority",
            line_of(NOTE_NO_AUTHORITY, "- level"),
        ),
        "analysis-no-scope.md": ("threatpub.scope", line_of(ANALYSIS_NO_SCOPE, "scope:")),
        "target-no-operator.md": (
            "threatpub.target.operator",
            line_of(TARGET_NO_OPERATOR, "target:"),
        ),
    }
    for path, (key, line) in expected.items():
        page = run.page(path)
        assert page.verdict == "hold", (path, page.findings)
        assert page.release_after is None, path
        finding = page.one("META004")
        assert (finding["key"], finding["line"]) == (key, line), path
        assert finding["action"] == "hold"
        assert key in finding["message"]
        assert page.codes == ["META004"], (path, page.findings)


def test_included_page_without_block_is_held(tmp_path: Path) -> None:
    """`include` makes a page a threat page; without a block it is held at line 1."""
    run = check(
        tmp_path,
        {
            "advisories/bare.md": "# Router advisory\n\nText.\n",
            "advisories/titled.md": "---\ntitle: Router advisory\n---\n\nText.\n",
            "advisories/complete.md": "---\nthreatpub:\n  kind: general\n---\n\nText.\n",
            "about.md": "# About us\n\nText.\n",
            "advisories-old/not-matched.md": "# Old\n\nText.\n",
        },
        options={"include": ["advisories/**"]},
    )
    for path in ("advisories/bare.md", "advisories/titled.md"):
        page = run.page(path)
        assert page.verdict == "hold", path
        finding = page.one("META004")
        assert finding["line"] == 1
        assert "include" in finding["message"]
    for path in ("advisories/complete.md", "about.md", "advisories-old/not-matched.md"):
        assert run.page(path).verdict == "publish", path
        assert run.page(path).findings == [], path


def test_complete_records_are_not_missing_anything(tmp_path: Path) -> None:
    """Near misses: every field the kind needs is present."""
    run = check(
        tmp_path,
        {
            "incident.md": "---\nthreatpub:\n  kind: incident\n  incident:\n"
            '    region: "110105"\n---\n',
            "analysis-national.md": "---\nthreatpub:\n  kind: analysis\n  scope:\n"
            "    national: true\n---\n",
            "analysis-sectors.md": "---\nthreatpub:\n  kind: analysis\n  scope:\n"
            "    sectors: [energy]\n---\n",
            "general.md": "---\nthreatpub:\n  kind: general\n  notifications:\n"
            "    - {authority: miit, date: 2026-10-01}\n---\n",
        },
    )
    for path, page in run.pages.items():
        assert "META004" not in page.codes, (path, page.findings)
