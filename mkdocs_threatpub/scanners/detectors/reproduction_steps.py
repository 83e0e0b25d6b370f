"""Reproduction sections (Art. 4(3)): a "Steps to reproduce" / "PoC" / "Exploitation" /
漏洞复现 / 复现步骤 / 利用过程 heading, and under it (up to the next heading of the same or a
higher level) runnable commands or raw requests *and* evidence that the attack worked.

- commands or requests: a raw HTTP request (request line and ``Host:`` header), curl/wget
  against a target, python scripts, netcat with a port, shell-session prompts running
  attack tooling, exploit tools (sqlmap, msfconsole, ysoserial …), payload strings (JNDI
  lookups, XMLDecoder, SpEL/OGNL ``Runtime``, ``ProcessBuilder``, XXE entities, SQL
  injection, path traversal, template injection, command injection, XSS);
- evidence of success: ``uid=…(…) gid=…`` output, ``nt authority\\system``, a root shell
  prompt, ``whoami`` output, success messages (English and Chinese), a file the payload
  created and the check that it exists, a DNS/HTTP callback or reverse connection received.

Commands and evidence together are decisive (hold); commands or requests alone only warn; a
reproduction heading over prose yields nothing. One hit per section, on its heading line, so
an inline allow goes right above the heading. Headings of defensive sections ("Detecting
exploitation", "漏洞利用情况", "复现环境搭建") are not reproduction sections.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.lazy import lazy_re, lazy_re2
from mkdocs_threatpub.scanners.base import Hit, fingerprint
from mkdocs_threatpub.scanners.detectors.attack_walkthrough import payload_inputs, walkthrough
from mkdocs_threatpub.scanners.document import Document, View

__all__ = ["DETECTOR", "ReproductionSteps", "is_defensive_heading", "is_reproduction_heading"]

# --- headings -----------------------------------------------------------------------------

# Applied to the normalised heading (at most 500 characters): NFKC, casefolded, every run of
# non-word characters one space (so "Proof-Of-Concept" reads "proof of concept"). Alternations
# of literals with bounded, non-nested classes: linear in Python's engine, which costs far
# less per call than RE2's wrapper on strings this short.
_HEADING_EN = lazy_re(
    r"\b(?:steps to reproduce|reproduc(?:e|es|ing|tion|er)|poc|pocs|proof of concept|"
    r"exploit|exploitation|exploiting|attack walkthrough|attack steps)\b",
    re.ASCII,  # word boundaries as in RE2: "漏洞poc验证" has a PoC
)
_HEADING_ZH = lazy_re(
    r"复现|復現|重现|重現|利用过程|利用過程|漏洞利用|利用方法|利用步骤|利用步驟|攻击过程|攻擊過程|漏洞验证|漏洞驗證"
)
# Defensive or preparatory sections that share the words: not reproduction steps.
_HEADING_NOT = lazy_re(
    r"\b(?:mitigat[a-z]{0,10}|detect[a-z]{0,10}|indicators?|prevent[a-z]{0,10}|"
    r"protect[a-z]{0,10}|defen[cs]e[a-z]{0,5}|workarounds?|remediat[a-z]{0,10}|"
    r"patch[a-z]{0,5}|fix[a-z]{0,5}|status|in the wild|environment|setup|set up|"
    r"install[a-z]{0,10}|not reproducible|cannot reproduce|can t reproduce)\b"
    r"|环境|環境|搭建|修复|修復|缓解|緩解|防护|防護|防御|防禦|排查|情况|情況|状态|狀態",
    re.ASCII,
)
# Sections about defending against the attack: nothing in them is an attack step.
_HEADING_DEFENSIVE = lazy_re(
    r"\b(?:mitigat[a-z]{0,10}|detect[a-z]{0,10}|indicators?|prevent[a-z]{0,10}|"
    r"protect[a-z]{0,10}|defen[cs]e[a-z]{0,5}|workarounds?|remediat[a-z]{0,10}|"
    r"patch[a-z]{0,5}|fix[a-z]{0,5}|hardening|in the wild)\b"
    r"|修复|修復|缓解|緩解|防护|防護|防御|防禦|排查|检测|檢測|情况|情況|加固",
    re.ASCII,
)
# One character class, repeated: linear in Python's engine too, and much cheaper per call
# than the RE2 wrapper's ``sub`` for a heading-sized string.
_NON_WORD = lazy_re(r"[^0-9a-z\u3400-\u9fff]+")
# Literal words one of which every reproduction heading contains (a cheap first check).
_HEADING_HINTS = (
    "reproduc",
    "poc",
    "proof",
    "exploit",
    "attack",
    "复现",
    "復現",
    "重现",
    "重現",
    "利用",
    "攻击",
    "攻擊",
    "验证",
    "驗證",
)
_HEADING_HINT = lazy_re("|".join(_HEADING_HINTS))  # plain literals: linear


def _folded(text: str) -> str:
    text = text[:500]
    return text.lower() if text.isascii() else unicodedata.normalize("NFKC", text).casefold()


def _normal_heading(text: str) -> str:
    return _NON_WORD.sub(" ", _folded(text)).strip()


def is_defensive_heading(text: str) -> bool:
    """Whether a heading's text names a detection, mitigation or fixing section."""
    return bool(_HEADING_DEFENSIVE.search(_normal_heading(text)))


