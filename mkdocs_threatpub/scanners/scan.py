"""The content scan: one pass of all detectors over a page, shared by every reader.

The page's document (its segments and decoded views, built from the core's block scan) is
made once per source and kept in the page's analysis; the scan runs once per source and
settings (``custom_patterns`` add detectors) and is kept there too, with the lines where
each hit's content occurs, or with the limit that stopped it. The content rules
(``rules/_content.py``), MIIT092, MIIT094, MIIT095 and the plugin's LATE001 read it from
here.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from mkdocs_threatpub.core.analysis import ContentScan, Slot
from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.limits import MAX_SCAN_SECONDS, LimitExceeded
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.scanners.base import Detector, Hit, dedupe, prefilter
from mkdocs_threatpub.scanners.custom import custom_detectors
from mkdocs_threatpub.scanners.document import Document, document_from_blocks
from mkdocs_threatpub.scanners.registry import DETECTORS

__all__ = ["content_scan", "detectors_for", "document_for", "hits_for", "scan_document"]

_DOCUMENT: Slot[Document] = Slot("the content scan's document")


def document_for(page: Page) -> Document:
    """The page's scanned document, made once from its blocks."""
    analysis = page.analysis
    return analysis.get(
        _DOCUMENT,
        lambda: document_from_blocks(analysis.lines, analysis.blocks, analysis.first_line),
    )


def detectors_for(context: Context) -> tuple[Detector, ...]:
    """The built-in detectors and the site's ``custom_patterns``."""
    return (*DETECTORS, *custom_detectors(context.settings))


def scan_document(
    doc: Document, detectors: Iterable[Detector], limit: float | None = None
) -> list[Hit]:
    """Run ``detectors`` (with their keyword prefilter) on ``doc``, deduplicated.

    The time is checked between detectors: past ``limit`` seconds (default
    :data:`MAX_SCAN_SECONDS`) the scan stops with :class:`LimitExceeded` (META020, fail
    closed) instead of holding up the build.
    """
    return dedupe(_scan(doc, detectors, limit))


def _scan(doc: Document, detectors: Iterable[Detector], limit: float | None) -> list[Hit]:
    if limit is None:
        limit = MAX_SCAN_SECONDS
    started = time.monotonic()
    found: list[Hit] = []
    for detector in prefilter(tuple(detectors)).selected(doc.lowered):
        found.extend(detector.scan(doc))
        elapsed = time.monotonic() - started
        if elapsed > limit:
            raise LimitExceeded(
                t(
                    f"scanning the page for Article 4 content took {elapsed:.0f} s, over the "
                    f"{limit:.0f} s time limit for a page (stopped after the {detector.name} "
                    "detector)",
                    f"扫描本页的第四条所列内容用时 {elapsed:.0f} 秒，超过单个页面 {limit:.0f} "
                    f"秒的时间上限（在检测器 {detector.name} 之后停止）",
                ),
                t(
                    f"at most {limit:.0f} s of content scanning per page",
                    f"每个页面的内容扫描最多 {limit:.0f} 秒",
                ),
                t(
                    "split the page into smaller pages; if it is an ordinary page, report it to "
                    "the mkdocs-threatpub developers (without the content)",
                    "将本页拆分为若干较小的页面；如果这是一个普通页面，请向 mkdocs-threatpub "
                    "开发者报告（不要附上页面内容）",
                ),
            )
    return found


def content_scan(page: Page, context: Context) -> ContentScan[Hit]:
    """The page's content scan under the context's settings, made once.

    A scan that went past the time limit is remembered too (it depends on the source,
    which is what the page cache is keyed by), so its readers do not each retry it.
    Hits are deduplicated per (rule, fingerprint); every line where the same match occurs
    is kept in ``occurrences``, so that an inline allow accepts a finding only when it
    covers each occurrence (core/suppress.py).
    """
    # Keyed by the settings too: `custom_patterns` may change while `mkdocs serve` keeps
    # the page cached.
    key = context.settings.cache_key
    analysis = page.analysis
    scan: ContentScan[Hit] | None = analysis.content_scan(key)
    if scan is None:
        try:
            found = _scan(document_for(page), detectors_for(context), None)
        except LimitExceeded as exc:
            scan = ContentScan(limit=exc)
        else:
            occurrences: dict[str, set[int]] = {}
            for h in found:
                occurrences.setdefault(h.fingerprint, set()).add(h.line)
            lines = {fp: tuple(sorted(seen)) for fp, seen in occurrences.items()}
            scan = ContentScan(tuple(dedupe(found)), lines)
        analysis.record_content_scan(key, scan)
    return scan


def hits_for(page: Page, context: Context) -> list[Hit]:
    """All detectors' hits on the page (:func:`content_scan`); raises the
    :class:`LimitExceeded` that stopped the scan, if one did."""
    scan = content_scan(page, context)
    if scan.limit is not None:
        raise scan.limit
    return list(scan.hits)
