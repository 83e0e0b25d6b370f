"""A judging session: one settings/now/policy, many pages, with a cache.

The plugin, ``check`` and ``stage`` use it (through the pipeline). Parsing a page (YAML,
schema, Markdown tokens) is cached by source hash so that ``mkdocs serve`` rebuilds re-read
only pages that changed; verdicts are cheap to recompute and depend on ``now``, so they are
recomputed each build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from mkdocs_threatpub.core.context import Context, Settings
from mkdocs_threatpub.core.engine import Judge, Judgement, Wording
from mkdocs_threatpub.core.limits import MAX_PAGE_BYTES, page_too_large
from mkdocs_threatpub.core.page import Page, read_body, read_page
from mkdocs_threatpub.core.policy import Policy
from mkdocs_threatpub.core.rule import Rule
from mkdocs_threatpub.pipeline.cache import Entry, PersistentCache
from mkdocs_threatpub.pipeline.filetypes import as_markdown
from mkdocs_threatpub.rules import ALL_RULES, meta011_suppression_unused
from mkdocs_threatpub.rules.meta020_internal_error import cannot_judge

__all__ = ["SUPPRESSIBLE", "PageCache", "Session"]

# The rules whose findings a reviewer may accept (inline allow, the baseline).
SUPPRESSIBLE = frozenset(rule.code for rule in ALL_RULES if rule.suppressible)


@dataclass
class PageCache:
    """Page models by (path, source hash, meta key, include match); survives rebuilds."""

    pages: dict[tuple[str, str, str, bool], Page] = field(default_factory=dict)
    reads: int = 0

    def get(self, path: str, raw: bytes, meta_key: str, included: bool) -> Page:
        key = (path, hashlib.sha256(raw).hexdigest(), meta_key, included)
        page = self.pages.get(key)
        if page is None:
            self.reads += 1
            page = read_page(path, raw, meta_key=meta_key, included=included)
            self.pages[key] = page
        return page

    def body(self, path: str, raw: bytes, meta_key: str, included: bool) -> str:
        """The body of the page, from its model when read already, else without parsing
        its front matter (the same text: :func:`~mkdocs_threatpub.core.page.read_body`)."""
        page = self.pages.get((path, hashlib.sha256(raw).hexdigest(), meta_key, included))
        if page is not None:
            return page.body
        body = read_body(raw)
        return body if body is not None else self.get(path, raw, meta_key, included).body


class Session:
    """Judges pages for one build (or one CLI run)."""

    def __init__(
        self,
        settings: Settings,
        now: dt.datetime,
        rules: Iterable[Rule] | None = None,
        cache: PageCache | None = None,
        baseline: frozenset[tuple[str, str]] = frozenset(),
        stored: PersistentCache | None = None,
    ) -> None:
        """``stored`` is the judging cache on disk (:mod:`~mkdocs_threatpub.pipeline.cache`),
        loaded by the caller for these settings: a page whose source it knows is not scanned
        again; pages judged afresh are put in it (the caller saves it)."""
        rule_list = list(ALL_RULES if rules is None else rules)
        # Rules whose findings the engine or the pipeline make (META011, META020, LINK001 …)
        # are always there: without them a page that cannot be judged would raise instead
        # of failing closed.
        present = {r.code for r in rule_list}
        rule_list += [r for r in ALL_RULES if r.check is None and r.code not in present]
        by_code: Mapping[str, Rule] = {r.code: r for r in rule_list}
        self.settings = settings
        self.context = Context.create(settings, now, baseline)
        self.policy = Policy.create(by_code, settings.rules, settings.on_hold)
        wording = Wording(cannot_judge, meta011_suppression_unused.finding)
        self.judge_ = Judge(rule_list, self.policy, self.context, wording)
        self.cache = cache if cache is not None else PageCache()
        self.stored = stored

    def read(self, path: str, raw: bytes) -> Page:
        included = self.settings.is_included(path)
        return self.cache.get(path, raw, self.settings.meta_key, included)

    def body(self, path: str, raw: bytes) -> str:
        """``read(path, raw).body``, without parsing front matter not read yet."""
        included = self.settings.is_included(path)
        return self.cache.body(path, raw, self.settings.meta_key, included)

    def judge(
        self, path: str, raw: bytes, nav_title: str | None = None, kind: str | None = None
    ) -> Judgement:
        """Judge one page; never raises, never publishes a page it could not judge. ``kind``
        is set for a file MkDocs copies verbatim (:mod:`~mkdocs_threatpub.pipeline.filetypes`)."""
        try:
            if kind is not None:
                raw = as_markdown(kind, raw)
            if len(raw) > MAX_PAGE_BYTES:
                # Refused unread: parsing and scanning it would blow the time budget.
                raise page_too_large(len(raw))
            page = self.read(path, raw)
            page.nav_title = nav_title
            if self.stored is None:
                return self.judge_.judge(page)
            self._restore(page)
            judgement = self.judge_.judge(page)
            self._store(page)
            return judgement
        except Exception as exc:
            stub = Page(path=path, source="", sha256=hashlib.sha256(raw).hexdigest())
            return self.judge_.decide(stub, [cannot_judge(exc, "engine")])

    # -- the judging cache on disk ------------------------------------------------------------

    def _restore(self, page: Page) -> None:
        """Give ``page`` the scan and settings-only findings the disk cache has for its
        source (unless this process already has them: ``mkdocs serve``)."""
        assert self.stored is not None
        key = self.settings.cache_key
        findings = page.analysis.findings(key)
        if findings:
            return
        entry = self.stored.get(page.path, page.sha256, page.meta_key, page.included)
        if entry is None:
            return
        findings.update(entry.findings)
        if entry.scan is not None and page.analysis.content_scan(key) is None:
            page.analysis.record_content_scan(key, entry.scan)

    def _store(self, page: Page) -> None:
        assert self.stored is not None
        if self.stored.get(page.path, page.sha256, page.meta_key, page.included) is not None:
            return
        key = self.settings.cache_key
        entry = Entry(
            sha256=page.sha256,
            meta_key=page.meta_key,
            included=page.included,
            findings=dict(page.analysis.findings(key)),
            scan=page.analysis.content_scan(key),
        )
        self.stored.put(page.path, entry)
