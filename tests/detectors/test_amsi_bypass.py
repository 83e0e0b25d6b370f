"""amsi-edr-bypass (CAC402): AMSI flag/patch, ETW patch, ntdll unhooking (strong in code
blocks); Defender switched off and mentions outside code (weak); near misses."""

from __future__ import annotations

import pytest

from mkdocs_threatpub.scanners.detectors.amsi_bypass import DETECTOR
from tests.detectors._attack import LONG, SPACES, fenced, scan, seconds


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (
            "[Ref].Assembly.GetType('System.Management.Automation.AmsiUtils').GetField('amsiInitFailed','NonPublic,Static').SetValue($null,$true)",
            "AMSI bypass",
        ),
        (
            "$a = 'System.Management.Automation.' + 'Am' + 'siUtils'; $b = \"amsi\" + \"InitFailed\"",
            "AMSI bypass",
        ),
        (
            "$addr = LookupFunc amsi.dll AmsiScanBuffer\n$VirtualProtect.Invoke($addr, [uint32]6, 0x40, [ref]$old)\n[System.Runtime.InteropServices.Marshal]::Copy($patch, 0, $addr, 6)",
            "AMSI bypass (AmsiScanBuffer patch)",
        ),
        (
            'var p = GetProcAddress(LoadLibrary("ntdll.dll"), "EtwEventWrite");\nVirtualProtect(p, 1, PAGE_EXECUTE_READWRITE, &old);\n*(BYTE*)p = 0xC3;',
            "ETW bypass",
        ),
        (
            'HANDLE f = CreateFileA("C:\\\\Windows\\\\System32\\\\ntdll.dll", ...);\n// map the clean .text section\nmemcpy(hooked + text->VirtualAddress, clean + text->VirtualAddress, text->Misc.VirtualSize);\nVirtualProtect(hooked, size, old, &old);',
            "EDR bypass (ntdll unhooking)",
        ),
    ],
)
def test_bypass_code_is_strong(body: str, kind: str) -> None:
    hits = scan(DETECTOR, fenced(body, "powershell"))
    assert any(h.what.startswith(kind) and h.strong for h in hits), [h.what for h in hits]
    assert all(h.rule == "CAC402" and h.line >= 4 for h in hits)


def test_defender_switched_off_only_warns() -> None:
    hits = scan(DETECTOR, fenced("Set-MpPreference -DisableRealtimeMonitoring $true", "powershell"))
    assert [(h.strong, h.what) for h in hits] == [
        (False, "antivirus switched off or excluded in a powershell code block")
    ]


def test_named_in_prose_only_warns() -> None:
    hits = scan(DETECTOR, "Detections should alert on scripts that set amsiInitFailed.\n")
    assert [(h.strong, h.what) for h in hits] == [(False, "mention of an AMSI bypass in prose")]


@pytest.mark.parametrize(
    "text",
    [
        # Calling AMSI the way a scanner integration does.
        fenced(
            'HRESULT hr = AmsiScanBuffer(ctx, buf, len, L"sample", session, &result);\nif (AmsiResultIsMalware(result)) block();',
            "c",
        ),
        # An AMSI integration with a context variable and a comment about patching.
        fenced(
            'HAMSICONTEXT amsiContext;\nAmsiInitialize(L"MyApp", &amsiContext);\n// patch level 3: scan every buffer\n'
            'AmsiScanBuffer(amsiContext, buf, len, L"upload", NULL, &result);',
            "cpp",
        ),
        # Naming ntdll without unhooking.
        fenced(
            "import ctypes\nntdll = ctypes.WinDLL('ntdll')\nntdll.RtlGetVersion(ctypes.byref(info))",
            "python",
        ),
        fenced("Get-MpPreference | Select DisableRealtimeMonitoring", "powershell"),
        "Windows Defender and AMSI protect PowerShell sessions by default.\n",
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(DETECTOR, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "ntdll " * (LONG // 6) + ".text VirtualProtect",
        "unhook" + SPACES + "x" * LONG + "ntdll",
        "AmsiScanBuffer patch " * (LONG // 21),
        "x" * LONG,
    ],
    ids=["ntdlls", "unhook-spaces", "patches", "letters"],
)
def test_pathological_input_is_linear(text: str) -> None:
    assert seconds(DETECTOR, text) < 1.0
