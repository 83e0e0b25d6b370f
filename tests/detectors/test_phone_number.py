"""phone-number (CAC404): Chinese mobile numbers next to contact words; generated numbers,
true positives and near misses, in process."""

from __future__ import annotations

import time

import pytest

from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors.phone_number import DETECTOR
from mkdocs_threatpub.scanners.document import Document, Segment, document_from_text
from tests.detectors import _leakdata as gen
from tests.detectors._network import translated

R = gen.rng(3)
A, B, C, D = (gen.phone(R) for _ in range(4))


def scan(text: str) -> list[Hit]:
    return translated(list(DETECTOR.scan(document_from_text(text))))


@pytest.mark.parametrize(
    "text",
    [
        f"手机：{A}\n",
        f"联系电话 {A}\n",
        f"联系方式: +86 {A}\n",
        f"Phone: +86-{A[:3]}-{A[3:7]}-{A[7:]}\n",
        f"Mobile {A[:3]} {A[3:7]} {A[7:]}\n",
        f"tel:{A}\n",
        f"{A}（手机）\n",
        f"0086{A} (mobile)\n",
    ],
    ids=["shouji", "lianxi-dianhua", "plus86", "dashed", "spaced", "tel-uri", "word-after", "0086"],
)
def test_one_number_next_to_a_contact_word_warns(text: str) -> None:
    hits = scan(text)
    assert len(hits) == 1
    assert not hits[0].strong
    assert hits[0].rule == "CAC404"
    assert hits[0].what == "Chinese mobile phone number next to a contact word in prose"
    assert A not in hits[0].what
    assert A[-4:] not in hits[0].what


def test_two_numbers_with_context_are_strong() -> None:
    hits = scan(f"泄露数据示例：\n\n手机 {A}\n\n另一条：电话 {B}\n")
    assert len(hits) == 2
    assert all(h.strong for h in hits)
    assert [h.line for h in hits] == [3, 5]
    assert all(h.what == "Chinese mobile phone number in prose" for h in hits)


def test_the_same_number_twice_is_one_number() -> None:
    hits = scan(f"手机 {A}\n\nphone {A}\n")
    assert len(hits) == 1
    assert not hits[0].strong


def test_table_with_a_phone_and_a_name_column_is_strong_even_for_one_row() -> None:
    hits = scan(f"| 姓名 | 手机号 |\n|---|---|\n| 张三 | {A} |\n")
    assert len(hits) == 1
    assert hits[0].strong
    assert hits[0].line == 3
    assert (
        hits[0].what
        == "Chinese mobile phone number in a record with a name or ID column in a table"
    )


def test_csv_block_with_a_phone_column() -> None:
    rows = "\n".join(f"user{i},{n}" for i, n in enumerate((A, B, C)))
    hits = scan(f"```csv\nname,mobile\n{rows}\n```\n")
    assert len(hits) == 3
    assert all(h.strong for h in hits)
    assert [h.line for h in hits] == [3, 4, 5]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"Order {A} shipped.\n", id="no-context"),
        pytest.param(f"{A} {B} {C} {D}\n", id="several-without-context"),
        pytest.param(f"手机 1{A}\n", id="longer-run"),
        pytest.param(f"phone {A}5\n", id="longer-run-after"),
        pytest.param(f"phone build 0x{A}\n", id="hex"),
        pytest.param(f"phone v2.{A}\n", id="version"),
        pytest.param("phone 12345678901 and 10012345678\n", id="not-a-mobile-prefix"),
        pytest.param(f"电话 {A[:3]}****{A[7:]}\n", id="masked"),
        pytest.param(f"The phone vendor released build {A[:-1]}.\n", id="ten-digits"),
        pytest.param(f"{A}\n\n\n\nphone support is available.\n", id="context-on-another-line"),
        pytest.param(
            f"Phone numbers were exposed; see ticket {'x' * 70}{A}\n", id="context-too-far"
        ),
        pytest.param(f"see https://example.com/tel/{A} and www.x.cn/phone?n={A}\n", id="in-a-url"),
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(text) == []


def test_table_without_a_phone_column_needs_context_words() -> None:
    text = f"| Build | Value |\n|---|---|\n| a | {A} |\n| b | {B} |\n"
    assert scan(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "1" * 100_000,
        " " * 5000,
        "手机" * 50_000,
        ("phone " + "1" * 11 + " ") * 5000,
        "+86 138 " * 12_000,
        "| 手机 |\n|---|\n" + f"| {A} |\n" * 3000,
    ],
    ids=["letters", "digits", "spaces", "context-words", "many-numbers", "prefixes", "big-table"],
)
def test_linear_time(text: str) -> None:
    for doc in (document_from_text(text), Document([Segment("code", text, 1)])):
        started = time.perf_counter()
        list(DETECTOR.scan(doc))
        assert time.perf_counter() - started < 0.5


def test_contact_section_of_the_publisher_is_not_a_leak() -> None:
    text = f"## 联系我们\n\n电话：{A}\n\n手机：{B}\n"
    assert scan(text) == []
    leaked = f"## 泄露的联系方式\n\n电话：{A}\n\n手机：{B}\n"
    assert len(scan(leaked)) == 2
