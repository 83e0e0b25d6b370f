"""Attack walkthroughs (Art. 4(3)) judged at page level, whatever the headings say.

Article 4(3) forbids "detailed information that enables the complete repetition of an
attack". A page gives that when it has all three pieces, anywhere on the page:

- **a target or environment**: a lab set up to attack (``docker compose up``, ``docker run
  -p``, ``vagrant up``), a heading announcing it (环境搭建, 漏洞环境, "Vulnerable
  environment"), or a stand-in for the host to attack (``your-ip``, ``target-ip``, 靶机);
- **the concrete attack input**: a raw HTTP request, a command or request aimed at the lab
  host (a placeholder, ``localhost``/loopback or an address literal with a port, or a URL to
  it with parameters), an exploit tool run (the command table of ``reproduction_steps.py``),
  a payload of any family in ``_payloads.py`` (the one list of attack-input shapes, shared
  with CAC402), or, under a reproduction heading, any other code block or an input given
  in inline code;
- **the outcome, after the attack input**: command output or a success sentence (the
  evidence table, plus success sentences in English and Chinese), or a screenshot placed
  right after an attack step (the next block, with only prose between, under the same
  heading).

One illustrative payload in prevention guidance has no lab and no outcome after it, so it is
not a walkthrough. The hit names each piece and its line, never the content. Every pattern is
RE2 (linear) or a literal search, run per view with a literal prefilter in front.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, fingerprint
from mkdocs_threatpub.scanners.detectors._payloads import attack_inputs
from mkdocs_threatpub.scanners.document import Document, View

__all__ = ["Evidence", "Table", "payload_inputs", "walkthrough"]

# (pattern, description, code only, lower-case literal hints): as in reproduction_steps.py.
Table = Sequence[tuple[Any, Text, bool, tuple[str, ...]]]

# --- the target or environment --------------------------------------------------------------

_LAB_SETUP = lazy_re2(
    r"(?im)^[ \t]{0,8}(?:sudo[ \t]{1,3})?(?:docker-compose|docker[ \t]{1,3}compose)\b[^\n]{0,120}?[ \t]up\b"
    r"|^[ \t]{0,8}(?:sudo[ \t]{1,3})?docker[ \t]{1,3}run\b[^\n]{0,300}?[ \t](?:-p|--publish)[ \t=]{1,3}\d"
    r"|^[ \t]{0,8}vagrant[ \t]{1,3}up\b"
)
_LAB_SETUP_HINTS = ("docker", "vagrant")
_ENV_HEADING = lazy_re2(
    r"(?i)环境搭建|環境搭建|漏洞环境|漏洞環境|测试环境|測試環境|靶场|靶場|靶机|靶機|环境准备|環境準備|复现环境|復現環境"
    r"|\bvulnerable[ \t]{1,3}(?:environment|setup|lab|application|app|server)\b"
    r"|\b(?:environment|lab|test[ \t]{1,3}bed|testbed)[ \t]{1,3}(?:setup|set[ \t]{1,3}up|preparation)\b"
    r"|\bset(?:ting)?[ \t]{0,1}up[ \t]{1,3}(?:the[ \t]{1,3})?(?:vulnerable[ \t]{1,3})?(?:environment|lab)\b"
)
# A stand-in for the host to attack (a lab's address left for the reader to fill in).
_TARGET_HOST = lazy_re2(
    r"(?i)\b(?:your|target|victim|vulnerable)[-_](?:ip|host|server|address|addr)\b|靶机|靶機|目标(?:主机|地址|机器)"
)
_TARGET_HINTS = ("your", "target", "victim", "vulnerable", "靶", "目标")

_LAB = t("a lab set up to attack", "搭建的攻击环境")
_LAB_HEADING = t("a vulnerable-environment heading", "漏洞环境标题")
_TARGET = t("the host to attack", "攻击目标主机")

# --- the attack input -------------------------------------------------------------------------

# A host a lab exposes, in a code line other than the setup itself: a stand-in for it
# (``your-ip``, ``<target-ip>``) anywhere on a command line, or localhost, loopback or an IPv4
# literal with a port or in a URL with parameters. Either is aimed at the target.
_PLACEHOLDER = r"(?:your|target|victim|vulnerable)[-_](?:ip|host|server|address|addr)"
_LITERAL = r"(?:localhost|127\.0\.0\.1|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})"
_AIMED = lazy_re2(
    r"(?i)https?://<?(?:" + _PLACEHOLDER + "|" + _LITERAL + r")>?(?::\d{1,5})?/[^\s/`'\"]"
    r"|\b" + _PLACEHOLDER + r"\b"
    r"|\b" + _LITERAL + r":\d{1,5}\b"
)
# In prose or inline code only a URL to the target with parameters is an attack input (a
# bare ``http://your-ip:8080`` there says where the lab is: the target, not the attack).
_AIMED_URL = lazy_re2(
    r"(?i)https?://<?(?:"
    + _PLACEHOLDER
    + "|"
    + _LITERAL
    + r")>?(?::\d{1,5})?/[^\s`]{0,300}?[?;][^\s`]{0,300}?="
)
_AIMED_HINTS = ("your", "target", "victim", "vulnerable", "localhost", "127.0.0.1", ".")
_AIMED_CMD = t("a command or request aimed at the target", "针对目标的命令或请求")
_AIMED_REQ = t("a request to the target with crafted parameters", "携带构造参数的目标请求")
_STEP_CODE = t("a code block in the reproduction steps", "复现步骤中的代码块")
_STEP_INLINE = t(
    "an input given inline in the reproduction steps", "复现步骤中以行内代码给出的输入"
)
# Inline code that is an input rather than a name: a path, URL, operator or escape in it.
_INPUT_LIKE = lazy_re2(r"[/\\<>;|&=%$'\"(){}]|\.\w{1,5}$")

# --- the outcome ------------------------------------------------------------------------------

_SUCCESS_EN = lazy_re2(
    r"(?i)\bsuccessfully\b|\b(?:has|have)[ \t]{1,3}been[ \t]{1,3}(?:executed|triggered|exploited|written|created|uploaded|bypassed|overwritten)\b"
    r"|\b(?:command|payload|code|expression|script|webshell|shell)s?[ \t]{1,3}(?:was|were|is|are|got|gets)[ \t]{1,3}(?:executed|evaluated|triggered|run|written)\b"
    r"|\b(?:got|get|gets|obtained?|gained?|getting)[ \t]{1,3}(?:a[ \t]{1,3}|the[ \t]{1,3})?(?:root|shell|reverse[ \t]{1,3}shell|admin(?:istrator)?[ \t]{1,3}(?:access|privileges?|session))\b"
)
_SUCCESS_EN_HINTS = ("success", "been", "was", "were", "is ", "are", "got", "get", "obtain", "gain")
_SUCCESS_ZH = lazy_re2(
    r"成功(?:地|的)?(?:执行|執行|写入|寫入|读取|讀取|登录|登錄|登陆|利用|获取|獲取|获得|獲得|上传|上傳|绕过|繞過|创建|創建|触发|觸發|反弹|反彈|拿到|得到|爆破|注入|修改|添加|新增|删除|刪除|下载|下載|访问|訪問|加载|加載|调用|調用|复现|復現|进入|進入|覆盖|覆蓋)"
    r"|(?:执行|執行|写入|寫入|读取|讀取|登录|登錄|利用|上传|上傳|绕过|繞過|创建|創建|触发|觸發|注入|复现|復現|攻击|攻擊)成功|已成功|被成功"
    r"|(?:命令|代码|代碼|语句|語句|表达式|表達式|脚本|腳本)[^\n]{0,12}?(?:已被|被|已)?执行|(?:命令|代码|代碼|语句|語句|表达式|表達式|脚本|腳本)[^\n]{0,12}?(?:已被|被|已)?執行"
)
_SUCCESS_ZH_HINTS = ("成功", "执行", "執行")
_SUCCESS = t("a success sentence", "利用成功的描述")
_IMAGE = lazy_re2(r"!\[[^\]\n]{0,300}\]\(|(?i)<img[ \t\n]")
_SCREENSHOT = t("a screenshot right after the attack step", "紧随攻击步骤的截图")

_MAX_AIMED = 20  # host mentions examined per view
_MAX_VIEW_LINES_ANCHOR = 40  # how far after an attack block a screenshot may sit (lines)


@dataclass
class Evidence:
    """The first line of each kind of piece found, per piece."""

    target: dict[Text, int] = field(default_factory=dict)
    attack: dict[Text, int] = field(default_factory=dict)
    outcome: dict[Text, int] = field(default_factory=dict)

    @staticmethod
    def note(kinds: dict[Text, int], what: Text, line: int) -> None:
        if what not in kinds or line < kinds[what]:
            kinds[what] = line


_JOIN = "\x00\n"  # ends each view in a joined text: no match runs into the next view


def payload_inputs(views: Sequence[View]) -> dict[int, list[tuple[Text, int]]]:
    """The payload families (``_payloads``) in each view, by index in ``views``: (family
    name, file line), once per family and view. The views are searched as two joined texts,
    code and the rest, so each family runs once per page rather than once per view."""
    out: dict[int, list[tuple[Text, int]]] = {}
    for code in (True, False):
        chosen = [
            i
            for i, view in enumerate(views)
            if view.segment.is_code == code
            and view.segment.kind != "heading"
            and view.how != "base64"
        ]
        if not chosen:
            continue
        starts: list[int] = []
        line = 0
        for i in chosen:
            starts.append(line)
            line += views[i].text.count("\n") + 1
        joined = _JOIN.join(views[i].text for i in chosen)
        seen: set[tuple[int, str]] = set()
        for item in attack_inputs(joined, code=code):
            index = bisect_right(starts, item.line) - 1
            i = chosen[index]
            if (i, item.family.key) in seen:
                continue
            seen.add((i, item.family.key))
            file_line = views[i].segment.line + item.line - starts[index]
            out.setdefault(i, []).append((item.family.name, file_line))
    return out


def _first_line(view: View, pattern: Any, text: str) -> int | None:
    match = pattern.search(text)
    return None if match is None else view.line_at(match.start())


def _targets(doc: Document, found: Evidence) -> None:
    for line, _level, text in doc.headings:
        if _ENV_HEADING.search(text):
            found.note(found.target, _LAB_HEADING, line)
            break
    for view in doc.views:
        if view.segment.kind == "heading":
            continue
        text = view.text
        low = text.lower()
        if view.segment.is_code and any(h in low for h in _LAB_SETUP_HINTS):
            setup = _first_line(view, _LAB_SETUP, text)
            if setup is not None:
                found.note(found.target, _LAB, setup)
        if _TARGET not in found.target and any(h in low for h in _TARGET_HINTS):
            host = _first_line(view, _TARGET_HOST, text)
            if host is not None:
                found.note(found.target, _TARGET, host)


def _attacks(
    view: View, actions: Table, raw_request: Any, payloads: list[tuple[Text, int]]
) -> list[tuple[Text, int]]:
    """Kinds of attack input in one view, with the line of each (``payloads``: the payload
    families found in it, from :func:`payload_inputs`)."""
    text = view.text
    low = text.lower()
    out: list[tuple[Text, int]] = []
    is_code = view.segment.is_code
    request = raw_request(text, low)
    if request is not None:
        out.append((request[0], view.line_at(request[1])))
    for pattern, what, code_only, hints in actions:
        if code_only and not is_code:
            continue
        if any(h in low for h in hints):
            line = _first_line(view, pattern, text)
            if line is not None:
                out.append((what, line))
    out.extend(payloads)
    if view.segment.kind == "code" and any(h in low for h in _AIMED_HINTS):
        for count, match in enumerate(_AIMED.finditer(text)):
            if count >= _MAX_AIMED:
                break
            if text[max(0, match.start() - 4) : match.start()].endswith(("://", "//<")):
                continue  # the host of a URL to the lab's root: where it is, not an attack
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            line_text = text[start : end if end >= 0 else len(text)]
            if not _LAB_SETUP.search(line_text):
                out.append((_AIMED_CMD, view.line_at(match.start())))
                break
    elif any(h in low for h in _AIMED_HINTS):
        line = _first_line(view, _AIMED_URL, text)
        if line is not None:
            out.append((_AIMED_REQ, line))
    return out


def _outcomes(view: View, evidence: Table) -> list[tuple[Text, int]]:
    text = view.text
    low = text.lower()
    out: list[tuple[Text, int]] = []
    for pattern, what, code_only, hints in evidence:
        if code_only and not view.segment.is_code:
            continue
        if any(h in low for h in hints):
            line = _first_line(view, pattern, text)
            if line is not None:
                out.append((what, line))
    if view.segment.kind in ("prose", "table"):
        if any(h in low for h in _SUCCESS_EN_HINTS):
            line = _first_line(view, _SUCCESS_EN, text)
            if line is not None:
                out.append((_SUCCESS, line))
        if any(h in text for h in _SUCCESS_ZH_HINTS):
            line = _first_line(view, _SUCCESS_ZH, text)
            if line is not None:
                out.append((_SUCCESS, line))
    return out


def _where(kinds: dict[Text, int]) -> Text:
    """ "a raw HTTP request (line 12), …": each kind with its first line, in page order."""
    ordered = sorted(kinds.items(), key=lambda item: item[1])[:3]
    return t(
        ", ".join(f"{what} (line {line})" for what, line in ordered),
        "、".join(f"{zh(what)}（第 {line} 行）" for what, line in ordered),
    )


def walkthrough(
    doc: Document,
    rule: str,
    name: str,
    actions: Table,
    evidence: Table,
    raw_request: Any,
    payloads: Callable[[], dict[int, list[tuple[Text, int]]]],
    steps_heading: Callable[[str], bool],
    defensive_heading: Callable[[str], bool],
) -> Hit | None:
    """A strong hit when the page has a target, an attack input and an outcome after it.

    ``raw_request(text, lowered)`` returns (description, offset) of a raw HTTP request in a
    view, or None; ``payloads()`` the payload families by view index (:func:`payload_inputs`
    over ``doc.views``, computed once); ``steps_heading(text)`` tells a reproduction heading, under which any code
    block other than the lab's setup is an attack step; under a ``defensive_heading``
    (detection, mitigation, fixing), or a setup one, nothing counts as an attack input or an
    outcome.
    """
    found = Evidence()
    _targets(doc, found)
    if not found.target:
        return None
    by_view = payloads()
    pending: int | None = None  # end line of the last attack block, for a screenshot after it
    first_attack: float = float("inf")
    last_segment = None
    levels = {line: level for line, level, _ in doc.headings}
    steps_level = 0  # level of the reproduction heading the views are under (0: none)
    steps_line = 0  # that heading's line
    defensive_level = 0  # level of the defensive or setup heading views are under (0: none)
    anchor = 0  # where the hit goes: the first attack input's reproduction heading, or itself
    for index, view in enumerate(doc.views):
        segment = view.segment
        kind = segment.kind
        new_segment = segment is not last_segment
        last_segment = segment
        if kind == "heading":
            if new_segment and view.how == "raw":
                pending = None
                level = levels.get(segment.line, 6)
                if steps_level and level <= steps_level:
                    steps_level = 0
                if not steps_level and steps_heading(segment.text):
                    steps_level, steps_line = level, segment.line
                if defensive_level and level <= defensive_level:
                    defensive_level = 0
                if not defensive_level and (
                    defensive_heading(segment.text) or _ENV_HEADING.search(segment.text)
                ):
                    defensive_level = level  # defending, or setting the lab up
            continue
        if defensive_level:
            continue
        if view.how == "base64":
            continue
        setup = _is_setup(view)
        attacks = [] if setup else _attacks(view, actions, raw_request, by_view.get(index, []))
        if steps_level and not setup and not attacks and view.how == "raw":
            if kind == "code" and view.text.strip():
                attacks = [(_STEP_CODE, segment.line)]
            elif kind == "inline_code" and len(view.text) >= 3 and _INPUT_LIKE.search(view.text):
                attacks = [(_STEP_INLINE, segment.line)]
        for what, line in attacks:
            found.note(found.attack, what, line)
            if line < first_attack:
                first_attack = line
                anchor = steps_line if steps_level else line
        if kind in ("code", "html_comment"):
            if new_segment:
                end = segment.line + segment.text.count("\n")
                pending = end if attacks else None
            elif attacks:
                pending = segment.line + segment.text.count("\n")
            continue
        if kind == "inline_code":
            if attacks:
                pending = segment.line
            continue
        for what, line in _outcomes(view, evidence):
            if line >= first_attack:
                found.note(found.outcome, what, line)
        if pending is not None and ("](" in view.text or "<img" in view.text.lower()):
            match = _IMAGE.search(view.text)
            if match is not None:
                line = view.line_at(match.start())
                if pending < line <= pending + _MAX_VIEW_LINES_ANCHOR:
                    found.note(found.outcome, _SCREENSHOT, line)
        if attacks:
            pending = segment.line + segment.text.count("\n")
    if not (found.attack and found.outcome):
        return None
    target, attack, outcome = _where(found.target), _where(found.attack), _where(found.outcome)
    line = anchor or min(found.attack.values())
    what = t(
        f"a complete attack walkthrough: the target or environment ({target}), the attack "
        f"input ({attack}) and its outcome ({outcome})",
        f"完整的攻击过程：攻击目标或环境（{zh(target)}）、攻击输入（{zh(attack)}）"
        f"及其结果（{zh(outcome)}）",
    )
    matched = "\0".join(
        ("walkthrough", *sorted(found.target), *sorted(found.attack), *sorted(found.outcome))
    )
    return Hit(
        rule=rule,
        detector=name,
        line=line,
        what=what,
        strong=True,
        fingerprint=fingerprint(rule, name, matched),
    )


def _is_setup(view: View) -> bool:
    """A code block that only sets the lab up (its lines are setup commands or comments)."""
    if view.segment.kind != "code":
        return False
    low = view.text.lower()
    if not any(h in low for h in _LAB_SETUP_HINTS):
        return False
    for raw in view.text.split("\n")[:20]:
        line = raw.strip()
        if line and not line.startswith(("#", *_SETUP_STARTS)) and not _LAB_SETUP.search(line):
            return False
    return True


# Other lines a setup block holds: compose's other commands, fetching the lab.
_SETUP_STARTS = ("docker compose", "docker-compose", "sudo docker compose", "cd ", "git clone")
