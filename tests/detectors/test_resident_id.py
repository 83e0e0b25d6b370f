"""resident-id (CAC404): Chinese resident ID numbers, generated with valid and invalid check
digits by python-stdnum; true positives and near misses, in process."""

from __future__ import annotations

import base64
import datetime as dt
import time

import pytest
from stdnum.cn import ric

from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors.resident_id import DETECTOR, valid_ric
from mkdocs_threatpub.scanners.document import Document, Segment, document_from_text
from tests.detectors import _leakdata as gen
from tests.detectors._network import translated

R = gen.rng(1)
ID = gen.resident_id(R)
ID_X = next(n for n in (gen.resident_id(R) for _ in range(400)) if n.endswith("X"))
OTHERS = [gen.resident_id(R) for _ in range(3)]


def scan(text: str) -> list[Hit]:
    return translated(list(DETECTOR.scan(document_from_text(text))))


@pytest.mark.parametrize(
    ("text", "line", "where"),
    [
        (f"身份证号：{ID}\n", 1, "prose"),
        (f"Intro.\n\n```\n张三,{ID},北京\n```\n", 4, "a code block"),
        (f"| 姓名 | 身份证 |\n|---|---|\n| 张三 | {ID} |\n", 3, "a table"),
        (f"The ID `{ID}` leaked.\n", 1, "prose"),  # inline code repeats its paragraph
        (f"ID:{ID}.\n", 1, "prose"),
        (f"（{ID}）\n", 1, "prose"),
        (f"id={ID_X}\n", 1, "prose"),
        (f"id={ID_X.lower()}\n", 1, "prose"),
    ],
    ids=[
        "prose",
        "csv-code",
        "table",
        "inline-code",
        "colon-period",
        "fullwidth-parens",
        "x",
        "lower-x",
    ],
)
def test_one_valid_id_is_strong(text: str, line: int, where: str) -> None:
    hits = scan(text)
    assert len(hits) == 1, hits
    assert hits[0].strong
    assert hits[0].rule == "CAC404"
    assert hits[0].line == line
    assert hits[0].what == f"Chinese resident ID number in {where}"


def test_each_distinct_id_is_a_hit_and_the_data_never_reaches_the_description() -> None:
    text = "\n".join(f"- {n}" for n in [ID, *OTHERS, ID]) + "\n"
    hits = scan(text)
    assert [h.line for h in hits] == [1, 2, 3, 4]
    assert len({h.fingerprint for h in hits}) == 4
    for h in hits:
        assert not any(n in h.what or n[:6] in h.what for n in [ID, *OTHERS])


def test_fullwidth_and_base64_forms_are_decoded() -> None:
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in ID)
    hits = scan(f"证件：{fullwidth}\n")
    assert len(hits) == 1
    assert hits[0].strong
    encoded = base64.b64encode(f"name=Zhang San; id={ID}; city=Beijing".encode()).decode()
    hits = scan(f"blob {encoded}\n")
    assert len(hits) == 1
    assert "base64" in hits[0].what


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"身份证号：{gen.wrong_check_digit(ID)}\n", id="wrong-check-digit"),
        pytest.param(f"x {gen.wrong_check_digit(ID_X)} y\n", id="wrong-check-digit-x"),
        pytest.param(f"run 1{ID}\n", id="inside-longer-run-before"),
        pytest.param(f"run {ID}7\n", id="inside-longer-run-after"),
        pytest.param(f"sha deadbeef{ID}cafe\n", id="inside-hex"),
        pytest.param(f"v1.{ID}\n", id="dotted-number"),
        pytest.param(f"{ID}.5\n", id="decimal"),
        pytest.param(f"ts 2024-{ID}\n", id="dashed-number"),
        pytest.param(f"id_{ID}\n", id="identifier"),
        pytest.param("order 20231012103045123456 and 1700000000000000000\n", id="timestamps"),
        pytest.param("110101199013327777 110101199002307777\n", id="impossible-dates"),
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(text) == []


def test_implausible_birth_dates() -> None:
    # Check digit and area are right, but the person would be born in 2099.
    base = "110101" + "20990101" + "123"
    number = base + ric.calc_check_digit(base + "0")
    assert not valid_ric(number)
    assert scan(f"ID {number}\n") == []
    assert not valid_ric(ID, today=dt.date(1980, 1, 1))  # born after "today"
    assert valid_ric(ID)


def test_unknown_area_code_is_not_an_id() -> None:
    base = "990101" + "19900307" + "123"  # no such area
    number = base + ric.calc_check_digit(base + "0")
    assert scan(f"ID {number}\n") == []


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "1" * 100_000,
        " " * 5000,
        "11010119900307" * 7000,
        ("1" * 17 + " ") * 5000,
        f"{ID} " * 5000,
    ],
    ids=["letters", "digits", "spaces", "id-prefix-repeated", "17-digit-runs", "many-ids"],
)
def test_linear_time(text: str) -> None:
    for doc in (document_from_text(text), Document([Segment("code", text, 1)])):
        started = time.perf_counter()
        list(DETECTOR.scan(doc))
        assert time.perf_counter() - started < 0.5
