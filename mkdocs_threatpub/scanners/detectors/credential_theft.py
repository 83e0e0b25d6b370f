"""Credential-theft tool usage: Mimikatz modules (``sekurlsa::``, ``lsadump::``, golden
tickets), LSASS dumping (procdump, comsvcs MiniDump), SAM/NTDS extraction, secretsdump,
Rubeus ticket attacks, LaZagne, Kerberoasting requests.

Commands in a code block hold: that is a recipe. In prose or inline code they are usually
a threat report describing what an intruder ran, and in a detection rule or hunting query
they are what defenders match on; both only warn.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._common import (
    detection_rule,
    in_block_code,
    inside_inline_code,
    table_keywords,
    table_matches,
)
from mkdocs_threatpub.scanners.document import Document

# (keywords the match contains, lower-case; pattern; description)
_PATTERNS: list[tuple[tuple[str, ...], Any, Text]] = [
    (
        (
            "sekurlsa::",
            "lsadump::",
            "dpapi::",
            "kerberos::",
            "privilege::",
            "token::",
            "misc::",
            "vault::",
            "crypto::",
        ),
        lazy_re2(
            r"(?i)\b(?:sekurlsa|lsadump|dpapi)::[a-z]{2,30}|\bkerberos::(?:golden|silver|ptt|ptc|list|tgt|ask|hash)\b|\bprivilege::debug\b|\btoken::elevate\b|\bmisc::(?:skeleton|memssp)\b|\bvault::cred\b|\bcrypto::(?:capi|cng)\b"
        ),
        t("credential theft (Mimikatz)", "凭据窃取（Mimikatz）"),
    ),
    (
        ("invoke-mimikatz", "invoke-kerberoast", "invoke-dcsync"),
        lazy_re2(r"(?i)\bInvoke-Mimikatz\b|\bInvoke-(?:Kerberoast|DCSync)\b"),
        t("credential theft (PowerShell Mimikatz)", "凭据窃取（PowerShell 版 Mimikatz）"),
    ),
    (
        ("procdump",),
        lazy_re2(r"(?i)\bprocdump(?:64)?(?:\.exe)?\b[^\n]{0,60}\s-ma\s[^\n]{0,40}\blsass"),
        t("LSASS memory dump (procdump)", "LSASS 内存转储（procdump）"),
    ),
    (
        ("comsvcs", "minidumpwritedump"),
        lazy_re2(
            r"(?i)\bcomsvcs(?:\.dll)?\b[^\n]{0,60}\bMiniDump\b|\bMiniDumpWriteDump\b[^\n]{0,200}\blsass|\blsass[^\n]{0,200}\bMiniDumpWriteDump\b"
        ),
        t("LSASS memory dump", "LSASS 内存转储"),
    ),
    (
        ("hklm",),
        lazy_re2(r"(?i)\breg(?:\.exe)?\s{1,4}save\s{1,4}hklm\\{1,2}(?:sam|security|system)\b"),
        t("registry hive extraction for password hashes", "导出注册表配置单元以获取密码哈希"),
    ),
    (
        ("ntdsutil", "ntds.dit"),
        lazy_re2(
            r"(?i)\bntdsutil\b[^\n]{0,120}\bifm\b|\bvssadmin\b[^\n]{0,80}\bcreate\s{1,4}shadow\b[\s\S]{0,400}?\bntds\.dit\b"
        ),
        t(
            "Active Directory database extraction (NTDS.dit)",
            "导出 Active Directory 数据库（NTDS.dit）",
        ),
    ),
    (
        ("secretsdump",),
        lazy_re2(r"(?i)\b(?:impacket-)?secretsdump(?:\.py)?\s{1,4}\S"),
        t("credential dumping (secretsdump)", "凭据转储（secretsdump）"),
    ),
    (
        ("rubeus",),
        lazy_re2(
            r"(?i)\bRubeus(?:\.exe)?\s{1,4}(?:asktgt|asktgs|dump|kerberoast|asreproast|s4u|ptt|tgtdeleg|golden|silver|diamond|harvest|monitor)\b"
        ),
        t("Kerberos ticket attack (Rubeus)", "Kerberos 票据攻击（Rubeus）"),
    ),
    (
        ("getuserspns", "getnpusers"),
        lazy_re2(
            r"(?i)\b(?:impacket-)?GetUserSPNs(?:\.py)?\s[^\n]{0,200}-request\b|\b(?:impacket-)?GetNPUsers(?:\.py)?\s[^\n]{0,200}(?:-request|-format)\b"
        ),
        t("Kerberoasting (Impacket)", "Kerberoasting 攻击（Impacket）"),
    ),
    (
        ("lazagne",),
        lazy_re2(r"(?i)\blazagne(?:\.exe|\.py)?\s{1,4}(?:all|browsers|windows|wifi|mails)\b"),
        t("password recovery from a victim host (LaZagne)", "从受害主机提取密码（LaZagne）"),
    ),
    (
        ("pypykatz",),
        lazy_re2(r"(?i)\bpypykatz\s{1,4}(?:lsa|live|registry)\b"),
        t("credential theft (pypykatz)", "凭据窃取（pypykatz）"),
    ),
]

_KEYWORDS = table_keywords(_PATTERNS)


class CredentialTheft:
    name = "credential-theft"
    rule = "CAC402"
    keywords: tuple[str, ...] = _KEYWORDS

    def scan(self, doc: Document) -> Iterator[Hit]:
        for view in doc.views:
            detection = detection_rule(view)
            strong = in_block_code(view) and not detection
            for what, found in table_matches(_PATTERNS, view.text):
                if not inside_inline_code(view, found[0]):
                    if detection:
                        shown = t(f"detection rule quoting {what}", f"引用{zh(what)}的检测规则")
                    elif strong:
                        shown = what
                    else:
                        shown = t(f"mention of {what}", f"{zh(what)}相关描述")
                    yield hit(self, view, found[0], shown, found[1], strong=strong)


DETECTOR = CredentialTheft()
