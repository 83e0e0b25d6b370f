"""Start-up (issue 19): importing the plugin and a one-page ``threatpub check`` load only what
the run needs. The structural tests (which modules a fresh process has imported) are the
reliable guard; the timing tests are generous bounds on CPU time, best of three, relative to
what MkDocs itself costs to import."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import make_site

# Loaded on demand only: pydantic and the schema with the first page that has a block, a
# report format's module when that format is asked for, python-stdnum with the first
# candidate number, the HTML/PDF/Markdown parsers with the output checks that use them.
HEAVY = (
    "pydantic",
    "pydantic_core",
    "mkdocs_threatpub.core.schema",
    "mkdocs_threatpub.core._takedown_models",
    "stdnum",
    "bs4",
    "pypdf",
    "markdown_it",
    "selectolax",
    "mkdocs_threatpub.reports.sarif",
    "mkdocs_threatpub.reports.junit",
    "mkdocs_threatpub.reports.json_report",
    "mkdocs_threatpub.reports.status_html",  # the status page (serve) and the HTML report
    "mkdocs_threatpub.reports.schedule",  # with them, and next-release
)

ADVISORY = """\
---
title: Advisory
threatpub:
  kind: vulnerability
  published: 2026-11-02T10:00+08:00
  target:
    operator: Example Vendor
    system: EX gateway
  repair:
    status: fixed
    date: 2026-10-28
---

# Advisory

The parser of EX mishandles a crafted header. Upgrade to 2.4.1.
"""


def _modules_after(code: str, cwd: Path | None = None) -> set[str]:
    """The modules a fresh interpreter has imported after running ``code``."""
    script = textwrap.dedent(code) + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(result.stdout.splitlines()[-1]))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if n in modules or any(m.startswith(n + ".") for m in modules))


def test_importing_the_plugin_loads_nothing_heavy() -> None:
    modules = _modules_after("import mkdocs_threatpub.plugin")
    assert _loaded(modules, HEAVY) == []


CHECK = """
import contextlib, io
from mkdocs_threatpub.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main({args!r})
"""


def test_a_one_page_check_loads_nothing_heavy(tmp_path: Path) -> None:
    site = make_site(tmp_path / "s", {"index.md": "# Home\n\nWelcome.\n"})
    modules = _modules_after(CHECK.format(args=["check", "docs/index.md"]), site.root)
    assert "mkdocs_threatpub.pipeline.build" in modules  # it did judge
    assert _loaded(modules, HEAVY) == []


def test_a_one_page_check_of_an_advisory_loads_the_schema_and_nothing_else(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path / "s", {"advisory.md": ADVISORY})
    args = ["check", "--format", "json", "docs/advisory.md"]
    modules = _modules_after(CHECK.format(args=args), site.root)
    assert "mkdocs_threatpub.core.schema" in modules  # the block was validated
    needed = ("pydantic", "pydantic_core", "mkdocs_threatpub.core.schema")
    needed += ("mkdocs_threatpub.reports.json_report",)
    assert _loaded(modules, HEAVY) == sorted(needed)


# -- timing: generous bounds on CPU time ----------------------------------------------------


def _cpu(args: list[str], cwd: Path | None = None) -> float:
    """Best of three: CPU seconds (user + system) of ``python ARGS`` in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    best = float("inf")
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(
            [sys.executable, *args], cwd=cwd, env=env, capture_output=True, timeout=120, check=True
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, used)
    return best


MKDOCS = "import mkdocs.plugins, mkdocs.config.defaults, mkdocs.structure.files"
# What `threatpub check` needs of MkDocs: its config machinery validates the plugin options.
MKDOCS_CONFIG = "import mkdocs.config.config_options"
BOUND = 0.3  # seconds of CPU on top of MkDocs' own imports (issue 19: ≤ 0.3 s)


@pytest.mark.skipif(sys.platform == "win32", reason="resource is POSIX")
def test_the_plugin_import_costs_little_on_top_of_mkdocs() -> None:
    mkdocs = _cpu(["-c", MKDOCS])
    plugin = _cpu(["-c", f"{MKDOCS}; import mkdocs_threatpub.plugin"])
    assert plugin - mkdocs <= BOUND, f"plugin import: {plugin - mkdocs:.2f} s CPU"


@pytest.mark.skipif(sys.platform == "win32", reason="resource is POSIX")
def test_a_one_page_check_costs_little_on_top_of_mkdocs_config(tmp_path: Path) -> None:
    site = make_site(tmp_path / "s", {"index.md": "# Home\n\nWelcome.\n"})
    floor = _cpu(["-c", MKDOCS_CONFIG])
    check = _cpu(["-m", "mkdocs_threatpub", "check", "docs/index.md"], site.root)
    assert check - floor <= BOUND, f"one-page check: {check - floor:.2f} s CPU"
