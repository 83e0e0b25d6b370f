"""Title normalisation for CAC700 (RULES.md, "Normalising a title for CAC700").

A title is reduced to a *skeleton*: what a reader sees, with every way of hiding a word
from a plain substring search taken away. The steps, in order:

1. decode HTML entities until the text is stable (at most :data:`MAX_DECODE_ROUNDS`
   rounds, so ``&amp;#x9884;`` becomes ``预``), and strip markup: HTML tags, comments, and
   Markdown link destinations (``[early](x)`` reads as "early"). Markdown emphasis and code
   marks need no step of their own: step 7 drops them with the other punctuation;
2. remove invisible characters (Unicode *Default_Ignorable_Code_Point*: zero-width space,
   joiner and non-joiner, word joiner, BOM, soft hyphen, invisible operators U+2061–U+2064,
   U+180E, variation selectors, Hangul fillers, bidi controls, tags …) and combining marks;
3. Unicode NFKD, which is NFKC followed by NFD: full-width and mathematical letters
   become plain ones, precomposed letters split into base letter and marks;
4. remove combining marks again (category Mn/Me and every character with a non-zero
   canonical combining class), and invisible characters NFKC may have produced;
5. map each confusable character to its UTS #39 prototype (the ``confusable-homoglyphs``
   data; ``е`` → ``e``, ``1`` → ``l``, ``m`` → ``rn``) and each Latin letter shape the
   data leaves out (small capital ``ʀ``, negative squared ``🅴``, regional indicator ``🇪``)
   to its letter, casefolded, taken to a fixed point;
6. casefold the rest, and map characters whose casefolded form has a prototype;
7. drop everything that is not a letter or a digit: spaces, punctuation, symbols,
   underscores.

Confusables and case. UTS #39 skeletons are case-sensitive, and casefolding first would let
upper-case look-alikes through (Greek ``Ε`` folds to ``ε``, which is not confusable with
``e``). So a character that has a prototype is mapped *before* casefolding (``Ε`` → ``E`` →
``e``), every other character is casefolded first. Upper-case ``I`` is both the letter ``i``
and the classic look-alike of ``l`` (``earIy``, ``WARNlNG``): in a case-insensitive skeleton
the two are one letter, so ``i`` is mapped to ``l`` as well.

Markup is stripped in one *view* and kept (as punctuation) in another: ``Early <warning>``
hides the word from a tag stripper but not from a reader of an escaped title. A title
mentions "early warning" when either view does.

Every step is a single pass over the text (``str.translate``, ``unicodedata.normalize``,
non-backtracking regular expressions), repeated a bounded number of times: the cost is
linear in the length of the title. Combining marks are removed *before* Unicode
normalisation because CPython orders long runs of marks in quadratic time. Per-character
work (classifying a character, computing its skeleton) is done once per distinct character
and cached; ASCII text, where every step maps characters independently, takes a byte-table
shortcut. The confusables data is read on first use (about 30 ms).
"""

from __future__ import annotations

import html
import importlib.resources
import json
import threading
import unicodedata
import urllib.parse
from functools import lru_cache
from typing import ClassVar

from mkdocs_threatpub.core.lazy import lazy_re

__all__ = [
    "EARLY_WARNING_WORDS",
    "MAX_DECODE_ROUNDS",
    "find_early_warning",
    "mentions_early_warning",
    "normalize_title",
    "skeleton",
    "title_views",
]

#: The words Article 7 reserves, as written in the Measures (English translation, simplified
#: and traditional Chinese); they are compared as skeletons.
EARLY_WARNING_WORDS = ("early warning", "预警", "預警")

#: Rounds of entity decoding (and percent-decoding, for URLs): ``&amp;amp;#x9884;`` needs 3.
MAX_DECODE_ROUNDS = 8

# Rounds of "map to prototype, casefold" for one character; real chains are 1–2 long.
_MAX_CANON_ROUNDS = 8

