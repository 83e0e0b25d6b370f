"""META002 unknown-key: a misspelt key under `threatpub:` fails, with a suggestion."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import check, line_of

TOP_TYPO = """
---
title: SCADA advisory
threatpub:
  kind: vulnerability
  notificatons:
    - authority: cac
      date: 2026-10-01
---

Text.
"""

NESTED_TYPO = """
---
threatpub:
  kind: vulnerability
  notifications:
    - authority: cac
      level: national
      date: 2026-10-01
      reference: CAC-1
    - authority: public-security
      level: prefecture
      refrence: PSB-2
      date: 2026-10-02
---

Text.
"""

SEVERAL = """
---
threatpub:
  kind: vulnerability
  embargo_untl: 2026-12-01
  target:
    operater: Example Power Co.
  xyzzy: 1
---
"""

# Near misses: the same misspellings outside `threatpub:` are not ours to judge.
NOT_OURS = """
---
title: Weekly notes
notificatons: []
refrence: x
tags: [scada]
threatpub:
  kind: general
---
"""


def test_unknown_keys_fail_with_suggestion_and_line(tmp_path: Path) -> None:
    """The typo's own line, its key path, and the closest known key."""
    run = check(
        tmp_path,
        {
            "top.md": TOP_TYPO,
            "nested.md": NESTED_TYPO,
            "several.md": SEVERAL,
            "not-ours.md": NOT_OURS,
        },
    )
    top = run.page("top.md")
    assert top.verdict == "fail"
    finding = top.one("META002")
    assert finding["line"] == line_of(TOP_TYPO, "notificatons")
    assert finding["key"] == "threatpub.notificatons"
    assert "did you mean 'notifications'" in finding["message"]
    assert "notifications" in finding["fix"]

    nested = run.page("nested.md")
    assert nested.verdict == "fail"
    finding = nested.one("META002")
    assert finding["line"] == line_of(NESTED_TYPO, "refrence")
    assert finding["key"] == "threatpub.notifications[1].refrence"
    assert "'threatpub.notifications[1].refrence'" in finding["message"]
    assert "did you mean 'reference'" in finding["message"]

    several = run.page("several.md")
    assert several.verdict == "fail"
    by_key = {f["key"]: f for f in several.all("META002")}
    assert sorted(by_key) == [
        "threatpub.embargo_untl",
        "threatpub.target.operater",
        "threatpub.xyzzy",
    ]
    assert "'embargo_until'" in by_key["threatpub.embargo_untl"]["message"]
    assert by_key["threatpub.target.operater"]["line"] == line_of(SEVERAL, "operater")
    assert "'operator'" in by_key["threatpub.target.operater"]["message"]
    # Nothing close: the message lists the keys that exist there instead of guessing.
    assert "did you mean" not in by_key["threatpub.xyzzy"]["message"]
    assert "notifications" in by_key["threatpub.xyzzy"]["message"]
    # Rules never see half-valid metadata: no CAC801 judged on a misread `target`.
    assert "CAC801" not in several.codes

    not_ours = run.page("not-ours.md")
    assert not_ours.verdict == "publish"
    assert not_ours.findings == []