def is_reproduction_heading(text: str) -> bool:
    """Whether a heading's text names a reproduction / PoC / exploitation section."""
    folded = _folded(text)
    if not _HEADING_HINT.search(folded):
        return False
    normal = _NON_WORD.sub(" ", folded).strip()
    if not (_HEADING_EN.search(normal) or _HEADING_ZH.search(normal)):
        return False
    return not _HEADING_NOT.search(normal)


# --- commands, requests and payloads (the "how") ------------------------------------------

# A request line's start; its end (" HTTP/1.1") is checked on the same line in Python, since
# request targets carrying payloads run longer than RE2's largest bounded repetition.
_REQUEST_START = lazy_re2(
    r"(?m)^[ \t]{0,4}(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|PROPFIND|TRACE)[ \t]{1,3}\S"
)
_REQUEST_END = lazy_re2(r"[ \t]HTTP/\d(?:\.\d)?[ \t\r]{0,3}$")
_HOST_HEADER = lazy_re2(r"(?mi)^[ \t]{0,4}host:[ \t]{0,5}\S")
_XMLDECODER = lazy_re2(r"java\.beans\.XMLDecoder")
_VOID_ELEMENT = lazy_re2(r"<void[ \t>]")
_RAW_REQUEST = t("a raw HTTP request", "原始 HTTP 请求")
_XMLDECODER_PAYLOAD = t("an XMLDecoder deserialization payload", "XMLDecoder 反序列化载荷")

# (pattern, description, code only, hints): "code only" patterns are ignored in prose, where
# the same words describe rather than instruct; a pattern runs only on text that contains one
# of its (lower-case) hints, a cheap literal prefilter in front of the regex.
_ACTIONS: list[tuple[Any, Text, bool, tuple[str, ...]]] = [
    (
        lazy_re2(
            r"(?m)(?:^|[\s;&|(`$])(?:curl|wget)(?:\.exe)?[ \t]{1,5}[^\n]{0,400}?(?:https?://|[\w.-]{1,253}:\d{1,5}\b)"
        ),
        t("a curl or wget command", "curl 或 wget 命令"),
        True,
        ("curl", "wget"),
    ),
    (
        lazy_re2(
            r"(?m)(?:^|[\s;&|(`$])python(?:[23](?:\.\d{1,2})?)?[ \t]{1,5}(?:-c[ \t]|[\w./-]{1,200}\.py\b)"
        ),
        t("a Python command", "Python 命令"),
        True,
        ("python",),
    ),
    (
        lazy_re2(
            r"(?m)(?:^|[\s;&|(`$])(?:nc|ncat|netcat)(?:\.exe)?[ \t][^\n]{0,120}[ \t]\d{2,5}(?:[ \t\r]|$)"
        ),
        t("a netcat command", "netcat 命令"),
        True,
        ("nc", "netcat"),
    ),
    (
        lazy_re2(
            r"(?m)^[ \t]{0,4}(?:[\w.-]{1,32}@[\w.-]{1,64}:[^\n$#]{0,200}[$#]|\$|PS [A-Za-z]:\\[^>\n]{0,200}>|[A-Za-z]:\\[^>\n]{0,200}>)[ \t]{0,3}(?:\./|sudo[ \t]|python|perl[ \t]|ruby[ \t]|php[ \t]|java[ \t]|gcc[ \t]|curl[ \t]|wget[ \t]|nc[ \t]|ncat[ \t]|bash[ \t]|sh[ \t]|msfconsole|sqlmap|powershell|whoami|id[ \t\r]*$)"
        ),
        t("a shell session", "Shell 会话"),
        True,
        ("$", "@", ">"),
    ),
    (
        lazy_re2(
            r"(?i)\bsqlmap(?:\.py)?[ \t]{1,5}[^\n]{0,200}(?:-u|--url|-r)\b|\bmsfconsole\b|\buse[ \t]{1,3}exploit/|\bysoserial\b|\bmarshalsec\b|\bJNDIExploit\b|\bJNDI-Injection-Exploit\b"
        ),
        t("an exploit tool", "漏洞利用工具"),
        True,
        ("sqlmap", "msfconsole", "exploit/", "ysoserial", "marshalsec", "jndi"),
    ),
]

