"""Limits on what one page may cost to judge; past them the page fails closed (META020).

Both limits are far above anything a person writes, so they only ever stop generated dumps
and pathological input; such a page is never published unchecked.
"""

from __future__ import annotations

from mkdocs_threatpub.core.findings import Finding

__all__ = ["MAX_PAGE_BYTES", "MAX_SCAN_SECONDS", "LimitExceeded", "page_too_large"]

# The budget is ≤ 2 s for a 5 MB page (DESIGN.md), so 10 MB bounds one page at a few
# seconds; a larger "page" is a generated dump, not an advisory, and is refused unread.
MAX_PAGE_BYTES = 10_000_000

# Detectors use linear-time patterns, so even a 10 MB page scans in seconds; 20 s means
# something is pathological (or the machine starved). Better a failed page than a build or
# a `mkdocs serve` that hangs. Checked between detectors.
MAX_SCAN_SECONDS = 20.0


class LimitExceeded(Exception):
    """A page went past one of the limits; the engine turns it into one META020 finding."""

    def __init__(self, what: str, limit: str, fix: str) -> None:
        super().__init__(what)
        self.what = what
        self.limit = limit
        self.fix = fix

    def finding(self) -> Finding:
        return Finding(
            "META020",
            1,
            f"{self.what}; the page cannot be judged and is not published",
            expected=f"a page within the limit ({self.limit})",
            found=self.what,
            fix=self.fix,
        )


def page_too_large(size: int) -> LimitExceeded:
    return LimitExceeded(
        f"the page is {size / 1_000_000:.1f} MB, over the {MAX_PAGE_BYTES // 1_000_000} MB "
        "size limit for a page",
        f"at most {MAX_PAGE_BYTES // 1_000_000} MB per page",
        "split the page into smaller pages, or keep generated data out of docs_dir",
    )
