"""One build's decisions, for every door: the plugin, ``threatpub check`` and ``stage``.

A :class:`Build` is made from the plugin's options and the site's layout. It then

1. judges the pages it is given (:meth:`Build.judge`), in parallel where asked;
2. applies the takedowns file (:meth:`Build.take_down`), validated against every Markdown
   file of ``docs_dir``, excluded ones too (a takedown may name a page ``exclude_docs``
   already keeps out);
3. says which other files go with a kept-out page (:meth:`Build.attachments`) and which
   links point to one (:meth:`Build.link_targets`), and records each link the door unlinks
   (:meth:`Build.unlinked`, LINK001);
4. for a build that renders, checks each published page's HTML (:meth:`Build.late_content`,
   LATE001) and the finished site (:meth:`Build.leaks`, LEAK001);
5. writes the report files, the GitHub annotations and the ledger.

Every finding reaches its page's verdict through the judge (:meth:`Judge.amend`); every
message is worded by its rule's module. Nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import posixpath
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs_threatpub.core.baseline import BaselineError, load_baseline
from mkdocs_threatpub.core.context import Settings
from mkdocs_threatpub.core.engine import JudgedFinding, Judgement
from mkdocs_threatpub.core.files import write_text_atomically
from mkdocs_threatpub.core.findings import Finding, Verdict
from mkdocs_threatpub.core.i18n import Text, t
from mkdocs_threatpub.core.leaks import HeldPage, LeakSearch, Needle, PublishedPage
from mkdocs_threatpub.core.ledger import Decision, Head, LedgerError, LedgerRecord, key_from
from mkdocs_threatpub.core.ledger import append as ledger_append
from mkdocs_threatpub.core.limits import LimitExceeded
from mkdocs_threatpub.core.links import KeptOutTargets, local_references
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Scope
from mkdocs_threatpub.core.suppress import accepted_codes
from mkdocs_threatpub.core.takedowns import TakedownError, load_takedowns
from mkdocs_threatpub.pipeline.cache import Entry, PersistentCache, cache_key
from mkdocs_threatpub.pipeline.options import Options, SiteLayout
from mkdocs_threatpub.pipeline.parallel import (
    Helper,
    PageTask,
    ReadFailure,
    helper_claim,
    helper_state,
    judge_pages,
)
from mkdocs_threatpub.pipeline.paths import (
    RefusedPath,
    cannot_write,
    option_name,
    output_file,
    refuse_published,
)
from mkdocs_threatpub.pipeline.session import SUPPRESSIBLE, PageCache, Session
from mkdocs_threatpub.reports.formats import format_for_file, render
from mkdocs_threatpub.reports.github import build_annotations
from mkdocs_threatpub.reports.text import summary_lines
from mkdocs_threatpub.rules import (
    cac900_taken_down,
    cac901_takedown_not_reported,
    late001_late_content_violation,
    leak001_held_content_in_output,
    link001_link_to_held_page,
    meta020_internal_error,
)
from mkdocs_threatpub.scanners.rendered import document_from_html, late_hits, needs_scan
from mkdocs_threatpub.scanners.scan import detectors_for, hits_for, scan_document

__all__ = ["Build", "BuildError", "PageSource", "Trace", "include_line", "link_line"]


class BuildError(Exception):
    """A configuration problem that stops every door the same way (the plugin fails the
    build, the CLI exits 2): a refused path, an unreadable baseline or takedowns file.
    ``problems`` holds one line per problem when there are several."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


@dataclass(frozen=True)
class PageSource:
    """A page to judge: its docs-relative path and its content, in memory (``raw``, the
    plugin) or in a file the judging process reads itself (``file``, the CLI)."""

    path: str
    file: str | None = None
    raw: bytes | None = None
    nav_title: str | None = None
    kind: str | None = None  # a file MkDocs copies verbatim, judged by content (filetypes)


@dataclass(frozen=True)
class Trace:
    """A trace of a kept-out page found in the built site (LEAK001)."""

    page: str
    output: str  # the file, relative to site_dir
    what: str  # the kind of trace, as the rule words it
    kind: str = ""  # core.leaks' kind of needle (url, title, heading, text, pdf, …)


