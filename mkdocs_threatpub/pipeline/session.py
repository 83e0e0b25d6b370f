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
from mkdocs_threatpub.core.page import Page, read_page
from mkdocs_threatpub.core.policy import Policy
from mkdocs_threatpub.core.rule import Rule
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


class Session:
    """Judges pages for one build (or one CLI run)."""

    def __init__(
        self,
        settings: Settings,
        now: dt.datetime,
        rules: Iterable[Rule] | None = None,
        cache: PageCache | None = None,
        baseline: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
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

    def read(self, path: str, raw: bytes) -> Page:
        included = self.settings.is_included(path)
        return self.cache.get(path, raw, self.settings.meta_key, included)

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
            return self.judge_.judge(page)
        except Exception as exc:
            stub = Page(path=path, source="", sha256=hashlib.sha256(raw).hexdigest())
            return self.judge_.decide(stub, [cannot_judge(exc, "engine")])
