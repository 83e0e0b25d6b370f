"""The CAC700 title normaliser: evasions caught, benign titles passed, linear time."""

from __future__ import annotations

import time

import pytest

from mkdocs_threatpub.core import normalize
from mkdocs_threatpub.core.normalize import (
    find_early_warning,
    mentions_early_warning,
    normalize_title,
    skeleton,
)

EW = "early warning"

# (title, the reserved word it must be found to use)
EVASIONS = [
    ("Early Warning: gateway overflow", EW),
    ("early warning", EW),
    ("EARLY WARNING", EW),
    ("EaRlY wArNiNg", EW),
    ("Early-Warning", EW),
    ("EARLY_WARNING", EW),
    ("early.warning", EW),
    ("early\twarning", EW),
    ("early/warning", EW),
    ("`early` `warning`", EW),
    ("**early** warning", EW),
    ("_early_ ~~warning~~", EW),
    ("[Early](/x) warning", EW),  # a Markdown link around the word
    ("[Early][ref] warning", EW),
    ("<b>early</b> warn<i>ing</i>", EW),
    ("early <!-- x --> warning", EW),
    ("Early <warning>", EW),  # an unknown tag: a browser hides it, an escaped title shows it
    ("&lt;b&gt;early&lt;/b&gt; warning", EW),  # escaped markup
    ("ｅａｒｌｙ ｗａｒｎｉｎｇ", EW),  # full-width
    ("ＥＡＲＬＹ　ＷＡＲＮＩＮＧ", EW),  # full-width capitals and ideographic space
    ("𝐞𝐚𝐫𝐥𝐲 𝐰𝐚𝐫𝐧𝐢𝐧𝐠", EW),  # mathematical bold
    ("𝓮𝓪𝓻𝓵𝔂 𝔀𝓪𝓻𝓷𝓲𝓷𝓰", EW),  # mathematical bold script
    ("𝚎𝚊𝚛𝚕𝚢 𝚠𝚊𝚛𝚗𝚒𝚗𝚐", EW),  # mathematical monospace
    ("еarly warning", EW),  # Cyrillic е
    ("eаrly wаrning", EW),  # Cyrillic а
    ("earlу warning", EW),  # Cyrillic у
    ("eαrly wαrning", EW),  # Greek α
    ("ΕΑRLY WΑRΝΙΝG", EW),  # Greek capitals Ε, Α, Ν, Ι
    ("ЕАRLY WАRNING", EW),  # Cyrillic capitals Е, А
    ("Ꭼarly warning", EW),  # Cherokee Ꭼ
    ("ear1y warning", EW),  # digit one for l
    ("earIy warning", EW),  # capital I for l
    ("EARLY WARNlNG", EW),  # small l for capital I
    ("ear|y warning", EW),  # vertical line for l
    ("early waming", EW),  # m for rn
    ("ea\u0280ly warning", EW),  # small capital R
    ("ᴇᴀʀʟʏ ᴡᴀʀɴɪɴɢ", EW),  # small capitals throughout
    ("🅴🅰🆁🅻🆈 🆆🅰🆁🅽🅸🅽🅶", EW),  # negative squared letters
    ("🅔🅐🅡🅛🅨 🅦🅐🅡🅝🅘🅝🅖", EW),  # negative circled letters
    ("🇪🇦🇷🇱🇾 🇼🇦🇷🇳🇮🇳🇬", EW),  # regional indicator letters
    ("ⓔⓐⓡⓛⓨ ⓦⓐⓡⓝⓘⓝⓖ", EW),  # circled letters (NFKC)
    ("⒠⒜⒭⒧⒴ ⒲⒜⒭⒩⒤⒩⒢", EW),  # parenthesized letters (NFKC)
    ("ear\u00adly warning", EW),  # soft hyphen
    ("early\u200bwarning", EW),  # zero-width space
    ("ear\u200cly war\u200dning", EW),  # zero-width non-joiner and joiner
    ("early\u2060warning", EW),  # word joiner
    ("early\ufeffwarning", EW),  # BOM
    ("early\u2062warning", EW),  # invisible times
    ("early\u180ewarning", EW),  # Mongolian vowel separator
    ("ear\ufe0fly warning", EW),  # variation selector
    ("early\u3164warning", EW),  # Hangul filler (a letter, but invisible)
    ("\u202eearly warning\u202c", EW),  # bidi override
    ("e\u0301arly wa\u0308rning", EW),  # combining marks
    ("éarly wärning", EW),  # precomposed letters
    ("e\u20dd\u20dearly warning", EW),  # enclosing marks
    ("&eacute;arly warning", EW),  # named entity
    ("&#101;arly &#x77;arning", EW),  # numeric entities
    ("&amp;#101;arly warning", EW),  # double-encoded
    ("Yearly warnings", EW),  # by design: the letters run together inside another word
    ("Nearly warning-free builds", EW),  # by design, as above
    ("预警", "预警"),
    ("預警", "預警"),
    ("网络安全预警通报", "预警"),
    ("预\u200b警", "预警"),
    ("预 警", "预警"),
    ("预-警", "预警"),
    ("预\u0301警", "预警"),
    ("&#x9884;&#x8b66;", "预警"),
    ("&#38472;&#35686;", None),  # decimal entities for other characters (陈警): no
    ("&amp;#x9884;&amp;#x8b66;", "预警"),  # double-encoded
    ("&amp;amp;#x9884;&amp;amp;#x8b66;", "预警"),  # triple-encoded
    ("预<b></b>警", "预警"),
    ("预<!-- -->警", "预警"),
    ("**预**警", "预警"),
    ("&#x9810;&#x8b66;", "預警"),  # traditional, as entities
]

