"""Inline suppressions: ``<!-- threatpub: allow CAC403 reason="…" -->`` (SPEC §5).

A comment covers its own line and the Markdown block that starts on the next non-blank
line: a whole fenced code block, or a paragraph up to the next blank line. So a reviewer
puts it right above what they accept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mkdocs_threatpub.core.page import Page

__all__ = ["InlineAllow", "inline_allows"]

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


def inline_allows(page: Page) -> list[InlineAllow]:
    """Every inline allow comment of the page with the lines it covers (cached)."""
    cached = page.derived.get("inline_allows")
    if cached is not None:
        return list(cached)
    found: list[InlineAllow] = []
    if "threatpub:" in page.body:
        lines = page.body.split("\n")
        for index, text in enumerate(lines):
            if "threatpub:" not in text:
                continue
            for match in _ALLOW.finditer(text):
                if match.start() and text[match.start() - 1] == "`":
                    continue  # `<!-- threatpub: allow … -->` in inline code shows the syntax
                last = _block_end(lines, index + 1)
                found.append(
                    InlineAllow(
                        line=page.body_line(index),
                        rule=match.group(1).upper(),
                        reason=(match.group(2) or "").strip(),
                        first=page.body_line(index),
                        last=page.body_line(last),
                    )
                )
    page.derived["inline_allows"] = tuple(found)
    return found


def _block_end(lines: list[str], start: int) -> int:
    """Index of the last line of the block beginning at the first non-blank line ≥ start."""
    index = start
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines):
        return start - 1
    head = lines[index].lstrip(" ")
    if head[:3] in ("```", "~~~"):
        marker = head[0] * (len(head) - len(head.lstrip(head[0])))
        end = index + 1
        while end < len(lines):
            inner = lines[end].lstrip(" ")
            if inner.startswith(marker) and not inner[len(marker) :].strip():
                return end
            end += 1
        return len(lines) - 1
    while index + 1 < len(lines) and lines[index + 1].strip():
        index += 1
    return index
