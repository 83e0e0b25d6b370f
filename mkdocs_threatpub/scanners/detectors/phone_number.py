"""Chinese mobile phone numbers next to a contact word.

``1[3-9]`` and nine more digits, solid or as ``138 0013 8000`` / ``138-0013-8000``,
optionally after ``+86`` or ``0086``. An eleven-digit number alone is too common (order
numbers, timestamps, IDs) to mean anything, so a number counts only when a contact word
(手机, 电话, 联系方式, phone, mobile, tel) stands on its line just before or after it, or when
it sits in a table or CSV block with a phone column. Two or more such numbers, or one in a
table that also has a name or ID column, are strong; a single one only warns.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._personal import (
    MAX_CANDIDATES,
    MAX_HITS,
    LineCounter,
    column_kind,
    in_credits_section,
    line_start,
    standalone,
    tables,
)
from mkdocs_threatpub.scanners.document import Document, View

_PHONE = lazy_re2(r"(?:(?:\+|00)86[ -]?)?1[3-9][0-9](?:[0-9]{8}|[ -][0-9]{4}[ -][0-9]{4})")
_CONTEXT = lazy_re2(
    r"(?i)(?:手机|电话|联系方式|联系电话|联络方式|手機|電話|phone|mobile|\btel(?:\b|_)|whatsapp|wechat|微信)"
)
_QUICK = lazy_re2(r"1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}")
_BEFORE = 60  # characters of the same line before the number
_PHONE_NUMBER = t("Chinese mobile phone number", "中国大陆手机号码")
_IN_RECORD = t(
    "Chinese mobile phone number in a record with a name or ID column",
    "中国大陆手机号码，位于含姓名或证件号码列的记录中",
)
_NEAR_CONTACT_WORD = t(
    "Chinese mobile phone number next to a contact word", "中国大陆手机号码，紧邻联系方式字样"
)
_AFTER = 30


def _in_url(text: str, start: int) -> bool:
    """Whether the number is part of a URL (``https://x/tel/138…``): "tel" there is a path."""
    token = text[max(0, start - 200) : start]
    cut = max(
        token.rfind(" "), token.rfind("\n"), token.rfind("\t"), token.rfind("("), token.rfind("<")
    )
    token = token[cut + 1 :]
    return "://" in token or token.startswith("www.")


def _context_on_line(text: str, start: int, end: int) -> bool:
    if _in_url(text, start):
        return False
    begin = max(line_start(text, start), start - _BEFORE)
    stop = text.find("\n", end)
    stop = len(text) if stop == -1 else stop
    return bool(
        _CONTEXT.search(text[begin:start]) or _CONTEXT.search(text[end : min(stop, end + _AFTER)])
    )


def _phone_tables(doc: Document) -> dict[int, list[tuple[int, int, bool]]]:
    """Per view (by id): offset ranges of tables with a phone column, and whether the table
    also has a name or ID column."""
    out: dict[int, list[tuple[int, int, bool]]] = {}
    for table in tables(doc):
        kinds = {column_kind(cell) for cell in table.header}
        if "phone" not in kinds or not table.rows:
            continue
        last_offset = table.rows[-1][0]
        end = table.view.text.find("\n", last_offset)
        end = len(table.view.text) if end == -1 else end
        identified = bool(kinds & {"name", "id"})
        out.setdefault(id(table.view), []).append((table.header_offset, end, identified))
    return out


class PhoneNumber:
    name = "phone-number"
    rule = "CAC404"
    # One RE2 pass over the page (_QUICK) is cheaper than a keyword test for each word.
    keywords: tuple[str, ...] = ()

    def scan(self, doc: Document) -> Iterator[Hit]:
        if not _QUICK.search(doc.lowered):
            return
        phone_tables: dict[int, list[tuple[int, int, bool]]] | None = None
        found: dict[str, tuple[View, int, bool]] = {}
        budget = MAX_CANDIDATES
        for view in doc.views:
            if budget < 0:
                break  # enough candidates examined on this page
            text = view.text
            lines = LineCounter(view)
            for match in _PHONE.finditer(text):
                budget -= 1
                if budget < 0:
                    break
                start, end = match.start(), match.end()
                if not standalone(text, start, end):
                    continue
                digits = "".join(ch for ch in match.group(0) if ch.isdigit())[-11:]
                if digits in found and found[digits][2]:
                    continue  # already seen in a record: nothing stronger to learn
                if phone_tables is None:
                    phone_tables = _phone_tables(doc)
                in_table = [
                    identified
                    for first, last, identified in phone_tables.get(id(view), ())
                    if first <= start <= last
                ]
                if not in_table and not _context_on_line(text, start, end):
                    continue
                if in_credits_section(doc, lines.at(start)):
                    continue  # the publisher's own contact numbers, credits
                identified = any(in_table)
                old = found.get(digits)
                if old is None or (identified and not old[2]):
                    found[digits] = (view, start, identified)
                if len(found) >= MAX_HITS:
                    break
        several = len(found) >= 2
        for digits, (view, start, identified) in found.items():
            strong = several or identified
            if identified:
                what = _IN_RECORD
            elif several:
                what = _PHONE_NUMBER
            else:
                what = _NEAR_CONTACT_WORD
            yield hit(self, view, start, what, digits, strong=strong)


DETECTOR = PhoneNumber()
