"""Two languages: English (the default) and Simplified Chinese (``language: zh``).

A message is written once, in both languages, where it is made (the rule, the detector):
:class:`Text` is the English string that also carries its Chinese. Everything that treats a
message as a string (tests, the ledger, logs) sees the English; a report asks
:func:`localize` for the language the site chose. Judgements therefore do not depend on the
language, and a cached judgement serves either.

Chinese wording follows the Measures' own terms: 网信部门 (cyberspace administration),
公安机关 (public security organs), 预警 (early warning), 网络运营者书面意见 (the operator's
written opinion), 网络安全威胁信息 (cybersecurity threat information).

Composing: ``t(f"... {x} ...", f"... {zh(x)} ...")`` where ``x`` may itself be a Text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["LANGUAGES", "Text", "has_chinese", "join", "localize", "spaced", "t", "zh"]

LANGUAGES = ("en", "zh")


class Text(str):
    """English text (the ``str`` value) with its Simplified Chinese translation (``zh``)."""

    __slots__ = ("zh",)
    zh: str

    def __new__(cls, en: str, zh: str) -> Text:
        obj = super().__new__(cls, en)
        obj.zh = str(zh)
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        # ``--jobs`` sends findings between processes; keep the translation.
        return (Text, (str(self), self.zh))


def t(en: str, zh: str) -> Text:
    """A message in both languages."""
    return Text(str(en), zh)


def zh(value: object) -> str:
    """The Chinese of ``value`` (a Text), or the value itself (numbers, paths, codes)."""
    return value.zh if isinstance(value, Text) else str(value)


def localize(value: str, language: str) -> str:
    """``value`` in ``language`` (``en`` | ``zh``); a plain string is returned as is."""
    if language == "zh" and isinstance(value, Text):
        return value.zh
    return str(value)


def join(parts: Iterable[str], en_sep: str = "; ", zh_sep: str = "；") -> Text:
    """Join messages, keeping both languages."""
    items = list(parts)
    return Text(en_sep.join(str(p) for p in items), zh_sep.join(zh(p) for p in items))


def spaced(text: str) -> str:
    """``text`` set inside a Chinese sentence: a space on each side that is a Latin word."""
    if not text:
        return text
    head = " " if text[0].isascii() and text[0].isalnum() else ""
    tail = " " if text[-1].isascii() and (text[-1].isalnum() or text[-1] in ".)") else ""
    return f"{head}{text}{tail}"


def has_chinese(text: str) -> bool:
    """Whether ``text`` contains CJK ideographs (tests: every message is translated)."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
