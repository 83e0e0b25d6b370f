"""The three doors decide alike: the same site through the real `mkdocs build`, `threatpub
check` and `threatpub stage` gives the same verdicts and findings, and the same refusals.

Two divergences grew while each door had its own copy of the pipeline: a takedown of a page
in `exclude_docs` passed the build and stopped `check`, and `check --output` wrote a report
inside `site_dir` that the plugin would refuse.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import Site, make_site, mkdocs, threatpub

HELD = """\
---
title: Heap overflow in a SCADA gateway
threatpub:
  kind: vulnerability
  target: {operator: Example Power Co., system: SCADA gateway}
  operator_opinion: {status: requested}
  repair: {status: unfixed}
---

# Heap overflow in a SCADA gateway

The gateway's web service overflows a heap buffer.
"""

PUBLISHED = """\
---
title: Router authentication bypass
threatpub:
  kind: vulnerability
---

# Router authentication bypass

Update the firmware. [More](../index.md)
"""

TAKEDOWNS = """\
- page: advisories/old.md
  received: 2026-11-20T10:00+08:00
  source: regulator
  reason: names the operator's internal hosts
- page: drafts/withdrawn.md
  received: 2026-11-21T10:00+08:00
  source: self
  reason: withdrawn before publication
"""


def the_site(root: Path, **options: Any) -> Site:
    site = make_site(
        root,
        {
            "index.md": "# Advisories\n",
            "advisories/held.md": HELD,
            "advisories/published.md": PUBLISHED,
            "advisories/old.md": PUBLISHED.replace("Router", "Old router"),
            # exclude_docs keeps the draft out of every build; a takedown may still name it.
            "drafts/withdrawn.md": HELD.replace("SCADA", "PLC"),
        },
        {"takedowns": "takedowns.yml", **options},
        extra={"exclude_docs": "drafts/\n"},
    )
    (site.root / "takedowns.yml").write_text(TAKEDOWNS, encoding="utf-8")
    return site


def findings_of(report: dict[str, Any]) -> dict[str, tuple[str, list[tuple[str, int, str]]]]:
    """page → (verdict, [(code, line, message)]) of a JSON report."""
    return {
        page["path"]: (
            page["verdict"],
            [(f["code"], f["line"], f["message"]) for f in page["findings"]],
        )
        for page in report["pages"]
    }


@pytest.mark.slow
def test_build_check_and_stage_decide_alike(tmp_path: Path) -> None:
    site = the_site(tmp_path / "site")
    built = mkdocs(site, "build", "--strict")
    assert built.returncode == 0, built.stderr
    report = json.loads((site.root / ".threatpub/report.json").read_text(encoding="utf-8"))
    from_build = findings_of(report)
    assert from_build["advisories/held.md"][0] == "hold"
    assert from_build["advisories/old.md"][0] == "removed"
    assert from_build["advisories/published.md"][0] == "publish"
    assert "drafts/withdrawn.md" not in from_build  # excluded: never built, never judged

    checked = threatpub("check", "-f", "mkdocs.yml", "--format", "json", cwd=site.root)
    assert checked.returncode == 1, checked.stderr  # a held page: exit 1, not 2
    assert findings_of(json.loads(checked.stdout)) == from_build

    staged = threatpub("stage", "-f", "mkdocs.yml", "staged", cwd=site.root)
    assert staged.returncode == 0, staged.stdout + staged.stderr
    copied = {
        p.relative_to(site.root / "staged").as_posix() for p in (site.root / "staged").rglob("*.md")
    }
    published = {path for path, (verdict, _) in from_build.items() if verdict == "publish"}
    assert copied == published
    for path, (verdict, _) in from_build.items():
        if verdict != "publish":
            assert f"left out {path}: " in staged.stdout, staged.stdout


@pytest.mark.slow
def test_every_door_refuses_a_report_inside_site_dir(tmp_path: Path) -> None:
    site = the_site(tmp_path / "site", report="site/threatpub-report.json")
    built = mkdocs(site, "build")
    assert built.returncode != 0
    assert "threatpub option 'report'" in built.stderr
    assert not (site.out / "threatpub-report.json").exists()
    for command in (("check",), ("stage", "staged")):
        refused = threatpub(*command, "-f", "mkdocs.yml", cwd=site.root)
        assert refused.returncode == 2, (command, refused.stdout, refused.stderr)
        assert "threatpub option 'report'" in refused.stderr
        assert "inside site_dir" in refused.stderr

    clean = the_site(tmp_path / "clean")
    for command in (("check", "--output"), ("baseline", "--output")):
        refused = threatpub(
            *command, "site/threatpub-report.json", "-f", "mkdocs.yml", cwd=clean.root
        )
        assert refused.returncode == 2, (command, refused.stdout, refused.stderr)
        assert "--output" in refused.stderr
        assert "inside site_dir" in refused.stderr
        assert not (clean.out / "threatpub-report.json").exists()
    # Outside site_dir the report is written whole, and says what the build says.
    written = threatpub(
        "check", "-f", "mkdocs.yml", "--format", "json", "--output", "out/r.json", cwd=clean.root
    )
    assert written.returncode == 1, written.stderr
    assert findings_of(json.loads((clean.root / "out/r.json").read_text("utf-8")))


def test_a_takedown_of_an_excluded_page_is_valid_everywhere(tmp_path: Path) -> None:
    """The takedowns file may name any Markdown file of docs_dir, excluded ones too; a page
    that does not exist at all is an error for every door."""
    site = the_site(tmp_path / "site")
    ok = threatpub("check", "-f", "mkdocs.yml", "--format", "json", cwd=site.root)
    assert ok.returncode == 1, ok.stderr  # the held page, not a configuration error
    entries = yaml.safe_load(TAKEDOWNS)
    entries.append(
        {"page": "drafts/nowhere.md", "received": "2026-11-22", "source": "self", "reason": "x"}
    )
    (site.root / "takedowns.yml").write_text(yaml.safe_dump(entries), encoding="utf-8")
    for command in (("check",), ("stage", "staged")):
        refused = threatpub(*command, "-f", "mkdocs.yml", cwd=site.root)
        assert refused.returncode == 2, (command, refused.stdout, refused.stderr)
        assert "drafts/nowhere.md" in refused.stderr
