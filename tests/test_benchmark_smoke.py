"""The benchmark keeps working (its figures are measured by `benchmarks/run.py`, not here):
a quick run on small sites produces every section of the JSON it promises."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

# Every test here runs real builds, servers or a browser (-m 'not slow' skips them).
pytestmark = pytest.mark.slow


def test_quick_benchmark_run_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--quick", "--repeat", "1",
         "--output", str(out)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "threatpub check vs the floor" in result.stdout
    figures = json.loads(out.read_text())
    assert [r["pages"] for r in figures["check"]] == [101, 301]
    for row in figures["check"]:
        assert row["floor_s"] > 0
        assert row["check_s"] > 0
        assert row["peak_mb"] > 0
        assert row["ratio"] == row["check_s"] / row["floor_s"]
    # Both builds produced the same pages: the plugin held exactly what the plain build
    # excluded (the runner exits non-zero otherwise).
    build = figures["build"][0]
    assert build["html_files"] > 80
    assert build["build_plugin_s"] > 0
    assert build["build_plain_s"] > 0
    assert {r["page_bytes"] for r in figures["page_size"]} == {10_000, 200_000}
    assert set(figures["growth"]) == {"per_page_last_vs_first", "largest_page_vs_smallest"}
