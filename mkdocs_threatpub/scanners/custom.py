"""Site-defined patterns (option ``custom_patterns``) as detectors for CAC407.

Each pattern is RE2 (linear time whatever the site writes), compiled once per set of
patterns. A finding names the pattern (its description, or "site pattern '<name>'"), never
the matched text; a pattern whose action is ``warn`` gives weak hits, which only warn.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import re2

from mkdocs_threatpub.core.context import CustomPattern, Settings
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.scanners.base import Detector, Hit, hit
from mkdocs_threatpub.scanners.document import Document

__all__ = ["MAX_PATTERN_LENGTH", "CustomDetector", "compile_pattern", "custom_detectors"]

MAX_PATTERN_LENGTH = 1000
# Matches reported per pattern and view: a pattern that matches every word of a page still
# gives a bounded report (dedupe keeps one finding per distinct match anyway).
MAX_MATCHES = 100


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # the error goes into our message, not to stderr via absl
    return options


def compile_pattern(pattern: str) -> Any:
    """The compiled RE2 pattern; ``ValueError`` with a reader's message when it is unusable."""
    if not pattern:
        raise ValueError("the pattern is empty")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(
            f"the pattern is {len(pattern)} characters long; at most {MAX_PATTERN_LENGTH} "
            "are allowed"
        )
    try:
        compiled = re2.compile(pattern, options=_options())
    except re2.error as exc:
        detail = exc.args[0] if exc.args else exc
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise ValueError(
            f"not valid RE2 syntax ({detail}); RE2 has no look-around or backreferences, "
            "see https://github.com/google/re2/wiki/Syntax"
        ) from None
    if compiled.search("") is not None:
        raise ValueError("the pattern matches empty text, so it would match every page")
    return compiled


class CustomDetector:
    """One site pattern: CAC407 hits described by the pattern's description."""

    rule = "CAC407"
    keywords: tuple[str, ...] = ()

    def __init__(self, spec: CustomPattern) -> None:
        self.spec = spec
        self.name = f"custom-{spec.name}"
        self.compiled = compile_pattern(spec.pattern)
        if spec.description:
            # Written by the site in its own language: shown as is in either report.
            self.what = t(spec.description, spec.description)
        else:
            self.what = t(f"site pattern '{spec.name}'", f"站点自定义规则 '{spec.name}'")
        self.strong = spec.action != "warn"

    def scan(self, doc: Document) -> Iterator[Hit]:
        for view in doc.views:
            for count, match in enumerate(self.compiled.finditer(view.text)):
                if count >= MAX_MATCHES:
                    break
                if match.end() == match.start():
                    continue
                yield hit(self, view, match.start(), self.what, match.group(0), strong=self.strong)


@functools.lru_cache(maxsize=32)
def _detectors(patterns: tuple[CustomPattern, ...]) -> tuple[Detector, ...]:
    return tuple(CustomDetector(spec) for spec in patterns)


def custom_detectors(settings: Settings) -> tuple[Detector, ...]:
    """Detectors for the site's ``custom_patterns``, compiled once per set of patterns."""
    if not settings.custom_patterns:
        return ()
    return _detectors(settings.custom_patterns)