# Tags and comments: `<` then anything but angle brackets, then `>`. Each character is
# scanned from at most one `<`, so the pattern is linear.
_TAG = lazy_re(r"<[^<>]*>")
# Markdown inline link/image destinations `](dest)` and reference labels `][ref]`.
_LINK_DEST = lazy_re(r"\]\([^()]*\)")
_LINK_REF = lazy_re(r"\]\[[^\[\]]*\]")
# What survives step 7: letters and digits (`\w` without `_`).
_NOT_WORD = lazy_re(r"[\W_]+")

# Unicode Default_Ignorable_Code_Point (DerivedCoreProperties.txt): rendered as nothing.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x061C, 0x061C),  # Arabic letter mark
    (0x115F, 0x1160),  # Hangul choseong/jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180F),  # Mongolian free variation selectors, vowel separator U+180E
    (0x200B, 0x200F),  # zero-width space, non-joiner, joiner, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x206F),  # word joiner, invisible operators U+2061–U+2064, bidi isolates …
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFEFF, 0xFEFF),  # zero-width no-break space (BOM)
    (0xFFA0, 0xFFA0),  # half-width Hangul filler
    (0xFFF0, 0xFFF8),  # unassigned, reserved as ignorable
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical symbol format controls
    (0xE0000, 0xE0FFF),  # tags, variation selectors supplement
)
_IGNORABLE = frozenset(
    code for first, last in _DEFAULT_IGNORABLE for code in range(first, last + 1)
)
# Half-width katakana voiced sound marks: letters whose NFKC is a combining mark alone.
_MARK_LIKE = frozenset((0xFF9E, 0xFF9F))
# In a case-insensitive skeleton `i` and `l` are one letter (upper-case `I` looks like `l`).
_CASE_INSENSITIVE_EXTRA = {"i": "l"}
# UTS #39 keeps some Latin letter shapes apart from the letters that a reader sees in them:
# small capitals (ᴇᴀʀʟʏ), negative squared and circled letters (🅴), regional indicator
# letters (🇪). NFKC leaves them alone, so their Unicode name says which letter they are.
_LETTER_NAME = lazy_re(
    r"(?:LATIN (?:CAPITAL |SMALL )?LETTER(?: SMALL CAPITAL)?|REGIONAL INDICATOR SYMBOL "
    r"LETTER) ([A-Z])"
)


def _latin_letter(char: str) -> str | None:
    """``"r"`` for ``ʀ`` (LATIN LETTER SMALL CAPITAL R) or ``🅁``, else ``None``.

    Only for non-ASCII characters whose name ends in a plain Latin letter."""
    if char < "\x80":
        return None
    found = _LETTER_NAME.search(unicodedata.name(char, ""))
    return found.group(1).lower() if found and found.end() == len(found.string) else None


def _removable(char: str) -> bool:
    """An invisible character or a combining mark (dropped wherever it appears)."""
    code = ord(char)
    return (
        code in _IGNORABLE
        or code in _MARK_LIKE
        or unicodedata.combining(char) != 0
        or unicodedata.category(char) in ("Mn", "Me")
    )


class _Skeletons:
    """Each confusable character's final skeleton, computed once, on first use.

    The prototype table is loaded once (thread-safe); a character's skeleton is computed
    the first time a title contains it, so a run pays only for the characters it sees.
    """

    _lock: ClassVar[threading.Lock] = threading.Lock()
    _mapping: ClassVar[dict[str, str] | None] = None
    _canon: ClassVar[dict[str, str]] = {}

    @classmethod
    def mapping(cls) -> dict[str, str]:
        if cls._mapping is None:
            with cls._lock:
                if cls._mapping is None:
                    cls._mapping = {**_load_prototypes(), **_CASE_INSENSITIVE_EXTRA}
        return cls._mapping

    @classmethod
    def of(cls, char: str) -> str:
        """The skeleton of a character that has a prototype.

        Taken to a fixed point of "map to prototype, casefold, decompose, drop marks", so
        that one ``str.translate`` per pass is enough at run time.
        """
        found = cls._canon.get(char)
        if found is None:
            mapping = cls.mapping()
            text = char
            for _ in range(_MAX_CANON_ROUNDS):
                mapped = "".join(mapping.get(c) or _latin_letter(c) or c for c in text)
                mapped = mapped.casefold()
                new = "".join(c for c in unicodedata.normalize("NFKD", mapped) if not _removable(c))
                if new == text:
                    break
                text = new
            found = cls._canon[char] = text
        return found


