"""The plugin works unchanged under ProperDocs, the maintained fork of MkDocs 1.6.

ProperDocs loads plugins registered under the `mkdocs.plugins` entry point and maps
`mkdocs.*` imports to its own (DESIGN.md). The example site is built with both tools; the
two builds must publish the same files, keep out the same pages and write the same report.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import BIN, EXAMPLE_SITE, Site, mkdocs, run_env

# Every test here runs real builds, servers or a browser (-m 'not slow' skips them).
pytestmark = pytest.mark.slow

PROPERDOCS = BIN / "properdocs"


def properdocs(site: Site, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PROPERDOCS), *args],
        cwd=site.root,
        env=run_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _copy(tmp_path: Path, name: str) -> Site:
    dest = tmp_path / name
    shutil.copytree(
        EXAMPLE_SITE, dest, ignore=shutil.ignore_patterns("site", ".threatpub", "__pycache__")
    )
    return Site(dest)


def _files(site: Site) -> set[str]:
    return {p.relative_to(site.out).as_posix() for p in site.out.rglob("*") if p.is_file()}


def test_example_site_builds_the_same_under_properdocs(tmp_path: Path) -> None:
    assert PROPERDOCS.is_file(), "the test extra installs properdocs"
    with_mkdocs, with_properdocs = _copy(tmp_path, "mkdocs"), _copy(tmp_path, "properdocs")
    # Not --strict: the example links to a held page on purpose (LINK001 is a warning).
    a = mkdocs(with_mkdocs, "build")
    b = properdocs(with_properdocs, "build")
    assert a.returncode == 0, a.stderr
    assert b.returncode == 0, b.stderr

    report_a = json.loads((with_mkdocs.root / ".threatpub/report.json").read_text())
    report_b = json.loads((with_properdocs.root / ".threatpub/report.json").read_text())
    # The plugin ran: its summary (its own words, with the report's counts) is in the log.
    counts = report_b["summary"]
    assert (
        f"{counts['pages']} pages judged: {counts['publish']} published, {counts['hold']} held, "
        f"{counts['fail']} failed, {counts['removed']} removed"
    ) in b.stderr, b.stderr
    verdicts = {p["path"]: p["verdict"] for p in report_a["pages"]}
    assert verdicts == {p["path"]: p["verdict"] for p in report_b["pages"]}
    assert report_a["summary"] == report_b["summary"]
    kept_out = [path for path, verdict in verdicts.items() if verdict != "publish"]
    assert kept_out

    html_a = {f for f in _files(with_mkdocs) if f.endswith(".html")}
    html_b = {f for f in _files(with_properdocs) if f.endswith(".html")}
    assert html_a == html_b
    for path in kept_out:
        assert not with_properdocs.built(path), f"{path} published by properdocs"
        stem = path.removesuffix(".md").rsplit("/", 1)[-1]
        assert stem not in with_properdocs.all_output_text(), f"{path} leaked under properdocs"


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_a_failing_page_fails_the_build_under_both(tmp_path: Path, tool: str) -> None:
    site = _copy(tmp_path, tool)
    site.write("advisories/typo.md", "---\nthreatpub:\n  kind: general\n  colour: red\n---\n# x\n")
    result = mkdocs(site, "build") if tool == "mkdocs" else properdocs(site, "build")
    assert result.returncode == 1, result.stderr
    assert "META002" in result.stderr
    assert "advisories/typo.md" in result.stderr


def test_strict_counts_the_plugins_warnings_under_properdocs(tmp_path: Path) -> None:
    # The plugin logs through get_plugin_logger, which ProperDocs maps to its own logger, so
    # --strict still catches LINK001 (the example links to a held page).
    site = _copy(tmp_path, "strict")
    result = properdocs(site, "build", "--strict")
    assert result.returncode == 1
    assert "LINK001" in result.stderr