class Build:
    """The decisions of one build (or one ``check``/``stage`` run)."""

    def __init__(
        self,
        options: Options,
        layout: SiteLayout,
        now: dt.datetime,
        *,
        cache: PageCache | None = None,
        baseline: Path | None = None,
        use_baseline: bool = True,
        jobs: int = 1,
        writes_outputs: bool = False,
        cache_dir: Path | None = None,
    ) -> None:
        """``baseline`` overrides the ``baseline`` option (``--baseline``); without
        ``use_baseline`` nothing counts as accepted (``threatpub baseline`` rewrites it).
        With ``writes_outputs`` (the plugin) the report and ledger files must be writable
        now: a build fails before it starts, not after the whole site was built. ``cache_dir``
        holds the judging cache on disk (:mod:`~mkdocs_threatpub.pipeline.cache`); a file
        there that cannot be used is ignored, with a warning in :attr:`warnings`."""
        self.options = options
        self.layout = layout
        self.jobs = jobs
        try:
            self.report_files = [
                (path, format_for_file(name) or "json")
                for name in options.report
                if (path := output_file("report", name, layout, writing=writes_outputs)) is not None
            ]
            self.ledger_file = output_file("ledger", options.ledger, layout, writing=writes_outputs)
            self.baseline_file = baseline or output_file("baseline", options.baseline, layout)
            # Not there yet is an empty baseline; a malformed one is a configuration error.
            accepted = (
                load_baseline(self.baseline_file, SUPPRESSIBLE) if use_baseline else frozenset()
            )
        except (RefusedPath, BaselineError) as exc:
            raise BuildError(exc.args[0]) from None  # a Text keeps its Chinese
        self.takedowns_file = (
            Path(os.path.abspath(layout.config_dir / options.takedowns))
            if options.takedowns
            else None
        )
        # Warnings the door shows (the judging cache could not be read or written).
        self.warnings: list[Text] = []
        self.stored: PersistentCache | None = None
        if cache_dir is None and options.cache_dir:
            cache_dir = self._cache_dir(options.cache_dir, layout)
        if cache_dir is not None:
            self.stored = PersistentCache(cache_dir, cache_key(options.settings.cache_key))
            self._warn(self.stored.load())
        self.session = Session(
            options.settings, now, cache=cache, baseline=accepted, stored=self.stored
        )
        self.judge_ = self.session.judge_
        self.judgements: dict[str, Judgement] = _Judgements()
        self.files: dict[str, str] = {}  # page → the file it was read from (for CI tools)
        self.raw: dict[str, bytes] = {}  # page → the bytes judged, when given in memory
        self.ledger_record: LedgerRecord | None = None  # set by record_ledger
        self.held_attachments: set[str] = set()  # set by attachments
        # The helper process of an overlapped build (start_helper), and what it works on.
        self.helper: Helper | None = None
        self._early: tuple[list[PageTask], Future[list[_EarlyJudgement]]] | None = None
        self._leak_basis: frozenset[str] | None = None  # kept-out pages the helper searches
        # LATE001 pages sent to the helper: (page, batch number, index in the batch)
        self._late_pending: list[tuple[str, int, int]] = []
        # … and the SHA-256 of the HTML and the source they were sent with (for the disk cache)
        self._late_rendered: dict[str, tuple[str, bytes]] = {}
        # Calls for the helper, sent a batch at a time (one submit per page cost more than
        # the helper saved: pickling, queues and wake-ups); it runs them in order.
        self._outbox: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []
        self._batches: list[Future[list[Any]]] = []
        self.judged_by_helper = 0  # pages whose judgement the helper made

    @property
    def settings(self) -> Settings:
        return self.options.settings

    # -- judging -----------------------------------------------------------------------------

    def judge(self, sources: Sequence[PageSource]) -> list[Judgement]:
        """Judge ``sources`` (in order; those with a ``file`` on up to ``jobs`` processes;
        those in memory with the helper process when one is judging, see start_helper)."""
        early = self._judged_early(sources)
        in_files = [s for s in sources if s.raw is None and s.file is not None]
        tasks = [PageTask(s.path, s.file, s.nav_title, s.kind) for s in in_files if s.file]
        from_files: dict[str, Judgement] = {}
        for result in judge_pages(self.session, tasks, self.jobs):
            if isinstance(result, ReadFailure):
                raise BuildError(f"cannot read {result.file}: {result.reason}")
            from_files[result.path] = result
        judged = []
        for source in sources:
            if source.path in early:
                judgement = early[source.path]
            elif source.raw is not None:
                judgement = self.session.judge(
                    source.path, source.raw, source.nav_title, source.kind
                )
            elif source.path in from_files:
                judgement = from_files[source.path]
            else:
                continue
            if source.file is not None:
                self.files[source.path] = source.file
            if source.raw is not None:
                # Kept for the checks after the build: the file may be gone by then (a
                # plugin's temporary folder, as mkdocs-gen-files deletes its own).
                self.raw[source.path] = source.raw
            self.judgements[source.path] = judgement
            judged.append(judgement)
        if self.stored is not None:
            self._warn(self.stored.save())
        return judged

    @staticmethod
    def _cache_dir(value: str, layout: SiteLayout) -> Path:
        """The ``cache_dir`` option as a real path; refused inside ``site_dir`` or
        ``docs_dir`` (MkDocs would publish the cache with the site)."""
        folder = layout.config_dir / value
        try:
            refuse_published(
                folder / "pages.json",  # where its files go
                option_name("cache_dir"),
                layout,
                shown=value,
                example=".threatpub/cache",
            )
        except RefusedPath as exc:
            raise BuildError(exc.args[0]) from None
        return Path(os.path.abspath(folder))

    def _warn(self, warning: Text | None) -> None:
        if warning is not None and warning not in self.warnings:
            self.warnings.append(warning)

    # -- the overlapped build: a helper process works while MkDocs renders -------------------

    def start_helper(self, tasks: Sequence[PageTask]) -> None:
        """Fork the helper process and have it start judging ``tasks`` (the pages read from
        ``docs_dir`` before MkDocs lists them); :meth:`judge` then works through the same
        list with it and takes each judgement made of the very bytes it was given. Later,
        the helper prepares and runs LEAK001 (:meth:`start_leak_search`,
        :meth:`search_output`) and LATE001 (:meth:`late_content`). Every decision is made
        as a serial run makes it; the door must call :meth:`stop_helper` in any case."""
        if self.helper is not None:
            return
        self.helper = Helper(self)
        listed = list(tasks)
        self._early = (listed, self.helper.submit(_helper_judge, listed))

    def stop_helper(self) -> None:
        helper, self.helper = self.helper, None
        self._early = None
        self._leak_basis = None
        self._late_pending = []
        self._late_rendered = {}
        self._outbox = []
        self._batches = []
        if helper is not None:
            helper.shutdown()

    def _judged_early(self, sources: Sequence[PageSource]) -> dict[str, Judgement]:
        """Judge, with the helper, the pages it was started on; return those of ``sources``
        judged from the same bytes, `nav:` title and kind (any other is judged again)."""
        if self._early is None or self.helper is None:
            return {}
        tasks, future = self._early
        self._early = None
        given = {s.path: s for s in sources if s.raw is not None}
        mine: dict[str, Judgement] = {}
        while (index := self.helper.claim(len(tasks))) is not None:
            source = given.get(tasks[index].path)
            if source is not None and source.raw is not None:
                mine[source.path] = self.session.judge(
                    source.path, source.raw, source.nav_title, source.kind
                )
        self.judged_by_helper = 0
        stats = self.judge_.stats
        for path, digest, nav_title, kind, judgement, computed, entry in future.result():
            source = given.get(path)
            if (
                source is not None
                and source.raw is not None
                and path not in mine
                and (nav_title, kind) == (source.nav_title, source.kind)
                and digest == hashlib.sha256(source.raw).hexdigest()
            ):
                mine[path] = judgement
                self.judged_by_helper += 1
                if computed:
                    stats.judged += 1
                else:
                    stats.reused += 1
                stored = self.stored
                if (
                    stored is not None
                    and entry is not None
                    and stored.get(path, entry.sha256, entry.meta_key, entry.included) is None
                ):
                    stored.put(path, entry)
        return mine

    def judge_late(self, path: str, raw: bytes) -> Judgement | None:
        """Judge a page that appeared after the others were judged (a plugin made it while
        building the nav): ``None`` when it may be published; else its judgement, recorded
        (the door must fail: it is too late to hold it)."""
        judgement = self.session.judge(path, raw)
        if not judgement.keeps_out:
            return None
        self.judgements[path] = judgement
        self.raw[path] = raw
        return judgement

    def take_down(self, markdown_files: Collection[str]) -> None:
        """Apply the ``takedowns`` file: every listed page is removed (CAC900, CAC901).

        ``markdown_files`` are all Markdown files of ``docs_dir``, those MkDocs excludes
        too: an entry naming any other page is an error.
        """
        if self.takedowns_file is None:
            return
        try:
            entries = load_takedowns(self.takedowns_file, markdown_files)
        except TakedownError as exc:
            raise BuildError(
                f"the takedowns file {self.takedowns_file} cannot be used "
                f"({len(exc.problems)} problem(s))",
                exc.problems,
            ) from None
        for entry in entries:
            judgement = self.judgements.get(entry.page)
            if judgement is not None:
                found = [
                    cac900_taken_down.finding(entry),
                    *cac901_takedown_not_reported.findings(entry),
                ]
                self.judgements[entry.page] = self.judge_.amend(judgement, found)

    def cannot_judge_any(self, what: str, problems: list[str]) -> None:
        """Fail every judged page because ``what`` (a configuration file) cannot be used: for
        ``mkdocs serve``, which must keep running and show why on every page."""
        found = [meta020_internal_error.configuration_unusable(what, problems)]
        for path in list(self.judgements):
            self._amend(path, found)

    @property
    def kept_out(self) -> set[str]:
        """Pages held, failing or removed (a copy: the doors ask for it once per page)."""
        judgements = self.judgements
        if isinstance(judgements, _Judgements):
            return set(judgements.kept_out())
        return {path for path, j in judgements.items() if j.keeps_out}

    @property
    def removed(self) -> set[str]:
        return {path for path, j in self.judgements.items() if j.verdict is Verdict.REMOVED}

    @property
    def published(self) -> list[str]:
        return sorted(path for path, j in self.judgements.items() if not j.keeps_out)

    @property
    def failing(self) -> list[Judgement]:
        return [j for _, j in sorted(self.judgements.items()) if j.verdict is Verdict.FAIL]

    def read(self, path: str, raw: bytes) -> Page:
        """The page model of ``path`` (from the session's cache when unchanged)."""
        return self.session.read(path, raw)

    # -- what goes with a kept-out page --------------------------------------------------------

    def attachments(
        self, files: Iterable[str], source: Callable[[str], bytes | None]
    ) -> tuple[set[str], set[str]]:
        """Which of ``files`` (docs-relative, not pages) stay out with a kept-out page:
        those in the page's own folder (``<page-stem>/``) or that it references, unless a
        published page references them too. Returns (held with a page, removed with a
        removed page); the second is part of the first. ``source`` reads a page's Markdown.
        """
        candidates = list(files)
        held = self._left_out(candidates, self.kept_out, source)
        removed = self._left_out(sorted(held), self.removed, source)
        self.held_attachments = held  # LEAK001 looks for them in site_dir
        return held, removed

    def _left_out(
        self, files: list[str], pages: set[str], source: Callable[[str], bytes | None]
    ) -> set[str]:
        if not files or not pages:
            return set()
        own_dirs = tuple(posixpath.splitext(p)[0] + "/" for p in pages)
        referenced: set[str] = set()
        for path in sorted(pages):
            referenced |= self._references(path, source)
        candidates = [f for f in files if f.startswith(own_dirs) or f in referenced]
        if not candidates:
            return set()
        # Only published pages that mention a candidate's file name can share it; the
        # substring test spares a Markdown parse of every other page.
        names = {posixpath.basename(f) for f in candidates}
        shared: set[str] = set()
        for path in self.published:
            raw = source(path)
            if raw is not None and any(name.encode() in raw for name in names):
                shared |= self._references(path, source)
        return {f for f in candidates if f not in shared}

    def _references(self, path: str, source: Callable[[str], bytes | None]) -> set[str]:
        raw = source(path)
        if raw is None:
            return set()
        return local_references(path, self.session.read(path, raw).tokens)

    # -- links to kept-out pages (LINK001) -----------------------------------------------------

    def link_targets(self) -> KeptOutTargets:
        """Where a link must point to reach a kept-out page, in every form a link takes."""
        layout = self.layout
        return KeptOutTargets(self.kept_out, layout.site_url, layout.use_directory_urls)

    def unlinked(self, page: str, links: Iterable[tuple[str, int]]) -> list[JudgedFinding]:
        """Record that the door unlinked, on ``page``, each (kept-out target, line) of
        ``links``; returns the LINK001 findings the site's policy shows (none when off)."""
        found = [link001_link_to_held_page.finding(target, line) for target, line in links]
        return self._amend(page, found)

    # -- after rendering (a door that renders: the plugin) -------------------------------------

    def late_content(self, page: str, html: str, raw: bytes) -> list[JudgedFinding]:
        """LATE001: Article 4 content in the rendered ``html`` of a published ``page`` that
        its Markdown ``raw`` did not have. Returns the findings (the page now fails).

        With a helper process the page is searched there and this returns nothing: the
        findings are recorded, in the same order, by :meth:`collect_late`."""
        judgement = self.judgements.get(page)
        if judgement is None or judgement.verdict is not Verdict.PUBLISH:
            return []
        rendered = hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()
        cached = self._late_cached(page, rendered, raw)
        if cached is not None:
            return self._amend(page, cached)
        if self.helper is not None:
            self._late_pending.append((page, *self._send(_helper_late, page, html, raw)))
            self._late_rendered[page] = (rendered, raw)
            return []
        found = self.late_findings(page, html, raw)
        self._late_store(page, rendered, raw, found)
        return self._amend(page, found)

    def _late_entry(self, page: str, raw: bytes) -> Entry | None:
        """The disk cache's entry for ``page`` with this source, if any. None for a page that
        may have an ``allow`` with ``expires``: what LATE001 accepts then depends on the day."""
        if self.stored is None or _may_expire(raw):
            return None
        settings = self.session.settings
        digest = hashlib.sha256(raw).hexdigest()
        return self.stored.get(page, digest, settings.meta_key, settings.is_included(page))

    def _late_cached(self, page: str, rendered: str, raw: bytes) -> list[Finding] | None:
        """LATE001's findings for the same source rendered to the same HTML in an earlier
        build (``rendered``: the HTML's SHA-256), or ``None``."""
        entry = self._late_entry(page, raw)
        if entry is None or entry.late_html != rendered:
            return None
        return list(entry.late)

    def _late_store(self, page: str, rendered: str, raw: bytes, found: list[Finding]) -> None:
        entry = self._late_entry(page, raw)
        # A scan cut short by a limit (META020) is not a result: the next build tries again.
        if entry is None or any(f.code != "LATE001" for f in found):
            return
        entry.late_html, entry.late = rendered, tuple(found)
        assert self.stored is not None
        self.stored.changed = True

    def save_cache(self) -> None:
        """Write what this build added to the disk cache after judging (LATE001's results)."""
        if self.stored is not None:
            self._warn(self.stored.save())

    def collect_late(self) -> dict[str, list[JudgedFinding]]:
        """The LATE001 findings of the pages the helper searched, recorded now: page → the
        findings shown, for the pages that got some (in the order the pages rendered)."""
        pending, self._late_pending = self._late_pending, []
        self._flush()
        found: dict[str, list[JudgedFinding]] = {}
        for page, batch, index in pending:
            late = self._batches[batch].result()[index]
            rendered, raw = self._late_rendered.pop(page)
            self._late_store(page, rendered, raw, late)
            judged = self._amend(page, late)
            if judged:
                found[page] = judged
        return found

    def late_findings(self, page: str, html: str, raw: bytes) -> list[Finding]:
        """LATE001's findings in the rendered ``html`` of ``page`` (its Markdown ``raw``)."""
        source = self.session.read(page, raw)
        codes = {
            code
            for rule in self.judge_.applicable(source)
            if rule.scope is Scope.CONTENT
            for code in (rule.code, *rule.detects_as)
        }
        if not codes:
            return []  # the source was not content-scanned (scan_all_pages off)
        detectors = [d for d in detectors_for(self.session.context) if d.rule in codes]
        if not needs_scan(html, source.body, detectors):
            return []
        try:
            source_hits = hits_for(source, self.session.context)
            found = late_hits(scan_document(document_from_html(html), detectors), source_hits)
        except LimitExceeded as exc:
            late = [self.judge_.cannot_judge(exc, "LATE001")]
        else:
            line = include_line(source)
            # A reviewed front-matter allow accepts its rule's content on the whole page; the
            # rendered page is judged under it as the source was.
            accepted = accepted_codes(source, self.session.context)
            late = [
                late001_late_content_violation.finding(hit.what, line)
                for hit in found
                if hit.rule in codes and hit.rule not in accepted
            ]
        return late

    def leaks(
        self,
        site_dir: Path,
        url_of: Callable[[str], str | None],
        source: Callable[[str], bytes | None],
        unjudged: Iterable[str] = (),
    ) -> list[Trace]:
        """LEAK001: search the built ``site_dir`` for every trace of every kept-out page
        (:mod:`core.leaks`: its text, links to it, anchors named after it, its files); each
        trace fails its page. ``url_of`` gives a page's URL, ``source`` its Markdown (also
        of published pages: text they share is not searched); ``unjudged`` are pages
        published without judgement (the generated rules reference), whose text is shared
        too (a rule's example may say what a kept-out page says)."""
        if self.helper is not None and self._leak_basis == frozenset(self.kept_out):
            self._flush()
            found = self.helper.submit(_helper_leak_finish, site_dir).result()
        else:  # serial, or a page was kept out after the helper started (then from scratch)
            search = self._leak_search(url_of, source, unjudged)
            found = _search_tree(search, site_dir)
        describe = leak001_held_content_in_output.describe
        traces = [Trace(page, output, describe(kind), kind) for output, page, kind in found]
        for page in sorted({trace.page for trace in traces}):
            found = [
                leak001_held_content_in_output.finding(t.output, t.kind)
                for t in traces
                if t.page == page
            ]
            self._amend(page, found)
        return traces

    def start_leak_search(
        self,
        url_of: Callable[[str], str | None],
        source: Callable[[str], bytes | None],
        unjudged: Iterable[str] = (),
    ) -> None:
        """Have the helper make LEAK001's search now (the fingerprints of the kept-out
        pages), before MkDocs renders; :meth:`search_output` then searches each page as it is
        written and :meth:`leaks` only the files written after the pages. Nothing is done
        without a helper or when no page is kept out."""
        kept_out = frozenset(self.kept_out)
        if self.helper is None or not kept_out:
            return
        unjudged = sorted(set(unjudged))
        paths = sorted({*self.judgements, *unjudged})
        urls = {path: url_of(path) for path in paths}
        raws = {path: raw for path in paths if (raw := source(path)) is not None}
        judgements = dict(self.judgements)
        attachments = set(self.held_attachments)
        self.helper.submit(_helper_leak_search, judgements, attachments, urls, raws, unjudged)
        self._leak_basis = kept_out

    def search_output(self, site_dir: Path, output: str, html: str) -> None:
        """Have the helper search a page's output file (``output``, site-relative) for
        LEAK001 as MkDocs writes it (``html``); checked again in :meth:`leaks`."""
        if self.helper is not None and self._leak_basis is not None:
            self._send(_helper_leak_page, site_dir, output, html)

    def _send(self, function: Callable[..., Any], *args: Any) -> tuple[int, int]:
        """Queue a call for the helper; returns where its result will be: (batch, index)."""
        self._outbox.append((function, args))
        where = (len(self._batches), len(self._outbox) - 1)
        if len(self._outbox) >= _BATCH:
            self._flush()
        return where

    def _flush(self) -> None:
        if self._outbox and self.helper is not None:
            self._batches.append(self.helper.submit(_helper_batch, self._outbox))
        self._outbox = []

    def _leak_search(
        self,
        url_of: Callable[[str], str | None],
        source: Callable[[str], bytes | None],
        unjudged: Iterable[str] = (),
    ) -> LeakSearch:
        """What identifies the kept-out pages, and what the published ones share."""
        owners = self._attachment_owners(source)
        held: list[HeldPage] = []
        for path in sorted(self.kept_out):
            raw = source(path)
            page = self.session.read(path, raw) if raw is not None else None
            judged = self.judgements[path].title if path in self.judgements else None
            description = page.front_matter.data.get("description") if page else None
            held.append(
                HeldPage(
                    path,
                    url_of(path),
                    body=page.body if page else "",
                    title=judged or (page.title if page else None),
                    description=description if isinstance(description, str) else None,
                    attachments=tuple(sorted(owners.get(path, ()))),
                )
            )
        published = [
            PublishedPage(
                path, url_of(path), self.session.body(path, raw), self.judgements[path].title
            )
            for path in self.published
            if (raw := source(path)) is not None
        ]
        for path in sorted(set(unjudged) - self.kept_out):
            if (raw := source(path)) is not None:
                page = self.session.read(path, raw)
                published.append(PublishedPage(path, url_of(path), page.body, page.title))
        names = self._published_file_names(owners)
        return LeakSearch(held, published, self.layout.site_url, names)

    def _attachment_owners(self, source: Callable[[str], bytes | None]) -> dict[str, set[str]]:
        """The files kept out with each kept-out page (:meth:`attachments`), by page."""
        owners: dict[str, set[str]] = {}
        pages = sorted(self.kept_out)
        own_dirs = {page: posixpath.splitext(page)[0] + "/" for page in pages}
        for file in sorted(self.held_attachments):
            for page in pages:
                if file.startswith(own_dirs[page]) or file in self._references(page, source):
                    owners.setdefault(page, set()).add(file)
        return owners

    def _published_file_names(self, owners: dict[str, set[str]]) -> set[str]:
        """The names of the files of docs_dir that are published (neither a kept-out page
        nor kept out with one): an attachment's name found in site_dir is a trace only when
        none of them has it."""
        kept = self.kept_out | {file for files in owners.values() for file in files}
        docs_dir = self.layout.docs_dir
        names: set[str] = set()
        for folder, _, files in os.walk(docs_dir):
            rel = os.path.relpath(folder, docs_dir).replace(os.sep, "/")
            for name in files:
                path = name if rel == "." else f"{rel}/{name}"
                if path not in kept:
                    names.add(name)
        return names

    def _amend(self, page: str, found: list[Finding]) -> list[JudgedFinding]:
        judgement = self.judgements.get(page)
        if judgement is None or not found:
            return []
        amended = self.judge_.amend(judgement, found)
        self.judgements[page] = amended
        return [f for f in amended.findings if f not in judgement.findings]

    # -- what the build writes -----------------------------------------------------------------

    def locate(self, page: str) -> str:
        """A page's source file as CI tools show it: relative to the working directory."""
        file = self.files.get(page) or os.path.join(self.layout.docs_dir, page)
        try:
            return Path(os.path.relpath(file)).as_posix()
        except ValueError:  # another drive (Windows)
            return Path(file).as_posix()

    def render(self, kind: str, language: str | None = None, fail_on: str = "hold") -> str:
        """The report in format ``kind`` (``text``, ``json``, ``sarif``, ``junit``,
        ``github``, ``html``), in ``language`` (default: the site's)."""
        context = self.session.context
        return render(
            kind,
            list(self.judgements.values()),
            now=context.now,
            profiles=self.settings.profiles,
            tz=context.tz,
            language=language or self.options.language,
            locate=self.locate,
            fail_on=fail_on,
            rules=self.judge_.rules,
            ledger=self.ledger_record,
            blackouts=self.settings.blackouts,
        )

    def write_reports(self) -> None:
        """The ``report`` files (format by extension). A build fails on ``fail`` only (a
        hold is a normal outcome), unless ``on_hold: fail`` makes holds fail too."""
        fail_on = "fail" if self.settings.on_hold == "hold" else "hold"
        for path, kind in self.report_files:
            try:
                write_text_atomically(path, self.render(kind, fail_on=fail_on) + "\n")
            except OSError as exc:  # checked when the build started; a full disk, say
                raise BuildError(cannot_write(option_name("report"), path, exc)) from None

    def annotations(self) -> list[str]:
        """GitHub Actions workflow commands, one per finding."""
        return build_annotations(
            list(self.judgements.values()), locate=self.locate, language=self.options.language
        )

    def summary(self) -> list[str]:
        """The summary a build prints: counts, then each kept-out page and why."""
        return summary_lines(list(self.judgements.values()), language=self.options.language)

    def record_ledger(self) -> LedgerRecord | None:
        """Append the decisions that keep pages out to the ledger (a page's decision only
        when it changed since its last entry) and record its head for the reports.

        The whole ledger is checked first (chain, macs with ``THREATPUB_LEDGER_KEY``, and
        the head the previous build wrote in this build's JSON report, if there is one);
        raises :class:`BuildError` naming the file, the line and what to do."""
        if self.ledger_file is None or self.options.ledger is None:
            return None
        decisions = [
            Decision(j.path, j.verdict.value, tuple(j.codes), j.sha256)
            for _, j in sorted(self.judgements.items())
            if j.keeps_out
        ]
        # When the decision was recorded (wall clock, UTC), not the judging `now`, which
        # SOURCE_DATE_EPOCH may pin for reproducible builds.
        time = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        path = self.ledger_file
        try:
            key = key_from(os.environ)
            expected, expected_from = self._recorded_head()
            appended = ledger_append(
                path, decisions, time, key=key, expected=expected, expected_from=expected_from
            )
        except LedgerError as exc:
            raise BuildError(exc.text) from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise BuildError(
                t(
                    f"cannot append to the ledger {path} (the `ledger` option, "
                    f"{self.options.ledger!r}): {reason} (errno {exc.errno}). Expected a "
                    "regular file in a folder this build can write, outside docs_dir and "
                    "site_dir; fix the path or its permissions (or free disk space), then "
                    "build again.",
                    f"无法追加写入台账 {path}（`ledger` 选项 {self.options.ledger!r}）：{reason}"
                    f"（errno {exc.errno}）。台账应为本次构建可写的文件夹中的普通文件，且位于 "
                    "docs_dir 和 site_dir 之外；请修正路径或其权限（或释放磁盘空间）后重新构建。",
                )
            ) from None
        self.ledger_record = LedgerRecord(self.options.ledger, appended)
        return self.ledger_record

    def _recorded_head(self) -> tuple[Head | None, str]:
        """The ledger head the previous build recorded in this build's JSON report file (the
        ledger must still continue it), and that file as the option names it; (None, "")
        when there is none. A report that cannot be read is no evidence either way: the
        head a CI system keeps (README, "Takedowns and the ledger") is the real check."""
        for path, kind in self.report_files:
            if kind != "json":
                continue
            try:
                if not path.is_file() or path.stat().st_size > _MAX_REPORT:
                    continue
                report = json.loads(path.read_bytes())
                ledger = report.get("ledger") if isinstance(report, dict) else None
                if isinstance(ledger, dict) and ledger.get("path") == self.options.ledger:
                    return Head.parse(str(ledger.get("head"))), str(path)
            except (OSError, ValueError):
                continue
        return None, ""


