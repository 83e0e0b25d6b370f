"""Shellcode byte arrays: runs of 16 or more escaped bytes (``\\xNN``), ``%uNNNN`` heap-spray
strings, and ``0xNN, 0xNN, …`` arrays assigned to a buffer or starting like a Metasploit stub.

A run counts only when its bytes vary (padding such as sixteen ``\\x41`` is not code). It
holds when it is named like a payload buffer or carries shellcode idioms (system calls,
register clearing, NOP sleds, "/bin/sh"); other long byte strings (test vectors, file
headers) only warn. A numeric array counts only with a shellcode-like name or prologue
(lookup tables are not payloads).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import islice

from mkdocs_threatpub.core.i18n import Text, t
from mkdocs_threatpub.core.lazy import lazy_re, lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.document import Document

# Runs of adjacent byte tokens, found by the standard library: each pattern is a literal
# token followed by a repeated fixed-width group (no nested quantifier, nothing to
# backtrack into), so matching is linear, and the literal start lets the engine skip
# ahead fast. A long run comes as a few chunks instead of thousands of tokens, and a lone
# token is never a chunk, so pages full of isolated "\x90" cost one pass. (The word
# boundary before a numeric chunk is checked in Python: a leading "\b" would defeat the
# literal skip.)
_HEX2 = "[0-9A-Fa-f][0-9A-Fa-f]"
_ESCAPED = lazy_re(rf"\\[xX]{_HEX2}(?:\\[xX]{_HEX2}){{1,999}}")
_UNICODE = lazy_re(rf"%[uU]{_HEX2}{_HEX2}(?:%[uU]{_HEX2}{_HEX2}){{1,999}}")
_NUMERIC = lazy_re(rf"0[xX]{_HEX2}\b(?:,0[xX]{_HEX2}\b|, 0[xX]{_HEX2}\b){{1,999}}")
# Names a payload buffer goes by, in the text just before a numeric array.
_BUFFER_NAME = lazy_re2(
    r"(?i)(?:shell_?code|payload|\bbuf\b|\$buf\b|\bsc\b|\bstub\b|beacon|\bshc\b|\bscode\b)"
)
# Byte sequences typical of shellcode: system-call instructions, register clearing, NOP
# sleds, "/bin/sh", call-register and jump-esp, the Metasploit/Cobalt Strike stub prologue.
_IDIOMS = (
    b"\xcd\x80",
    b"\x0f\x05",
    b"\x0f\x34",
    b"\x31\xc0",
    b"\x31\xdb",
    b"\x31\xc9",
    b"\x31\xd2",
    b"\x31\xf6",
    b"\x48\x31",
    b"\x4d\x31",
    b"\x90\x90\x90\x90",
    b"/bin/sh",
    b"/bin//sh",
    b"//sh",
    b"cmd.exe",
    b"\xfc\x48\x83\xe4",
    b"\xfc\xe8",
    b"\xff\xd5",
    b"\xff\xd0",
    b"\xff\xe4",
    b"\x6a\x3b\x58",
    b"\x64\x8b",
    b"\x65\x48\x8b",
)
_HEX_PAIR = lazy_re(r"\\[xX]([0-9A-Fa-f][0-9A-Fa-f])")
# The first bytes of common Metasploit/Cobalt Strike x86/x64 stubs.
_PROLOGUE = lazy_re2(r"(?i)^0xfc,\s{0,3}0x(?:48|e8|e9|89)\b")

# What may sit between two escaped bytes of one run once quotes, spaces, "+" and ","
# are stripped: nothing, a string prefix, or "name += b" starting the next source line.
_CONTINUATION = lazy_re2(r"[bBuU]?|[A-Za-z_]\w{0,30}\s{0,4}\+?=\s{0,4}[bBuU]?")

MIN_RUN = 16
MIN_DISTINCT = 6
MAX_PER_VIEW = 10  # a block with ten payloads says enough; stops line counting from piling up
MAX_GAP = 40  # characters between two chunks of one run (quotes, "+", a line break, "buf += b")

_BYTE_ARRAY = t("shellcode byte array", "shellcode 字节数组")
_ESCAPED_CODE = t(
    "shellcode byte string (16 or more escaped bytes)", "shellcode 字节串（16 个及以上转义字节）"
)
_ESCAPED_DATA = t(
    "escaped byte string of 16 or more bytes (possibly shellcode)",
    "不少于 16 字节的转义字节串（可能为 shellcode）",
)
_SPRAY_CODE = t("heap-spray shellcode string (%u-escaped)", "堆喷射 shellcode 字符串（%u 转义）")
_SPRAY_DATA = t(
    "%u-escaped string of 8 or more units (possibly shellcode)",
    "不少于 8 个单元的 %u 转义字符串（可能为 shellcode）",
)


class Shellcode:
    name = "shellcode"
    rule = "CAC401"
    keywords: tuple[str, ...] = ("\\x", "%u", "0x")

    def scan(self, doc: Document) -> Iterator[Hit]:
        for view in doc.views:
            text = view.text
            found: list[tuple[int, int, Text, bool]] = []
            if "\\x" in text or "\\X" in text:
                found += islice(
                    (
                        _escaped_verdict(text, start, end)
                        for start, end, count, distinct in _runs(
                            text, _ESCAPED, _escaped_values, _continues
                        )
                        if count >= MIN_RUN and distinct >= MIN_DISTINCT
                    ),
                    MAX_PER_VIEW,
                )
            if "%u" in text or "%U" in text:
                found += islice(
                    (
                        _spray_verdict(text, start, end)
                        for start, end, count, distinct in _runs(
                            text, _UNICODE, _unicode_values, _continues
                        )
                        if count >= MIN_RUN // 2 and distinct >= MIN_DISTINCT // 2
                    ),
                    MAX_PER_VIEW,
                )
            if "0x" in text or "0X" in text:
                found += islice(
                    (
                        (start, end, _BYTE_ARRAY, True)
                        for start, end, count, distinct in _runs(
                            text, _NUMERIC, _numeric_values, _comma_gap
                        )
                        if count >= MIN_RUN
                        and distinct >= MIN_DISTINCT
                        and _payload_buffer(text, start)
                    ),
                    MAX_PER_VIEW,
                )
            for start, end, what, strong in found:
                yield hit(self, view, start, what, text[start:end], strong=strong)


def _escaped_verdict(text: str, start: int, end: int) -> tuple[int, int, Text, bool]:
    """Machine code, or just binary data (a test vector, a file header)? Code has a payload
    buffer's name or the idioms of shellcode; other byte strings only warn."""
    data = bytes.fromhex("".join(_HEX_PAIR.findall(text, start, end)))
    if _payload_name(text, start) or any(idiom in data for idiom in _IDIOMS):
        return start, end, _ESCAPED_CODE, True
    return start, end, _ESCAPED_DATA, False


