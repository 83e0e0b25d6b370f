"""Attack payload collections: pages that list many ready-to-use injection strings of one
family — SQL injection, cross-site scripting, JNDI lookups, template injection, path
traversal, command injection — or serialized-object exploit gadgets.

One or two example strings explain a vulnerability; a list is an arsenal. Each family counts
the distinct lines carrying one of its payloads across the page: six or more hold, three to
five warn. SQL, path traversal and command injection strings count only in code (fenced or
inline), where payload lists live; their shapes also occur in ordinary prose. Serialized gadgets hold from two and warn on one. Detection rules and hunting
queries (Sigma, YARA, Snort, KQL, …) quote payloads to match them and are not counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mkdocs_threatpub.core.i18n import t, zh
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors._common import any_of, detection_rule, in_code, page_hit
from mkdocs_threatpub.scanners.document import Document

# (family description, pattern, lines to hold, lines to warn, only in code)
_FAMILIES = [
    (
        t("SQL injection payload collection", "SQL 注入载荷集合"),
        lazy_re2(
            r"(?i)\bunion[\s/*+(]{1,20}(?:all[\s/*+(]{1,20})?select\b|"
            r"['\"\)]\s{0,4}(?:or|and|\|\||&&)\s{1,4}['\"(]?\s{0,2}(?:\d{1,5}|'[^'\n]{0,5}'|\"[^\"\n]{0,5}\"|true)\s{0,3}(?:=|like|<|>)\s{0,3}['\"(]?(?:\d{1,5}|'|\"|true)|"
            # time, error and file functions count inside an injected expression, not in a
            # reference table of MySQL functions
            r"(?:\b(?:and|or|select|if|when|then|rlike)\s{1,4}\(?|[(,=|&]\s{0,4})(?:sleep|benchmark|pg_sleep|dbms_pipe\.receive_message|updatexml|extractvalue|name_const|gtid_subset|load_file)\s{0,4}\(|"
            r"\bwaitfor\s{1,4}delay\s{1,4}'|\binto\s{1,4}(?:out|dump)file\b|"
            r"information_schema\.(?:tables|columns|schemata|processlist)|\bselect\s{1,4}@@version\b|\bxp_cmdshell\b|"
            r"'\s{0,4}(?:--[\s+-]|#|/\*)|\border\s{1,4}by\s{1,4}\d{1,3}\s{0,4}(?:--|#)|;\s{0,4}(?:drop|shutdown)\s{1,4}"
        ),
        6,
        3,
        True,
    ),
    (
        t("cross-site scripting payload collection", "跨站脚本（XSS）载荷集合"),
        lazy_re2(
            r"(?i)<script[^>\n]{0,40}>[^<\n]{0,80}\b(?:alert|prompt|confirm|document\.cookie|fetch)\b|"
            r"\bon(?:error|load|mouseover|focus|click|toggle|animationstart|pageshow|begin)\s{0,2}=\s{0,2}['\"]?[^\n]{0,40}\b(?:alert|prompt|confirm|eval|document\.cookie|fetch)\b|"
            r"javascript:\s{0,2}(?:alert|prompt|confirm|eval)\b|<svg[/\s]{1,4}onload\b"
        ),
        6,
        3,
        False,
    ),
    (
        t("JNDI injection payload collection", "JNDI 注入载荷集合"),
        lazy_re2(
            r"(?i)\$\{\s{0,2}jndi\s{0,2}:\s{0,2}(?:ldaps?|rmi|dns|iiop|corba|nds|nis|https?)://|"
            r"\$\{\s{0,4}\$\{\s{0,4}(?:lower|upper|::-|env|sys|date)[^}\n]{0,30}\}|\$\{(?:lower|upper):[jJ]\}"
        ),
        6,
        3,
        False,
    ),
    (
        t("template injection payload collection", "模板注入载荷集合"),
        lazy_re2(
            r"\{\{\s{0,2}[^}\n]{0,80}(?:__class__|__globals__|__subclasses__|__builtins__|__import__|config\.items)\b|"
            r"\{\{\s{0,2}7\s{0,2}\*\s{0,2}['\"]?7|\$\{\s{0,2}7\s{0,2}\*\s{0,2}7\s{0,2}\}|<%=\s{0,2}7\s{0,2}\*\s{0,2}7\s{0,2}%>|"
            r"#\{\s{0,2}7\s{0,2}\*\s{0,2}7\s{0,2}\}|T\(java\.lang\.Runtime\)|freemarker\.template\.utility\.Execute"
        ),
        6,
        3,
        False,
    ),
    (
        t("path traversal payload collection", "路径遍历载荷集合"),
        # Plain "../../../" is how deep documentation links look; it counts only on its way
        # to a sensitive file. Encoded and filter-evading forms count on their own.
        lazy_re2(
            r"(?i)(?:\.\./|\.\.\\){2,12}(?:etc[/\\](?:passwd|shadow|hosts|issue)|windows[/\\]win\.ini|boot\.ini|proc[/\\]self|"
            r"web-inf[/\\]|wp-config\.php|\.ssh[/\\]|\.env\b|\.htpasswd|windows[/\\]system32)|"
            r"(?:\.\.\.\.//){2,12}|(?:%2e%2e(?:%2f|/|%5c)){2,12}|\.\.%c0%af|%252e%252e|\.\.;/"
        ),
        6,
        3,
        True,
    ),
    (
        t("command injection payload collection", "命令注入载荷集合"),
        lazy_re2(
            r"(?m)(?:;|\|\|?|&&)\s{0,2}(?:id|whoami|uname\s{1,3}-a|cat\s{1,3}/etc/passwd)(?:$|[\s;|&'\")#])|"
            r"\$\(\s{0,2}(?:id|whoami)\s{0,2}\)|[=;|]\s{0,2}`\s{0,2}(?:id|whoami)\s{0,2}`"
        ),
        6,
        3,
        True,
    ),
    (
        t("deserialization exploit payload", "反序列化漏洞利用载荷"),
        lazy_re2(
            r"\brO0AB[A-Za-z0-9+/]{20,200}|\baced0005[0-9a-fA-F]{16,200}|\bO:\d{1,4}:\"[A-Za-z_\\][\w\\]{0,100}\":\d{1,4}:\{|"
            r"!!python/object/(?:apply|new):|\bAAEAAAD/////|\"\$type\"\s{0,2}:\s{0,2}\"System\.(?:Windows\.Data\.ObjectDataProvider|Diagnostics\.Process)|"
            r"[\"']@type[\"']\s{0,2}:\s{0,2}[\"'](?:com\.sun\.rowset\.JdbcRowSetImpl|org\.apache\.commons\.|com\.mchange\.v2\.c3p0\.|org\.apache\.xbean\.|br\.com\.anteros\.)"
        ),
        2,
        1,
        False,
    ),
]

# Counting stops here: the verdict is long decided, and each counted line costs a search.
MAX_COUNTED = 500

_FAMILY_GATES = [any_of(family[1]) for family in _FAMILIES]
_GATE = any_of(*(family[1] for family in _FAMILIES))


class PayloadCollection:
    name = "payload-collection"
    rule = "CAC402"
    keywords: tuple[str, ...] = ()  # always runs: payload families share no keyword

    def scan(self, doc: Document) -> Iterator[Hit]:
        lowered = doc.lowered
        if not _GATE.search(lowered):
            return
        # Bytes: the RE2 wrapper resumes a search at a position in linear time only on bytes.
        views = [
            (view, view.text.encode(), in_code(view))
            for view in doc.views
            if view.segment.kind != "heading" and not detection_rule(view)
        ]
        for (what, pattern, hold_at, warn_at, code_only), family_gate in zip(
            _FAMILIES, _FAMILY_GATES, strict=True
        ):
            if not family_gate.search(lowered):
                continue
            lines: dict[int, bytes] = {}
            for view, data, code in views:
                if code_only and not code:
                    continue
                for line, matched in _payload_lines(pattern, data, view.segment.line):
                    lines.setdefault(line, matched)
                    if len(lines) >= MAX_COUNTED:
                        break
                if len(lines) >= MAX_COUNTED:
                    break
            count = len(lines)
            if count < warn_at:
                continue
            first = min(lines)
            joined = "\n".join(sorted({m.decode("utf-8", "replace") for m in lines.values()}))
            capped = count >= MAX_COUNTED
            counted = f"{MAX_COUNTED} or more" if capped else f"{count}"
            counted_zh = f"{MAX_COUNTED} 行及以上" if capped else f"{count} 行"
            described = t(
                f"{what} ({counted} payload lines, the first here)",
                f"{zh(what)}（{counted_zh}载荷，此处为第一行）",
            )
            yield page_hit(self.name, self.rule, first, described, joined, strong=count >= hold_at)


def _payload_lines(pattern: Any, data: bytes, first_line: int) -> Iterator[tuple[int, bytes]]:
    """(file line, first match) for each line of ``data`` with a match: after a match the
    search resumes on the next line, so a line full of payloads costs one match."""
    pos = 0
    line = first_line
    counted = 0  # offset up to which newlines are counted into ``line``
    while pos <= len(data):
        match = pattern.search(data, pos)
        if match is None:
            return
        start = match.start()
        line += data.count(b"\n", counted, start)
        counted = start
        yield line, match.group(0)
        newline = data.find(b"\n", match.end())
        if newline < 0:
            return
        pos = newline + 1


DETECTOR = PayloadCollection()