# -- the helper process's side ----------------------------------------------------------------

# (path, sha256 of the bytes judged, nav title, kind, judgement)
# path, source digest, nav title, kind, judgement, whether its findings were computed (not
# reused), and its disk-cache entry
_EarlyJudgement = tuple[str, str, "str | None", "str | None", Judgement, bool, "Entry | None"]


def _search_tree(search: LeakSearch, site_dir: Path) -> list[tuple[str, str, str]]:
    """(output, page, kind) of every trace in ``site_dir``; none for an empty search."""
    if not search:
        return []
    return [(output, n.page, n.kind) for output, n in search.search_tree(site_dir)]


def _helper() -> Build:
    build = helper_state()
    assert isinstance(build, Build), "helper started without its build"
    return build


def _helper_judge(tasks: list[PageTask]) -> list[_EarlyJudgement]:
    """Judge the pages of ``tasks`` that the build has not claimed yet, each read here."""
    build = _helper()
    judged: list[_EarlyJudgement] = []
    while (index := helper_claim(len(tasks))) is not None:
        task = tasks[index]
        try:
            with open(task.file, "rb") as handle:
                raw = handle.read()
        except OSError:
            continue  # the build reads it itself, and says why it cannot
        before = build.judge_.stats.judged
        judgement = build.session.judge(task.path, raw, task.nav_title, task.kind)
        computed = build.judge_.stats.judged > before
        digest = hashlib.sha256(raw).hexdigest()
        # What the helper judged afresh goes into the build's disk cache, in the parent.
        stored = build.stored
        entry = stored.entries.get(task.path) if stored is not None else None
        judged.append((task.path, digest, task.nav_title, task.kind, judgement, computed, entry))
    return judged


