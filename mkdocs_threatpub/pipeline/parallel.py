"""Judging a large site on several processes (``threatpub check --jobs N``).

Pages are independent, so the work splits into contiguous chunks, judged by worker
processes that each build the same :class:`Session` (settings, ``now``, baseline) and
returned in the original order: the report is the same as a serial run's. Where the
platform can ``fork``, workers inherit the compiled patterns instead of importing and
compiling everything again.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from mkdocs_threatpub.core.context import Settings
from mkdocs_threatpub.core.engine import Judgement
from mkdocs_threatpub.pipeline.cache import Entry, PersistentCache
from mkdocs_threatpub.pipeline.session import Session

__all__ = [
    "MIN_PAGES_PER_WORKER",
    "SERIAL_ENV",
    "Helper",
    "PageTask",
    "ReadFailure",
    "default_jobs",
    "judge_pages",
    "overlap_wanted",
]

# `THREATPUB_JOBS=1` makes a build judge and search on its own process, in order (the
# reference the overlapped build is tested against).
SERIAL_ENV = "THREATPUB_JOBS"

# Starting a worker and shipping results back costs about as much as judging ~50 pages;
# below this many pages per worker a single process is faster.
MIN_PAGES_PER_WORKER = 100


@dataclass(frozen=True)
class PageTask:
    """One page to judge: its report path, the file to read and its `nav:` title."""

    path: str
    file: str
    nav_title: str | None = None
    kind: str | None = None  # a file MkDocs copies verbatim (pipeline.filetypes)


@dataclass(frozen=True)
class ReadFailure:
    """A page whose file could not be read (the caller decides what that means)."""

    path: str
    file: str
    reason: str


def default_jobs() -> int:
    """The CPUs this process may run on (the affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def judge_pages(
    session: Session, tasks: Sequence[PageTask], jobs: int
) -> list[Judgement | ReadFailure]:
    """Judge ``tasks`` in order, on up to ``jobs`` processes."""
    workers = min(jobs, len(tasks) // MIN_PAGES_PER_WORKER)
    if workers <= 1:
        return [_judge_one(session, task) for task in tasks]
    # Several chunks per worker even out pages of very different sizes.
    size = -(-len(tasks) // (workers * 4))
    chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
    context = _mp_context()
    start = (session.settings, session.context.now, session.context.baseline, session.stored)
    with ProcessPoolExecutor(workers, context, initializer=_start, initargs=start) as pool:
        results: list[Judgement | ReadFailure] = []
        for chunk_results, stored in pool.map(_judge_chunk, chunks):
            results.extend(chunk_results)
            if session.stored is not None:
                # What the workers judged afresh goes into the parent's disk cache.
                for path, entry in stored.items():
                    session.stored.put(path, entry)
    return results


def _mp_context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


_WORKER_SESSION: Session | None = None


def _start(
    settings: Settings,
    now: dt.datetime,
    baseline: frozenset[tuple[str, str]],
    stored: PersistentCache | None,
) -> None:
    global _WORKER_SESSION
    _WORKER_SESSION = Session(settings, now, baseline=baseline, stored=stored)


def _judge_chunk(
    tasks: Sequence[PageTask],
) -> tuple[list[Judgement | ReadFailure], dict[str, Entry]]:
    """The chunk's results, and the disk-cache entries made for it (sent to the parent)."""
    session = _WORKER_SESSION
    assert session is not None, "worker started without a session"
    results = [_judge_one(session, task) for task in tasks]
    added: dict[str, Entry] = {}
    if session.stored is not None and session.stored.changed:
        added = {t.path: e for t in tasks if (e := session.stored.entries.get(t.path))}
        session.stored.changed = False
    return results, added


def _judge_one(session: Session, task: PageTask) -> Judgement | ReadFailure:
    try:
        with open(task.file, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        return ReadFailure(task.path, task.file, exc.strerror or type(exc).__name__)
    return session.judge(task.path, raw, task.nav_title, task.kind)


# -- a build's helper process ----------------------------------------------------------------


def overlap_wanted() -> bool:
    """Whether a build may hand work to a helper process: a second CPU, ``fork`` (the helper
    starts with everything the build loaded and compiled), and not ``THREATPUB_JOBS=1``."""
    setting = os.environ.get(SERIAL_ENV, "").strip()
    if setting:
        try:
            if int(setting) <= 1:
                return False
        except ValueError:
            pass
    return "fork" in multiprocessing.get_all_start_methods() and default_jobs() > 1


_HELPER_STATE: Any = None  # in the helper process: what it was forked with
_CLAIMED: Any = None  # in the helper process: the counter shared with the build


class Helper:
    """One process forked from the build, working while MkDocs renders on the build's own.

    It starts as a copy of the build (``state``, inherited, never pickled) and runs the
    functions :meth:`submit` gives it one after the other, in order, so each sees what the
    previous ones left in its state. :meth:`claim` hands out the indexes of a list that the
    build and the helper work through together, each item once.
    """

    def __init__(self, state: Any) -> None:
        context = multiprocessing.get_context("fork")
        self._claimed = context.Value("q", 0)
        self._pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            1, context, initializer=_adopt, initargs=(state, self._claimed)
        )

    def submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        if self._pool is None:
            raise RuntimeError("the helper process was shut down")
        return self._pool.submit(function, *args)

    def claim(self, total: int) -> int | None:
        return claim(self._claimed, total)

    def shutdown(self) -> None:
        """Stop the helper (idempotent); waits for it to exit: no process outlives a build."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def claim(counter: Any, total: int) -> int | None:
    """The next unclaimed index below ``total`` of ``counter``, or ``None``."""
    with counter.get_lock():
        index = int(counter.value)
        if index >= total:
            return None
        counter.value = index + 1
    return index


def _adopt(state: Any, claimed: Any) -> None:
    global _HELPER_STATE, _CLAIMED
    _HELPER_STATE = state
    _CLAIMED = claimed


def helper_state() -> Any:
    """In the helper process: the state it was forked with."""
    return _HELPER_STATE


def helper_claim(total: int) -> int | None:
    """In the helper process: the next index of the shared list, or ``None``."""
    return claim(_CLAIMED, total)
