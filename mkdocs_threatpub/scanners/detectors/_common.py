"""Small helpers shared by the detectors: where a view sits, gates, placeholders, page hits.

Nothing here matches content by itself; each detector keeps its own patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from mkdocs_threatpub.core.i18n import Text
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, fingerprint
from mkdocs_threatpub.scanners.document import Document, View

__all__ = [
    "any_of",
    "detection_rule",
    "grouped",
    "in_block_code",
    "in_code",
    "inside_inline_code",
    "keyword_gate",
    "looks_placeholder",
    "page_hit",
    "table_keywords",
    "table_matches",
]


def any_of(*patterns: Any) -> Any:
    """One case-insensitive RE2 pattern matching wherever any of ``patterns`` might.

    A prefilter: run it once over ``Document.lowered`` (or a view) before the patterns one
    by one. It is looser than the patterns (case, view boundaries), never stricter.
    """
    return lazy_re2("(?i)" + "|".join(f"(?:{p.pattern})" for p in patterns))


def keyword_gate(keywords: tuple[str, ...]) -> Any:
    """A case-insensitive RE2 alternation of literal ``keywords``: one fast pass (a literal
    set is a small DFA, unlike a union of full patterns) that tells whether a view can
    hold a match at all. The keywords must be substrings every match contains."""
    return lazy_re2("(?i)" + "|".join(re.escape(k) for k in keywords))


def table_matches(
    table: list[tuple[tuple[str, ...], Any, Text]], text: str
) -> Iterator[tuple[Text, tuple[int, str]]]:
    """(description, grouped match) for each (keywords, pattern, description) entry of a
    pattern table that matches ``text``. A pattern runs only when one of its own keywords
    occurs in the text, so a long view costs one pass per pattern that can match, not one
    per pattern of the table."""
    lowered = text.lower()
    for keywords, pattern, what in table:
        if any(k in lowered for k in keywords):
            found = grouped(pattern, text)
            if found:
                yield what, found


def table_keywords(table: list[tuple[tuple[str, ...], Any, Text]]) -> tuple[str, ...]:
    """Every keyword of a pattern table, for the detector's prefilter."""
    return tuple(dict.fromkeys(k for keywords, _, _ in table for k in keywords))


def grouped(pattern: Any, text: str) -> tuple[int, str] | None:
    """(offset of the first match, all matches joined) — one hit per view and pattern.

    Repeating a command on ten lines of one block is one finding, not ten; the joined
    matches feed the fingerprint so that the finding changes when the content does.
    """
    first = -1
    parts: list[str] = []
    for match in pattern.finditer(text):
        if first < 0:
            first = match.start()
        parts.append(match.group(0))
        if len(parts) >= 64:  # enough for a fingerprint; a long block is not walked to its end
            break
    return (first, "\n".join(parts)) if first >= 0 else None


def inside_inline_code(view: View, offset: int) -> bool:
    """Whether ``offset`` of a prose, table or heading view falls inside a backtick span.

    Inline code is also scanned as its own segment; a detector that skips such matches in
    the surrounding prose reports them once, as "inline code".
    """
    if view.segment.kind not in ("prose", "table", "heading"):
        return False
    line_start = view.text.rfind("\n", 0, offset) + 1
    return view.text.count("`", line_start, offset) % 2 == 1


# Detection content quotes attack strings in order to match them: Sigma and YARA rules,
# Snort/Suricata signatures, ModSecurity rules, KQL/SPL/EQL hunting queries.
_DETECTION_RULE = lazy_re2(
    r"(?im)^\s{0,8}(?:detection|logsource)\s{0,4}:|^\s{0,8}rule\s{1,4}\w{1,100}[\s\S]{0,1000}?\bstrings\s{0,4}:|"
    r"^\s{0,8}(?:alert|drop|reject|pass)\s{1,4}(?:tcp|udp|ip|http|tls|dns|smb|icmp)\s[^\n]{0,400}\bcontent\s{0,2}:|"
    r"\bSecRule\s{1,4}(?:ARGS|REQUEST_|REQUEST_URI|QUERY_STRING|RESPONSE_BODY)|"
    r"\|\s{0,4}where\s{1,4}\w{1,60}\s{1,4}(?:has|has_any|contains|startswith|matches\s{1,4}regex)\b|"
    r"^\s{0,8}(?:index|sourcetype)\s{0,2}=\S|\bprocess\s{1,4}where\s{1,4}\w"
)


def detection_rule(view: View) -> bool:
    """Whether a code block is detection content (a rule or query that quotes attack
    strings to match them) rather than the attack itself."""
    return view.segment.kind == "code" and _DETECTION_RULE.search(view.text) is not None


def in_code(view: View) -> bool:
    """Fenced or indented code, or inline code."""
    return view.segment.is_code


def in_block_code(view: View) -> bool:
    """A code block (fenced or indented), not inline code."""
    return view.segment.kind == "code"


def judge_code_blocks(doc: Document, judge: Callable[[View], Hit | None]) -> Iterator[Hit]:
    """Each code block judged on its own: the co-occurrences these detectors need must be
    in one block, not spread over a page."""
    for view in doc.views:
        if in_block_code(view):
            found = judge(view)
            if found is not None:
                yield found


def gated_views(doc: Document, gate: Any) -> Iterator[View]:
    """Views containing one of a detector's literals (``keyword_gate``): one RE2 pass each
    spares running every pattern over views that cannot match."""
    return (view for view in doc.views if gate.search(view.text))


_PLACEHOLDER = lazy_re2(
    r"(?i)(?:x{3,}|\*{3,}|…|\.\.\.|<[^>\n]{1,40}>|\[[^\]\n]{1,40}\]|\{[^}\n]{1,40}\}|example|"
    r"redacted|placeholder|your[_ -]|changeme|dummy|sample|某|ＸＸ|xx公司|xx单位)"
)


def looks_placeholder(value: str) -> bool:
    """Whether a value is obviously a stand-in (xxx, ***, <name>, example, 某单位)."""
    return bool(_PLACEHOLDER.search(value))


def page_hit(
    detector_name: str,
    rule: str,
    line: int,
    what: Text,
    matched: str,
    *,
    strong: bool = True,
) -> Hit:
    """A hit about the page as a whole (a section, a collection), located at ``line``.

    ``what`` is the full description in both languages (no "in <where>" is added);
    ``matched`` only feeds the fingerprint and is never shown.
    """
    return Hit(
        rule=rule,
        detector=detector_name,
        line=line,
        what=what,
        strong=strong,
        fingerprint=fingerprint(rule, detector_name, matched),
    )
