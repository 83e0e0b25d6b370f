"""Takedowns (SPEC §6, Article 9): CAC900 removes a listed page, CAC901 warns until reported.

Real builds with the real `mkdocs` CLI in tmp_path; the takedowns file is validated like
front matter (file, line, key, expected, found).
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
import yaml

from mkdocs_threatpub.core.takedowns import TakedownError, parse_takedowns
from tests.conftest import Site, make_site, mkdocs, serve, threatpub

# Would publish (kind: general, nothing missing) were it not listed in takedowns.yml.
REMOVED_PAGE = """\
---
title: Zanzibarquokka inventory
threatpub:
  kind: general
---

# Zanzibarquokka inventory

Old text about the zanzibarquokka systems.

![chart](old-report/quokkachart.svg)

[data](quokkadata.csv)
"""

OTHER_PAGE = """\
---
title: Current advisory
threatpub:
  kind: general
---

# Current advisory

Nothing to hide.
"""

CANARIES = ("Zanzibarquokka", "zanzibarquokka", "quokkachart", "quokkadata", "old-report")


def takedowns(reported: str = "") -> str:
    text = """\
    - page: advisories/old-report.md
      received: 2026-11-21T14:00+08:00
      source: regulator
      reason: "contains an asset inventory of a named operator"
    """
    return textwrap.dedent(text) + reported


REPORTED_CAC = """\
  reported:
    - {authority: cac, level: prefecture, date: 2026-11-21, reference: "CAC-1"}
"""

REPORTED_BOTH = (
    REPORTED_CAC
    + """\
    - {authority: public-security, level: prefecture, date: 2026-11-22, reference: "PS-1"}
"""
)


def removal_site(root: Path, listing: str | None = None) -> Site:
    site = make_site(
        root,
        {
            "index.md": "# Home\n\nWelcome.\n",
            "advisories/old-report.md": REMOVED_PAGE,
            "advisories/current.md": OTHER_PAGE,
        },
        {"takedowns": "takedowns.yml", "ledger": ".threatpub/ledger.jsonl"},
    )
    (site.docs / "advisories/old-report").mkdir(parents=True)
    (site.docs / "advisories/old-report/quokkachart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8"
    )
    (site.docs / "advisories/quokkadata.csv").write_text("a,b\n", encoding="utf-8")
    (site.root / "takedowns.yml").write_text(
        takedowns() if listing is None else listing, encoding="utf-8"
    )
    return site


def report(site: Site) -> dict:
    return json.loads((site.root / ".threatpub/report.json").read_text(encoding="utf-8"))


def page_entry(site: Site, path: str) -> dict:
    return next(p for p in report(site)["pages"] if p["path"] == path)


@pytest.mark.slow
def test_listed_page_and_attachments_leave_no_trace(tmp_path: Path) -> None:
    site = removal_site(tmp_path / "s")
    result = mkdocs(site, "build")
    assert result.returncode == 0, result.stderr
    assert not site.built("advisories/old-report.md")
    assert site.built("advisories/current.md")
    assert not (site.out / "advisories/old-report/quokkachart.svg").exists()
    assert not (site.out / "advisories/quokkadata.csv").exists()
    everything = site.all_output_text()  # HTML, sitemap(.gz), search index, every file
    assert "Current advisory" in everything
    for word in CANARIES:
        assert word not in everything, word
    entry = page_entry(site, "advisories/old-report.md")
    assert entry["verdict"] == "removed"
    assert [f["code"] for f in entry["findings"]][:2] == ["CAC900", "CAC901"]
    assert report(site)["summary"]["removed"] == 1
    assert "removed advisories/old-report.md [CAC900, CAC901]" in result.stderr


@pytest.mark.slow
def test_removed_page_is_not_served(tmp_path: Path) -> None:
    site = removal_site(tmp_path / "s")
    with serve(site) as server:
        status, _ = server.get("/advisories/old-report/")
        assert status == 404
        status, _ = server.get("/advisories/old-report/quokkachart.svg")
        assert status == 404
        status, body = server.get("/advisories/current/")
        assert status == 200
        assert "Nothing to hide" in body
        status, home = server.get("/")
        assert "Zanzibarquokka" not in home


@pytest.mark.slow
def test_cac901_warns_until_both_reports_exist(tmp_path: Path) -> None:
    for reported, expect in (("", True), (REPORTED_CAC, True), (REPORTED_BOTH, False)):
        site = removal_site(tmp_path / f"s{len(reported)}", takedowns(reported))
        result = mkdocs(site, "build")
        assert result.returncode == 0, result.stderr
        entry = page_entry(site, "advisories/old-report.md")
        codes = [f["code"] for f in entry["findings"]]
        assert entry["verdict"] == "removed"
        assert ("CAC901" in codes) is expect, (reported, codes)
        if expect:
            warn = next(f for f in entry["findings"] if f["code"] == "CAC901")
            assert warn["action"] == "warn"
            assert "public-security" in warn["message"]


@pytest.mark.slow
def test_invalid_takedowns_file_fails_with_file_line_and_key(tmp_path: Path) -> None:
    listing = """\