def _may_expire(raw: bytes) -> bool:
    """Whether the page's front matter (all of it up to the first line starting ``---`` or
    ``...`` after the opening one) mentions ``expires``: a byte search, so that a page whose
    front matter merely says the word only goes without the LATE001 cache."""
    head = raw.removeprefix(b"\xef\xbb\xbf")
    if not head.startswith(b"---"):
        return False  # no front matter: no allow
    ends = [i for i in (head.find(b"\n---", 3), head.find(b"\n...", 3)) if i >= 0]
    return b"expires" in head[: min(ends) if ends else len(head)]


# Pages per batch sent to the helper while MkDocs renders.
_BATCH = 32


def _helper_batch(calls: list[tuple[Callable[..., Any], tuple[Any, ...]]]) -> list[Any]:
    return [function(*args) for function, args in calls]


def _helper_late(page: str, html: str, raw: bytes) -> list[Finding]:
    return _helper().late_findings(page, html, raw)


class _LeakWork:
    """In the helper: LEAK001's search, made early, and the page outputs searched so far."""

    def __init__(self, args: tuple[Any, ...], search: LeakSearch | None) -> None:
        self.args = args
        self.search = search
        self.template: bytes | None = None
        self.template_read = False
        self.searched: dict[str, tuple[bytes, list[Needle]]] = {}


