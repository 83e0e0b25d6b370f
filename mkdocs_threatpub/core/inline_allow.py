"""Inline suppressions: ``<!-- threatpub: allow CAC403 reason="…" -->`` (SPEC §5).

A comment covers its own line and the Markdown block that starts on the next non-blank
line: a whole fenced code block (in an admonition too), or a paragraph up to the next blank
line (a fenced block inside it is taken whole, blank lines and all). So a reviewer puts it
right above what they accept, or at the end of the line itself, inside a code block too.
The blocks come from the page's one block scan (``core/blocks.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mkdocs_threatpub.core.blocks import Block, block_at

__all__ = ["InlineAllow", "find_inline_allows"]

_ALLOW = re.compile(
    r"<!--\s{0,10}threatpub:\s{0,10}allow\s{1,10}([A-Za-z]{2,8}\d{3})"
    r"(?:\s{1,10}reason\s{0,3}=\s{0,3}\"([^\"\n]{0,500})\")?[^\n]{0,200}?-->"
)


@dataclass(frozen=True)
class InlineAllow:
    line: int
    rule: str
    reason: str
    first: int  # covered file lines, inclusive
    last: int

    def covers(self, line: int) -> bool:
        return self.first <= line <= self.last


def find_inline_allows(
    lines: Sequence[str], fenced: Sequence[Block], first_line: int = 1
) -> tuple[InlineAllow, ...]:
    """Every inline allow comment of a body with the lines it covers.

    ``lines`` are the body's lines and ``fenced`` its fenced code blocks in order
    (``PageAnalysis`` has both); ``first_line`` is the file line of the body's first line.
    """
    found: list[InlineAllow] = []
    for index, text in enumerate(lines):
        if "threatpub:" not in text:
            continue
        for match in _ALLOW.finditer(text):
            if match.start() and text[match.start() - 1] == "`":
                continue  # `<!-- threatpub: allow … -->` in inline code shows the syntax
            last = _block_end(lines, fenced, index + 1)
            found.append(
                InlineAllow(
                    line=index + first_line,
                    rule=match.group(1).upper(),
                    reason=(match.group(2) or "").strip(),
                    first=index + first_line,
                    last=last + first_line,
                )
            )
    return tuple(found)


def _block_end(lines: Sequence[str], fenced: Sequence[Block], start: int) -> int:
    """Index of the last line of the block beginning at the first non-blank line ≥ start."""
    index = start
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines):
        return start - 1
    block = block_at(fenced, index)
    if block is not None:
        return block.end - 1
    # A paragraph-like run up to the next blank line; fenced blocks in it are taken whole.
    while index + 1 < len(lines) and lines[index + 1].strip():
        index += 1
        block = block_at(fenced, index)
        if block is not None:
            index = block.end - 1
    return index
