"""Several rule books at once: each applies by jurisdiction, the stricter verdict wins, the
report names the profile of each finding, and `explain` shows where two profiles disagree.

The CAC/MIIT pair of the comment letter: CAC Art. 8 allows publishing a page about a
specific system 30 days after notice to an authority; MIIT Art. 9(1) forbids publishing a
vulnerability before it is fixed.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import threatpub
from tests.rules.helpers import check

NOTICED_LONG_AGO = """\
---
title: Heap overflow in a gateway
threatpub:
  kind: vulnerability
  jurisdiction: [{country}]
  target:
    operator: Example Power Co.
    system: SCADA gateway
  repair:
    status: unfixed
  notifications:
    - {{authority: cac, level: national, date: 2026-10-01, reference: CAC-2026-1}}
---

# Heap overflow in a gateway

## Mitigation

Restrict access to the management port.
"""


def _verdicts(tmp_path: Path, name: str, profiles: list[str], country: str = "CN") -> dict:
    run = check(
        tmp_path / name,
        {"gateway.md": NOTICED_LONG_AGO.format(country=country)},
        options={"profiles": profiles},
    )
    return run.page("gateway.md").data


def test_switching_profiles_changes_the_verdict_as_the_rule_books_say(tmp_path: Path) -> None:
    cac = _verdicts(tmp_path, "cac", ["cac-2019"])
    assert cac["verdict"] == "publish"  # 53 days after the notice: Art. 8 is satisfied

    both = _verdicts(tmp_path, "both", ["cac-2019", "miit-2021"])
    assert both["verdict"] == "hold"  # MIIT Art. 9(1): not before a fix; the stricter wins
    held_by = {f["code"]: f["profile"] for f in both["findings"] if f["action"] == "hold"}
    assert held_by == {"MIIT091": "miit-2021"}
    assert both["release_after"] is None  # a fix is not a date: no time lifts this hold

    abroad = _verdicts(tmp_path, "abroad", ["cac-2019", "miit-2021"], country="DE")
    assert abroad["verdict"] == "publish"  # neither CN rule book applies to a DE page
    assert abroad["findings"] == []

    iso = _verdicts(tmp_path, "iso", ["cac-2019", "miit-2021", "iso-29147"], country="DE")
    assert {f["profile"] for f in iso["findings"]} == {"iso-29147"}  # applies everywhere


def test_explain_shows_where_profiles_disagree() -> None:
    result = threatpub("explain", "CAC801", "--format", "json")
    assert result.returncode == 0, result.stderr
    (conflict,) = [d for d in json.loads(result.stdout)["disagreements"] if d["kind"] == "conflict"]
    assert conflict["with"].startswith("MIIT091")
    assert conflict["profile"] == "miit-2021"
    assert "30 days" in conflict["text"]
    other_side = threatpub("explain", "MIIT091")
    assert "Where profiles disagree" in other_side.stdout
    assert "CAC801" in other_side.stdout
    chinese = threatpub("explain", "MIIT091", "--lang", "zh")
    assert "与其他规则集的差异" in chinese.stdout
