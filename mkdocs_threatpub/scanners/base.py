"""Detectors and their hits.

A detector is one small unit (one file under ``detectors/``) that finds one kind of Article 4
content. It declares its rule code and keywords (the prefilter: it only runs when one of them
occurs in the page), and yields :class:`Hit` objects that *describe* what was found — never
the content itself. The fingerprint is a hash of the normalised match, for baselines and for
comparing the source scan with the rendered HTML (LATE001).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import re2

from mkdocs_threatpub.core.i18n import spaced, t, zh
from mkdocs_threatpub.scanners.document import Document, View

__all__ = ["Detector", "Hit", "Prefilter", "count_entry", "fingerprint", "hit", "prefilter"]

_SPACE = re.compile(r"\s+")


def fingerprint(rule: str, kind: str, matched: str) -> str:
    """Identity of a finding without its text: rule, detector and the normalised match.

    Line numbers and the page are left out so that moving text does not change it (the
    baseline adds the page).
    """
    normal = _SPACE.sub(" ", matched).strip().lower()
    return hashlib.sha256(f"{rule}\0{kind}\0{normal}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Hit:
    """What a detector found: rule, where, a description, and whether it is decisive."""

    rule: str
    detector: str
    line: int
    what: str
    strong: bool
    fingerprint: str


def hit(
    detector: Detector, view: View, offset: int, what: str, matched: str, *, strong: bool = True
) -> Hit:
    """A hit at ``offset`` of ``view``, described as ``what`` "in <where>".

    ``what`` is a :class:`~mkdocs_threatpub.core.i18n.Text` (English and Chinese).
    """
    place = view.where()
    return Hit(
        rule=detector.rule,
        detector=detector.name,
        line=view.line_at(offset),
        what=t(f"{what} in {place}", f"{zh(place)}中的{spaced(zh(what)).rstrip()}"),
        strong=strong,
        fingerprint=fingerprint(detector.rule, detector.name, matched),
    )


class Detector(Protocol):
    """One kind of Article 4 content."""

    name: str  # kebab-case, e.g. "reverse-shell"
    rule: str  # CAC401 … CAC407
    keywords: tuple[str, ...]  # lower-case; empty means "always run"

    def scan(self, doc: Document) -> Iterable[Hit]: ...


def keyword_patterns(detector: Detector) -> tuple[str, ...]:
    """RE2 patterns that trigger ``detector`` as its keywords do (optional attribute).

    For content no fixed string announces cheaply: "10." occurs in every version number,
    while an RFC 1918 address with four octets is rare.
    """
    return tuple(getattr(detector, "keyword_patterns", ()))


class Prefilter:
    """Which detectors can match a text, found in one RE2 set pass over it.

    Every keyword and keyword pattern of every detector goes into one ``re2.Set`` (the
    Aho-Corasick stage of DESIGN.md), so a page is read once, not once per keyword.
    """

    def __init__(self, detectors: Iterable[Detector]) -> None:
        self.detectors = tuple(detectors)
        literal = {k for d in self.detectors for k in d.keywords}
        patterns = {p for d in self.detectors for p in keyword_patterns(d)}
        # Entries are the keyword itself, or "re:" + pattern, so both live in one set.
        self.entries = tuple(sorted(literal)) + tuple(sorted("re:" + p for p in patterns))
        self._set = _entry_set(self.entries) if self.entries else None
        self._triggers = [(d, frozenset(self.triggers_of(d))) for d in self.detectors]

    @staticmethod
    def triggers_of(detector: Detector) -> tuple[str, ...]:
        return (*detector.keywords, *("re:" + p for p in keyword_patterns(detector)))

    def present(self, lowered: str) -> frozenset[str]:
        """The entries (keywords, "re:" patterns) that occur in ``lowered``."""
        if self._set is None:
            return frozenset()
        return frozenset(self.entries[i] for i in self._set.Match(lowered) or ())

    def selected(self, lowered: str) -> Iterator[Detector]:
        """The detectors worth running on ``lowered``: keyword-less ones always."""
        present = self.present(lowered)
        for detector, triggers in self._triggers:
            if not triggers or not present.isdisjoint(triggers):
                yield detector


def count_entry(entry: str, text: str) -> int:
    """How often a prefilter entry occurs in ``text`` (for comparing two texts)."""
    if entry.startswith("re:"):
        return sum(1 for _ in _compiled(entry[3:]).finditer(text))
    return text.count(entry)


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> Any:
    return re2.compile(pattern)


@functools.lru_cache(maxsize=64)
def _entry_set(entries: tuple[str, ...]) -> Any:
    matcher = re2.Set.SearchSet()
    for entry in entries:
        matcher.Add(entry[3:] if entry.startswith("re:") else re.escape(entry))
    matcher.Compile()
    return matcher


@functools.lru_cache(maxsize=64)
def prefilter(detectors: tuple[Detector, ...]) -> Prefilter:
    return Prefilter(detectors)


def run(detectors: Iterable[Detector], doc: Document) -> Iterator[Hit]:
    """Run each detector that the prefilter selects for the document."""
    for detector in prefilter(tuple(detectors)).selected(doc.lowered):
        yield from detector.scan(doc)


def dedupe(hits: Iterable[Hit]) -> list[Hit]:
    """One hit per (rule, fingerprint): decoded views repeat what the raw view found."""
    seen: dict[tuple[str, str], Hit] = {}
    for h in hits:
        key = (h.rule, h.fingerprint)
        old = seen.get(key)
        stronger = old is not None and h.strong and not old.strong
        earlier = old is not None and h.strong == old.strong and h.line < old.line
        if old is None or stronger or earlier:
            seen[key] = h
    return sorted(seen.values(), key=lambda h: (h.line, h.rule, h.detector))
