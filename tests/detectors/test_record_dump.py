"""record-dump (CAC404): tables and CSV/TSV blocks of personal records (generated rows);
schema tables, masked samples, credential defaults and credits are near misses. In process."""

from __future__ import annotations

import time

import pytest

from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors.record_dump import DETECTOR
from mkdocs_threatpub.scanners.document import Document, Segment, document_from_text
from tests.detectors import _leakdata as gen
from tests.detectors._network import translated

R = gen.rng(10)
SURNAMES = "王李张刘陈杨黄赵吴周"
NAMES = [R.choice(SURNAMES) + R.choice("伟芳娜敏静丽强磊军洋") for _ in range(5)]
PHONES = [gen.phone(R) for _ in range(5)]
EMAILS = [f"{gen.chars(R, 'abcdefghij', 6)}@corp-{gen.chars(R, 'klmnop', 4)}.cn" for _ in range(5)]
LATIN = [
    f"{gen.chars(R, 'ABCDEFG', 1)}{gen.chars(R, 'aeiou', 1)}{gen.chars(R, 'nrst', 1)} Q."
    for _ in range(5)
]


def scan(text: str) -> list[Hit]:
    return translated(list(DETECTOR.scan(document_from_text(text))))


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def test_chinese_table_is_strong_and_describes_fields_not_values() -> None:
    rows = [[n, p, "北京市朝阳区某路"] for n, p in zip(NAMES, PHONES, strict=True)]
    rows = [
        [n, p, f"{gen.chars(R, '东西南北', 2)}路{i}号"]
        for i, (n, p) in enumerate(zip(NAMES, PHONES, strict=True))
    ]
    hits = scan("泄露样本：\n\n" + table(["姓名", "手机号", "地址"], rows))
    assert len(hits) == 1
    assert hits[0].strong
    assert hits[0].rule == "CAC404"
    assert hits[0].line == 3
    assert hits[0].what == "table of 5 personal records (name, phone, address) in a table"
    assert not any(v in hits[0].what for v in NAMES + PHONES)


def test_english_csv_block() -> None:
    body = "full_name,email,phone\n" + "\n".join(
        f"{n},{e},{p}" for n, e, p in zip(LATIN, EMAILS, PHONES, strict=True)
    )
    hits = scan(f"```csv\n{body}\n```\n")
    assert [h.what for h in hits] == [
        "delimited block of 5 personal records (name, phone, e-mail) in a csv code block"
    ]
    assert hits[0].line == 2


def test_tsv_and_psql_like_output() -> None:
    tsv = "ssn\tname\tdob\n" + "\n".join(
        f"{R.randrange(10**8, 10**9)}\t{n}\t19{R.randrange(50, 99)}-01-0{i + 1}"
        for i, n in enumerate(LATIN[:3])
    )
    assert len(scan(f"```\n{tsv}\n```\n")) == 1
    psql = " email | password \n-------+----------\n" + "\n".join(
        f" {e} | {gen.chars(R, gen.ALNUM, 10)}" for e in EMAILS[:4]
    )
    hits = scan(f"```\n{psql}\n```\n")
    assert len(hits) == 1
    assert "(e-mail, password)" in hits[0].what


def test_table_without_leading_pipes() -> None:
    rows = "\n".join(f"{n} | {p}" for n, p in zip(NAMES[:3], PHONES[:3], strict=True))
    hits = scan(f"姓名 | 电话\n--- | ---\n{rows}\n")
    assert len(hits) == 1
    assert hits[0].strong


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            table(["姓名", "手机号"], [[n, p] for n, p in zip(NAMES[:2], PHONES[:2], strict=True)]),
            id="two-rows",
        ),
        pytest.param(
            table(["Name", "Version", "Fixed in"], [["openssl", "3.0.1", "3.0.2"]] * 4),
            id="one-kind",
        ),
        pytest.param(
            table(
                ["Username", "Password"], [["admin", "admin"], ["root", "toor"], ["user", "user"]]
            ),
            id="default-credentials",
        ),
        pytest.param(
            table(
                ["姓名", "手机号", "身份证"],
                [
                    [n[0] + "*", p[:3] + "****" + p[7:], "110***********1234"]
                    for n, p in zip(NAMES, PHONES, strict=True)
                ],
            ),
            id="masked-sample",
        ),
        pytest.param(
            table(
                ["Field", "Type", "Description"],
                [
                    ["name", "string", "full name"],
                    ["phone", "string", "mobile"],
                    ["email", "string", "address"],
                ],
            ),
            id="schema-table",
        ),
        pytest.param(
            table(["name", "email"], [["", ""], ["...", "..."], ["xxx", "xxx"]]), id="empty-cells"
        ),
        pytest.param(
            "## Credits\n\n"
            + table(["Name", "Email"], [[n, e] for n, e in zip(LATIN, EMAILS, strict=True)]),
            id="credits",
        ),
        pytest.param(
            "Name, email, and phone number were exposed.\nThe attacker, who was not named, used\na script, a proxy, and a bot.\nNothing else, we think.\n",
            id="prose-with-commas",
        ),
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(text) == []


def test_credits_heading_does_not_cover_phone_columns() -> None:
    text = "## Contributors\n\n" + table(
        ["Name", "Phone"], [[n, p] for n, p in zip(LATIN, PHONES, strict=True)]
    )
    assert len(scan(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "1" * 100_000,
        " " * 5000,
        "|" * 100_000,
        "| name | phone |\n|---|---|\n" + "| a | b |\n" * 10_000,
        "name,phone\n" + "a,b\n" * 20_000,
        "," * 100_000,
        "|---" * 25_000,
    ],
    ids=["letters", "digits", "spaces", "pipes", "big-table", "big-csv", "commas", "separators"],
)
def test_linear_time(text: str) -> None:
    for doc in (document_from_text(text), Document([Segment("code", text, 1)])):
        started = time.perf_counter()
        list(DETECTOR.scan(doc))
        assert time.perf_counter() - started < 0.5
