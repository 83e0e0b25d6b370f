"""Assessment reports of a specific network (Art. 4(6)): risk assessments, penetration tests,
inspections and certifications (等级保护测评, 渗透测试报告, 风险评估报告) and security
protection plans.

Two things together make a report of *a specific network*:

- report structure: headings or labelled fields (``Scope:``, ``| 风险等级 | … |``) of
  distinct kinds — report type (渗透测试报告, "Penetration Test Report"), scope (测试范围),
  findings (发现的问题), risk rating (风险等级), conclusion (Executive summary, 测评结论),
  methodology, test period, assessor, rectification (整改建议);
- a named target: a labelled field with a real value (``Target:``, ``Client:``, 被测单位,
  测评对象, 委托单位 …; placeholders such as ``[Client name]``, ``XX公司``, 某单位 do not
  count), or at least two hosts, IP addresses or URLs listed under a scope heading or label.

Named target and two kinds of structure: decisive (hold). Named target and one kind, or a
report-type heading with two more kinds and no target (a template, or an article on how to
write a report): a warning for a person to check. Only prose and tables are read: code
blocks are full of ``target:`` keys that are configuration, not clients. CVSS ``Scope:
Unchanged`` is not a scope, nor is a heading that is a sentence using the word ("… when it
is the highest scope", more than six words).
"""

from __future__ import annotations

import bisect
import ipaddress
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.lazy import lazy_re, lazy_re2
from mkdocs_threatpub.scanners.base import Hit, fingerprint
from mkdocs_threatpub.scanners.document import Document, View

__all__ = ["DETECTOR", "AssessmentReport"]

# Kinds of structure: (kind, English terms, Chinese terms). English terms are matched as whole
# words in a normalised heading (lower case, punctuation as spaces) and as field labels.
# Alternations of literals only: safe in RE2 and in Python's engine alike.
_KINDS: list[tuple[str, str, str]] = [
    (
        "report type",
        r"penetration test(?:ing)? report|pen ?test report|risk assessment report|security assessment report|vulnerability assessment report|security audit report|security inspection report|inspection report|certification report|security protection plan|red team(?:ing)? report|assessment report",
        r"渗透测试报告|滲透測試報告|等级保护测评报告|等級保護測評報告|等级测评报告|等保测评报告|风险评估报告|風險評估報告|安全评估报告|安全测评报告|安全检测报告|安全检查报告|测评报告|評估報告|评估报告|检测报告|认证报告|安全防护方案|安全保护方案|安全防護方案",
    ),
    (
        "scope",
        r"scope|scope of work|testing scope|test scope|assessment scope|in scope|rules of engagement",
        r"测试范围|測試範圍|评估范围|評估範圍|测评范围|測評範圍|检测范围|檢測範圍",
    ),
    (
        "findings",
        r"findings|summary of findings|key findings|detailed findings|vulnerabilities found|vulnerabilities identified|issues found|issues identified|identified vulnerabilities",
        r"发现的问题|發現的問題|发现问题|問題清單|问题清单|漏洞清单|漏洞清單|测试结果|測試結果|测评结果|測評結果|检测结果|檢測結果|评估结果|評估結果|风险清单|風險清單",
    ),
    (
        "risk rating",
        r"risk rating|risk ratings|risk level|overall risk|risk score|risk matrix|risk register",
        r"风险等级|風險等級|风险级别|風險級別|风险评级|風險評級|风险值|危害等级|危害等級",
    ),
    (
        "conclusion",
        r"executive summary|management summary|overall conclusion|assessment conclusion|test conclusion|audit opinion",
        r"测评结论|測評結論|评估结论|評估結論|测试结论|測試結論|检测结论|檢測結論|总体评价|總體評價|综合评价|綜合評價",
    ),
    (
        "methodology",
        r"methodology|testing methodology|test methodology|approach and methodology",
        r"测试方法|測試方法|测评方法|測評方法|评估方法|評估方法|检测方法|檢測方法|测试流程|測試流程",
    ),
    (
        "test period",
        r"testing period|test period|assessment period|test dates?|testing dates?|testing window|engagement dates?",
        r"测试时间|測試時間|测评时间|測評時間|测评日期|測評日期|评估时间|評估時間|检测时间|檢測時間|测试日期|測試日期|测试周期|測試週期",
    ),
    (
        "assessor",
        r"assessor|assessors|testing team|assessment team|lead tester|testing company|assessment body",
        r"测评机构|測評機構|检测机构|檢測機構|评估机构|評估機構|测试人员|測試人員|测评人员|測評人員|测试单位|測試單位|测评单位|測評單位",
    ),
    (
        "rectification",
        r"remediation plan|remediation roadmap|corrective actions?",
        r"整改建议|整改建議|整改措施|加固建议|加固建議|整改情况|整改情況|整改方案",
    ),
]

