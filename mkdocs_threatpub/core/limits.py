"""Limits on what one page may cost to judge; past them the page fails closed (META020).

Both limits are far above anything a person writes, so they only ever stop generated dumps
and pathological input; such a page is never published unchecked.
"""

from __future__ import annotations

from typing import Any

from mkdocs_threatpub.core.i18n import Text, t

__all__ = ["MAX_PAGE_BYTES", "MAX_SCAN_SECONDS", "LimitExceeded", "page_too_large"]

# The budget is ≤ 2 s for a 5 MB page (DESIGN.md), so 10 MB bounds one page at a few
# seconds; a larger "page" is a generated dump, not an advisory, and is refused unread.
MAX_PAGE_BYTES = 10_000_000

# Detectors use linear-time patterns, so even a 10 MB page scans in seconds; 20 s means
# something is pathological (or the machine starved). Better a failed page than a build or
# a `mkdocs serve` that hangs. Checked between detectors.
MAX_SCAN_SECONDS = 20.0


class LimitExceeded(Exception):
    """A page went past one of the limits; it becomes one META020 finding
    (:func:`mkdocs_threatpub.rules.meta020_internal_error.cannot_judge`).

    ``what``, ``limit`` and ``fix`` are :class:`Text` (English and Chinese).
    """

    def __init__(self, what: Text, limit: Text, fix: Text) -> None:
        super().__init__(what)
        self.what = what
        self.limit = limit
        self.fix = fix

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled with all three parts (``--jobs``), not just the message in ``args``.
        return (type(self), (self.what, self.limit, self.fix))


def page_too_large(size: int) -> LimitExceeded:
    megabytes = f"{size / 1_000_000:.1f}"
    most = MAX_PAGE_BYTES // 1_000_000
    return LimitExceeded(
        t(
            f"the page is {megabytes} MB, over the {most} MB size limit for a page",
            f"本页大小为 {megabytes} MB，超过单个页面 {most} MB 的上限",
        ),
        t(f"at most {most} MB per page", f"每个页面最多 {most} MB"),
        t(
            "split the page into smaller pages, or keep generated data out of docs_dir",
            "将本页拆分为若干较小的页面，或不要把生成的数据放在 docs_dir 中",
        ),
    )