# What a reader runs (as against a payload string, which may be an illustration).
_COMMANDS = frozenset({what for _, what, _, _ in _ACTIONS} | {_RAW_REQUEST})

# --- evidence that it worked (the "it worked") ---------------------------------------------

_EVIDENCE: list[tuple[Any, Text, bool, tuple[str, ...]]] = [
    (
        lazy_re2(r"uid=\d{1,10}\([^)\n]{0,64}\)[ \t]{0,3}gid=\d{1,10}"),
        t("user and group id output", "用户与组 ID 输出"),
        False,
        ("uid=",),
    ),
    (
        lazy_re2(r"(?i)\bnt[ \t]{0,2}authority\\{1,2}system\b"),
        t("SYSTEM privileges", "SYSTEM 权限"),
        False,
        ("authority",),
    ),
    (
        lazy_re2(
            r"(?m)^[ \t]{0,4}root@[\w.-]{1,64}:[^\n#]{0,200}#|^[ \t]{0,4}(?:(?:sh|bash)-\d{1,2}(?:\.\d{1,2})?)?#[ \t]{1,3}(?:id|whoami)[ \t\r]*$"
        ),
        t("a root shell prompt", "root Shell 提示符"),
        True,
        ("root@", "#"),
    ),
    (
        lazy_re2(
            r"(?im)\bwhoami[ \t\r]{0,3}\n[ \t]{0,8}(?:root|nt authority\\{1,2}system|[\w.-]{1,64}\\[\w.$-]{1,64})[ \t\r]*$"
        ),
        t("whoami output", "whoami 输出"),
        True,
        ("whoami",),
    ),
    (
        lazy_re2(
            r"(?i)\bsuccessfully[ \t]{1,3}(?:executed|obtained|got|gained|spawned|popped|received|triggered|ran|created)\b|\b(?:executed|ran|run)[ \t]{1,3}successfully\b|\b(?:got|gained|gaining|obtained|obtaining|popped|popping|spawned|received|receiving|caught)[ \t]{1,3}(?:a[ \t]{1,3}|an[ \t]{1,3}|the[ \t]{1,3})?(?:root[ \t]{1,3}|reverse[ \t]{1,3}|interactive[ \t]{1,3}|remote[ \t]{1,3})?shell\b|\bshell[ \t]{1,3}(?:was[ \t]{1,3}|is[ \t]{1,3})?(?:obtained|received|popped|spawned)\b|\broot[ \t]{1,3}privileges[ \t]{1,3}(?:gained|obtained|acquired)\b|\bpop(?:ped|s|ping)?[ \t]{1,3}(?:a[ \t]{1,3}|the[ \t]{1,3})?calc(?:ulator|\.exe)?\b|\bcalc(?:ulator|\.exe)?[ \t]{1,3}(?:was[ \t]{1,3}|is[ \t]{1,3})?(?:popped|launched|spawned)\b"
        ),
        t("a success message", "执行成功的提示"),
        False,
        ("success", "shell", "privileges", "calc"),
    ),
    (
        lazy_re2(
            r"(?i)\b(?:result|output)s?[ \t]{1,3}of[ \t]{1,3}[^\n]{0,40}?(?:command|expression|payload|\bid\b|whoami|\d{1,6}[ \t]?\*[ \t]?\d{1,6})[^\n]{0,40}?\b(?:has[ \t]{1,3}been|have[ \t]{1,3}been|was|were|is|are|will[ \t]{1,3}be|can[ \t]{1,3}be)[ \t]{1,3}(?:successfully[ \t]{1,3})?(?:returned|shown|displayed|echoed|reflected|printed)\b|\b(?:command|id|whoami)[ \t]{1,3}(?:output|result)s?[ \t]{1,3}(?:has[ \t]{1,3}been|was|were|is|are|will[ \t]{1,3}be|can[ \t]{1,3}be)[ \t]{1,3}(?:returned|shown|displayed|echoed|reflected|printed)\b"
        ),
        t("command output in the response", "响应中的命令输出"),
        False,
        ("result", "output"),
    ),
    (
        lazy_re2(
            r"(?:命令|执行|執行)[^\n]{0,8}?(?:结果|結果|输出|輸出)[^\n]{0,12}?(?:显示|顯示|回显|回顯|返回|出现|出現)|(?:结果|結果|输出|輸出)[^\n]{0,6}?(?:显示|顯示|回显|回顯)在?[^\n]{0,4}?(?:页面|頁面|响应|響應|返回包)"
        ),
        t("command output in the response", "响应中的命令输出"),
        False,
        ("结果", "結果", "输出", "輸出"),
    ),
    (
        lazy_re2(
            r"成功执行|執行成功|成功執行|执行成功|成功被执行|成功被執行|被成功执行|被成功執行|成功地执行|成功(?:反弹|反彈|获取|獲取|获得|獲得|拿到|得到)[ \t]{0,2}(?:了[ \t]{0,2})?(?:shell|root|会话|會話|权限|權限)|反弹[ \t]{0,2}shell|反彈[ \t]{0,2}shell|反弹成功|(?i:getshell)|(?:拿到|获得|获取|得到)(?:了)?[ \t]{0,2}(?i:shell)|弹出(?:了)?计算器|命令执行(?:结果|成功)|成功回显"
        ),
        t("a success message", "执行成功的提示"),
        False,
        ("成功", "反弹", "反彈", "shell", "计算器", "回显"),
    ),
    (
        lazy_re2(
            r"收到[^\n]{0,30}?(?:请求|請求|日志|日誌|记录|記錄|回连|回連|连接|連接|(?i:dns|http))|(?i:dns[ \t]{0,2}log|dns[ \t]{0,2}日志|collaborator|interactsh)[^\n]{0,60}?(?:收到|显示|記錄|记录|(?i:received|shows|showed|recorded|got|interaction))"
        ),
        t("a DNS or HTTP callback received", "收到 DNS 或 HTTP 回连"),
        False,
        ("收到", "dns", "collaborator", "interactsh"),
    ),
    (
        lazy_re2(
            r"(?i)\b(?:received|got|receives|saw)[ \t]{1,3}(?:a[ \t]{1,3}|an[ \t]{1,3}|the[ \t]{1,3})?(?:dns|http|ldap|rmi)[ \t]{1,3}(?:request|query|lookup|callback|interaction|connection)s?\b|\bconnect[ \t]{1,3}to[ \t]{1,3}\[[^\]\n]{1,64}\][ \t]{1,3}from\b|\bconnection[ \t]{1,3}received[ \t]{1,3}(?:on|from)\b"
        ),
        t("a callback or reverse connection received", "收到回连或反向连接"),
        False,
        ("received", "got", "saw", "connect"),
    ),
]

