"""Chinese resident identity card numbers (居民身份证号码, GB 11643-1999).

Eighteen characters: a six-digit area code, the birth date, a sequence number and a check
digit (0-9 or X). A candidate counts only when ``stdnum.cn.ric`` accepts it (check digit,
real date, known area code for the birth year) and the birth date is plausible (not in the
future, not more than 130 years ago). One valid number is personal data: strong. A number
inside a longer digit run, a hex string or a dotted/dashed number is not a candidate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._personal import MAX_CANDIDATES, MAX_HITS, standalone
from mkdocs_threatpub.scanners.document import Document

# Area code, birth date (1900-2099, month, day), sequence, check digit.
_RIC = lazy_re2(
    r"[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]"
)
_QUICK = lazy_re2(r"[0-9]{17}")
_RESIDENT_ID = t("Chinese resident ID number", "居民身份证号码")


def valid_ric(number: str, today: dt.date | None = None) -> bool:
    """A real-looking resident ID: check digit, date, area code and a plausible age."""
    number = number.upper()
    from stdnum.cn import ric  # on the first candidate, not at start-up

    if ric.calc_check_digit(number) != number[-1] or not ric.is_valid(number):
        return False
    born = ric.get_birth_date(number)
    today = today or dt.datetime.now(dt.UTC).date()
    return born <= today and today.year - born.year <= 130


class ResidentId:
    name = "resident-id"
    rule = "CAC404"
    # Digits only: no word to prefilter on; scan() starts with a cheap check instead.
    keywords: tuple[str, ...] = ()

    def scan(self, doc: Document) -> Iterator[Hit]:
        if not _QUICK.search(doc.lowered):
            return
        seen: set[str] = set()
        budget = MAX_CANDIDATES
        for view in doc.views:
            text = view.text
            for match in _RIC.finditer(text):
                budget -= 1
                if budget < 0:
                    return
                number = match.group(0).upper()
                if number in seen or not standalone(text, match.start(), match.end()):
                    continue
                if not valid_ric(number):
                    continue
                seen.add(number)
                yield hit(self, view, match.start(), _RESIDENT_ID, number)
                if len(seen) >= MAX_HITS:
                    return


DETECTOR = ResidentId()
