"""What is worked out from a page once and kept with it (``Page.analysis``).

The page cache (``core/session.py``) keys page models by source hash, so a page keeps its
analysis across ``mkdocs serve`` rebuilds and nothing here is computed twice for one
source. Three kinds of result live here, each behind a typed accessor, so that no module
writes or rebuilds another module's cache key:

* **from the source alone**, computed by the core on first use: the lines, the Markdown
  blocks (:mod:`core.blocks`), the headings and the page's first H1, the inline allow
  comments;
* **from the source and the settings**, stored per :attr:`Settings.cache_key` (the site's
  ``custom_patterns`` or ``rules`` may change while ``mkdocs serve`` keeps the page): the
  content scan (:class:`ContentScan`: hits, where each one's content occurs, or the limit
  that stopped it), written by ``scanners/scan.py``; the findings of the rules that do not
  read the clock, written by the engine;
* **computed outside the core** from the source alone, in a :class:`Slot` its owner
  declares: the content scan's document (a scanner type, which the core does not import),
  the normalised section headings of ISO740.

The content scan's hits are a scanner type too: :class:`ContentScan` is generic over it,
and the core only reads the part it needs, ``occurrences`` (plain line numbers). So the
dependencies point one way (core ← scanners ← rules) while every slot stays typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeVar

from mkdocs_threatpub.core.blocks import (
    Block,
    BlockKind,
    fenced_blocks,
    first_title,
    scan_blocks,
    split_lines,
)
from mkdocs_threatpub.core.findings import Finding
from mkdocs_threatpub.core.inline_allow import InlineAllow, find_inline_allows
from mkdocs_threatpub.core.limits import LimitExceeded

__all__ = ["ContentScan", "PageAnalysis", "Slot"]

T = TypeVar("T")
H = TypeVar("H")


class Slot(Generic[T]):
    """A typed place in :class:`PageAnalysis` for a value of type ``T`` computed outside
    the core from the page's source alone.

    The module that computes the value declares one ``Slot`` (module-level, private) and
    offers its own function to read it; the slot object itself is the key.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Slot({self.name!r})"


@dataclass(frozen=True)
class ContentScan(Generic[H]):
    """The page's content scan under one set of settings.

    ``hits`` are the detectors' hits (type ``H``, unknown to the core), one per rule and
    fingerprint; ``occurrences`` maps each hit's fingerprint to every line where the same
    content occurs (an inline allow accepts a finding only when it covers them all);
    ``limit`` is set instead when the scan went past a limit (then it is not retried).
    """

    hits: tuple[H, ...] = ()
    occurrences: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    limit: LimitExceeded | None = None


class PageAnalysis:
    """The analysis of one page body; ``first_line`` is the file line of its first line."""

    def __init__(self, body: str, first_line: int = 1) -> None:
        self.body = body
        self.first_line = first_line
        self._slots: dict[Slot[Any], Any] = {}
        self._scans: dict[str, ContentScan[Any]] = {}
        self._findings: dict[str, dict[str, tuple[Finding, ...]]] = {}

    def __repr__(self) -> str:
        return f"PageAnalysis({len(self.body)} characters from line {self.first_line})"

    # -- from the source alone ------------------------------------------------------------

    @cached_property
    def lines(self) -> list[str]:
        """The body's lines (CommonMark line endings: ``\\n``, ``\\r\\n``, ``\\r``)."""
        return split_lines(self.body)

    @cached_property
    def blocks(self) -> tuple[Block, ...]:
        """The body's Markdown leaf blocks, in order (:func:`core.blocks.scan_blocks`)."""
        return tuple(scan_blocks(self.lines))

    @cached_property
    def fenced(self) -> tuple[Block, ...]:
        """The fenced code blocks, in admonitions too (:func:`core.blocks.fenced_blocks`)."""
        return tuple(fenced_blocks(self.blocks))

    @cached_property
    def headings(self) -> tuple[Block, ...]:
        """The heading blocks (ATX and setext), in containers too, in order."""
        return tuple(b for b in self.blocks if b.kind is BlockKind.HEADING)

    @cached_property
    def first_h1(self) -> Block | None:
        """The first level-1 heading outside containers: the page's title, as MkDocs takes
        it from the top level of the rendered page."""
        if "blocks" in self.__dict__:  # scanned already
            return next((h for h in self.headings if h.level == 1 and h.top_level), None)
        # A warm build's judging needs the title only: read up to it.
        return first_title(self.lines)

    @cached_property
    def inline_allows(self) -> tuple[InlineAllow, ...]:
        """The inline allow comments with the lines each one covers."""
        if "threatpub:" not in self.body:
            return ()
        return find_inline_allows(self.lines, self.fenced, self.first_line)

    def line(self, index: int) -> int:
        """File line number of the body's line ``index`` (0-based)."""
        return index + self.first_line

    def get(self, slot: Slot[T], compute: Callable[[], T]) -> T:
        """The value in ``slot``, computed (once) by ``compute`` when it is not there yet."""
        if slot in self._slots:
            value: T = self._slots[slot]
            return value
        value = self._slots[slot] = compute()
        return value

    # -- from the source and the settings ------------------------------------------------

    def content_scan(self, settings_key: str) -> ContentScan[Any] | None:
        """The content scan made under these settings, if there was one."""
        return self._scans.get(settings_key)

    def record_content_scan(self, settings_key: str, scan: ContentScan[Any]) -> None:
        self._scans[settings_key] = scan

    def occurrences(self, settings_key: str) -> Mapping[str, tuple[int, ...]]:
        """Fingerprint → every line where that content occurs (empty before a scan)."""
        scan = self._scans.get(settings_key)
        return scan.occurrences if scan is not None else {}

    def findings(self, settings_key: str) -> dict[str, tuple[Finding, ...]]:
        """Rule code → findings of the rules that depend on the page and settings only
        (the engine's cache; rules that read the clock run every build)."""
        return self._findings.setdefault(settings_key, {})