_LEAK_WORK: _LeakWork | None = None


def _helper_leak_search(
    judgements: dict[str, Judgement],
    attachments: set[str],
    urls: dict[str, str | None],
    raws: dict[str, bytes],
    unjudged: list[str],
) -> None:
    global _LEAK_WORK
    build = _helper()
    build.judgements = _Judgements(judgements)
    build.held_attachments = attachments
    args = (urls.get, raws.get, unjudged)
    _LEAK_WORK = _LeakWork(args, None)  # made without a search: if it fails, from scratch
    _LEAK_WORK.search = build._leak_search(*args)


def _template(site_dir: Path) -> bytes | None:
    template = site_dir / "404.html"
    return template.read_bytes() if template.is_file() else None


def _helper_leak_page(site_dir: Path, output: str, html: str) -> None:
    work = _LEAK_WORK
    if work is None or not work.search:
        return
    if not work.template_read:
        # search_tree reads the theme's template first: MkDocs writes it before the pages.
        work.template, work.template_read = _template(site_dir), True
        if work.template is not None:
            work.search.template(work.template)
    data = output_bytes(html)
    work.searched[output] = (data, work.search.search_file_sorted(output, data))


def _helper_leak_finish(site_dir: Path) -> list[tuple[str, str, str]]:
    """LEAK001 over ``site_dir``: the page outputs searched already, unless their bytes
    changed since, and every other file; as ``search_tree`` finds them."""
    work = _LEAK_WORK
    if work is None:
        raise RuntimeError("LEAK001's search was not made")
    template = _template(site_dir)
    if work.search is None or (work.template_read and template != work.template):
        # Made with another template (a plugin rewrote 404.html): from scratch, as serial.
        return _search_tree(_helper()._leak_search(*work.args), site_dir)
    if not work.search:
        return []
    found = work.search.search_tree(site_dir, work.searched if work.template_read else None)
    return [(output, n.page, n.kind) for output, n in found]