_TOUCH = lazy_re2(r"\btouch[ \t]{1,3}(/(?:tmp|var/tmp|dev/shm)/[\w.-]{1,64})")
_FILE_CHECKED = t("a file created by the payload and then checked", "载荷创建的文件及随后的检查")

_MAX_LABELS = 3  # kinds named in a message
_MAX_TOUCH = 5  # created files followed per section
_MAX_LOOKUPS = 20  # later mentions of one created file examined


@dataclass
class _Section:
    heading: str
    line: int  # the heading's line
    end: float  # first line after the section (inf: end of page)
    last: int = 0  # last line with content
    actions: dict[Text, None] = field(default_factory=dict)  # ordered set
    evidence: dict[Text, None] = field(default_factory=dict)
    raw: list[tuple[int, str]] = field(default_factory=list)  # (line, raw text) for touch
    code: list[str] = field(default_factory=list)  # texts of code views (all decodings)
    prose: list[str] = field(default_factory=list)  # texts of the other views


def _sections(doc: Document) -> list[_Section]:
    """Outermost reproduction sections, in page order (nested ones are part of them)."""
    headings = doc.headings
    if not headings:
        return []
    # Fold every heading at once and look at only those containing a hint word.
    texts = [_folded(text) for _, _, text in headings]
    starts: list[int] = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    hints = _HEADING_HINT.finditer("\n".join(texts))
    candidates = sorted({bisect.bisect_right(starts, m.start()) - 1 for m in hints})
    matching = [i for i in candidates if is_reproduction_heading(headings[i][2])]
    if not matching:
        return []
    # next_end[i]: line of the first heading after i with a level <= headings[i]'s.
    next_end: list[float] = [float("inf")] * len(headings)
    nearest: list[float] = [float("inf")] * 7  # by level: nearest later heading of level <= l
    for index in range(len(headings) - 1, -1, -1):
        line, level, _ = headings[index]
        next_end[index] = nearest[level]
        for lv in range(level, 7):
            nearest[lv] = line  # headings are visited bottom-up: this one is the nearest
    sections: list[_Section] = []
    covered_until: float = 0
    for index in matching:
        line, _level, text = headings[index]
        if line < covered_until:
            continue
        sections.append(_Section(_normal_heading(text), line, next_end[index]))
        covered_until = next_end[index]
    return sections


