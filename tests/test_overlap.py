"""The overlapped build (issue 19): a helper process judges and searches while MkDocs renders.

Every decision must be the one a serial build makes: each site here is built twice from two
identical copies, once as it is (the helper forked in on_config judges the pages with the
build, makes LEAK001's search and searches each page's output as it is written, and runs
LATE001) and once with ``THREATPUB_JOBS=1`` (all of it on the build's own process, in
order); the JSON reports, the ledgers (but for the wall-clock time of each entry and the
hashes over it) and the built sites must be the same byte for byte. Replicate one with:
``SOURCE_DATE_EPOCH=… mkdocs build`` and ``THREATPUB_JOBS=1 SOURCE_DATE_EPOCH=… mkdocs build``.
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import NOW_EPOCH, REPO, Site, make_site, mkdocs
from tests.test_late_content import SHELL, snippet_site
from tests.test_leak_matrix import CASES, UNDO_HOLDS

# Every test here runs real builds (-m 'not slow' skips them).
pytestmark = pytest.mark.slow

SERIAL = {"THREATPUB_JOBS": "1"}


def _report(site: Site) -> dict[str, Any]:
    data = json.loads((site.root / ".threatpub" / "report.json").read_text(encoding="utf-8"))
    ledger = data.get("ledger")
    if isinstance(ledger, dict):
        for field in ("head", "sha256"):  # hashes over each entry's wall-clock time
            ledger.pop(field, None)
    return data


def _ledger(site: Site) -> list[dict[str, Any]]:
    path = site.root / ".threatpub" / "ledger.jsonl"
    if not path.exists():
        return []
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    clock = {"time", "prev", "mac"}  # when it was written, and the chain over that
    return [{k: v for k, v in entry.items() if k not in clock} for entry in entries]


def _outputs(site: Site) -> dict[str, bytes]:
    files = {}
    for path in sorted(site.out.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            files[path.relative_to(site.out).as_posix()] = (
                gzip.decompress(data) if path.suffix == ".gz" else data
            )
    return files


def _findings_logged(output: str) -> list[str]:
    """The log lines that name a finding (their order may differ: LATE001 is logged when the
    helper's results are collected, after the pages rendered)."""
    return sorted(line for line in output.splitlines() if "threatpub" in line and ".md" in line)


def _twins(make: Any, root: Path) -> tuple[Site, Site]:
    return make(root / "overlap"), make(root / "serial")


def _assert_same(overlap: Site, serial: Site, *args: str) -> tuple[Any, Any]:
    first = mkdocs(overlap, "build", *args)
    second = mkdocs(serial, "build", *args, env=SERIAL)
    where = f"replicate: cd {overlap.root} && SOURCE_DATE_EPOCH={NOW_EPOCH} mkdocs build"
    assert first.returncode == second.returncode, (where, first.stderr[-3000:], second.stderr)
    assert "Traceback" not in first.stderr, first.stderr
    assert _report(overlap) == _report(serial), where
    report = overlap.root / ".threatpub" / "report.json"
    if not _report(overlap).get("ledger"):  # nothing depends on the clock: byte for byte
        twin = serial.root / ".threatpub" / "report.json"
        assert report.read_bytes() == twin.read_bytes(), where
    assert _ledger(overlap) == _ledger(serial), where
    assert _outputs(overlap) == _outputs(serial), where
    assert _findings_logged(first.stderr) == _findings_logged(second.stderr), where
    return first, second


def test_example_site_overlapped_equals_serial(tmp_path: Path, example_site: Site) -> None:
    serial = Site(tmp_path / "serial")
    shutil.copytree(example_site.root, serial.root)
    first, _ = _assert_same(example_site, serial)
    assert first.returncode == 0, first.stderr
    pages = _report(example_site)["pages"]
    assert {p["verdict"] for p in pages} >= {"publish", "hold", "removed"}


def test_generated_300_pages_overlapped_equals_serial(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from sites import write_site  # benchmarks/sites.py
    finally:
        sys.path.remove(str(REPO / "benchmarks"))

    def make(root: Path) -> Site:
        config = write_site(root, 300)
        text = config.read_text(encoding="utf-8")
        config.write_text(
            text.replace(
                "  - threatpub:\n", "  - threatpub:\n      report: .threatpub/report.json\n"
            ),
            encoding="utf-8",
        )
        return Site(root)

    overlap, serial = _twins(make, tmp_path)
    first, _ = _assert_same(overlap, serial, "--verbose")
    assert first.returncode == 0, first.stderr
    # The helper did judge pages (the build judged the others from the same list).
    assert "the helper process judged" in first.stderr, first.stderr[-3000:]
    verdicts = [p["verdict"] for p in _report(overlap)["pages"]]
    assert len(verdicts) == 301
    assert {"hold", "publish"} <= set(verdicts)


@pytest.mark.parametrize("case", CASES[:4], ids=[c.name for c in CASES[:4]])
def test_leak001_overlapped_equals_serial(tmp_path: Path, case: Any) -> None:
    """With the holds undone by a hook, traces are in the pages' outputs (searched by the
    helper as they are written) and in the files written after them: the same LEAK001."""

    overlap, serial = _twins(lambda root: _leaky_site(root, case), tmp_path)
    first, _ = _assert_same(overlap, serial)
    assert first.returncode != 0
    assert "LEAK001" in first.stderr, first.stderr[-3000:]
    [held] = [p for p in _report(overlap)["pages"] if p["path"] == case.held]
    assert "LEAK001" in {f["code"] for f in held["findings"]}


def test_late001_overlapped_equals_serial(tmp_path: Path) -> None:
    overlap, serial = _twins(lambda root: snippet_site(root, SHELL), tmp_path)
    first, _ = _assert_same(overlap, serial)
    assert first.returncode != 0
    assert "LATE001" in first.stderr
    assert not overlap.built("posts/upgrade.md")  # its output deleted, as a serial build does
    [page] = [p for p in _report(overlap)["pages"] if p["path"] == "posts/upgrade.md"]
    assert page["verdict"] == "fail"


# -- the helper process: started, stopped, failing closed ------------------------------------


def _build_in_process(site: Site) -> None:
    """``mkdocs build`` as its CLI runs it, in this process (to see its child processes)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["SOURCE_DATE_EPOCH"] = str(NOW_EPOCH)
    cwd = os.getcwd()
    os.chdir(site.root)
    try:
        config = load_config(str(site.config_file))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        os.chdir(cwd)
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def _leaky_site(root: Path, case: Any = CASES[0]) -> Site:
    """A leak-matrix case whose holds a hook undoes: traces of held pages reach site_dir."""
    site = make_site(
        root,
        case.pages,
        {"report": ".threatpub/report.json"},
        theme=case.theme,
        extra={**case.extra, "hooks": ["undo_holds.py"]},
        plugins_before=case.plugins_before,
    )
    shutil.copy(UNDO_HOLDS, site.root / "undo_holds.py")
    return site


@pytest.fixture
def overlap_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("THREATPUB_JOBS", raising=False)
    from mkdocs_threatpub.pipeline import parallel

    if not parallel.overlap_wanted():
        pytest.skip("one CPU or no fork here: builds do not overlap")


def test_no_process_outlives_a_build(tmp_path: Path, overlap_on: None) -> None:
    from mkdocs.exceptions import Abort, PluginError

    before = set(multiprocessing.active_children())
    ok = make_site(tmp_path / "ok", {"index.md": "# Home\n\nWelcome.\n"})
    _build_in_process(ok)
    assert set(multiprocessing.active_children()) == before
    assert ok.built("index.md")
    # A build that fails after rendering (LEAK001) stops the helper too.
    with pytest.raises((PluginError, Abort)):
        _build_in_process(_leaky_site(tmp_path / "leaky"))
    assert set(multiprocessing.active_children()) == before


def _boom(*args: Any) -> Any:
    raise RuntimeError("helper broke")


def _die(*args: Any) -> Any:
    os._exit(7)


@pytest.mark.parametrize("failure", [_boom, _die], ids=["raises", "dies"])
@pytest.mark.parametrize("where", ["_helper_judge", "_helper_leak_finish", "_helper_late"])
def test_a_failing_helper_fails_the_build_closed(
    tmp_path: Path,
    overlap_on: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    failure: Any,
    where: str,
) -> None:
    """Whatever goes wrong in the helper process stops the build with threatpub's own error
    (an internal error: no page published unchecked), and leaves no process behind."""
    from mkdocs.exceptions import Abort, PluginError

    from mkdocs_threatpub.pipeline import build as pipeline_build

    monkeypatch.setattr(pipeline_build, where, failure)
    before = set(multiprocessing.active_children())
    if where == "_helper_late":
        site = snippet_site(tmp_path / "site", "pip install example-lib==2.4.1\n")
    else:
        site = _leaky_site(tmp_path / "site")
    with pytest.raises((PluginError, Abort)) as raised:
        _build_in_process(site)
    said = f"{raised.value}\n{caplog.text}"  # MkDocs logs a PluginError, then aborts
    assert "threatpub: internal error in" in said, said
    assert "no page was published unchecked" in said, said
    assert set(multiprocessing.active_children()) == before