def output_bytes(html: str) -> bytes:
    """The bytes MkDocs writes for a page's output (``mkdocs.commands.build._build_page``)."""
    return html.encode("utf-8", errors="xmlcharrefreplace")


class _Judgements(dict[str, Judgement]):
    """The judgements by page, remembering which keep their page out until one changes."""

    _kept_out: frozenset[str] | None = None

    def kept_out(self) -> frozenset[str]:
        if self._kept_out is None:
            self._kept_out = frozenset(path for path, j in self.items() if j.keeps_out)
        return self._kept_out

    def __setitem__(self, key: str, value: Judgement) -> None:
        self._kept_out = None
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self._kept_out = None
        super().__delitem__(key)

    def pop(self, *args: Any) -> Any:
        self._kept_out = None
        return super().pop(*args)

    def popitem(self) -> tuple[str, Judgement]:
        self._kept_out = None
        return super().popitem()

    def clear(self) -> None:
        self._kept_out = None
        super().clear()

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._kept_out = None
        super().update(*args, **kwargs)

    def setdefault(self, key: str, default: Any = None) -> Any:
        self._kept_out = None
        return super().setdefault(key, default)


# A previous JSON report larger than this is not read for its ledger head.
_MAX_REPORT = 256 << 20


# Lines that bring other content into a page while it renders: pymdownx.snippets
# (`--8<--`), Jinja macros (`{{ }}`, `{% %}`), markdown-include (`{! !}`).
_INCLUDE_MARKS = ("--8<--", "{{", "{%", "{!")


def link_line(markdown: str, href: str, target: str) -> int:
    """The Markdown line of a link to ``target`` (its file name, else the ``href`` as
    rendered), or 1 when neither is found."""
    wanted = [posixpath.basename(target), href.split("#", 1)[0]]
    lines = markdown.split("\n")
    for needle in wanted:
        if not needle:
            continue
        for index, text in enumerate(lines):
            if needle in text:
                return index + 1
    return 1


def include_line(page: Page) -> int:
    """The source line of the page's first include or macro (1 if it has none)."""
    for index, text in enumerate(page.body.split("\n")):
        if any(mark in text for mark in _INCLUDE_MARKS):
            return page.body_line(index)
    return 1
