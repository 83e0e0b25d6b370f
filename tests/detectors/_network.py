"""Helpers for the CAC405/CAC407 detector tests: scan in process as the engine does, fence
code, and time pathological inputs without the document's 20,000-character line cap."""

from __future__ import annotations

import time

from mkdocs_threatpub.scanners.base import Detector, Hit, dedupe, run
from mkdocs_threatpub.scanners.document import Document, Segment, document_from_text

LONG = 100_000
SPACES = " " * 5_000


def scan(detector: Detector, text: str) -> list[Hit]:
    """Hits as the engine keeps them: keyword prefilter, then one per fingerprint."""
    return dedupe(run([detector], document_from_text(text)))


def fenced(body: str, lang: str = "") -> str:
    """A page whose code block starts on line 4."""
    return f"Intro.\n\n```{lang}\n{body}\n```\n"


def seconds(detector: Detector, text: str, kind: str = "code", lang: str = "") -> float:
    """Time one scan of ``text`` as one segment (no line cap), and once as a page."""
    doc = Document([Segment(kind, text, 1, lang)])
    started = time.perf_counter()
    list(detector.scan(doc))
    list(detector.scan(document_from_text(text)))
    return time.perf_counter() - started


def assert_quiet(hits: list[Hit], *secrets: str) -> None:
    """No finding description quotes what was found."""
    for h in hits:
        for secret in secrets:
            assert secret.lower() not in h.what.lower(), (secret, h.what)
        assert len(h.fingerprint) == 32
