"""The `threatpub` command line (SPEC §4): `cli.main` in process for what it decides, and the
real console script (a new process) for what only a process shows: the entry point, the
environment, exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from mkdocs_threatpub import __version__
from mkdocs_threatpub.rules import ALL_RULES
from tests.conftest import (
    BIN,
    EXAMPLE_SITE,
    NOW_EPOCH,
    Site,
    epoch,
    make_site,
    mkdocs,
    run_env,
    threatpub,
)

FIXTURES = Path(__file__).parent / "fixtures" / "cli"

Result = subprocess.CompletedProcess[str]

# A page naming a target whose only paperwork is a notification of 2026-11-02: CAC801 holds
# it until 2026-12-02 (30 days later, site timezone).
HELD = """\
---
title: Heap overflow in a SCADA gateway
threatpub:
  kind: vulnerability
  target:
    operator: Example Power Co.
    system: SCADA gateway
  operator_opinion:
    status: requested
  repair:
    status: unfixed
  notifications:
    - authority: public-security
      level: prefecture
      region: "110100"
      date: 2026-11-02
      reference: PSB-2026-331
---

# Heap overflow in a SCADA gateway

Restrict access to the management port.
"""

PUBLISHED = """\
---
title: Authentication bypass
threatpub:
  kind: vulnerability
  classification: public
  target:
    operator: Example Networks Ltd.
    system: EX-200 router
  operator_opinion:
    status: received
    date: 2026-10-20
    reference: EXN-2026-044
  repair:
    status: fixed
    date: 2026-10-28
---

# Authentication bypass

Update the firmware.
"""

FAILING = """\
---
threatpub:
  kind: general
  colour: red
---

# A page with a typo in its front matter
"""

GENERAL = """\
---
threatpub:
  kind: general
---

