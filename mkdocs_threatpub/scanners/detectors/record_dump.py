"""Tabular record dumps: a Markdown table or a delimited (CSV/TSV) block whose header names
personal fields, with at least three data rows that fill them in.

Header cells are read as field kinds: name (姓名, name, customer), phone (手机号, phone),
ID (身份证, SSN, passport), e-mail (邮箱, email), address (地址, address), birth date
(出生日期, DOB), card (卡号, card number, IBAN) and password (密码, password). A table is a
record dump when two or more kinds are present and at least one of them is personal (a user
name and password table of default credentials is not), and at least three rows have those
cells filled in and not masked (``138****1234``, ``xxx``, ``…``). A table of only names and
e-mail addresses under a credits, authors or contact heading is a credit list, not a dump.
Strong.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._personal import (
    MAX_HITS,
    PERSONAL_KINDS,
    Table,
    column_kind,
    in_credits_section,
    is_masked,
    tables,
)
from mkdocs_threatpub.scanners.document import Document

_MIN_ROWS = 3
_LABELS = {
    "name": "name",
    "phone": "phone",
    "id": "ID number",
    "email": "e-mail",
    "address": "address",
    "birth": "birth date",
    "card": "card number",
    "password": "password",
}
_LABELS_ZH = {
    "name": "姓名",
    "phone": "电话",
    "id": "证件号码",
    "email": "电子邮箱",
    "address": "地址",
    "birth": "出生日期",
    "card": "卡号",
    "password": "密码",
}
_ORDER = tuple(_LABELS)


def _filled_rows(table: Table, columns: list[int]) -> list[int]:
    """Offsets of rows where every personal column holds an unmasked value."""
    out: list[int] = []
    for offset, cells in table.rows:
        values = [cells[i] for i in columns if i < len(cells)]
        if len(values) == len(columns) and not any(is_masked(value) for value in values):
            out.append(offset)
    return out


def _line_at(text: str, offset: int) -> str:
    end = text.find("\n", offset)
    return text[offset : len(text) if end < 0 else end]


class RecordDump:
    name = "record-dump"
    rule = "CAC404"
    keywords: tuple[str, ...] = ()  # header words in two scripts; tables() is cheap

    def scan(self, doc: Document) -> Iterator[Hit]:
        count = 0
        for table in tables(doc, _MIN_ROWS):
            if table.total_rows < _MIN_ROWS:
                continue
            kinds: dict[str, int] = {}
            for index, cell in enumerate(table.header):
                kind = column_kind(cell)
                if kind is not None and kind not in kinds:
                    kinds[kind] = index
            if len(kinds) < 2 or not PERSONAL_KINDS & kinds.keys():
                continue
            line = table.view.line_at(table.header_offset)
            if set(kinds) <= {"name", "email"} and in_credits_section(doc, line):
                continue
            rows = _filled_rows(table, list(kinds.values()))
            if len(rows) < _MIN_ROWS:
                continue
            present = [k for k in _ORDER if k in kinds]
            fields = ", ".join(_LABELS[k] for k in present)
            fields_zh = "、".join(_LABELS_ZH[k] for k in present)
            is_table = table.view.segment.kind in ("table", "prose")
            shape, shape_zh = ("table", "表格") if is_table else ("delimited block", "分隔文本块")
            truncated = table.total_rows > len(table.rows)  # rows past MAX_ROWS were not read
            more, more_zh = ("+", " 余") if truncated else ("", " ")
            what = t(
                f"{shape} of {len(rows)}{more} personal records ({fields})",
                f"含 {len(rows)}{more_zh}条个人信息记录的{shape_zh}（{fields_zh}）",
            )
            matched = "\n".join(_line_at(table.view.text, offset) for offset in rows)
            yield hit(self, table.view, table.header_offset, what, matched)
            count += 1
            if count >= MAX_HITS:
                return


DETECTOR = RecordDump()