# The kinds' names in Chinese, for the finding message.
_KINDS_ZH = {
    "report type": "报告类型",
    "scope": "测试范围",
    "findings": "发现的问题",
    "risk rating": "风险等级",
    "conclusion": "结论",
    "methodology": "测试方法",
    "test period": "测试时间",
    "assessor": "测评机构",
    "rectification": "整改建议",
}

_TARGET_EN = (
    r"targets?|target (?:organi[sz]ation|system|application|network|company|hosts?|urls?|scope)"
    r"|clients?|client name|customer|customer name|assessed (?:organi[sz]ation|entity|system)"
    r"|system under test|application under test|tested (?:system|application|organi[sz]ation)"
)
_TARGET_ZH = (
    r"被测单位|被測單位|被测系统|被測系統|被测评单位|被測評單位|被测对象|被測對象|测评对象|測評對象"
    r"|测试对象|測試對象|评估对象|評估對象|检测对象|檢測對象|委托单位|委託單位|委托方|委託方"
    r"|被评估单位|被評估單位|被检测单位|被檢測單位|客户名称|客戶名稱|客户单位|客戶單位|目标系统"
    r"|目標系統|目标单位|目標單位|目标网站|目標網站|目标地址|目標地址|测试目标|測試目標|测评目标|測評目標"
)

# A field: at the start of a line, after an optional list marker or table pipe and optional
# bold, the label, then a colon (ASCII or full-width) or a table cell boundary; group 1 is
# the label, group 2 the value (the rest of the line, or the next table cell).
_FIELD_PREFIX = r"(?im)^[ \t]{0,3}(?:[-*+][ \t]{1,3}|\d{1,3}[.)、][ \t]{0,3}|\|[ \t]{0,3})?(?:\*\*|__)?[ \t]{0,2}"
_FIELD_SUFFIX = r"[ \t]{0,2}(?:\*\*|__)?[ \t]{0,3}(?:[:：](?:\*\*|__)?|\|)[ \t]{0,3}([^|\n]{0,200})"


def _field(terms: str) -> Any:
    return lazy_re2(f"{_FIELD_PREFIX}({terms}){_FIELD_SUFFIX}")


_ALL_KIND_TERMS = "|".join(f"{en}|{zh}" for _, en, zh in _KINDS)
_KIND_FIELD = _field(_ALL_KIND_TERMS)
_TARGET_FIELD = _field(f"{_TARGET_EN}|{_TARGET_ZH}")
_REPORT_TERM = lazy_re2(f"(?i){_KINDS[0][1]}|{_KINDS[0][2]}")

# Classifying a short, normalised string (a heading, a bold line, a table header cell, a field
# label): one pattern with a named group per kind. Python's engine: the strings are at most a
# few dozen characters and the pattern is literals only, and its per-call cost is far lower.
_CLASSIFY = lazy_re(
    "|".join(f"(?P<k{i}>\\b(?:{en})\\b|{zh})" for i, (_, en, zh) in enumerate(_KINDS)),
    re.ASCII,
)
_KIND_NAMES = {f"k{i}": kind for i, (kind, _, _) in enumerate(_KINDS)}
_TARGET_LABEL = lazy_re(f"^(?:{_TARGET_EN})$|{_TARGET_ZH}", re.ASCII)
# A scope section (its hosts name the target): "Scope", "测试范围", a heading that is just
# "Targets", or "Target hosts / systems / URLs". Not any heading with the word "target" in it
# ("Release target Wednesday").
_SCOPE_HEADING = lazy_re(
    f"\\b(?:{_KINDS[1][1]}|target (?:hosts?|systems?|urls?|list|assets?))\\b|^targets?$|{_KINDS[1][2]}"
    "|测试目标|測試目標|目标范围|目標範圍",
    re.ASCII,
)
_BOLD_LINE = lazy_re2(r"(?m)^[ \t]{0,3}(?:\*\*|__)([^*_\n]{1,120})(?:\*\*|__)[ \t]{0,3}$")
# One character class, repeated: linear in Python's engine.
_NON_WORD = lazy_re(r"[^0-9a-z\u3400-\u9fff]+")

