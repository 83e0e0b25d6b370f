"""Does a page describe threat information (CAC 2019 draft, Article 12)?

Article 12 calls threat information what describes vulnerabilities, computer viruses and
other malware, network attacks, network intrusions, network security incidents, or a
network's risks and weaknesses. META030 asks this of pages that do not say what they are (no
``threatpub:`` block, not matched by ``include``), so that an advisory written without front
matter is not published without its paperwork check.

The classifier gathers kinds of evidence across the page and decides at page level; one weak
signal never decides:

* **identifiers** of vulnerabilities and advisories: CVE, CNVD, CNNVD, GHSA, and vendor or
  database advisory ids (RUSTSEC, PYSEC, GO, OSV, RHSA, DSA, USN, GLSA, MSyy-nnn, ZDI);
* **threat wording**, English and Chinese, that names a kind of threat or of weakness
  (vulnerability, remote code execution, buffer overflow, malware, ransomware, intrusion,
  漏洞, 远程代码执行, 恶意代码, 木马, 勒索, 后门, 入侵 …), and **attack wording** (attacker,
  exploit, payload, 攻击, 利用 …);
* **affected versions**: an affected / vulnerable / patched versions statement, or a named
  version range ("before 7.4.1", "<= 2.3", "1.2 及以下", ``patched = [...]``);
* **advisory sections**: headings an advisory or a reproduction guide is made of
  (Vulnerability, Impact, Affected versions, Workarounds, Patches, Proof of concept,
  漏洞描述, 影响版本, 漏洞复现, 修复建议, 环境搭建 …);
* **defensive framing** (prevention, defence, cheat sheet, best practice, 防御, 防护) and
  **changelog shape** (three or more release headings) count *against*: a guide that
  describes attacks generically in order to prevent them, and a changelog whose entries
  mention a CVE fixed among other changes, are not threat information.

Every pattern is RE2 (linear time) and runs once over the page's body; lines inside fenced
code count (RustSec writes its advisory header in a TOML block) but the decision only ever
reports kinds of evidence and line numbers, never the page's text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from mkdocs_threatpub.core.analysis import Slot
from mkdocs_threatpub.core.blocks import BlockKind
from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.core.page import Page

__all__ = ["Evidence", "ThreatInformation", "classify", "classify_text", "threat_information"]

# -- the patterns (RE2: linear, no backtracking) ----------------------------------------------

_IDENTIFIER = lazy_re2(
    r"(?i)\b(?:"
    r"CVE-(?:19|20)\d{2}-\d{4,7}"
    r"|CNVD-(?:C-)?(?:19|20)\d{2}-\d{3,7}"
    r"|CNNVD-(?:19|20)\d{4}-\d{2,5}"
    r"|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}"
    r"|RUSTSEC-(?:19|20)\d{2}-\d{4}"
    r"|PYSEC-(?:19|20)\d{2}-\d{1,6}"
    r"|GO-(?:19|20)\d{2}-\d{4}"
    r"|OSV-(?:19|20)\d{2}-\d{1,6}"
    r"|RHSA-(?:19|20)\d{2}:\d{3,6}"
    r"|DSA-\d{3,5}-\d{1,2}"
    r"|USN-\d{3,5}-\d{1,2}"
    r"|GLSA[- ]\d{6}-\d{1,3}"
    r"|MS\d{2}-\d{3}"
    r"|ZDI-\d{2}-\d{3,5}"
    r")\b"
)

# Kinds of threat and of weakness. English words are whole words; Chinese has no spaces.
_THREAT = lazy_re2(
    r"(?i)(?:\b(?:"
    r"vulnerabilit(?:y|ies)|vulnerable"
    r"|remote code execution|arbitrary code execution|code execution|command execution"
    r"|privilege escalation|elevation of privileges?|escalate privileges"
    r"|(?:heap|stack|buffer|integer)[- ](?:based )?(?:buffer )?(?:over|under)flow"
    r"|use[- ]after[- ]free|double[- ]free|out[- ]of[- ]bounds (?:read|write|access)"
    r"|memory (?:corruption|disclosure|safety (?:bug|issue|violation))"
    r"|null pointer dereference|type confusion|race condition"
    r"|(?:sql|command|code|os command|template|ldap|xpath|header|crlf|xml external entity)"
    r" injection"
    r"|cross[- ]site (?:scripting|request forgery)|xss|csrf|ssrf|xxe"
    r"|server[- ]side request forgery|request smuggling|path traversal|directory traversal"
    r"|authentication bypass|auth bypass|denial[- ]of[- ]service|\bdos\b"
    r"|information (?:disclosure|leak)|sensitive information exposure"
    r"|unsafe deserialization|insecure deserialization|deserialization of untrusted"
    r"|unsound|unmaintained"
    r"|malware|ransomware|trojan|backdoor|rootkit|botnet|worm|spyware|keylogger"
    r"|intrusion|data breach|security (?:incident|breach|flaw|issue|issues|bug|hole)"
    r"|zero[- ]day|0day"
    r"|cvss(?:v?[234](?:\.\d)?)?|cwe-\d+"
    r")\b"
    r"|漏洞|远程代码执行|远程命令执行|任意代码执行|代码执行|命令执行|命令注入"
    r"|代码注入|sql注入|SQL 注入"
    r"|权限提升|提权|越权|未授权访问|未授权|认证绕过|身份验证绕过|拒绝服务|缓冲区溢出|堆溢出|栈溢出"
    r"|整数溢出|内存破坏|信息泄露|信息泄漏|反序列化|目录穿越|目录遍历|路径穿越|路径遍历|文件包含"
    r"|任意文件|跨站脚本|跨站请求伪造|服务端请求伪造|请求走私"
    r"|恶意代码|恶意软件|恶意程序|计算机病毒|木马|勒索|后门|蠕虫|僵尸网络|挖矿"
    r"|入侵|网络攻击|安全事件|数据泄露|零日"
    r")"
)

_ATTACK = lazy_re2(
    r"(?i)(?:\b(?:attackers?|attacks?|attacked|attacking|exploit|exploits|exploited"
    r"|exploitable|exploitation|exploiting|payloads?|malicious(?:ly)?|crafted|adversary"
    r"|proof[- ]of[- ]concept|poc|compromised?|hijack(?:ed|ing)?|bypass(?:ed|es|ing)?)\b"
    r"|攻击者|攻击|利用|恶意|构造|绕过|劫持|篡改|获取权限|反弹shell|getshell)"
)

# A version range, in numbers: "before 2.4.1", ">= 1.2", "1.4 and earlier", "2.3 以下", a
# RustSec `patched = [` list.
_VERSION_RANGE = lazy_re2(
    r"(?im)(?:^\s*(?:patched|unaffected|affected)\s*=\s*\["
    r"|\b(?:before|prior to|earlier than|older than|up to(?: and including)?|through"
    r"|below|from)\s+(?:version\s+|v)?\d+\.\d+"
    r"|\b\d+\.\d+(?:\.\d+)*(?:[ -](?:and|or)[ -](?:earlier|older|below|prior|lower)"
    r"|\s+to\s+(?:and\s+including\s+)?(?:[a-z][\w.-]*\s+)?\d+\.\d+)"
    r"|[<>]=?\s*v?\d+\.\d+"
    r"|\d+\.\d+[\d.]*\s*(?:及|及其|或)?(?:以下|之前|以前|以上|之后)"
    r")"
)

# Affected, vulnerable, fixed or patched versions named in words. Alone ("a vulnerable
# version is pulled in") that is a general remark: it names versions only in a heading, a
# table row, or a line that gives a version number.
_VERSION_WORDS = lazy_re2(
    r"(?im)(?:\b(?:affected|vulnerable|unaffected|not affected|patched|fixed|impacted)"
    r"[ _]*(?:versions?|releases?|in|products?|packages?|components?)\b"
    r"|\bversions? (?:affected|impacted)\b"
    r"|\baffects? (?:all )?(?:[\w.@/-]+ )?(?:versions?|releases?)\b"
    r"|影响版本|受影响版本|影响范围|受影响的版本|修复版本|安全版本|漏洞版本|影响产品"
    r")"
)
_VERSION_NUMBER = lazy_re2(r"\d+\.\d+")


# Section headings of advisories, reproduction guides and attack-technique pages. Generic
# section names (Description, Overview, Summary, References, Credits) are left out: every
# kind of page has them.
_ADVISORY_HEADING = lazy_re2(
    r"(?i)(?:\b(?:vulnerabilit(?:y|ies)|vulnerable|impact|affected|unaffected|workarounds?"
    r"|patch(?:es|ed)|mitigations?|fixed(?: versions?)?|fixed in|exploit\w*"
    r"|proof[- ]of[- ]concept|poc|reproduc\w*|severity|cvss|payloads?|bypass\w*"
    r"|methodology|enumerat\w*|injection|attacks?|labs?|tools|fingerprint\w*|brute[- ]?forc\w*"
    r"|environment setup|set ?up the environment|vulnerable environment)\b"
    r"|CVE-\d{4}-\d+|漏洞|影响版本|影响范围|复现|利用|修复|环境搭建|缓解|危害|攻击|绕过|payload)"
)

# A guide to prevention says so in its title.
_DEFENSIVE_TITLE = lazy_re2(
    r"(?i)(?:\b(?:cheat ?sheets?|prevention|preventing|defen[cs]es?|defending|best practices?"
    r"|hardening|guidelines?|secure coding|securing)\b|防御|防护|防范|加固|最佳实践|指南)"
)

# A heading about defending ("Mitigations and Best Practices", "Harden Build Tools",
# "Monitor Deployed Software for Vulnerabilities") is not an advisory or attack section,
# whatever threat it names.
_DEFENSIVE_HEADING = lazy_re2(
    r"(?i)(?:\b(?:cheat ?sheets?|prevent\w*|defen[cs]\w*|best practices?|harden\w*"
    r"|mitigat\w*|monitor\w*|protect\w*|secur(?:e|ing)|guidelines?|recommendations?)\b"
    r"|防御|防护|防范|加固|最佳实践|指南)"
)

# A defensive guide or a cheat sheet says so; attacks are described there to be prevented.
_DEFENSIVE = lazy_re2(
    r"(?i)(?:\b(?:prevent(?:ion|ing|s)?|defen[cs]es?|defensive|defending|best practices?"
    r"|cheat ?sheet|guidelines?|recommendations?|hardening|secure coding|should|ensure"
    r"|validat(?:e|ion|ing)|sanitiz(?:e|ation|ing)|escap(?:e|ing))\b"
    r"|防御|防护|防范|加固|最佳实践)"
)

# A release heading: "2.31.0 (2023-05-22)", "v1.2", "Version 3.1", "Django 4.2 release notes".
_RELEASE_HEADING = lazy_re2(
    r"(?i)^\W{0,3}(?:(?:version|release|v)\s*)?\d+\.\d+(?:\.\d+)*(?:[a-z0-9.+-]*)?"
    r"(?:\s*[(:\-–—,]|\s*$|\s+\()"
    r"|\brelease notes?\b|\bchangelog\b|\bwhat'?s new\b"
)

# How many lines of a kind make it evidence. A page that only mentions "vulnerability" once
# in passing has one weak signal, and one weak signal never decides.
_MIN_ATTACK_LINES = 3
_MIN_SECTIONS = 2
_MIN_RELEASES = 3
_OPENING = 15  # lines from the body's start where an advisory puts its identifier
_MIN_SHARE = 0.08  # of non-empty lines about security, below which a page is about other things
_CHANGELOG_SHARE = 0.25


@dataclass(frozen=True)
class Evidence:
    """One kind of evidence and the lines where it was seen (never the text)."""

    kind: str
    lines: tuple[int, ...]

    def describe(self) -> Text:
        what = _KINDS[self.kind]
        lines = self.lines[:3]
        more = len(self.lines) - len(lines)
        shown = ", ".join(str(n) for n in lines)
        if more > 0:
            return t(
                f"{what} at lines {shown} and {more} more",
                f"{zh(what)}（第 {shown} 行等 {len(self.lines)} 处）",
            )
        if len(lines) == 1:
            return t(f"{what} at line {shown}", f"{zh(what)}（第 {shown} 行）")
        return t(f"{what} at lines {shown}", f"{zh(what)}（第 {shown} 行）")


_KINDS: dict[str, Text] = {
    "identifier": t("a vulnerability or advisory identifier", "漏洞或安全公告编号"),
    "threat": t("vulnerability, malware or incident wording", "漏洞、恶意代码或安全事件的表述"),
    "attack": t("attack or exploitation wording", "攻击或利用的表述"),
    "versions": t("an affected product version or version range", "受影响的产品版本或版本范围"),
    "sections": t("advisory sections", "安全公告式的章节"),
}


@dataclass(frozen=True)
class ThreatInformation:
    """The page-level decision and the evidence behind it."""

    is_threat_information: bool
    evidence: tuple[Evidence, ...] = ()
    defensive: int = 0  # lines with defensive framing
    releases: int = 0  # release headings (a changelog has three or more)
    lines: int = 0  # non-empty lines
    counts: dict[str, int] = field(default_factory=dict)

    def of(self, kind: str) -> tuple[int, ...]:
        return next((e.lines for e in self.evidence if e.kind == kind), ())


def _lines_matching(pattern: object, text: str, first_line: int) -> tuple[int, ...]:
    """The distinct 1-based file lines where ``pattern`` matches in ``text`` (one pass)."""
    found: list[int] = []
    newline_at = 0
    line = first_line
    for match in pattern.finditer(text):  # type: ignore[attr-defined]
        start = match.start()
        line += text.count("\n", newline_at, start)
        newline_at = start
        if not found or found[-1] != line:
            found.append(line)
    return tuple(found)


def _versions(body: str, first_line: int, heading_lines: set[int]) -> tuple[int, ...]:
    """Lines naming affected or fixed versions: a range in numbers, or the words on a line
    that is a heading, a table row, or gives a version number."""
    ranges = set(_lines_matching(_VERSION_RANGE, body, first_line))
    worded = _lines_matching(_VERSION_WORDS, body, first_line)
    if worded:
        rows = body.splitlines()
        for line in worded:
            text = rows[line - first_line] if 0 <= line - first_line < len(rows) else ""
            if (
                line in heading_lines
                or text.lstrip().startswith("|")
                or _VERSION_NUMBER.search(text)
            ):
                ranges.add(line)
    return tuple(sorted(ranges))


def classify_text(
    body: str,
    first_line: int = 1,
    headings: Iterable[tuple[int, str]] = (),
) -> ThreatInformation:
    """Classify a page body (``headings``: (file line, text) of its headings, in order)."""
    heads = list(headings)
    identifier = _lines_matching(_IDENTIFIER, body, first_line)
    threat = _lines_matching(_THREAT, body, first_line)
    attack = _lines_matching(_ATTACK, body, first_line)
    versions = _versions(body, first_line, {line for line, _ in heads})
    sections = tuple(
        line
        for line, text in heads
        if _ADVISORY_HEADING.search(text) and not _DEFENSIVE_HEADING.search(text)
    )
    releases = sum(1 for _, text in heads if _RELEASE_HEADING.search(text))
    defensive = len(_lines_matching(_DEFENSIVE, body, first_line))
    lines = sum(1 for line in body.splitlines() if line.strip())
    heading_lines = {line for line, _ in heads}
    # An identifier in a heading or in the page's opening lines: the page is about it (an
    # advisory's title or header), not a changelog entry that mentions it.
    lead = any(n in heading_lines or n < first_line + _OPENING for n in identifier)
    title = heads[0][1] if heads else ""
    counts = {
        "identifier": len(identifier),
        "threat": len(threat),
        "attack": len(attack),
        "versions": len(versions),
        "sections": len(sections),
        "security": len(set(identifier) | set(threat) | set(attack)),
        "lead": int(lead),
        "defensive_title": int(bool(title) and bool(_DEFENSIVE_TITLE.search(title))),
    }
    evidence = []
    if identifier:
        evidence.append(Evidence("identifier", identifier))
    if threat:
        evidence.append(Evidence("threat", threat))
    if versions:
        evidence.append(Evidence("versions", versions))
    if len(attack) >= _MIN_ATTACK_LINES:
        evidence.append(Evidence("attack", attack))
    if len(sections) >= _MIN_SECTIONS:
        evidence.append(Evidence("sections", sections))
    decided = _decide(counts, {e.kind for e in evidence}, defensive, releases, lines)
    return ThreatInformation(decided, tuple(evidence), defensive, releases, lines, counts)


def _decide(
    counts: dict[str, int], kinds: set[str], defensive: int, releases: int, lines: int
) -> bool:
    # Two kinds of evidence at least, one of them naming a threat (an identifier, threat or
    # attack wording): versions or section names alone describe nothing.
    if len(kinds) < 2 or not kinds & {"identifier", "threat", "attack"}:
        return False
    # What share of the page is about security: a changelog that mentions a CVE fixed among
    # other changes is mostly about other things.
    share = counts["security"] / max(lines, 1)
    if releases >= _MIN_RELEASES:
        return share >= _CHANGELOG_SHARE
    if counts["lead"]:
        return True
    if counts["defensive_title"]:
        # A prevention guide or cheat sheet describes attacks to prevent them.
        return False
    if kinds & {"identifier", "versions"} and (share >= _MIN_SHARE or len(kinds) >= 4):
        return True
    # No identifier leading the page: a vulnerability write-up or an attack technique page
    # has its sections (漏洞复现, Exploitation, Payloads, Bypass …) and more threat and
    # attack wording than defensive framing.
    return (
        "sections" in kinds
        and (counts["threat"] >= 2 or counts["attack"] >= _MIN_ATTACK_LINES)
        and counts["threat"] + counts["attack"] > defensive
    )


_DECISION: Slot[ThreatInformation] = Slot("META030 threat-information evidence")


def classify(page: Page) -> ThreatInformation:
    """The Article 12 classification of ``page``'s body, computed once per page source."""
    analysis = page.analysis

    def compute() -> ThreatInformation:
        headings = (
            (analysis.line(block.start), block.heading_text)
            for block in analysis.blocks
            if block.kind is BlockKind.HEADING
        )
        return classify_text(analysis.body, analysis.first_line, headings)

    return analysis.get(_DECISION, compute)


def threat_information(page: Page) -> ThreatInformation:
    """Alias of :func:`classify` for readers of the rule module."""
    return classify(page)
