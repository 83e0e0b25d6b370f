"""Helpers for the leaked-data detectors (CAC404): number boundaries, tables and CSV blocks,
column kinds, the section a line sits in.

Nothing here reports anything by itself; each CAC404 detector keeps its own patterns.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from dataclasses import dataclass

from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.document import Document, View

__all__ = [
    "MAX_CANDIDATES",
    "MAX_HITS",
    "MAX_ROWS",
    "PERSONAL_KINDS",
    "LineCounter",
    "Table",
    "column_kind",
    "in_credits_section",
    "is_masked",
    "line_start",
    "standalone",
    "tables",
]

# Per detector and page: enough to point a reviewer at the data; a dump of a million rows
# should not make a million findings (the page is held by the first one).
MAX_HITS = 50
# Rows of one table read cell by cell; the rest are counted only.
MAX_ROWS = 1000
# Candidate matches one detector examines per page: enough to decide, and it keeps a
# pathological page (the same address 100,000 times) from costing seconds.
MAX_CANDIDATES = 2000

_WORD = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


def standalone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a number on its own.

    Not when glued to letters, digits or ``_`` (hex strings, longer digit runs, identifiers)
    or joined by ``.``, ``-``, ``:`` or ``/`` to more digits (versions, dates, timestamps,
    dotted or dashed numbers).
    """
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before in _WORD or after in _WORD:
        return False
    if before and before in ".-:/" and start > 1 and text[start - 2].isdigit():
        return False
    return not (after and after in ".-:/" and end + 1 < len(text) and text[end + 1].isdigit())


class LineCounter:
    """File lines of increasing offsets in one view, counting each newline once."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.offset = 0
        self.line = view.segment.line

    def at(self, offset: int) -> int:
        if offset < self.offset:
            return self.view.line_at(offset)
        self.line += self.view.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def line_start(text: str, offset: int) -> int:
    """Offset of the start of the line holding ``offset``."""
    return text.rfind("\n", 0, offset) + 1


# ---------------------------------------------------------------------------------------
# Column kinds: what a table header or CSV header cell names.

_KIND_WORDS: dict[str, tuple[str, ...]] = {
    # Chinese words match anywhere in the cell; English ones as whole words of the cell.
    "name": ("姓名", "名字", "真实姓名", "联系人", "客户姓名", "持卡人", "收件人", "收货人"),
    "phone": ("手机", "电话", "联系方式", "联系电话"),
    "id": ("身份证", "证件号", "护照号", "社保号"),
    "email": ("邮箱", "电子邮件", "电子邮箱"),
    "address": ("地址", "住址"),
    "birth": ("出生", "生日"),
    "card": ("银行卡", "卡号", "信用卡", "银行账号"),
    "password": ("密码", "口令"),
}
_ENGLISH: dict[str, str] = {}
for _kind, _words in {
    "name": (
        "name",
        "full name",
        "fullname",
        "full_name",
        "first name",
        "first_name",
        "firstname",
        "last name",
        "last_name",
        "lastname",
        "surname",
        "given name",
        "family name",
        "customer",
        "customer name",
        "real name",
        "realname",
        "real_name",
        "cardholder",
        "holder",
        "contact name",
        "patient",
        "patient name",
    ),
    "phone": (
        "phone",
        "phone number",
        "phone_number",
        "phonenumber",
        "phone no",
        "mobile",
        "mobile number",
        "mobile_number",
        "mobile no",
        "mobile_no",
        "tel",
        "telephone",
        "cell",
        "cellphone",
        "contact number",
    ),
    "id": (
        "ssn",
        "social security number",
        "social security",
        "id card",
        "id_card",
        "idcard",
        "id number",
        "id_number",
        "id no",
        "id_no",
        "national id",
        "national_id",
        "passport",
        "passport number",
        "passport no",
        "identity number",
        "resident id",
    ),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail", "email_address"),
    "address": (
        "address",
        "home address",
        "street",
        "street address",
        "addr",
        "home_address",
        "postal address",
        "residential address",
    ),
    "birth": ("dob", "birthday", "birth date", "date of birth", "birthdate", "birth_date"),
    "card": (
        "card",
        "card number",
        "card_number",
        "card no",
        "cardnumber",
        "credit card",
        "pan",
        "iban",
        "account number",
        "bank account",
        "account_number",
        "cvv",
        "cvc",
    ),
    "password": ("password", "passwd", "pwd", "password hash", "password_hash", "pass"),
}.items():
    for _word in _words:
        _ENGLISH[_word] = _kind

# Kinds that make a record personal; a password column only counts next to one of them
# (a user name and password table of default credentials is not a record dump).
PERSONAL_KINDS = frozenset({"name", "phone", "id", "email", "address", "birth", "card"})

_CELL_NOISE = str.maketrans(dict.fromkeys("*_`~\"'()（）:：#.[]", " "))


@functools.lru_cache(maxsize=4096)
def column_kind(cell: str) -> str | None:
    """The personal-field kind a header cell names, if any."""
    if len(cell) > 60:
        return None
    text = " ".join(cell.translate(_CELL_NOISE).lower().split())
    if not text or len(text) > 40:
        return None
    for kind, words in _KIND_WORDS.items():
        if any(word in text for word in words):
            return kind
    return _ENGLISH.get(text)


_MASK = lazy_re2(r"(?i)(?:\*{2,}|x{3,}|…|\.\.\.|#{3,}|<[^>]{0,40}>|redacted|n/a|已脱敏|某)")


def is_masked(cell: str) -> bool:
    """A cell whose value is hidden or absent (``138****1234``, ``xxx``, ``…``, empty)."""
    value = cell.strip().strip("`*_")
    return not value or value in ("-", "—", "/") or bool(_MASK.search(value))


# ---------------------------------------------------------------------------------------
# Tables: Markdown pipe tables (in "table" or "prose" segments) and CSV/TSV code blocks.


@dataclass(frozen=True)
class Table:
    """A header row and data rows of one view; offsets are into ``view.text``."""

    view: View
    header: list[str]
    header_offset: int
    rows: list[tuple[int, list[str]]]  # (offset of the row's line, cells), at most MAX_ROWS
    total_rows: int  # all data rows, also those past MAX_ROWS


_SEPARATOR_CHARS = frozenset("|:- \t")


def _is_separator(line: str) -> bool:
    """A pipe table's delimiter row: ``|---|:--:|``."""
    return "|" in line and line.count("-") >= 3 and set(line) <= _SEPARATOR_CHARS