# Hosts in a scope: URLs, IPv4 addresses, and bare domain names standing alone as a list item,
# table cell or line.
_URL_HOST = lazy_re2(r"(?i)\bhttps?://([a-z0-9.-]{1,253})")
_IPV4 = lazy_re2(r"(?:^|[^\d.])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?:/\d{1,2})?(?:$|[^\d.])")
_LONE_DOMAIN = lazy_re2(
    r"(?im)^[ \t]{0,3}(?:[-*+][ \t]{1,3}|\d{1,3}[.)][ \t]{1,3}|\|[ \t]{0,3})?`?([a-z0-9][a-z0-9.-]{0,250}\.[a-z]{2,24})`?[ \t]{0,3}(?:\||$)"
)
_PLACEHOLDER_DOMAINS = ("example.com", "example.org", "example.net", "localhost", "your-ip")
_DOCUMENTATION_NETS = tuple(
    ipaddress.ip_network(net) for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")
)

# Values that name nobody: template placeholders, redactions, "n/a".
_PLACEHOLDER = lazy_re2(
    r"(?i)^[\[<{(（【「]|\bxx|xx\b|ｘｘ|某|示例|样例|範例|范例|\bexample\b|\bsample\b|\byour\b|\bname of\b|\b(?:client|company|customer|organi[sz]ation|target) name\b|\btbd\b|\btba\b|\bn/?a\b|\bnone\b|\bredacted\b|\banonymi[sz]ed\b|\bacme\b|\bfoo\b|^(?:略|无|無|待定)$|\*{3}|…|\.\.\.|^[-—–/ ]{1,10}$"
)
# File names look like domains ("README.md"): not hosts when they stand alone.
_FILE_SUFFIXES = frozenset(
    (
        "md",
        "py",
        "js",
        "ts",
        "yml",
        "yaml",
        "json",
        "txt",
        "html",
        "htm",
        "php",
        "jsp",
        "asp",
        "aspx",
        "xml",
        "sh",
        "exe",
        "dll",
        "so",
        "conf",
        "cfg",
        "ini",
        "log",
        "java",
        "go",
        "rb",
        "c",
        "h",
        "cpp",
        "zip",
        "gz",
        "tar",
        "jar",
        "war",
        "png",
        "jpg",
        "gif",
        "svg",
        "pdf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "csv",
        "sql",
    )
)
_CVSS_SCOPE = lazy_re2(r"(?i)^(?:un)?changed\b|^[uc]$")

# Kinds that research write-ups share with reports: not enough beside a target on their own.
_GENERIC_KINDS = frozenset(("findings", "methodology", "risk rating"))

_MAX_HOSTS = 50  # distinct hosts collected per page
_MAX_HOST_MATCHES = 200  # host-like matches examined per block and pattern
_MAX_SCOPES = 20  # scope sections followed per page
_MAX_SCAN = 50  # later headings examined to find where a scope section ends
_MAX_SHORT = 80  # longest normalised heading, bold line or cell read as a label
# A section heading names its section in a few words ("Scope", "Scope of work", "2.1 测试范围");
# a heading that is a sentence only uses the word (a git config scope, a variable's scope).
_MAX_HEADING_WORDS = 6


# Literals that the target field and report-type patterns need (cheap checks before them).
_TARGET_HINTS = (
    "target",
    "client",
    "customer",
    "under test",
    "assessed",
    "tested",
    "被测",
    "被測",
    "对象",
    "對象",
    "委托",
    "委託",
    "被评估",
    "被評估",
    "被检测",
    "被檢測",
    "客户",
    "客戶",
    "目标",
    "目標",
)
_REPORT_HINTS = ("report", "plan", "报告", "報告", "方案")
_SCOPE_HINTS = ("scope", "engagement", "target", "范围", "範圍", "目标", "目標")


