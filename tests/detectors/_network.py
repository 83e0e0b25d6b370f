"""Helpers for the CAC405/CAC407 detector tests: scan in process as the engine does, fence
code, and time pathological inputs without the document's 20,000-character line cap.

``translated`` is shared by every detector test: each hit a test provokes must carry its
description in Chinese too."""

from __future__ import annotations

import time

from mkdocs_threatpub.core.i18n import Text, has_chinese
from mkdocs_threatpub.scanners.base import Detector, Hit, dedupe, run
from mkdocs_threatpub.scanners.document import Document, Segment, document_from_text

LONG = 100_000
SPACES = " " * 5_000


def scan(detector: Detector, text: str) -> list[Hit]:
    """Hits as the engine keeps them: keyword prefilter, then one per fingerprint."""
    return translated(dedupe(run([detector], document_from_text(text))))


def translated(hits: list[Hit]) -> list[Hit]:
    """``hits``, after checking that each description is a Text with a Chinese translation."""
    for h in hits:
        assert isinstance(h.what, Text), f"{h.detector}: description is not a Text: {h.what}"
        assert has_chinese(h.what.zh), f"{h.detector}: description has no Chinese: {h.what.zh}"
        # hit() puts Chinese around any description ("正文中的…"), so also check that the
        # detector's own words were translated: the English must not reappear in the Chinese.
        # A site's custom pattern description is the site's own words, in either language.
        english = str(h.what).rsplit(" in ", 1)[0]
        if not h.detector.startswith("custom-"):
            assert english not in h.what.zh, f"{h.detector}: untranslated: {h.what.zh}"
    return hits


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