def _match_kinds(
    table: list[tuple[Any, Text, bool, tuple[str, ...]]],
    code: tuple[str, str],
    every: tuple[str, str],
    found: dict[Text, None],
) -> None:
    """Add each kind whose pattern matches: code-only ones in ``code``, the rest in ``every``
    (each a pair of text and its lower-case form, for the literal hints)."""
    for pattern, what, code_only, hints in table:
        text, low = code if code_only else every
        if what not in found and any(h in low for h in hints) and pattern.search(text):
            found.setdefault(what)


def _has_request_line(text: str) -> bool:
    for count, match in enumerate(_REQUEST_START.finditer(text)):
        if count >= _MAX_LOOKUPS:
            break
        end = text.find("\n", match.end())
        if _REQUEST_END.search(text[match.end() : end if end >= 0 else len(text)]):
            return True
    return False


def _raw_request(text: str, low: str) -> tuple[Text, int] | None:
    """A raw HTTP request in one view (request line and ``Host:`` header): its description
    and the offset of its request line."""
    if "http/" not in low or "host:" not in low or not _HOST_HEADER.search(text):
        return None
    for count, match in enumerate(_REQUEST_START.finditer(text)):
        if count >= _MAX_LOOKUPS:
            break
        end = text.find("\n", match.end())
        if _REQUEST_END.search(text[match.end() : end if end >= 0 else len(text)]):
            return _RAW_REQUEST, match.start()
    return None


def _scan_view(section: _Section, view: View) -> None:
    text = view.text
    is_code = view.segment.is_code
    end_line = view.line_at(len(text))
    section.last = max(section.last, int(min(section.end - 1, end_line)))
    # Pairs that must sit in one block (request line and Host header) are checked per view;
    # everything else once per section, on the joined texts (few calls into RE2).
    low = text.lower()
    if "http/" in low and "host:" in low and _has_request_line(text) and _HOST_HEADER.search(text):
        section.actions.setdefault(_RAW_REQUEST)
    decoder = "xmldecoder" in low and "<void" in low
    if decoder and _XMLDECODER.search(text) and _VOID_ELEMENT.search(text):
        section.actions.setdefault(_XMLDECODER_PAYLOAD)
    (section.code if is_code else section.prose).append(text)
    if view.how == "raw":
        section.raw.append((view.segment.line, text))


def _finish(section: _Section) -> None:
    """Run the action and evidence patterns over the section's joined texts."""
    code_text = "\n".join(section.code)
    every_text = code_text + "\n" + "\n".join(section.prose)
    code = (code_text, code_text.lower())
    every = (every_text, every_text.lower())
    _match_kinds(_ACTIONS, code, every, section.actions)
    _match_kinds(_EVIDENCE, code, every, section.evidence)


def _file_created(section: _Section) -> bool:
    """A file the payload created (``touch /tmp/x``) mentioned again later, as its check."""
    ordered = sorted(section.raw, key=lambda item: item[0])
    joined = "\n".join(text for _, text in ordered)
    if "touch" not in joined:
        return False
    for count, match in enumerate(_TOUCH.finditer(joined)):
        if count >= _MAX_TOUCH:
            break
        path = match.group(1)
        start = match.end()
        for _ in range(_MAX_LOOKUPS):
            found = joined.find(path, start)
            if found < 0:
                break
            line_start = joined.rfind("\n", 0, found) + 1
            line_end = joined.find("\n", found)
            line = joined[line_start : line_end if line_end >= 0 else len(joined)]
            # The same path again, not as another touch, and not as a longer name.
            after = joined[found + len(path) : found + len(path) + 1]
            if "touch" not in line and not (after.isalnum() or after in ("_", "-", "/")):
                return True
            start = found + len(path)
    return False


