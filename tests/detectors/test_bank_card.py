"""bank-card (CAC404): Luhn-valid card numbers generated with stdnum.luhn; test numbers,
broken check digits and digits inside other numbers are near misses. In process."""

from __future__ import annotations

import time

import pytest
from stdnum import luhn

from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors.bank_card import (
    DETECTOR,
    TEST_NUMBERS,
    brand,
    card_candidate,
)
from mkdocs_threatpub.scanners.document import Document, Segment, document_from_text
from tests.detectors import _leakdata as gen
from tests.detectors._network import translated

R = gen.rng(2)
UNIONPAY = gen.card(R, "62", 16)
UNIONPAY_19 = gen.card(R, "621", 19)
VISA = gen.card(R, "4", 16)
MASTERCARD = gen.card(R, "53", 16)
MASTERCARD_2 = gen.card(R, "23", 16)
AMEX = gen.card(R, "37", 15)
JCB = gen.card(R, "3540", 16)
NO_ISSUER = gen.card(R, "9", 16)  # Luhn-valid, but no card scheme starts with 9


def scan(text: str) -> list[Hit]:
    return translated(list(DETECTOR.scan(document_from_text(text))))


@pytest.mark.parametrize(
    ("number", "scheme"),
    [
        (UNIONPAY, "UnionPay"),
        (UNIONPAY_19, "UnionPay"),
        (VISA, "Visa"),
        (MASTERCARD, "Mastercard"),
        (MASTERCARD_2, "Mastercard"),
        (AMEX, "American Express"),
        (JCB, "JCB"),
    ],
    ids=["unionpay", "unionpay-19", "visa", "mastercard", "mastercard-2-series", "amex", "jcb"],
)
def test_one_card_next_to_a_card_word_is_strong(number: str, scheme: str) -> None:
    hits = scan(f"泄露样本：卡号 {number}，有效期 12/29\n")
    assert len(hits) == 1
    assert hits[0].strong
    assert hits[0].rule == "CAC404"
    assert hits[0].line == 1
    assert hits[0].what == f"payment card number ({scheme}) in prose"
    assert number not in hits[0].what
    assert number[-4:] not in hits[0].what


@pytest.mark.parametrize(
    "written",
    [
        gen.grouped(VISA),
        gen.grouped(VISA, "-"),
        f"{AMEX[:4]} {AMEX[4:10]} {AMEX[10:]}",
        f"{gen.grouped(VISA)} 123",  # followed by a CVV
    ],
    ids=["spaces", "dashes", "amex-4-6-5", "with-cvv"],
)
def test_grouped_forms(written: str) -> None:
    hits = scan(f"Credit card: {written}\n")
    assert len(hits) == 1
    assert hits[0].strong


def test_two_cards_without_context_are_strong_one_only_warns() -> None:
    one = scan(f"Values seen: {VISA}\n")
    assert len(one) == 1
    assert not one[0].strong
    assert one[0].what == "payment card number (Visa) with no card context in prose"
    two = scan(f"```\n{VISA}\n{UNIONPAY}\n```\n")
    assert len(two) == 2
    assert all(h.strong for h in two)
    assert [h.line for h in two] == [2, 3]


def test_csv_dump_in_code() -> None:
    rows = "\n".join(f"{i},{gen.card(R, '62', 16)},12/2{i}" for i in range(5))
    hits = scan(f"```csv\nid,card,exp\n{rows}\n```\n")
    assert len(hits) == 5
    assert all(h.strong for h in hits)


KNOWN_TEST_NUMBERS = [
    "4111111111111111",
    "4242424242424242",
    "5555555555554444",
    "378282246310005",
    "371449635398431",
    "6011111111111117",
    "3530111333300000",
    "4012888888881881",
    "5105105105105100",
    "4000000000000077",
    "6200000000000005",
]


@pytest.mark.parametrize("number", KNOWN_TEST_NUMBERS)
def test_published_test_numbers_are_ignored(number: str) -> None:
    assert luhn.is_valid(number)
    assert scan(f"Use the test card {number} with any CVC.\n") == []
    assert scan(f"card {gen.grouped(number)}\n") == []


def test_test_number_list_is_well_formed() -> None:
    assert all(n.isdigit() and 13 <= len(n) <= 19 for n in TEST_NUMBERS)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"卡号 {gen.luhn_broken(UNIONPAY)}\n", id="luhn-broken"),
        pytest.param(f"card {gen.luhn_broken(gen.grouped(VISA))}\n", id="luhn-broken-grouped"),
        pytest.param(f"card 1{VISA}\n", id="longer-run"),
        pytest.param(f"card {VISA}00\n", id="longer-run-after"),
        pytest.param(f"card sha256:ab{VISA}cd\n", id="inside-hex"),
        pytest.param(f"card 0x{VISA}\n", id="hex-literal"),
        pytest.param(f"version 1.{VISA}\n", id="version-string"),
        pytest.param(f"card {VISA}.5\n", id="decimal"),
        pytest.param(f"at 12:{VISA}\n", id="time-like"),
        pytest.param(
            "card 1700000000000 1700000000000000 1700000000000000000\n", id="epoch-ms-us-ns"
        ),
        pytest.param("card 9223372036854775807 18446744073709551615\n", id="integer-limits"),
        pytest.param("卡号 4000 0000 0000 0002\n", id="zero-run"),
        pytest.param(f"card {NO_ISSUER}\n", id="no-issuer"),
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(text) == []


def test_resident_id_that_passes_luhn_is_not_a_card() -> None:
    ids = (gen.resident_id(R, area="620102") for _ in range(2000))
    number = next(n for n in ids if n.isdigit() and luhn.is_valid(n))
    assert brand(number) == "UnionPay"  # 62…, 18 digits: shaped like a card
    assert card_candidate(number) is None
    assert scan(f"银行卡 {number}\n") == []


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "1" * 100_000,
        " " * 5000,
        "1234 " * 20_000,
        "4111-" * 20_000,
        f"{VISA} " * 5000,
    ],
    ids=["letters", "digits", "spaces", "groups", "dashed-groups", "many-cards"],
)
def test_linear_time(text: str) -> None:
    for doc in (document_from_text(text), Document([Segment("code", text, 1)])):
        started = time.perf_counter()
        list(DETECTOR.scan(doc))
        assert time.perf_counter() - started < 0.5
