"""AMSI, ETW and EDR bypasses: patching ``AmsiScanBuffer`` or ``EtwEventWrite``, forcing
``amsiInitFailed``, unhooking ``ntdll`` from a fresh copy, and switching Defender off.

Patch code holds; a bypass only named in prose or quoted in a detection rule, or Defender
settings changed (which admins also do), only warn. Calling AMSI the way a scanner
integration does (``AmsiInitialize``, ``AmsiScanBuffer`` without writing over it) is not a
bypass.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._common import (
    detection_rule,
    in_block_code,
    inside_inline_code,
)
from mkdocs_threatpub.scanners.document import Document, View

_AMSI_FLAG = lazy_re2(
    r"(?i)amsiInitFailed|\bAmsiUtils\b|'Am'\s{0,2}\+\s{0,2}'si|\"Am\"\s{0,2}\+\s{0,2}\"si"
)
_AMSI_PATCH = lazy_re2(r"(?i)\bAmsiScanBuffer\b|\bAmsiOpenSession\b")
_ETW_PATCH = lazy_re2(r"(?i)\b(?:Etw|NtTrace)EventWrite\b|\bNtTraceEvent\b")
# Writing over loaded code: the memory calls a patch needs (a comment saying "patch" is not one).
_PATCHING = lazy_re2(
    r"(?i)\bVirtualProtect(?:Ex)?\b|\bWriteProcessMemory\b|Marshal\]?(?:::|\.)Copy\b|\bRtlMoveMemory\b|\bmemcpy\b|"
    r"\bNtProtectVirtualMemory\b|\bmprotect\b"
)
_UNHOOK = lazy_re2(
    r"(?i)ntdll(?:\.dll)?[\s\S]{0,600}?\.text\b[\s\S]{0,600}?\bVirtualProtect\b|\bunhook\w{0,10}\b[\s\S]{0,400}?\bntdll\b"
)
_DEFENDER = lazy_re2(
    r"(?i)\bSet-MpPreference\b[^\n]{0,80}-Disable(?:RealtimeMonitoring|IOAVProtection|BehaviorMonitoring|ScriptScanning|IntrusionPreventionSystem)\s{1,4}\$?(?:true|1)\b|"
    r"\bAdd-MpPreference\b[^\n]{0,40}-ExclusionPath\b|\bsc(?:\.exe)?\s{1,4}(?:stop|delete|config)\s{1,4}WinDefend\b"
)


_BYPASS = t("AMSI bypass", "AMSI 绕过")
_BYPASS_MENTION = t("mention of an AMSI bypass", "AMSI 绕过相关描述")
_AMSI_PATCHED = t("AMSI bypass (AmsiScanBuffer patch)", "AMSI 绕过（修补 AmsiScanBuffer）")
_ETW_PATCHED = t("ETW bypass (event tracing patched)", "ETW 绕过（修补事件跟踪）")
_UNHOOKED = t("EDR bypass (ntdll unhooking)", "EDR 绕过（解除 ntdll 挂钩）")
_DEFENDER_OFF = t("antivirus switched off or excluded", "关闭杀毒软件或设置扫描排除项")


class AmsiBypass:
    name = "amsi-edr-bypass"
    rule = "CAC402"
    keywords: tuple[str, ...] = (
        "amsi",
        "'am'",
        '"am"',
        "etweventwrite",
        "nttraceevent",
        "ntdll",
        "unhook",
        "set-mppreference",
        "add-mppreference",
        "windefend",
    )

    def scan(self, doc: Document) -> Iterator[Hit]:
        for view in doc.views:
            yield from self._judge(view)

    def _judge(self, view: View) -> Iterator[Hit]:
        text = view.text
        code = in_block_code(view) and not detection_rule(view)
        flag = _AMSI_FLAG.search(text)
        if flag and not inside_inline_code(view, flag.start()):
            yield hit(
                self,
                view,
                flag.start(),
                _BYPASS if code else _BYPASS_MENTION,
                flag.group(0),
                strong=code,
            )
        if code and _PATCHING.search(text):
            for pattern, what in ((_AMSI_PATCH, _AMSI_PATCHED), (_ETW_PATCH, _ETW_PATCHED)):
                match = pattern.search(text)
                if match:
                    yield hit(self, view, match.start(), what, match.group(0))
            unhook = _UNHOOK.search(text)
            if unhook:
                yield hit(self, view, unhook.start(), _UNHOOKED, unhook.group(0)[:200])
        defender = _DEFENDER.search(text)
        if defender:
            yield hit(self, view, defender.start(), _DEFENDER_OFF, defender.group(0), strong=False)


DETECTOR = AmsiBypass()