def _describe(kinds: dict[Text, None]) -> Text:
    names = list(kinds)[:_MAX_LABELS]
    more = len(kinds) - len(names)
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    text_zh = "、".join(zh(name) for name in names)
    if more > 0:
        return t(f"{text} (and {more} more)", f"{text_zh}等 {len(kinds)} 项")
    return t(text, text_zh)


class ReproductionSteps:
    name = "reproduction-steps"
    rule = "CAC403"
    keywords: tuple[str, ...] = (
        "reproduc",
        "poc",
        "proof",
        "exploit",
        "attack",
        "复现",
        "復現",
        "重现",
        "重現",
        "利用",
        "攻击过程",
        "攻擊過程",
        "漏洞验证",
        "漏洞驗證",
        # a page-level walkthrough needs a target or environment (attack_walkthrough.py)
        "docker",
        "vagrant",
        "your-",
        "your_",
        "target-",
        "target_",
        "victim-",
        "victim_",
        "靶",
        "目标主机",
        "目标地址",
        "目标机器",
        "环境",
        "環境",
        "environment",
        "lab setup",
        "testbed",
        "test bed",
    )

    def scan(self, doc: Document) -> Iterator[Hit]:
        # A reproduction section with commands and evidence holds, located at its heading;
        # otherwise a page-level walkthrough (target, attack input, outcome) does; otherwise
        # a reproduction section's commands alone warn.
        cache: dict[str, dict[int, list[tuple[Text, int]]]] = {}

        def payloads() -> dict[int, list[tuple[Text, int]]]:  # once per page, if needed
            if "found" not in cache:
                cache["found"] = payload_inputs(doc.views)
            return cache["found"]

        found = list(self._sections(doc, payloads))
        if any(h.strong for h in found):
            yield from found
            return
        page = walkthrough(
            doc,
            self.rule,
            self.name,
            _ACTIONS,
            _EVIDENCE,
            _raw_request,
            payloads,
            is_reproduction_heading,
            is_defensive_heading,
        )
        yield from [page] if page is not None else found

    def _sections(
        self, doc: Document, payloads: Callable[[], dict[int, list[tuple[Text, int]]]]
    ) -> Iterator[Hit]:
        sections = _sections(doc)
        if not sections:
            return
        found = payloads()
        starts = [s.line for s in sections]
        for position, view in enumerate(doc.views):
            line = view.segment.line
            if view.segment.kind == "heading":
                continue
            index = bisect.bisect_right(starts, line) - 1
            if index < 0:
                continue
            section = sections[index]
            if section.line < line < section.end:
                _scan_view(section, view)
                for name, _ in found.get(position, ()):  # payload families (_payloads)
                    section.actions.setdefault(name)
        for section in sections:
            _finish(section)
            if not section.actions:
                continue
            if _file_created(section):
                section.evidence.setdefault(_FILE_CHECKED)
            last = max(section.last, section.line)
            span, span_zh = f"lines {section.line}–{last}", f"第 {section.line}–{last} 行"
            actions = _describe(section.actions)
            strong = bool(section.evidence)
            if not strong and section.actions.keys().isdisjoint(_COMMANDS):
                continue  # a payload shown without a command, a request or proof: an example
            if strong:
                evidence = _describe(section.evidence)
                what = t(
                    f"complete reproduction steps: {actions}, with evidence "
                    f"that the attack succeeded ({evidence}), in the "
                    f"reproduction section at {span}",
                    f"完整的复现步骤：{zh(actions)}，并有攻击成功的证据（{zh(evidence)}），"
                    f"位于{span_zh}的复现章节",
                )
            else:
                what = t(
                    f"reproduction steps with {actions} (no evidence of "
                    f"success) in the reproduction section at {span}",
                    f"复现步骤：{zh(actions)}（未见攻击成功的证据），位于{span_zh}的复现章节",
                )
            matched = "\0".join(
                (section.heading, "strong" if strong else "weak", *sorted(section.actions))
            )
            yield Hit(
                rule=self.rule,
                detector=self.name,
                line=section.line,
                what=what,
                strong=strong,
                fingerprint=fingerprint(self.rule, self.name, matched),
            )


DETECTOR = ReproductionSteps()