- page: advisories/old-report.md
  received: someday
  source: regulator
  reason: "x"
  reported:
    - {authority: police, date: 2026-11-21}
"""
    site = removal_site(tmp_path / "s", listing)
    result = mkdocs(site, "build")
    assert result.returncode != 0
    assert "takedowns.yml:2: [0].received: expected an ISO 8601 date" in result.stderr
    # What pydantic says is allowed sits between our words; only ours are asserted.
    assert re.search(
        r"takedowns\.yml:6: \[0\]\.reported\[0\]\.authority: expected .+; found 'police'$",
        result.stderr,
        re.MULTILINE,
    ), result.stderr
    assert not (site.out / "advisories/current/index.html").exists()
    cli = threatpub("check", "-f", str(site.config_file))
    assert cli.returncode == 2
    assert "takedowns.yml:2: [0].received" in cli.stderr


@pytest.mark.slow
def test_missing_page_and_unknown_key_are_errors(tmp_path: Path) -> None:
    listing = """\
- page: advisories/old-reprot.md
  received: 2026-11-21
  reason: "x"
  sorce: user
"""
    site = removal_site(tmp_path / "s", listing)
    result = mkdocs(site, "build")
    assert result.returncode != 0
    assert "takedowns.yml:1: [0].page: no page 'advisories/old-reprot.md'" in result.stderr
    assert "did you mean 'advisories/old-report.md'?" in result.stderr
    assert "takedowns.yml:4: [0].sorce:" in result.stderr
    assert "did you mean 'source'?" in result.stderr


@pytest.mark.slow
def test_missing_takedowns_file_fails(tmp_path: Path) -> None:
    site = removal_site(tmp_path / "s")
    (site.root / "takedowns.yml").unlink()
    result = mkdocs(site, "build")
    assert result.returncode != 0
    assert "takedowns file not found" in result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("page: a.md\n", ["t.yml:1: expected a list of takedown entries"]),
        # Our prefix and line; the YAML parser's own words follow it.
        ("- page: a.md\n  received: [\n", ["t.yml:3: YAML error: "]),
        ("- just text\n", ["t.yml:1: [0]: expected a mapping"]),
        ("- page: a.md\n  received: 2026-11-21\n", ["t.yml:1: [0].reason: expected this key"]),
        (
            "- {page: a.md, received: 2026-11-21, reason: x}\n"
            "- {page: a.md, received: 2026-11-22, reason: y}\n",
            ["t.yml:2: [1].page: 'a.md' is already listed on line 1"],
        ),
        (
            "- {page: a.md, received: 2026-11-21, reason: x, source: mail}\n",
            # What pydantic says is allowed sits between our words; only ours are asserted.
            ["t.yml:1: [0].source: expected ", "; found 'mail'"],
        ),
    ],
)
def test_parse_errors(text: str, expected: list[str]) -> None:
    """Every fragment in one problem line (``file:line: key: expected …; found …``)."""
    with pytest.raises(TakedownError) as info:
        parse_takedowns(text, "t.yml", ["a.md"])
    problems = info.value.problems
    assert any(all(part in problem for part in expected) for problem in problems), problems


def test_parse_valid_and_empty() -> None:
    assert parse_takedowns("", "t.yml") == []
    assert parse_takedowns("# nothing yet\n", "t.yml") == []
    (entry,) = parse_takedowns(takedowns(REPORTED_BOTH), "t.yml", ["advisories/old-report.md"])
    assert entry.page == "advisories/old-report.md"
    assert entry.source == "regulator"
    assert entry.missing_reports == []
    assert [r.authority for r in entry.reported] == ["cac", "public-security"]


def test_explain_documents_both_rules() -> None:
    for code in ("CAC900", "CAC901"):
        result = threatpub("explain", code)
        assert result.returncode == 0
        for section in ("What it checks", "Why", "Source", "How to satisfy it", "Example"):
            assert section in result.stdout
        assert "Art. 9" in result.stdout


@pytest.mark.slow
def test_removed_page_in_explicit_nav_is_not_previewed_under_serve(tmp_path: Path) -> None:
    """A takedown leaves the preview nav too; a held page stays there, with its banner."""
    site = removal_site(tmp_path / "s")
    config = yaml.safe_load(site.config_file.read_text(encoding="utf-8"))
    config["nav"] = ["index.md", "advisories/old-report.md", "advisories/current.md"]
    site.config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    with serve(site) as server:
        status, home = server.get("/")
        assert status == 200
        assert "old-report" not in home, "the removed page is still linked from the preview nav"
        for word in CANARIES:
            assert word not in home, word