class _Tables:
    """``str.translate`` tables, filled in as characters are first seen.

    ``delete`` maps invisible characters and marks to nothing; ``full`` also maps each
    confusable character to its skeleton. A title costs one ``set`` of its characters and a
    set difference; only characters never seen before are classified (thread-safe: an entry
    is complete before its character is marked as seen).
    """

    delete: ClassVar[dict[int, str | None]] = {}
    full: ClassVar[dict[int, str | None]] = {}
    seen: ClassVar[set[str]] = set()

    @classmethod
    def learn(cls, text: str) -> None:
        unseen = set(text).difference(cls.seen)
        if not unseen:
            return
        mapping = _Skeletons.mapping()
        for char in unseen:
            if char >= "\x80" and _removable(char):
                cls.delete[ord(char)] = cls.full[ord(char)] = None
            elif char in mapping or _latin_letter(char):
                cls.full[ord(char)] = _Skeletons.of(char)
            cls.seen.add(char)


def _load_prototypes() -> dict[str, str]:
    """One prototype per confusable character, from ``confusable-homoglyphs``' UTS #39 data.

    The package's ``confusables.json`` maps a confusable source character to ``[its
    prototype]`` and a prototype to the list of its sources. A key with several entries is
    therefore a prototype; a key with one entry is a source, unless the two characters list
    only each other (a prototype with a single source): then the smaller code point is taken
    as the prototype, so that both get one skeleton, deterministically. The file is read
    directly (``confusable_homoglyphs.utils`` would import ``urllib.request``, which costs
    more than reading the data).
    """
    resource = importlib.resources.files("confusable_homoglyphs").joinpath("confusables.json")
    data: dict[str, list[dict[str, str]]] = json.loads(resource.read_text(encoding="utf-8"))
    sizes: dict[str, int] = {}  # entries per key
    single: dict[str, str] = {}  # the entry of keys with one entry
    for raw_key, homoglyphs in data.items():
        key = _unwrap(raw_key)
        sizes[key] = sizes.get(key, 0) + len(homoglyphs)
        if len(homoglyphs) == 1:
            single[key] = _unwrap(homoglyphs[0]["c"])
    prototypes: dict[str, str] = {}
    for key, target in single.items():
        if len(key) != 1 or sizes[key] != 1:
            continue  # sequences and characters with several entries are prototypes
        if not target or target == key:
            continue
        mutual = len(target) == 1 and sizes.get(target) == 1 and single.get(target) == key
        if mutual and key < target:
            continue  # the pair lists only each other: `key` is the prototype
        prototypes[key] = target
    return prototypes


def _unwrap(text: str) -> str:
    """The data stores right-to-left characters wrapped in LEFT-TO-RIGHT MARKs."""
    if "\u200e" in text or "\u200f" in text:
        return text.replace("\u200e", "").replace("\u200f", "")
    return text


def _decode_entities(text: str, *, strip: bool) -> str:
    """Decode HTML entities (and strip markup when ``strip``) until stable, bounded."""
    for _ in range(MAX_DECODE_ROUNDS):
        new = html.unescape(text)
        if strip:
            new = _LINK_REF.sub("]", _LINK_DEST.sub("]", _TAG.sub("", new)))
        if new == text:
            break
        text = new
    return text


def _decode_percent(text: str) -> str:
    """Percent-decode until stable, bounded (a URL slug shows ``%E9%A2%84`` as ``预``)."""
    for _ in range(MAX_DECODE_ROUNDS):
        new = urllib.parse.unquote(text)
        if new == text:
            break
        text = new
    return text


def skeleton(text: str) -> str:
    """Steps 2–7 of the module docstring: the case-insensitive confusable skeleton of
    ``text``, without spaces, punctuation, symbols or underscores. No decoding."""
    if text.isascii():
        return _Ascii.skeleton(text)
    return _NOT_WORD.sub("", _skeleton(text))


