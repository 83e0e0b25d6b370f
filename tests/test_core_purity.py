"""The core, scanners, rules, reports and the pipeline never import MkDocs (they run in any
host: the CLI, `threatpub stage` for Zensical, a pre-commit hook)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

# Imports every module of the three packages (found on disk, so new modules are covered),
# judges a page and renders the reports, then lists the MkDocs modules that got loaded.
SCRIPT = textwrap.dedent(
    """
    import datetime as dt
    import importlib
    import json
    import pkgutil
    import sys

    import mkdocs_threatpub.core
    import mkdocs_threatpub.pipeline
    import mkdocs_threatpub.reports
    import mkdocs_threatpub.rules
    import mkdocs_threatpub.scanners

    imported = []
    packages = (
        mkdocs_threatpub.core,
        mkdocs_threatpub.scanners,
        mkdocs_threatpub.rules,
        mkdocs_threatpub.reports,
        mkdocs_threatpub.pipeline,
    )
    for package in packages:
        imported.append(package.__name__)
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)
            imported.append(info.name)

    from mkdocs_threatpub.core.context import Settings
    from mkdocs_threatpub.pipeline.session import Session
    from mkdocs_threatpub.reports.json_report import build_report

    now = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
    session = Session(Settings(), now)
    page = b"---\\nthreatpub:\\n  kind: vulnerability\\n  target: {operator: X}\\n---\\n"
    judgement = session.judge("advisories/x.md", page)
    build_report([judgement], now, ["cac-2019"])

    leaked = sorted(m for m in sys.modules if m == "mkdocs" or m.startswith("mkdocs."))
    print(json.dumps({"imported": imported, "leaked": leaked, "verdict": judgement.verdict}))
    """
)


def test_only_the_doors_import_mkdocs() -> None:
    """No module named `mkdocs` or `mkdocs.*` is loaded by the host-independent packages."""
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["leaked"] == [], f"MkDocs imported by the core: {out['leaked']}"
    # The walk really covered the packages (a vacuous pass would prove nothing).
    for name in (
        "mkdocs_threatpub.core.engine",
        "mkdocs_threatpub.pipeline.session",
        "mkdocs_threatpub.core.frontmatter",
        "mkdocs_threatpub.rules.cac801_operator_opinion_missing",
        "mkdocs_threatpub.reports.json_report",
        "mkdocs_threatpub.reports.text",
        "mkdocs_threatpub.reports.banner",
    ):
        assert name in out["imported"], name
    assert out["verdict"] == "hold"
