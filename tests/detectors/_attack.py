"""Helpers for the CAC401/CAC402 detector tests: scan text in process, fence code, and time
pathological inputs (a 100,000-character line, 5,000 spaces) past the line cap."""

from __future__ import annotations

import time

from mkdocs_threatpub.scanners.base import Detector, Hit, dedupe, run
from mkdocs_threatpub.scanners.document import Document, Segment, document_from_text

LONG = 100_000
SPACES = " " * 5_000


def scan(detector: Detector, text: str) -> list[Hit]:
    """The detector's hits on a page as the engine keeps them: keyword prefilter first, then
    one hit per fingerprint (decoded views repeat what the raw view found)."""
    return dedupe(run([detector], document_from_text(text)))


def fenced(body: str, lang: str = "") -> str:
    """A page whose code block starts on line 4."""
    return f"Intro.\n\n```{lang}\n{body}\n```\n"


def seconds(detector: Detector, text: str, kind: str = "code", lang: str = "") -> float:
    """Time one scan of ``text`` as a single segment (no 20,000-character line cap)."""
    doc = Document([Segment(kind, text, 1, lang)])
    started = time.perf_counter()
    list(detector.scan(doc))
    list(detector.scan(document_from_text(text)))
    return time.perf_counter() - started