def _mentions(lowered: str, words: tuple[str, ...]) -> bool:
    return any(word in lowered for word in words)


def _fold(text: str) -> str:
    return text.lower() if text.isascii() else unicodedata.normalize("NFKC", text).casefold()


def _normal(text: str) -> str:
    return _NON_WORD.sub(" ", _fold(text[:500])).strip()


def _kinds_in(normal: str) -> Iterator[str]:
    """The kinds of structure a short normalised string names."""
    if len(normal) <= _MAX_SHORT:
        for match in _CLASSIFY.finditer(normal):
            if match.lastgroup:
                yield _KIND_NAMES[match.lastgroup]


def _clean_value(value: str) -> str:
    return value.strip().strip("*_`").strip()


def _named(value: str) -> bool:
    """Whether a field value names something (not empty, not a placeholder, not a label)."""
    value = unicodedata.normalize("NFKC", _clean_value(value)[:200])
    if len(value) < 2 or not any(ch.isalnum() for ch in value):
        return False
    if _PLACEHOLDER.search(value):
        return False
    normal = _normal(value)
    # "| Target | Risk level |" is a header row: the "value" is another label.
    return not (_TARGET_LABEL.search(normal) or next(_kinds_in(normal), None))


def _host_ok(host: str) -> bool:
    host = host.lower().rstrip(".")
    if not host or any(host == d or host.endswith("." + d) for d in _PLACEHOLDER_DOMAINS):
        return False
    if host.endswith((".example", ".test", ".invalid", ".localhost")):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." in host and not host.replace(".", "").isdigit()
    if any(address in net for net in _DOCUMENTATION_NETS):
        return False
    return not (address.is_loopback or address.is_unspecified or address.is_multicast)


def _hosts(text: str, into: set[str]) -> None:
    for pattern in (_URL_HOST, _IPV4, _LONE_DOMAIN):
        for count, match in enumerate(pattern.finditer(text)):
            if len(into) >= _MAX_HOSTS or count >= _MAX_HOST_MATCHES:
                break
            host = match.group(1).lower()
            if host in into:
                continue
            if pattern is _LONE_DOMAIN and host.rsplit(".", 1)[-1] in _FILE_SUFFIXES:
                continue
            if _host_ok(host):
                into.add(host)


class _Joined:
    """Prose and table views joined into one text (few calls into RE2), with line lookup."""

    def __init__(self, views: list[View]) -> None:
        self.views = views
        self.starts: list[int] = []
        offset = 0
        for view in views:
            self.starts.append(offset)
            offset += len(view.text) + 1
        self.text = "\n".join(view.text for view in views)

    def view_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def line_at(self, offset: int) -> int:
        index = self.view_at(offset)
        return self.views[index].line_at(offset - self.starts[index])

    def view_end(self, offset: int) -> int:
        index = self.view_at(offset)
        return self.starts[index] + len(self.views[index].text)