# Titles that must pass. Each was checked against the intended semantics: after dropping
# spaces none contains "earlywarning" (with i/l as one letter), 预警 or 預警.
BENIGN = [
    "Warning: early access ends",
    "Earl Y. Warnock's report",
    "预计警方",
    "Early patch for warning-free builds",  # "early" and "warning" are not adjacent
    "Heap overflow in the Example Power SCADA gateway",
    "Early warnin",  # one letter short
    "arly warning",
    "early warming",  # m for n: a different word
    "警预",  # reversed order
    "预计",
    "警告",
    "Early notice: warning signs",
    "",
    "   ",
]


@pytest.mark.parametrize(("title", "word"), EVASIONS)
def test_evasions_are_caught(title: str, word: str | None) -> None:
    assert find_early_warning(title) == word, (title, normalize.title_views(title))
    assert mentions_early_warning(title) is (word is not None)


@pytest.mark.parametrize("title", BENIGN)
def test_benign_titles_pass(title: str) -> None:
    assert find_early_warning(title) is None, normalize.title_views(title)
    assert not mentions_early_warning(title)


@pytest.mark.parametrize(
    ("slug", "word"),
    [
        ("early-warning-2026", EW),
        ("early_warning", EW),
        ("%E9%A2%84%E8%AD%A6", "预警"),  # percent-encoded 预警
        ("%25E9%25A2%2584%25E8%25AD%25A6", "预警"),  # encoded twice
        ("early%2Dwarning", EW),
        ("gateway-bulletin", None),
    ],
)
def test_url_slugs_are_percent_decoded(slug: str, word: str | None) -> None:
    assert find_early_warning(slug, url=True) == word


def test_percent_encoding_is_not_decoded_in_titles() -> None:
    """A title shows %E9%A2%84 as it is; only URLs are percent-decoded."""
    assert find_early_warning("%E9%A2%84%E8%AD%A6") is None


def test_normal_form_drops_everything_but_letters_and_digits() -> None:
    assert normalize_title("Heap-overflow_in **SCADA** v2!") == "heapoverflowlnscadav2"
    assert normalize_title("V2.0") == normalize_title("v2 O")  # UTS #39: 0 looks like O
    assert normalize_title("<b>Early</b> Warning") == normalize_title("early warning")
    assert normalize_title("ｅａｒｌｙ") == normalize_title("EARLY") == "early"
    assert normalize_title("") == ""


def test_needles_share_the_skeleton() -> None:
    """The reserved words are compared as skeletons: `i` and capital `I` fold with `l`."""
    assert skeleton("early warning") == skeleton("EARLY WARNlNG") == skeleton("earIy warning")
    assert skeleton("预警") == "预警"
    assert skeleton("預警") == "預警"


def test_prototype_table_is_one_to_one_and_deterministic() -> None:
    """Every source character has exactly one prototype, never itself, and no two
    characters are each other's prototype (pairs that list only each other are ordered)."""
    first = normalize._load_prototypes()
    second = normalize._load_prototypes()
    assert first == second
    assert len(first) > 6000
    for source, prototype in first.items():
        assert len(source) == 1
        assert prototype
        assert prototype != source
        assert first.get(prototype) != source, (source, prototype)
    assert first["е"] == "e"  # Cyrillic ie
    assert first["α"] == "a"  # Greek alpha
    assert "e" not in first  # a prototype


@pytest.mark.parametrize(
    "title",
    [
        "a" + "\u0301\u0316" * 50_000,  # marks CPython would reorder in quadratic time
        "early " * 20_000,
        "&" * 100_000,
        "&amp;" * 20_000,
        "<" * 100_000,
        "](" * 50_000,
        "][" * 50_000,
        "預" * 100_000,
        "\u00b4" * 100_000,  # NFKC: space + combining acute
        "İ" * 100_000,
        "\uff9e\uff9f" * 50_000,  # NFKC: combining marks alone
        "x" * 99_987 + "early warning",
    ],
    ids=[
        "mark-run",
        "repeated-words",
        "ampersands",
        "nested-entities",
        "open-angles",
        "link-openers",
        "reference-openers",
        "cjk",
        "spacing-accents",
        "dotted-capital-i",
        "katakana-voicing",
        "match-at-the-end",
    ],
)
def test_hundred_thousand_characters_in_linear_time(title: str) -> None:
    find_early_warning("warm up the tables")
    started = time.perf_counter()
    found = find_early_warning(title)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"{elapsed:.2f} s for {len(title)} characters"
    assert found == (EW if title.endswith("warning") else None)


def test_ascii_fast_path_agrees_with_the_general_path() -> None:
    """ASCII titles take a byte-table shortcut; it must give the general path's skeleton."""
    samples = [chr(code) for code in range(128)]
    samples += ["Heap overflow in model 17 %", "EARLY WARNlNG", "earIy_warning", "m|M 1I0O"]
    for text in samples:
        assert skeleton(text) == normalize._NOT_WORD.sub("", normalize._skeleton(text)), text