# News
"""

PLAIN = "# Plain page\n\nNo front matter at all.\n"

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SUMMARY = re.compile(
    r"^threatpub: (\d+) pages judged: (\d+) published, (\d+) held, (\d+) failed, (\d+) removed$",
    re.MULTILINE,
)


# -- helpers ---------------------------------------------------------------------------------


def run_many(calls: Sequence[tuple[Sequence[str], Path]]) -> list[Result]:
    """Several independent `threatpub` runs (args, cwd), one after the other (in process,
    each takes a fraction of a second), results in order."""
    return [threatpub(*args, cwd=cwd) for args, cwd in calls]


def run_with_env(*args: str, cwd: Path, now_epoch: int = NOW_EPOCH, **env: str) -> Result:
    return subprocess.run(
        [str(BIN / "threatpub"), *args],
        cwd=cwd,
        env=run_env(now_epoch, **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def report_of(result: Result) -> dict[str, Any]:
    assert result.stdout.strip(), f"no report on stdout; stderr:\n{result.stderr}"
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def pages_by_path(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {page["path"]: page for page in report["pages"]}


def verdicts(report: dict[str, Any]) -> dict[str, str]:
    return {page["path"]: page["verdict"] for page in report["pages"]}


def codes(page: dict[str, Any]) -> set[str]:
    return {finding["code"] for finding in page["findings"]}


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def site_with(root: Path, pages: dict[str, str], **options: Any) -> Site:
    """A small MkDocs site (mkdocs theme) with the plugin configured by `options`."""
    return make_site(root, pages, options or None)


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    block = text[4:].split("\n---", 1)[0]
    data = yaml.safe_load(block) or {}
    # YAML gives date/datetime objects; JSON Schema sees what an editor sees: strings.
    return json.loads(json.dumps(data, default=str))


# -- check: what is judged, and the paths in the report ---------------------------------------


def test_check_files_and_folders_without_config(tmp_path: Path) -> None:
    work = tmp_path / "work"
    write(work, "notes/held.md", HELD)
    write(work, "notes/deep/ok.markdown", PUBLISHED)
    write(work, "notes/deep/also-ok.md", GENERAL)
    write(work, "notes/deep/readme.txt", FAILING)  # not Markdown: never read
    write(work, "notes/.hidden/broken.md", FAILING)  # dot-folders are skipped like MkDocs does
    write(work, "notes/templates/base.md", FAILING)  # so is templates/ at the top
    write(work, "notes/deep/templates/page.md", GENERAL)  # but only there
    write(work, "single/failing.md", FAILING)

    # A file named twice (directly and through its folder) is judged once.
    result = threatpub(
        "check",
        "notes",
        "single/failing.md",
        "./notes/held.md",
        "single/../single/failing.md",
        "--format",
        "json",
        "--fail-on",
        "fail",
        cwd=work,
    )
    assert result.returncode == 1, result.stderr
    report = report_of(result)
    # No mkdocs.yml here: paths are relative to the working folder, with '/' separators.
    assert verdicts(report) == {
        "notes/held.md": "hold",
        "notes/deep/ok.markdown": "publish",
        "notes/deep/also-ok.md": "publish",
        "notes/deep/templates/page.md": "publish",
        "single/failing.md": "fail",
    }
    assert codes(pages_by_path(report)["single/failing.md"]) == {"META002"}
    assert report["summary"] == {"pages": 5, "publish": 3, "hold": 1, "fail": 1, "removed": 0}


def test_check_with_config_file_reads_docs_dir_and_include(tmp_path: Path) -> None:
    site = site_with(
        tmp_path / "site",
        {},
        include=["advisories/**"],
    )
    (site.root / "mkdocs.yml").write_text(
        site.config_file.read_text(encoding="utf-8") + "docs_dir: content\n", encoding="utf-8"
    )
    content = site.root / "content"
    write(content, "advisories/2026/held.md", HELD)
    write(content, "advisories/plain.md", PLAIN)  # matched by `include`: judged, so held
    write(content, "notes/plain.md", PLAIN)  # not matched: nothing to require
    write(content, "index.md", GENERAL)
    write(site.docs, "never-read.md", FAILING)  # docs/ is not this site's docs_dir

    whole, some = run_many(
        [
            (("check", "-f", "site/mkdocs.yml", "--format", "json"), tmp_path),
            (
                ("check", "-f", "site/mkdocs.yml", "site/content/advisories", "--format", "json"),
                tmp_path,
            ),
        ]
    )
    assert whole.returncode == 1, whole.stderr
    report = report_of(whole)
    assert verdicts(report) == {
        "advisories/2026/held.md": "hold",
        "advisories/plain.md": "hold",
        "notes/plain.md": "publish",
        "index.md": "publish",
    }
    assert codes(pages_by_path(report)["advisories/plain.md"]) == {"META004"}
    assert [p["path"] for p in report["pages"]] == sorted(p["path"] for p in report["pages"])

    # PATH arguments inside docs_dir are reported relative to docs_dir, and `include`
    # matches them exactly as it does in a build.
    assert some.returncode == 1, some.stderr
    assert verdicts(report_of(some)) == {
        "advisories/2026/held.md": "hold",
        "advisories/plain.md": "hold",
    }


def test_check_without_arguments_uses_mkdocs_yml_in_cwd(tmp_path: Path) -> None:
    site = site_with(tmp_path / "site", {"index.md": GENERAL, "a/b/held.md": HELD})
    bare = tmp_path / "bare"
    bare.mkdir()
    with_config, without_config = run_many([(("check",), site.root), (("check",), bare)])

    assert with_config.returncode == 1, with_config.stderr
    assert "a/b/held.md: HOLD" in with_config.stdout
    summary = SUMMARY.search(with_config.stdout)
    assert summary is not None, with_config.stdout
    assert summary.groups() == ("2", "1", "1", "0", "0")

    assert without_config.returncode == 2
    assert without_config.stdout == ""
    assert "mkdocs.yml" in without_config.stderr


@pytest.mark.slow
def test_check_judges_the_same_pages_as_the_build(tmp_path: Path) -> None:
    """exclude_docs, dot-files, root-only `/templates/` and every Markdown suffix as MkDocs."""
    site = site_with(
        tmp_path / "site",
        {
            "index.md": GENERAL,
            "drafts/wip.md": HELD,  # excluded by exclude_docs: never built, never judged
            "notes.mkd": HELD,  # a Markdown suffix MkDocs builds
            "sub/templates/page.md": HELD,  # MkDocs only skips the top-level templates/
            ".github/issue.md": HELD,  # dot-folders are excluded by MkDocs' defaults
        },
        report=".threatpub/report.json",
    )
    with site.config_file.open("a", encoding="utf-8") as handle:
        handle.write("exclude_docs: |\n  drafts/\n")

    with ThreadPoolExecutor(max_workers=1) as pool:
        building = pool.submit(mkdocs, site, "build")  # a process of its own, meanwhile:
        cli = threatpub("check", "--format", "json", cwd=site.root)
        # A pre-commit hook passes changed files one by one: an excluded file is not a page.
        explicit = threatpub("check", "docs/drafts/wip.md", "docs/index.md", cwd=site.root)
    build = building.result()
    assert build.returncode == 0, build.stderr
    built = json.loads((site.root / ".threatpub/report.json").read_text(encoding="utf-8"))
    assert verdicts(report_of(cli)) == verdicts(built)
    assert set(verdicts(built)) == {"index.md", "notes.mkd", "sub/templates/page.md"}
    assert explicit.returncode == 0, explicit.stdout + explicit.stderr
    assert "drafts/wip.md" not in explicit.stdout


# -- check: plugin options from mkdocs.yml ------------------------------------------------------


def test_timezone_option_decides_the_calendar_day(tmp_path: Path) -> None:
    # 2026-12-02 00:00 in Shanghai is still 2026-12-01 in UTC: 30 days after the
    # 2026-11-02 notification have passed in one timezone and not in the other.
    # (test_mkdocs_yaml_tags_and_inherit: the same page at the same moment, both ways.)
    now = epoch("2026-12-02T00:00+08:00")
    utc = site_with(tmp_path / "utc", {"held.md": HELD}, timezone="UTC")
    west = threatpub("check", "--format", "json", cwd=utc.root, now_epoch=now)
    assert west.returncode == 1, west.stdout
    page = pages_by_path(report_of(west))["held.md"]
    assert page["verdict"] == "hold"
    assert page["release_after"] == "2026-12-02"


def test_rules_override_and_on_hold_fail(tmp_path: Path) -> None:
    warn_site = site_with(tmp_path / "warn", {"held.md": HELD}, rules={"CAC801": "warn"})
    strict_site = site_with(tmp_path / "strict", {"held.md": HELD}, on_hold="fail")
    warned, strict = run_many(
        [
            (("check", "--format", "json"), warn_site.root),
            (("check", "--format", "json", "--fail-on", "fail"), strict_site.root),
        ]
    )
    # `rules: {CAC801: warn}`: the page is published, the finding stays visible.
    assert warned.returncode == 0, warned.stdout
    page = pages_by_path(report_of(warned))["held.md"]
    assert page["verdict"] == "publish"
    assert [(f["code"], f["action"], f["severity"]) for f in page["findings"]] == [
        ("CAC801", "warn", "warning")
    ]

    # `on_hold: fail`: a held page fails, so even `--fail-on fail` exits 1.
    assert strict.returncode == 1, strict.stdout
    page = pages_by_path(report_of(strict))["held.md"]
    assert page["verdict"] == "fail"
    assert {f["action"] for f in page["findings"]} == {"fail"}


def test_mkdocs_yaml_tags_and_inherit(tmp_path: Path) -> None:
    root = tmp_path / "tags"
    write(root, "content/held.md", HELD)
    write(
        root,
        "base.yml",
        """\
        site_name: Base
        docs_dir: content
        plugins:
          - search
          - threatpub:
              timezone: !ENV [THREATPUB_TEST_TZ, Asia/Shanghai]
              on_hold: fail
        """,
    )
    write(
        root,
        "mkdocs.yml",
        """\
        INHERIT: base.yml
        site_name: !ENV [THREATPUB_TEST_SITE_NAME, "Default name"]
        site_url: !ENV THREATPUB_TEST_SITE_URL
        markdown_extensions:
          - pymdownx.superfences:
              custom_fences:
                - name: mermaid
                  class: mermaid
                  format: !!python/name:pymdownx.superfences.fence_code_format
          - pymdownx.emoji:
              emoji_index: !!python/name:material.extensions.emoji.twemoji
              emoji_generator: !!python/name:material.extensions.emoji.to_svg
          - pymdownx.snippets:
              base_path: !relative $config_dir/snippets
        """,
    )
    now = epoch("2026-12-02T00:00+08:00")
    with ThreadPoolExecutor(max_workers=2) as pool:
        east = pool.submit(run_with_env, "check", "--format", "json", cwd=root, now_epoch=now)
        west = pool.submit(
            run_with_env,
            "check",
            "--format",
            "json",
            cwd=root,
            now_epoch=now,
            THREATPUB_TEST_TZ="UTC",
        )
    shanghai, utc = east.result(), west.result()
    # docs_dir and the options come from base.yml; !ENV picks the environment's timezone.
    assert shanghai.returncode == 0, shanghai.stderr
    assert verdicts(report_of(shanghai)) == {"held.md": "publish"}
    assert utc.returncode == 1, utc.stderr
    assert verdicts(report_of(utc)) == {"held.md": "fail"}  # on_hold: fail from base.yml


# -- check: report formats and output ------------------------------------------------------------


@pytest.fixture
def mixed_site(tmp_path: Path) -> Site:
    return site_with(
        tmp_path / "mixed",
        {
            "index.md": GENERAL,
            "advisories/published.md": PUBLISHED,
            "advisories/held.md": HELD,
            "advisories/failing.md": FAILING,
        },
    )


def test_text_and_json_reports_agree_and_are_complete(mixed_site: Site) -> None:
    text, as_json, to_json_file, to_text_file = run_many(
        [
            (("check",), mixed_site.root),
            (("check", "--format", "json"), mixed_site.root),
            (("check", "--format", "json", "--output", "out/report.json"), mixed_site.root),
            (("check", "--output", "report.txt"), mixed_site.root),
        ]
    )
    assert text.returncode == as_json.returncode == 1
    report = report_of(as_json)

    # --output: the same report in the file, nothing on stdout, the same exit code.
    assert to_json_file.returncode == to_text_file.returncode == 1
    assert to_json_file.stdout == to_text_file.stdout == ""
    written = json.loads((mixed_site.root / "out/report.json").read_text(encoding="utf-8"))
    assert written == report
    assert (mixed_site.root / "report.txt").read_text(encoding="utf-8") == text.stdout

    # SPEC §4 shape.
    assert report["tool"]["name"] == "threatpub"
    assert isinstance(report["tool"]["version"], str)
    assert report["tool"]["version"]
    assert report["now"].startswith("2026-11-23T")
    assert report["profiles"] == ["cac-2019"]
    assert set(report["summary"]) == {"pages", "publish", "hold", "fail", "removed"}
    assert report["summary"] == {"pages": 4, "publish": 2, "hold": 1, "fail": 1, "removed": 0}
    assert verdicts(report) == {
        "advisories/failing.md": "fail",
        "advisories/held.md": "hold",
        "advisories/published.md": "publish",
        "index.md": "publish",
    }
    for page in report["pages"]:
        assert {"path", "verdict", "release_after", "findings"} <= set(page)
        assert "\\" not in page["path"]
        assert not page["path"].startswith(("/", "docs/"))
        assert page["release_after"] is None or ISO_DATE.match(page["release_after"])
        for finding in page["findings"]:
            assert {"code", "name", "severity", "action", "line", "message", "source"} <= set(
                finding
            )
            assert finding["severity"] in ("error", "warning")
            assert finding["action"] in ("fail", "hold", "warn")
            assert isinstance(finding["line"], int)
            assert finding["line"] >= 1
            assert finding["message"]
            assert finding["source"]
    held = pages_by_path(report)["advisories/held.md"]
    assert held["release_after"] == "2026-12-02"
    [cac801] = held["findings"]
    assert (cac801["code"], cac801["name"]) == ("CAC801", "operator-opinion-missing")
    assert (cac801["severity"], cac801["action"]) == ("error", "hold")
    assert cac801["line"] == 5  # the `target:` key
    assert "Art. 8" in cac801["source"]
    failing = pages_by_path(report)["advisories/failing.md"]
    assert [(f["code"], f["line"]) for f in failing["findings"]] == [("META002", 4)]

    # Text: every finding names file, line, code; then expected, found and fix.
    lines = text.stdout.splitlines()
    assert "advisories/held.md: HOLD (release after 2026-12-02)" in lines
    assert "advisories/failing.md: FAIL" in lines
    for page in report["pages"]:
        for finding in page["findings"]:
            head = f"{page['path']}:{finding['line']}: {finding['code']} "
            starts = [i for i, line in enumerate(lines) if line.startswith(head)]
            assert starts, f"no line starts with {head!r}:\n{text.stdout}"
            block = lines[starts[0] : starts[0] + 4]
            assert finding["message"] in block[0]
            assert block[1].strip() == f"expected: {finding['expected']}"
            assert block[2].strip() == f"found: {finding['found']}"
            assert block[3].strip() == f"fix: {finding['fix'].splitlines()[0]}"
    summary = SUMMARY.search(text.stdout)
    assert summary is not None, text.stdout
    counts = report["summary"]
    assert [int(n) for n in summary.groups()] == [
        counts["pages"],
        counts["publish"],
        counts["hold"],
        counts["fail"],
        counts["removed"],
    ]


# -- check: --now ---------------------------------------------------------------------------------


def test_now_changes_verdicts_and_release_after(tmp_path: Path) -> None:
    site = site_with(tmp_path / "site", {"held.md": HELD, "index.md": GENERAL})
    before, at, date_only = run_many(
        [
            (("check", "--format", "json", "--now", "2026-12-01T23:59+08:00"), site.root),
            (("check", "--format", "json", "--now", "2026-12-02T00:00+08:00"), site.root),
            (("check", "--format", "json", "--now", "2026-12-02"), site.root),
        ]
    )
    # (At the default now, 2026-11-23, the report test shows it held until 2026-12-02.)
    assert before.returncode == 1, before.stderr
    page = pages_by_path(report_of(before))["held.md"]
    assert page["verdict"] == "hold"
    assert page["release_after"] == "2026-12-02"
    assert codes(page) == {"CAC801"}
    assert report_of(before)["now"] == "2026-12-01T23:59:00+08:00"

    # --now wins over SOURCE_DATE_EPOCH (set to 2026-11-23 by the helper).
    assert at.returncode == 0, at.stdout
    report = report_of(at)
    assert report["now"] == "2026-12-02T00:00:00+08:00"
    assert pages_by_path(report)["held.md"] == {
        **pages_by_path(report)["held.md"],
        "verdict": "publish",
        "release_after": None,
        "findings": [],
    }
    # A date alone is the start of that day in the site's timezone.
    assert date_only.returncode == 0, date_only.stdout
    assert report_of(date_only)["now"] == "2026-12-02T00:00:00+08:00"


def test_now_that_is_not_iso_8601_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, "docs/held.md", HELD)
    result = threatpub("check", "docs", "--now", "next tuesday", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "next tuesday" in result.stderr
    assert "ISO 8601" in result.stderr


# -- check: exit codes -----------------------------------------------------------------------------


def test_fail_on_levels(tmp_path: Path) -> None:
    site = site_with(
        tmp_path / "site",
        {
            "clean/index.md": GENERAL,
            "clean/published.md": PUBLISHED,
            "held/held.md": HELD,
            "failing/failing.md": FAILING,
        },
    )
    # A second site where CAC801 only warns: the same page is published with a warning.
    warn_site = site_with(tmp_path / "warn", {"held.md": HELD}, rules={"CAC801": "warn"})
    cases = [
        ("clean", "warn", 0),
        ("held", "fail", 0),
        ("held", "hold", 1),
        ("held", "warn", 1),
        ("failing", "fail", 1),
    ]
    calls: list[tuple[Sequence[str], Path]] = [
        (("check", f"docs/{folder}", "--fail-on", level), site.root) for folder, level, _ in cases
    ]
    # (Its default run, --fail-on hold, exits 0: test_rules_override_and_on_hold_fail.)
    calls.append((("check", "--fail-on", "warn"), warn_site.root))
    results = run_many(calls)
    got = [r.returncode for r in results]
    expected = [code for *_, code in cases] + [1]
    assert got == expected, "\n".join(r.stdout + r.stderr for r in results)


USAGE_ERRORS: list[tuple[str, str, str | None]] = [
    # (mkdocs.yml or "" for none, extra args, text of ours expected on stderr, or None)
    ("", "check missing.md", "missing.md"),
    # An unknown command is refused by argparse in its own words (none of them ours): only
    # the exit code, no report and no traceback are promised.
    ("", "frobnicate", None),
    ("site_name: [broken\n", "check", "invalid YAML"),
    (
        "site_name: x\nplugins:\n  - threatpub:\n      timezone: Mars/Olympus_Mons\n",
        "check",
        "Mars/Olympus_Mons",
    ),
    (
        'site_name: x\nplugins:\n  - threatpub:\n      rules: {CAC8O1: "off"}\n',
        "check",
        "CAC801",
    ),
    # An option the plugin does not know is an error (a misspelt `on_hold` must not pass).
    ("site_name: x\nplugins:\n  - threatpub:\n      on_hld: fail\n", "check", "on_hld"),
    ("site_name: x\nexclude_docs: [drafts/]\n", "check", "exclude_docs"),
    ("site_name: x\ndocs_dir: nowhere\n", "check", "docs_dir"),
]


def test_usage_and_configuration_errors_exit_2(tmp_path: Path) -> None:
    calls: list[tuple[Sequence[str], Path]] = []
    for index, (config, args, _) in enumerate(USAGE_ERRORS):
        root = tmp_path / f"case{index}"
        write(root, "docs/page.md", GENERAL)
        if config:
            write(root, "mkdocs.yml", config)
        calls.append((args.split(), root))
    for (config, args, needle), result in zip(USAGE_ERRORS, run_many(calls), strict=True):
        where = f"{args!r} with mkdocs.yml {config!r}"
        assert result.returncode == 2, f"{where}: exit {result.returncode}\n{result.stderr}"
        assert result.stderr.strip(), f"{where}: nothing said on stderr"
        if needle is not None:
            assert needle in result.stderr, f"{where}: {result.stderr}"
        assert "Traceback" not in result.stderr, f"{where}: {result.stderr}"
        assert "pages judged" not in result.stdout, f"{where}: a report was printed"


def test_rules_override_off_unquoted_as_in_the_spec(tmp_path: Path) -> None:
    write(tmp_path, "docs/held.md", HELD)
    write(
        tmp_path,
        "mkdocs.yml",
        "site_name: x\nplugins:\n  - threatpub:\n      rules:\n        CAC801: off\n",
    )
    result = threatpub("check", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert verdicts(report_of(result)) == {"held.md": "publish"}


# -- the example site ----------------------------------------------------------------------------


@pytest.mark.slow
def test_example_site_check_matches_the_build(example_site: Site) -> None:
    parent = example_site.root.parent
    as_json, as_text = run_many(
        [
            (("check", "-f", "example-site/mkdocs.yml", "--format", "json"), parent),
            (("check", "-f", "example-site/mkdocs.yml"), parent),
        ]
    )
    assert as_json.returncode == as_text.returncode == 1
    report = report_of(as_json)
    held = {p["path"] for p in report["pages"] if p["verdict"] == "hold"}
    holding = {
        p["path"]
        for p in report["pages"]
        if p["verdict"] != "removed" and any(f["action"] == "hold" for f in p["findings"])
    }
    assert held, "the example site is meant to show held pages"
    assert held == holding
    assert report["summary"]["fail"] == 0
    for path in held:
        assert f"{path}: HOLD" in as_text.stdout

    build = mkdocs(example_site, "build")
    assert build.returncode == 0, build.stderr
    built = json.loads((example_site.root / ".threatpub/report.json").read_text(encoding="utf-8"))

    # Only the plugin sees links and the built site (LINK001, LEAK001, LATE001).
    build_only = {"LINK001", "LEAK001", "LATE001"}

    def essentials(rep: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [
            (p["path"], p["verdict"], p["release_after"], sorted(codes(p) - build_only))
            for p in rep["pages"]
        ]

    assert essentials(report) == essentials(built)
    assert report["summary"] == built["summary"]


# -- explain, rules --------------------------------------------------------------------------

EXPLAIN_SECTIONS = ("What it checks", "Why", "Source", "How to satisfy it", "Example")


def test_explain(tmp_path: Path) -> None:
    by_code, by_name, as_json, typo = run_many(
        [
            (("explain", "CAC801"), tmp_path),
            (("explain", "operator-opinion-missing"), tmp_path),
            (("explain", "cac801", "--format", "json"), tmp_path),
            (("explain", "CAC8O1"), tmp_path),
        ]
    )
    assert by_code.returncode == 0, by_code.stderr
    lines = by_code.stdout.splitlines()
    assert lines[0] == "CAC801 operator-opinion-missing (cac-2019; default action: hold)"
    positions = [lines.index(section) for section in EXPLAIN_SECTIONS]
    assert positions == sorted(positions), by_code.stdout
    # CAC801 ends with where it disagrees with another profile's rule (MIIT091).
    last = lines.index("Where profiles disagree")
    assert "MIIT091" in "\n".join(lines[last:])
    for start, end in zip(positions, [*positions[1:], last], strict=True):
        body = [line for line in lines[start + 1 : end] if line.strip()]
        assert body, f"section {lines[start]!r} is empty"
        assert all(line.startswith("    ") for line in body)
    assert "Art. 8" in by_code.stdout or "Article 8" in by_code.stdout
    assert by_name.returncode == 0
    assert by_name.stdout == by_code.stdout

    assert as_json.returncode == 0
    data = json.loads(as_json.stdout)
    assert (data["code"], data["name"]) == ("CAC801", "operator-opinion-missing")
    assert data["default_action"] == "hold"
    assert data["source"]
    docs = data["docs"]
    for key in ("what_it_checks", "why", "source", "how_to_satisfy_it", "example"):
        assert isinstance(docs[key], str)
        assert docs[key].strip(), key
        assert docs[key].splitlines()[0] in by_code.stdout

    assert typo.returncode == 2
    assert typo.stdout == ""
    assert "CAC8O1" in typo.stderr
    assert "Did you mean CAC801" in typo.stderr


def test_explain_in_chinese(tmp_path: Path) -> None:
    """The same sections under the Chinese headings, in the same order, with the Chinese
    text; the profile line and "Where profiles disagree" in Chinese too."""
    chinese, always = run_many(
        [
            (("explain", "CAC801", "--lang", "zh"), tmp_path),
            (("explain", "META001", "--lang", "zh"), tmp_path),
        ]
    )
    assert chinese.returncode == 0, chinese.stderr
    lines = chinese.stdout.splitlines()
    assert lines[0] == "CAC801 operator-opinion-missing（cac-2019；默认处理：hold）"
    headings = ("检查内容", "原因", "依据", "如何满足", "示例", "与其他规则集的差异")
    positions = [lines.index(heading) for heading in headings]
    assert positions == sorted(positions), chinese.stdout
    assert "第八条" in chinese.stdout
    assert "网络运营者书面意见" in chinese.stdout
    assert (
        always.stdout.splitlines()[0]
        == "META001 front-matter-unparsable（始终生效；默认处理：fail）"
    )


def test_rules_lists_every_rule_and_python_dash_m_is_the_same_program(
    tmp_path: Path,
) -> None:
    def module(*args: str) -> Result:
        return subprocess.run(
            [sys.executable, "-m", "mkdocs_threatpub", *args],
            cwd=tmp_path,
            env=run_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    with ThreadPoolExecutor(max_workers=2) as pool:  # processes of their own, meanwhile:
        m_version = pool.submit(module, "--version")
        m_rules = pool.submit(module, "rules")
        text, as_json = run_many(
            [(("rules",), tmp_path), (("rules", "--format", "json"), tmp_path)]
        )
    assert text.returncode == as_json.returncode == 0
    listed = [line.split()[0] for line in text.stdout.splitlines() if line.strip()]
    assert listed == [rule.code for rule in ALL_RULES]
    for rule in ALL_RULES:
        assert re.search(rf"^{rule.code}\s+{re.escape(rule.name)}\s", text.stdout, re.MULTILINE)

    data = json.loads(as_json.stdout)
    assert isinstance(data, list)
    assert [entry["code"] for entry in data] == [rule.code for rule in ALL_RULES]
    for entry, rule in zip(data, ALL_RULES, strict=True):
        assert entry["name"] == rule.name
        assert entry["source"] == rule.source
        assert entry["source"]
        assert entry["default_action"] in ("fail", "hold", "warn", "off")
        assert entry["default_action"] == str(rule.default_action)

    assert m_version.result().returncode == 0, m_version.result().stderr
    assert m_version.result().stdout == f"threatpub {__version__}\n"
    assert m_rules.result().returncode == 0, m_rules.result().stderr
    assert m_rules.result().stdout == text.stdout


# -- schema ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result = threatpub("schema", cwd=tmp_path_factory.mktemp("schema"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "threatpub" in schema["properties"]


EXAMPLE_PAGES = sorted((EXAMPLE_SITE / "docs").rglob("*.md"))


@pytest.mark.parametrize(
    "page",
    [*EXAMPLE_PAGES, FIXTURES / "spec-front-matter.md"],
    ids=lambda p: p.relative_to(p.parents[1]).as_posix(),
)
def test_schema_accepts_real_front_matter(schema: dict[str, Any], page: Path) -> None:
    data = front_matter(page)
    errors = [e.message for e in validator(schema).iter_errors(data)]
    assert errors == []


INVALID: dict[str, dict[str, Any]] = {
    "unknown-top-key": {"kind": "general", "colour": "red"},
    "unknown-nested-key": {"kind": "vulnerability", "target": {"operater": "X"}},
    "bad-kind": {"kind": "rumour"},
    "bad-authority": {"notifications": [{"authority": "police", "date": "2026-11-01"}]},
    "bad-level": {"notifications": [{"authority": "cac", "level": "city"}]},
    "region-five-digits": {"kind": "incident", "incident": {"region": "11010"}},
    "region-letters": {"kind": "incident", "incident": {"region": "11010a"}},
    "region-in-scope": {"kind": "analysis", "scope": {"regions": ["1100000"]}},
    "bad-opinion-status": {"operator_opinion": {"status": "pending"}},
    "date-in-words": {"published": "next tuesday"},
    "country-name": {"jurisdiction": ["China"]},
}

# What the checker reports for the same front matter (the schema mirrors the model).
INVALID_CODES = {name: "META002" if name.startswith("unknown") else "META003" for name in INVALID}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_schema_rejects_invalid_front_matter(schema: dict[str, Any], name: str) -> None:
    assert list(validator(schema).iter_errors({"threatpub": INVALID[name]})), name
    # The same body under another key is not ours (`additionalProperties: true`).
    assert not list(validator(schema).iter_errors({"other": INVALID[name]}))


def test_checker_agrees_with_the_schema(tmp_path: Path) -> None:
    """What the schema rejects the checker rejects; what it accepts is not a key/type error."""
    for name, meta in INVALID.items():
        text = "---\n" + yaml.safe_dump({"threatpub": meta}) + "---\n\n# Page\n"
        write(tmp_path, f"pages/{name}.md", text)
    spec = FIXTURES / "spec-front-matter.md"
    result = threatpub("check", "pages", str(spec), "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    pages = pages_by_path(report_of(result))
    [accepted] = [page for path, page in pages.items() if not path.startswith("pages/")]
    assert "META002" not in codes(accepted), accepted["findings"]
    for finding in accepted["findings"]:
        if finding["code"] == "META003":  # CAC403 is not implemented yet, so not allowable
            assert finding.get("key", "").startswith("threatpub.allow"), finding
    for name, code in INVALID_CODES.items():
        page = pages[f"pages/{name}.md"]
        assert page["verdict"] == "fail", (name, page)
        assert code in codes(page), (name, page["findings"])


def test_schema_meta_key(tmp_path: Path) -> None:
    result = threatpub("schema", "--meta-key", "advisory", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(data)
    assert list(data["properties"]) == ["advisory"]
    assert list(validator(data).iter_errors({"advisory": {"kind": "rumour"}}))
    assert not list(validator(data).iter_errors({"advisory": {"kind": "general"}}))