def tables(doc: Document, min_rows: int = 1) -> Iterator[Table]:
    """Every table-like view of the page with at least ``min_rows`` data rows: pipe tables,
    and delimited (CSV/TSV) blocks in code, in decoded base64 runs and in paragraphs."""
    for view in doc.block_views():
        if view.text.count("\n") < min_rows:
            continue  # too few lines for a header and min_rows rows
        found = False
        if view.segment.kind in ("table", "prose") and view.how != "base64":
            for table in _pipe_tables(view):
                found = True
                yield table
        if not found and view.segment.kind != "heading":
            yield from _delimited(view)


def _lines(text: str, start: int = 0) -> list[tuple[int, str]]:
    """(offset, line) for each line of ``text`` from offset ``start`` on."""
    out: list[tuple[int, str]] = []
    offset = start
    for line in text[start:].split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return [cell.strip() for cell in inner.split("|")]


def _pipe_tables(view: View) -> Iterator[Table]:
    if "|" not in view.text or "--" not in view.text:
        return
    lines = _lines(view.text)
    index = 0
    while index + 1 < len(lines):
        header_offset, header_line = lines[index]
        if "|" in header_line and _is_separator(lines[index + 1][1]):
            header = _pipe_cells(header_line)
            rows: list[tuple[int, list[str]]] = []
            index += 2
            total = 0
            while index < len(lines) and "|" in lines[index][1]:
                if total < MAX_ROWS:
                    rows.append((lines[index][0], _pipe_cells(lines[index][1])))
                total += 1
                index += 1
            yield Table(view, header, header_offset, rows, total)
            continue
        index += 1


def _delimited(view: View) -> Iterator[Table]:
    """A CSV/TSV-like block: the first non-empty line is a header, later lines rows."""
    text = view.text
    offset = 0
    end = -1
    while offset < len(text):  # the first non-empty line
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        if text[offset:end].strip():
            break
        offset = end + 1
    if offset >= len(text) or end >= len(text):
        return  # empty, or a single line
    header_offset, header_line = offset, text[offset:end]
    delimiter = _delimiter(header_line)
    if delimiter is None:
        return
    header = [cell.strip() for cell in header_line.split(delimiter)]
    if any(not cell or len(cell) > 24 for cell in header):
        return  # a sentence with commas, not a header
    width = len(header) - 1
    fitting = [(o, line) for o, line in _lines(text, end + 1) if line.count(delimiter) == width]
    rows = [(o, [cell.strip() for cell in line.split(delimiter)]) for o, line in fitting[:MAX_ROWS]]
    yield Table(view, header, header_offset, rows, len(fitting))


def _delimiter(line: str) -> str | None:
    counts = {d: line.count(d) for d in ("\t", ",", "|", ";", "，")}
    delimiter, count = max(counts.items(), key=lambda item: item[1])
    return delimiter if count >= 1 else None


# ---------------------------------------------------------------------------------------
# Sections

_CREDITS = lazy_re2(
    r"(?i)(?:credit|acknowledg|thank|contributor|author|maintainer|reporter|contact|\bteam\b|"
    r"about us|致谢|鸣谢|感谢|贡献者|作者|维护者|联系|团队|关于我们)"
)


_LEAK_WORDS = lazy_re2(
    r"(?i)(?:leak|dump|breach|expos|stolen|sample|泄露|泄漏|样本|数据|拖库|撞库)"
)


def in_credits_section(doc: Document, line: int) -> bool:
    """Whether ``line`` is under a heading about credits, authors or contacts (and not one
    about leaked data: "泄露的联系方式", "Leaked contacts")."""
    lines = [h[0] for h in doc.headings]
    index = bisect.bisect_right(lines, line) - 1
    if index < 0:
        return False
    heading = doc.headings[index][2]
    return bool(_CREDITS.search(heading)) and not _LEAK_WORDS.search(heading)
