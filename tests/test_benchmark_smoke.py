"""The benchmark keeps working (its figures are measured by `benchmarks/run.py`, not here):
a quick run on small sites produces every section of the JSON it promises, the real-site
build (the OWASP cheat sheets in ../shared) included."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SHARED, shared_path


# The quick run builds real sites (-m 'not slow' skips it).
@pytest.mark.slow
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
    assert build["ratio"] == build["build_plugin_s"] / build["build_plain_s"]
    assert build["ratio_warm"] == build["build_plugin_warm_s"] / build["build_plain_s"]
    assert {r["page_bytes"] for r in figures["page_size"]} == {10_000, 200_000}
    assert set(figures["growth"]) == {"per_page_last_vs_first", "largest_page_vs_smallest"}
    assert figures["duration_s"] > 0
    assert len(figures["load_average"]) == 3
    if not (SHARED / "corpus-scale" / "owasp").is_dir():
        # The generated sites were measured; the real site was skipped, with a message.
        assert figures["real_site"] == []
        assert "real-site benchmark skipped" in result.stdout
        shared_path("corpus-scale/owasp")  # fails under CI, skips elsewhere
    # The real site: the quick run builds 12 cheat sheets and the index, three times
    # (without the plugin, cold and warm cache); both sides published the same pages.
    (real,) = figures["real_site"]
    assert "mkdocs build of a real site" in result.stdout
    assert real["name"] == "OWASP Cheat Sheet Series (Material)"
    assert real["pages"] == 13
    assert real["html_files"] >= real["pages"] - real["held"]
    for key in ("plain_s", "plugin_cold_s", "plugin_warm_s", "plain_cpu_s"):
        assert real[key] > 0
    assert real["ratio_cold"] == real["plugin_cold_s"] / real["plain_s"]
    assert real["ratio_warm"] == real["plugin_warm_s"] / real["plain_s"]
    assert min(real["peak_mb_plain"], real["peak_mb_cold"], real["peak_mb_warm"]) > 0
    assert isinstance(real["persistent_cache"], bool)


def test_real_site_copies_the_cheat_sheets_under_their_original_names(tmp_path: Path) -> None:
    """The real-site project is the corpus pages, unchanged, under the names they have in
    OWASP/CheatSheetSeries, with Material and the plugin (cache_dir only when asked)."""
    corpus = shared_path("corpus-scale/owasp")
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import realsite
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    pages = realsite.corpus_pages(corpus)
    assert len(pages) == 66
    names = [name for _, name in pages]
    assert "Abuse_Case_Cheat_Sheet.md" in names
    assert "Cross_Site_Scripting_Prevention_Cheat_Sheet.md" in names
    config = realsite.write_real_site(
        tmp_path / "site", pages, cache_dir=tmp_path / "cache", exclude=["cheatsheets/" + names[0]]
    )
    settings = config.read_text(encoding="utf-8")
    assert "name: material" in settings
    assert "  - threatpub:" in settings
    assert f"cache_dir: '{tmp_path / 'cache'}'" in settings
    assert f"exclude_docs: |\n  /cheatsheets/{names[0]}\n" in settings
    assert f"cheatsheets/{names[0]}\n" not in settings.split("nav:")[1].split("exclude_docs")[0]
    source, name = pages[1]
    assert (tmp_path / "site" / "docs" / "cheatsheets" / name).read_bytes() == source.read_bytes()
    plain = realsite.write_real_site(tmp_path / "plain", pages, plugin=False)
    assert "threatpub:" not in plain.read_text(encoding="utf-8")
