"""Payment card numbers (bank cards): 13-19 digits, written solid or in groups of four.

A candidate must pass the Luhn check (``stdnum.luhn``), start with a plausible issuer prefix
for its length (Visa, Mastercard, UnionPay, American Express, Discover, JCB, Diners Club,
Mir, Maestro), and not be one of the test numbers that payment providers publish, nor look
like one (a run of six equal digits, three or fewer distinct digits). Digits inside a longer
run, a hex string, a timestamp or a version string are not candidates. Strong with a card
word nearby (card, 卡号, 银行卡, CVV, expiry, …) or when the page holds two or more such
numbers; one number with no context only warns.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._personal import MAX_CANDIDATES, MAX_HITS, standalone
from mkdocs_threatpub.scanners.detectors.resident_id import valid_ric
from mkdocs_threatpub.scanners.document import Document, View

_CARD = lazy_re2(
    r"[0-9]{13,19}"
    r"|[0-9]{4}(?: [0-9]{4}){3} [0-9]{1,3}"
    r"|[0-9]{4}(?:-[0-9]{4}){3}-[0-9]{1,3}"
    r"|[0-9]{4}(?: [0-9]{4}){2} [0-9]{1,4}"
    r"|[0-9]{4}(?:-[0-9]{4}){2}-[0-9]{1,4}"
    r"|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}"
)
_QUICK = lazy_re2(r"[0-9]{4}[ -]?[0-9]{4,6}[ -]?[0-9]{3}")
_CONTEXT = lazy_re2(
    r"(?i)(?:卡号|银行卡|信用卡|借记卡|储蓄卡|银联|持卡人|有效期|\bcards?\b|\bcard[_ -]?(?:no|num|number|holder)|"
    r"\bcredit\b|\bdebit\b|\bvisa\b|mastercard|\bamex\b|unionpay|\bcvv2?\b|\bcvc\b|\bpan\b|"
    r"\bexp(?:iry|iration)?\b|\bccn?\b|cardholder|\biban\b)"
)
_CONTEXT_REACH = 160
# Scheme names as Chinese readers know them; the others are used as they are.
_SCHEMES_ZH = {"UnionPay": "银联", "American Express": "美国运通", "Diners Club": "大来卡"}

# Numbers that payment providers publish for testing (Stripe, Braintree, Adyen, PayPal,
# Checkout, Worldpay, UnionPay); they are in every integration guide and carry no data.
TEST_NUMBERS = frozenset(
    (
        "4111111111111111",
        "4012888888881881",
        "4222222222222",
        "4242424242424242",
        "4000056655665556",
        "4000002500003155",
        "4000000000003220",
        "4000000000009995",
        "4000000000000077",
        "4000000000000002",
        "4000000000000010",
        "4000000000000028",
        "4000000000000036",
        "4000000000000101",
        "4000000000000341",
        "4000000000000259",
        "4000000000000119",
        "4000000000000127",
        "4000000000000069",
        "4000000000000093",
        "4000000760000002",
        "4000001240000000",
        "4000008260000000",
        "4000000400000008",
        "4000002760000016",
        "4263982640269299",
        "4917484589897107",
        "4001919257537193",
        "4007702835532454",
        "4988438843884305",
        "4166676667666746",
        "4646464646464644",
        "4000620000000007",
        "4444333322221111",
        "4917610000000000",
        "4462030000000000",
        "4917300800000000",
        "4484070000000000",
        "4035501000000008",
        "4360000001000005",
        "4012000033330026",
        "4012000077777777",
        "4871049999999910",
        "4007000000027",
        "4012888818888",
        "4217651111111119",
        "4500600000000061",
        "4005519200000004",
        "4009348888881881",
        "4012000010000",
        "4111111111111",
        "4222222222222220",
        "4532015112830366",
        "4716108999716531",
        "4539578763621486",
        "5555555555554444",
        "5105105105105100",
        "5200828282828210",
        "5425233430109903",
        "5454545454545454",
        "5100290029002909",
        "5577000055770004",
        "5555341244441115",
        "5424000000000015",
        "5431111111111111",
        "5500000000000004",
        "5200000000000007",
        "5200000000000015",
        "5111111111111118",
        "5019717010103742",
        "2223003122003222",
        "2223000048400011",
        "2222400070000005",
        "2223000010309703",
        "2223000010309711",
        "2223520043560014",
        "2720992720992729",
        "378282246310005",
        "371449635398431",
        "378734493671000",
        "340000000000009",
        "341111111111111",
        "370000000000002",
        "374245455400126",
        "378282246310005",
        "371144371144376",
        "376449047333005",
        "6011111111111117",
        "6011000990139424",
        "6011000000000004",
        "6011000000000012",
        "6011601160116611",
        "6011981111111113",
        "6445644564456445",
        "6011000400000000",
        "3056930009020004",
        "36227206271667",
        "30569309025904",
        "38520000023237",
        "36006666333344",
        "36700102000000",
        "36148900647913",
        "30000000000004",
        "38000000000006",
        "3530111333300000",
        "3566002020360505",
        "3569990010095841",
        "3528000700000000",
        "3566111111111113",
        "3337000000000008",
        "3088000000000017",
        "6200000000000005",
        "6205500000000000004",
        "6243030000000001",
        "6250941006528599",
        "6250947000000014",
        "6222821234560017",
        "6212345678901265",
        "6212345678901232",
        "6221558812340000",
        "6331101999990016",
        "6703444444444449",
        "6759649826438453",
        "6799990100000000019",
        "5610591081018250",
        "6304000000000000",
        "6759000000000000",
        "6761000000000006",
    )
)


def brand(digits: str) -> str | None:
    """The card scheme whose issuer prefixes and lengths fit ``digits``, if any."""
    n = len(digits)
    p2, p3, p4 = int(digits[:2]), int(digits[:3]), int(digits[:4])
    if digits[0] == "4" and n in (13, 16, 19):
        return "Visa"
    if n == 16 and (51 <= p2 <= 55 or 2221 <= p4 <= 2720):
        return "Mastercard"
    if n == 15 and p2 in (34, 37):
        return "American Express"
    if 16 <= n <= 19 and p2 == 62:
        return "UnionPay"
    if 16 <= n <= 19 and (p4 == 6011 or 644 <= p3 <= 649 or p2 == 65):
        return "Discover"
    if 16 <= n <= 19 and 3528 <= p4 <= 3589:
        return "JCB"
    if 14 <= n <= 19 and (300 <= p3 <= 305 or p2 in (36, 38, 39)):
        return "Diners Club"
    if 16 <= n <= 19 and 2200 <= p4 <= 2204:
        return "Mir"
    if 13 <= n <= 19 and (p2 in (50, 56, 57, 58, 67) or p4 in (6304, 6759, 6761, 6762, 6763)):
        return "Maestro"
    return None


def looks_like_test_number(digits: str) -> bool:
    """Published test numbers, and numbers shaped like them (4000 0000 0000 0002)."""
    if digits in TEST_NUMBERS or len(set(digits)) <= 3:
        return True
    run = 1
    for index in range(1, len(digits)):
        run = run + 1 if digits[index] == digits[index - 1] else 1
        if run >= 6:
            return True
    return False


def card_candidate(digits: str) -> str | None:
    """The brand of a real-looking card number, or None."""
    if not 13 <= len(digits) <= 19 or not _luhn_valid(digits):
        return None
    scheme = brand(digits)
    if scheme is None or looks_like_test_number(digits):
        return None
    if len(digits) == 18 and valid_ric(digits):
        return None  # a resident ID number that happens to pass Luhn
    return scheme


def _has_context(view: View, start: int, end: int) -> bool:
    text = view.text
    window = text[max(0, start - _CONTEXT_REACH) : end + _CONTEXT_REACH]
    return bool(_CONTEXT.search(window))


class BankCard:
    name = "bank-card"
    rule = "CAC404"
    keywords: tuple[str, ...] = ()  # digits only; scan() starts with a cheap check

    def scan(self, doc: Document) -> Iterator[Hit]:
        if not _QUICK.search(doc.lowered):
            return
        found: dict[str, tuple[View, int, str, bool]] = {}
        judged: dict[str, tuple[str, str] | None] = {}  # written form → (digits, scheme)
        budget = MAX_CANDIDATES
        for view in doc.views:
            if budget < 0:
                break  # enough candidates examined on this page
            text = view.text
            for match in _CARD.finditer(text):
                budget -= 1
                if budget < 0:
                    break
                start, end = match.start(), match.end()
                if not standalone(text, start, end):
                    continue
                written = match.group(0)
                if written not in judged:
                    judged[written] = _judge(written)
                candidate = judged[written]
                if candidate is None:
                    continue
                digits, scheme = candidate
                old = found.get(digits)
                if old is not None and old[3]:
                    continue  # already seen next to a card word
                context = _has_context(view, start, end)
                if old is None or context:
                    found[digits] = (view, start, scheme, context)
                if len(found) >= MAX_HITS:
                    break
        several = len(found) >= 2
        for digits, (view, start, scheme, context) in found.items():
            strong = several or context
            scheme_zh = _SCHEMES_ZH.get(scheme, scheme)
            if strong:
                what = t(f"payment card number ({scheme})", f"银行卡号（{scheme_zh}）")
            else:
                what = t(
                    f"payment card number ({scheme}) with no card context",
                    f"银行卡号（{scheme_zh}），附近无银行卡相关字样",
                )
            yield hit(self, view, start, what, digits, strong=strong)


def _judge(written: str) -> tuple[str, str] | None:
    """(digits, scheme) of a written card number, or None."""
    digits = written.replace(" ", "").replace("-", "")
    scheme = card_candidate(digits)
    groups = written.replace("-", " ").split(" ")
    if scheme is None and len(groups) == 5:
        # Four groups of four and a short one: a card number and its CVV?
        digits = "".join(groups[:4])
        scheme = card_candidate(digits)
    return None if scheme is None else (digits, scheme)


DETECTOR = BankCard()


def _luhn_valid(digits: str) -> bool:
    # python-stdnum (and the ssl module its utilities pull in) is imported by the first
    # candidate number, not at start-up: most sites never have one.
    from stdnum import luhn

    return bool(luhn.is_valid(digits))