class _Ascii:
    """The skeleton of ASCII text, one character at a time (every step maps ASCII
    characters independently), with ``bytes.translate``: most titles are ASCII."""

    _lock: ClassVar[threading.Lock] = threading.Lock()
    _table: ClassVar[bytes | None] = None
    _delete: ClassVar[bytes] = b""
    _longer: ClassVar[tuple[tuple[str, str], ...]] = ()

    @classmethod
    def skeleton(cls, text: str) -> str:
        if cls._table is None:
            with cls._lock:
                if cls._table is None:
                    cls._build()
        assert cls._table is not None
        out = text.encode("ascii").translate(cls._table, cls._delete).decode("ascii")
        # Characters whose skeleton is longer (m → rn) were kept; no skeleton contains one
        # of them (skeletons are fixed points), so replacing them one after another is safe.
        for char, replacement in cls._longer:
            if char in out:
                out = out.replace(char, replacement)
        return out

    @classmethod
    def _build(cls) -> None:
        table = bytearray(range(256))
        delete = bytearray()
        longer = []
        for code in range(128):
            char = chr(code)
            final = _NOT_WORD.sub("", _skeleton(char))
            if not final:
                delete.append(code)
            elif len(final) == 1 and final.isascii():
                table[code] = ord(final)
            elif final != char:
                longer.append((char, final))
        cls._delete, cls._longer = bytes(delete), tuple(longer)
        cls._table = bytes(table)


def _skeleton(text: str) -> str:
    """Steps 2–6 (everything but dropping non-letters) for any text."""
    _Tables.learn(text)
    # Marks go before normalisation: CPython reorders a run of marks in quadratic time.
    text = unicodedata.normalize("NFKD", text.translate(_Tables.delete))
    _Tables.learn(text)
    text = text.translate(_Tables.full)
    folded = text.casefold()
    if folded != text:
        # Casefolding may produce characters that decompose or have a prototype of their
        # own; otherwise the text is already a fixed point of the steps above.
        folded = unicodedata.normalize("NFKD", folded)
        _Tables.learn(folded)
        folded = folded.translate(_Tables.full)
    return folded


def _decoded_views(text: str, *, url: bool) -> tuple[str, ...]:
    """The decoded texts to search: markup stripped, and (when different) markup kept."""
    if url:
        text = _decode_percent(text)
    if "&" not in text and "<" not in text and "]" not in text:
        return (text,)  # nothing to decode or strip
    stripped = _decode_entities(text, strip=True)
    kept = _decode_entities(text, strip=False)
    return (stripped,) if kept == stripped else (stripped, kept)


def title_views(text: str, *, url: bool = False) -> tuple[str, ...]:
    """The skeletons a title is searched in: markup stripped, and markup kept as text
    (only when that differs). ``url`` percent-decodes first (for URL slugs)."""
    return tuple(skeleton(view) for view in _decoded_views(text, url=url))


def normalize_title(text: str) -> str:
    """The title as CAC700 compares it (entities decoded, markup stripped, skeleton)."""
    return skeleton(_decoded_views(text, url=False)[0])


@lru_cache(maxsize=1)
def _needles() -> tuple[tuple[str, str], ...]:
    """``(skeleton, word)`` for each of :data:`EARLY_WARNING_WORDS`."""
    return tuple((skeleton(word), word) for word in EARLY_WARNING_WORDS)


@lru_cache(maxsize=256)
def find_early_warning(text: str, *, url: bool = False) -> str | None:
    """The reserved word ``text`` uses after normalisation (``"early warning"``, ``"预警"``
    or ``"預警"``), or ``None``. ``url`` percent-decodes first (for URL slugs)."""
    for view in _decoded_views(text, url=url):
        normal = skeleton(view)
        for needle, word in _needles():
            if needle in normal:
                return word
    return None


def mentions_early_warning(text: str, *, url: bool = False) -> bool:
    """Whether ``text`` contains "early warning", 预警 or 預警 after normalisation."""
    return find_early_warning(text, url=url) is not None