class AssessmentReport:
    name = "assessment-report"
    rule = "CAC406"
    # A finding needs a target field, a report-type term or a scope heading: their words.
    keywords: tuple[str, ...] = tuple(
        dict.fromkeys((*_TARGET_HINTS, *_REPORT_HINTS, *_SCOPE_HINTS))
    )

    def scan(self, doc: Document) -> Iterator[Hit]:
        headings: list[tuple[int, int, str]] = []
        scope_ranges: list[tuple[int, float]] = []
        if _mentions(_fold("\n".join(text[:500] for _, _, text in doc.headings)), _SCOPE_HINTS):
            headings = [(line, level, _normal(text)) for line, level, text in doc.headings]
            scope_ranges = _scope_ranges(headings)
        # Gate: without a target field, a report-type term or a scope heading, neither a
        # decisive nor a weak finding is possible (two calls over the whole page).
        lowered = doc.lowered
        if not (
            scope_ranges
            or (_mentions(lowered, _TARGET_HINTS) and _TARGET_FIELD.search(lowered))
            or (_mentions(lowered, _REPORT_HINTS) and _REPORT_TERM.search(lowered))
        ):
            return
        if not headings:
            headings = [(line, level, _normal(text)) for line, level, text in doc.headings]

        kinds: dict[str, int] = {}  # kind -> first line
        for line, _level, normal in headings:
            for kind in _kinds_in(normal):
                kinds.setdefault(kind, line)

        views = [v for v in doc.block_views() if v.segment.kind in ("prose", "table")]
        joined = _Joined(views)
        text = joined.text
        for match in _BOLD_LINE.finditer(text):
            for kind in _kinds_in(_normal(match.group(1))):
                kinds.setdefault(kind, joined.line_at(match.start()))
        for view in views:
            if view.segment.kind == "table":
                header = view.text.split("\n", 1)[0]
                for cell in header.split("|"):
                    for kind in _kinds_in(_normal(cell)):
                        kinds.setdefault(kind, view.segment.line)
        for match in _KIND_FIELD.finditer(text):
            for kind in _kinds_in(_normal(match.group(1))):
                if kind == "scope" and _CVSS_SCOPE.search(_clean_value(match.group(2))):
                    continue  # CVSS "Scope: Unchanged"
                kinds.setdefault(kind, joined.line_at(match.start()))

        target_line = 0
        target_value = ""
        hosts: set[str] = set()
        for match in _TARGET_FIELD.finditer(text):
            value = match.group(2)
            if _named(value):
                target_line = joined.line_at(match.start())
                target_value = _normal(value)
                break
            if not _clean_value(value):
                # "Targets:" over a list: the hosts that follow in the block are the target.
                _hosts(text[match.end() : joined.view_end(match.start())], hosts)
        if scope_ranges:
            for view in views:
                line = view.segment.line
                if any(start < line < end for start, end in scope_ranges):
                    _hosts(view.text, hosts)

        named = bool(target_value) or len(hosts) >= 2
        if named and not target_line:
            target_line = min((line for line, _ in scope_ranges), default=0) or min(
                kinds.values(), default=1
            )
        count = len(kinds)
        strong = named and count >= 2
        # Weak: a report-shaped page with no one named (a template, a how-to), or a named
        # target beside one marker that only reports have ("Findings" alone is any write-up).
        weak = (named and count == 1 and not kinds.keys() <= _GENERIC_KINDS) or (
            not named and count >= 3 and "report type" in kinds
        )
        if not (strong or weak):
            return
        names = sorted(kinds, key=lambda k: kinds[k])
        listed = ", ".join(names)
        listed_zh = "、".join(_KINDS_ZH[name] for name in names)
        if named:
            if target_value:
                how, how_zh = "a named target", "指明了具体测试对象"
            else:
                how, how_zh = (
                    f"a list of {len(hosts)} target hosts",
                    f"列出了 {len(hosts)} 个目标主机",
                )
            what = t(
                f"assessment report of a specific network: {how} with report sections ({listed})",
                f"特定网络的评估报告：{how_zh}，并含报告章节（{listed_zh}）",
            )
            line = target_line
        else:
            what = t(
                f"assessment report structure ({listed}) without a named target",
                f"未指明具体对象的评估报告结构（{listed_zh}）",
            )
            line = min(kinds.values())
        matched = "\0".join((*names, target_value, *sorted(hosts)))
        yield Hit(
            rule=self.rule,
            detector=self.name,
            line=line,
            what=what,
            strong=strong,
            fingerprint=fingerprint(self.rule, self.name, matched),
        )


def _scope_ranges(headings: list[tuple[int, int, str]]) -> list[tuple[int, float]]:
    """(heading line, first line after the section) of scope / target headings."""
    ranges: list[tuple[int, float]] = []
    for index, (line, level, normal) in enumerate(headings):
        if len(ranges) >= _MAX_SCOPES:
            break
        if len(normal) > _MAX_SHORT or len(normal.split()) > _MAX_HEADING_WORDS:
            continue  # a sentence using the word ("… when it is the highest scope")
        if not _SCOPE_HEADING.search(normal):
            continue
        end: float = float("inf")
        for later_line, later_level, _ in headings[index + 1 : index + 1 + _MAX_SCAN]:
            if later_level <= level:
                end = later_line
                break
        ranges.append((line, end))
    return ranges


DETECTOR = AssessmentReport()
