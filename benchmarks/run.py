"""The performance benchmark of DESIGN.md's budget, measured in one run.

    python benchmarks/run.py            # full run (about 5 minutes on 2 cores)
    python benchmarks/run.py --quick    # small sizes, to see that it works

Each figure is the best of ``--repeat`` runs of a real command in a fresh process (wall
time), on synthetic advisory sites written to a temporary folder (benchmarks/sites.py):

- ``check``: ``threatpub check -f mkdocs.yml`` (default ``--jobs``, and ``--jobs 1``) vs the
  floor: a Python process that reads every page and YAML-parses its front matter with
  PyYAML's C loader (benchmarks/floor.py). Target: ≤ 3× the floor at 5,000 pages.
- ``build``: ``mkdocs build`` of the same site with the plugin and without it. Target:
  ≤ 1.02× (everything the plugin does, LEAK001 and LATE001 included).
- ``real_site``: ``mkdocs build`` of a real third-party site, the OWASP Cheat Sheet Series
  pages (benchmarks/realsite.py: Material theme, search, tags, minify) without the plugin,
  with it on a cold persistent cache (emptied before the build) and warm (the next build
  with the same cache). Needs ``../shared/corpus-scale/owasp`` (``--real-site``); skipped
  with a message when it is missing. Target: ≤ 1.05× cold, ≤ 1.02× warm.
- ``growth``: time per page from 100 to 5,000 pages, and the time for 10 MB of advisories
  in pages of 10 KB, 100 KB, 1 MB and 5 MB (both should stay flat: linear cost).
- peak memory (maximum resident set of the measured process, from ``wait4``).

Prints a table and writes the figures as JSON (default benchmarks/results.json).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from realsite import CORPUS, corpus_pages, missing_message, write_real_site  # noqa: E402
from sites import write_site  # noqa: E402

BIN = Path(sys.executable).parent
NOW = "2026-11-23T10:00+08:00"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1795399200", "PYTHONHASHSEED": "0"}


@dataclass
class Run:
    seconds: float
    peak_mb: float
    exit_code: int
    # CPU time (user + system) of the process and of the worker processes it waited for:
    # steadier than wall time on a busy machine.
    cpu_s: float = 0.0


def measure(argv: Sequence[str], cwd: Path, repeat: int, env: dict[str, str] | None = None) -> Run:
    """Best wall time of ``repeat`` runs of ``argv``; peak RSS of the measured process."""
    best: Run | None = None
    for _ in range(repeat):
        started = time.perf_counter()
        pid = os.posix_spawn(argv[0], list(argv), env or ENV, file_actions=_quiet(cwd))
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - started
        run = Run(
            seconds,
            usage.ru_maxrss / 1024,
            os.waitstatus_to_exitcode(status),
            usage.ru_utime + usage.ru_stime,
        )
        if run.exit_code not in (0, 1):  # 1: pages held, which the sites have on purpose
            raise SystemExit(f"{' '.join(argv)} exited with {run.exit_code} (in {cwd})")
        if best is None or run.seconds < best.seconds:
            best = run
    assert best is not None
    return best


def _quiet(cwd: Path) -> list[tuple[int, ...]]:
    # posix_spawn has no cwd argument; the commands take absolute paths instead.
    null = os.open(os.devnull, os.O_WRONLY)
    return [(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]


def check_argv(config: Path, jobs: int | None = None) -> list[str]:
    # The report goes to a file beside mkdocs.yml: threatpub writes only regular files (a
    # report sent to /dev/null is refused, where it used to replace the device).
    report = config.parent / ".threatpub" / "bench-report.json"
    argv = [str(BIN / "threatpub"), "check", "-f", str(config), "--now", NOW,
            "--format", "json", "--output", str(report)]  # fmt: skip
    return argv + (["--jobs", str(jobs)] if jobs else [])


def floor_argv(docs: Path) -> list[str]:
    return [sys.executable, str(HERE / "floor.py"), str(docs)]


def build_argv(config: Path, site_dir: Path) -> list[str]:
    return [str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(site_dir)]


def bench_check(root: Path, pages: int, repeat: int) -> dict[str, float]:
    site = root / f"check-{pages}"
    config = write_site(site, pages)
    floor = measure(floor_argv(site / "docs"), site, repeat)
    default = measure(check_argv(config), site, repeat)
    serial = measure(check_argv(config, jobs=1), site, repeat)
    return {
        "pages": pages + 1,
        "floor_s": floor.seconds,
        "check_s": default.seconds,
        "check_jobs1_s": serial.seconds,
        "ratio": default.seconds / floor.seconds,
        "ratio_jobs1": serial.seconds / floor.seconds,
        "ms_per_page_jobs1": 1000 * serial.seconds / (pages + 1),
        "peak_mb": max(default.peak_mb, serial.peak_mb),
    }


def bench_build(root: Path, pages: int, repeat: int) -> dict[str, float]:
    """The same pages built with the plugin (which holds 12 %) and without it, with those
    pages in ``exclude_docs``; the difference is the plugin's own work, LEAK001 and LATE001
    included. With the plugin twice: on an emptied judging cache (cold, a fresh CI clone) and
    on the cache that build left (warm, the next build)."""
    site = root / f"build-{pages}"
    with_plugin = write_site(site, pages)
    plain_site = root / f"build-{pages}-plain"
    without = write_site(plain_site, pages, plugin=False)
    # Everything the plugin keeps between builds (its judging cache, report, ledger).
    state = site / ".threatpub"
    # Interleaved, best of each: drift of the machine's speed hits all three the same.
    plain: list[Run] = []
    cold: list[Run] = []
    warm: list[Run] = []
    for _ in range(repeat):
        plain.append(measure(build_argv(without, plain_site / "out"), plain_site, 1))
        shutil.rmtree(state, ignore_errors=True)
        cold.append(measure(build_argv(with_plugin, site / "out"), site, 1))
        warm.append(measure(build_argv(with_plugin, site / "out"), site, 1))
    built, built_plain = _html(site / "out"), _html(plain_site / "out")
    if built != built_plain:
        raise SystemExit(f"the two builds differ: {sorted(built ^ built_plain)[:5]}")
    p, c, w = _best(plain), _best(cold), _best(warm)
    return {
        "pages": pages + 1,
        "html_files": len(built),
        "build_plain_s": p.seconds,
        "build_plugin_s": c.seconds,
        "build_plugin_warm_s": w.seconds,
        "ratio": c.seconds / p.seconds,
        "ratio_warm": w.seconds / p.seconds,
        "peak_mb_plain": p.peak_mb,
        "peak_mb_plugin": max(c.peak_mb, w.peak_mb),
    }


def plugin_has_cache_dir() -> bool:
    """Whether the installed plugin has the persistent cache's ``cache_dir`` option. Without
    it a "cold" and a "warm" build do the same work (and measure the same)."""
    from mkdocs_threatpub.config import ThreatpubConfig

    return any(name == "cache_dir" for name, _ in ThreatpubConfig._schema)


def held_by_plugin(config: Path) -> list[str]:
    """The docs-relative pages ``threatpub check`` does not publish (held, failed, removed)."""
    report = config.parent / "held-report.json"
    argv = [str(BIN / "threatpub"), "check", "-f", str(config), "--now", NOW,
            "--format", "json", "--output", str(report)]  # fmt: skip
    measure(argv, config.parent, 1)
    pages = json.loads(report.read_text(encoding="utf-8"))["pages"]
    report.unlink()
    return sorted(page["path"] for page in pages if page["verdict"] != "publish")


def _html(site_dir: Path) -> set[str]:
    return {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")}


def _best(runs: list[Run]) -> Run:
    return min(runs, key=lambda run: run.seconds)


def bench_real_site(
    root: Path, corpus: Path, repeat: int, limit: int | None = None
) -> dict[str, object] | None:
    """The OWASP Cheat Sheet Series pages (benchmarks/realsite.py) built without the plugin,
    with it on an empty persistent cache (cold) and again on the cache that build left
    (warm); interleaved, best of each. None (and a message) when the corpus is missing."""
    if not corpus.is_dir():
        print(missing_message(corpus), flush=True)
        return None
    pages = corpus_pages(corpus, limit)
    site = root / "real-site"
    caches = site / ".cache"  # everything a build may keep between runs, emptied for cold
    has_cache_dir = plugin_has_cache_dir()
    with_plugin = write_real_site(
        site, pages, cache_dir=caches / "threatpub" if has_cache_dir else None
    )
    held = held_by_plugin(with_plugin)
    plain_site = root / "real-site-plain"
    without = write_real_site(plain_site, pages, plugin=False, exclude=held)
    # A cache in the user's cache folder (platformdirs) stays inside the project too.
    env = {**ENV, "XDG_CACHE_HOME": str(caches / "xdg")}
    # One build of each, not measured: the first build of a new project pays for the
    # operating system's file cache and Python's bytecode, which would fall on one side.
    measure(build_argv(without, plain_site / "out"), plain_site, 1, env)
    measure(build_argv(with_plugin, site / "out"), site, 1, env)
    plain: list[Run] = []
    cold: list[Run] = []
    warm: list[Run] = []
    for _ in range(repeat):
        plain.append(measure(build_argv(without, plain_site / "out"), plain_site, 1, env))
        shutil.rmtree(caches, ignore_errors=True)
        shutil.rmtree(site / ".threatpub", ignore_errors=True)
        cold.append(measure(build_argv(with_plugin, site / "out"), site, 1, env))
        warm.append(measure(build_argv(with_plugin, site / "out"), site, 1, env))
    built, built_plain = _html(site / "out"), _html(plain_site / "out")
    if built != built_plain:
        raise SystemExit(f"the real-site builds differ: {sorted(built ^ built_plain)[:5]}")
    p, c, w = _best(plain), _best(cold), _best(warm)
    return {
        "name": "OWASP Cheat Sheet Series (Material)",
        "source": f"{corpus} (github.com/OWASP/CheatSheetSeries, CC BY-SA 4.0)",
        "pages": len(pages) + 1,
        "held": len(held),
        "html_files": len(built),
        "source_mb": sum(path.stat().st_size for path, _ in pages) / 1_000_000,
        "persistent_cache": has_cache_dir,
        "plain_s": p.seconds,
        "plugin_cold_s": c.seconds,
        "plugin_warm_s": w.seconds,
        "ratio_cold": c.seconds / p.seconds,
        "ratio_warm": w.seconds / p.seconds,
        "plain_cpu_s": min(run.cpu_s for run in plain),
        "plugin_cold_cpu_s": min(run.cpu_s for run in cold),
        "plugin_warm_cpu_s": min(run.cpu_s for run in warm),
        "peak_mb_plain": p.peak_mb,
        "peak_mb_cold": c.peak_mb,
        "peak_mb_warm": w.peak_mb,
    }


def bench_page_size(root: Path, size: int, total: int, repeat: int) -> dict[str, float]:
    """``total`` bytes of advisories in pages of ``size`` bytes: if the cost is linear in a
    page's size, the time stays flat from many small pages to one large one."""
    site = root / f"size-{size}"
    config = write_site(site, max(1, total // size), size=size, held=False)
    volume = sum(p.stat().st_size for p in (site / "docs").rglob("*.md"))
    run = measure(check_argv(config, jobs=1), site, repeat)
    return {
        "page_bytes": size,
        "pages": max(1, total // size),
        "total_mb": volume / 1_000_000,
        "check_s": run.seconds,
        "mb_per_s": volume / 1_000_000 / run.seconds,
        "peak_mb": run.peak_mb,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (best kept)")
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    parser.add_argument(
        "--real-site", type=Path, default=CORPUS, help="the OWASP cheat-sheet pages"
    )
    args = parser.parse_args(argv)
    if args.quick:
        check_sizes, build_sizes, page_sizes, total = [100, 300], [100], [10_000, 200_000], 1e6
        real_pages: int | None = 12
    else:
        check_sizes, build_sizes = [100, 1_000, 5_000], [300, 1_000]
        page_sizes, total = [10_000, 100_000, 1_000_000, 5_000_000], 10e6
        real_pages = None
    started = time.perf_counter()
    results: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": len(os.sched_getaffinity(0)),
            "platform": platform.platform(),
        },
        "repeat": args.repeat,
        "load_average": os.getloadavg(),
    }
    with tempfile.TemporaryDirectory(prefix="threatpub-bench-") as tmp:
        root = Path(tmp)
        results["check"] = [bench_check(root, n, args.repeat) for n in check_sizes]
        results["page_size"] = [
            bench_page_size(root, size, int(total), args.repeat) for size in page_sizes
        ]
        results["build"] = [bench_build(root, n, args.repeat) for n in build_sizes]
        real = bench_real_site(root, args.real_site, args.repeat, real_pages)
        results["real_site"] = [real] if real else []
        if not real:
            results["real_site_skipped"] = missing_message(args.real_site)
    results["growth"] = growth(results)
    results["load_average_end"] = os.getloadavg()
    results["duration_s"] = time.perf_counter() - started
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    load = results["load_average"]
    print(
        f"\nwritten to {args.output}; took {results['duration_s']:.0f} s; load average "
        f"{load[0]:.2f} at the start, {results['load_average_end'][0]:.2f} at the end"  # type: ignore[index]
    )
    return 0


def growth(results: dict[str, object]) -> dict[str, float]:
    checks = results["check"]
    sizes = results["page_size"]
    assert isinstance(checks, list)
    assert isinstance(sizes, list)
    first, last = checks[0], checks[-1]
    return {
        "per_page_last_vs_first": last["ms_per_page_jobs1"] / first["ms_per_page_jobs1"],
        "largest_page_vs_smallest": sizes[-1]["check_s"] / sizes[0]["check_s"],
    }


def table(results: dict[str, object]) -> str:
    lines = [
        "threatpub check vs the floor (read + YAML C loader), best of "
        f"{results['repeat']}; {results['machine']['cpus']} CPUs"
    ]  # type: ignore[index]
    lines.append(
        f"{'pages':>7} {'floor s':>8} {'check s':>8} {'ratio':>6} {'-j1 s':>7} "
        f"{'ratio':>6} {'ms/page':>8} {'peak MB':>8}"
    )
    for r in results["check"]:  # type: ignore[attr-defined]
        lines.append(
            f"{r['pages']:>7} {r['floor_s']:>8.2f} {r['check_s']:>8.2f} "
            f"{r['ratio']:>5.2f}x {r['check_jobs1_s']:>7.2f} {r['ratio_jobs1']:>5.2f}x "
            f"{r['ms_per_page_jobs1']:>8.2f} {r['peak_mb']:>8.0f}"
        )
    lines.append("")
    lines.append("the same volume in pages of growing size (threatpub check -j 1)")
    lines.append(
        f"{'page bytes':>10} {'pages':>6} {'MB':>6} {'check s':>8} {'MB/s':>6} {'peak MB':>8}"
    )
    for r in results["page_size"]:  # type: ignore[attr-defined]
        lines.append(
            f"{r['page_bytes']:>10,} {r['pages']:>6} {r['total_mb']:>6.1f} "
            f"{r['check_s']:>8.2f} {r['mb_per_s']:>6.2f} {r['peak_mb']:>8.0f}"
        )
    lines.append("")
    lines.append("mkdocs build, without the plugin vs with it, cold and warm cache")
    lines.append(
        f"{'pages':>7} {'plain s':>8} {'cold s':>7} {'ratio':>7} {'warm s':>7} {'ratio':>7} "
        f"{'peak MB':>8}"
    )
    for r in results["build"]:  # type: ignore[attr-defined]
        lines.append(
            f"{r['pages']:>7} {r['build_plain_s']:>8.2f} {r['build_plugin_s']:>7.2f} "
            f"{r['ratio']:>6.3f}x {r['build_plugin_warm_s']:>7.2f} {r['ratio_warm']:>6.3f}x "
            f"{r['peak_mb_plugin']:>8.0f}"
        )
    lines.append("")
    lines.append("mkdocs build of a real site, without the plugin vs with it, cold and warm cache")
    if results["real_site"]:  # type: ignore[index]
        lines.append(
            f"{'site':<38} {'pages':>5} {'plain s':>8} {'cold s':>7} {'ratio':>7} "
            f"{'warm s':>7} {'ratio':>7} {'peak MB':>8}"
        )
    else:
        lines.append(str(results["real_site_skipped"]))  # type: ignore[index]
    for r in results["real_site"]:  # type: ignore[attr-defined]
        lines.append(
            f"{r['name']:<38} {r['pages']:>5} {r['plain_s']:>8.2f} {r['plugin_cold_s']:>7.2f} "
            f"{r['ratio_cold']:>6.3f}x {r['plugin_warm_s']:>7.2f} {r['ratio_warm']:>6.3f}x "
            f"{max(r['peak_mb_cold'], r['peak_mb_warm']):>8.0f}"
        )
        lines.append(
            f"{'  CPU s (user+sys)':<38} {'':>5} {r['plain_cpu_s']:>8.2f} "
            f"{r['plugin_cold_cpu_s']:>7.2f} {r['plugin_cold_cpu_s'] / r['plain_cpu_s']:>6.3f}x "
            f"{r['plugin_warm_cpu_s']:>7.2f} {r['plugin_warm_cpu_s'] / r['plain_cpu_s']:>6.3f}x"
        )
        if not r["persistent_cache"]:
            lines.append("  (the plugin has no cache_dir option: cold and warm do the same work)")
    growth = results["growth"]
    lines.append("")
    lines.append(
        f"growth (1.00x = linear): ms/page at the largest site vs the smallest "
        f"{growth['per_page_last_vs_first']:.2f}x; the same volume in the largest "  # type: ignore[index]
        f"pages vs the smallest {growth['largest_page_vs_smallest']:.2f}x"
    )  # type: ignore[index]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
