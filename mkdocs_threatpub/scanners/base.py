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

from mkdocs_threatpub.scanners.document import Document, View

__all__ = ["Detector", "Hit", "fingerprint", "hit"]

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
    """A hit at ``offset`` of ``view``, described as ``what`` "in <where>"."""
    return Hit(
        rule=detector.rule,
        detector=detector.name,
        line=view.line_at(offset),
        what=f"{what} in {view.where()}",
        strong=strong,
        fingerprint=fingerprint(detector.rule, detector.name, matched),
    )


class Detector(Protocol):
    """One kind of Article 4 content."""

    name: str  # kebab-case, e.g. "reverse-shell"
    rule: str  # CAC401 … CAC407
    keywords: tuple[str, ...]  # lower-case; empty means "always run"

    def scan(self, doc: Document) -> Iterable[Hit]: ...


def run(detectors: Iterable[Detector], doc: Document) -> Iterator[Hit]:
    """Run each detector whose keywords occur in the document (the prefilter).

    One RE2 set pass over ``Document.lowered`` finds every keyword of every detector that
    occurs (the Aho-Corasick stage of DESIGN.md), instead of one substring search per
    keyword: on a 5 MB page with its decoded views that is one scan, not hundreds.
    """
    detectors = tuple(detectors)
    keywords = tuple(sorted({k for d in detectors for k in d.keywords}))
    present = _present(doc.lowered, keywords)
    for detector in detectors:
        if not detector.keywords or not present.isdisjoint(detector.keywords):
            yield from detector.scan(doc)


@functools.lru_cache(maxsize=64)
def _keyword_set(keywords: tuple[str, ...]) -> Any:
    matcher = re2.Set.SearchSet()
    for keyword in keywords:
        matcher.Add(re.escape(keyword))
    matcher.Compile()
    return matcher


def _present(lowered: str, keywords: tuple[str, ...]) -> frozenset[str]:
    """The ``keywords`` that occur in ``lowered`` (overlapping occurrences included)."""
    if not keywords:
        return frozenset()
    return frozenset(keywords[index] for index in _keyword_set(keywords).Match(lowered) or ())


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