def _spray_verdict(text: str, start: int, end: int) -> tuple[int, int, Text, bool]:
    lowered = text[start:end].lower()
    if (
        "%u9090" in lowered
        or "%u0c0c" in lowered
        or _payload_name(text, start)
        or "unescape" in text[max(start - 160, 0) : start].lower()
    ):
        return start, end, _SPRAY_CODE, True
    return start, end, _SPRAY_DATA, False


def _runs(
    text: str,
    chunks: re.Pattern[str],
    values: Callable[[str], set[str]],
    joins: Callable[[str], bool],
) -> Iterator[tuple[int, int, int, int]]:
    """(start, end, bytes, distinct values) of each run of at least two bytes: adjacent
    chunks whose gap ``joins`` accepts make one run."""
    start = end = -1
    seen: set[str] = set()
    count = 0
    for match in chunks.finditer(text):
        if (
            chunks is _NUMERIC
            and match.start()
            and (text[match.start() - 1].isalnum() or text[match.start() - 1] == "_")
        ):
            continue  # "a0x41,…" is not an array of bytes
        chunk = match.group(0)
        found = values(chunk)
        if end >= 0 and match.start() - end <= MAX_GAP and joins(text[end : match.start()]):
            count += _count(chunk)
            if len(seen) < MIN_DISTINCT:
                seen |= found
            end = match.end()
            continue
        if end >= 0:
            yield start, end, count, len(seen)
        start, end, count, seen = match.start(), match.end(), _count(chunk), found
    if end >= 0:
        yield start, end, count, len(seen)


def _count(chunk: str) -> int:
    lowered = chunk.lower()
    return lowered.count("\\x") + lowered.count("%u") + lowered.count("0x")


def _escaped_values(chunk: str) -> set[str]:
    return set(chunk.lower().split("\\x")) - {""}


def _unicode_values(chunk: str) -> set[str]:
    return set(chunk.lower().split("%u")) - {""}


def _numeric_values(chunk: str) -> set[str]:
    return {part.strip() for part in chunk.lower().split(",")}


def _payload_name(text: str, start: int) -> bool:
    """Whether the text just before ``start`` names a payload buffer (``buf``, ``shellcode``)."""
    return bool(_BUFFER_NAME.search(text[max(start - 160, 0) : start]))


def _payload_buffer(text: str, start: int) -> bool:
    """A numeric array counts when named like a payload buffer or starting like a stub."""
    return _payload_name(text, start) or bool(_PROLOGUE.search(text[start : start + 24]))


def _comma_gap(gap: str) -> bool:
    """Between two chunks of one array: a comma and white space (a line break)."""
    return "," in gap and not gap.replace(",", "").strip()


def _continues(gap: str) -> bool:
    core = gap.strip(" \t\r\n\"'+,;")
    return not core or _CONTINUATION.fullmatch(core) is not None


DETECTOR = Shellcode()
