"""shellcode-runner (CAC401): allocation/write/thread-start combinations in one code block."""

from __future__ import annotations

import time

import pytest

from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors.shellcode_runner import DETECTOR
from mkdocs_threatpub.scanners.document import document_from_text
from tests.detectors._network import translated


def scan(text: str) -> list[Hit]:
    doc = document_from_text(text)
    if not doc.mentions(*DETECTOR.keywords):
        return []
    return translated(list(DETECTOR.scan(doc)))


def strong(text: str) -> list[Hit]:
    return [h for h in scan(text) if h.strong]


CSHARP_RUNNER = """\
# Loader

```csharp
[DllImport("kernel32")] static extern IntPtr VirtualAlloc(IntPtr a, uint s, uint t, uint p);
[DllImport("kernel32")] static extern IntPtr CreateThread(IntPtr a, uint s, IntPtr f, IntPtr p, uint c, IntPtr i);
IntPtr mem = VirtualAlloc(IntPtr.Zero, (uint)buf.Length, 0x3000, 0x40);
Marshal.Copy(buf, 0, mem, buf.Length);
IntPtr t = CreateThread(IntPtr.Zero, 0, mem, IntPtr.Zero, 0, IntPtr.Zero);
```
"""

POWERSHELL_DELEGATES = """\
```powershell
$mem = $VirtualAlloc.Invoke([IntPtr]::Zero, $buf.Length, 0x3000, 0x40)
[System.Runtime.InteropServices.Marshal]::Copy($buf, 0, $mem, $buf.Length)
$h = $CreateThread.Invoke([IntPtr]::Zero, 0, $mem, [IntPtr]::Zero, 0, [IntPtr]::Zero)
```
"""

C_REMOTE_INJECTION = """\
```c
HANDLE p = OpenProcess(PROCESS_ALL_ACCESS, FALSE, pid);
LPVOID r = VirtualAllocEx(p, NULL, len, MEM_COMMIT, PAGE_EXECUTE_READWRITE);
WriteProcessMemory(p, r, code, len, NULL);
CreateRemoteThread(p, NULL, 0, (LPTHREAD_START_ROUTINE)r, NULL, 0, NULL);
```
"""

PYTHON_CTYPES = """\
```python
k = ctypes.windll.kernel32
ptr = k.VirtualAlloc(0, len(sc), 0x3000, 0x40)
k.RtlMoveMemory(ptr, sc, len(sc))
h = k.CreateThread(0, 0, ptr, 0, 0, 0)
```
"""

GO_PROCS = """\
```go
addr, _, _ := VirtualAlloc.Call(0, uintptr(len(sc)), 0x3000, 0x40)
RtlCopyMemory.Call(addr, (uintptr)(unsafe.Pointer(&sc[0])), uintptr(len(sc)))
```
"""

APC_INJECTION = """\
```c
NtAllocateVirtualMemory(h, &base, 0, &size, MEM_COMMIT, PAGE_EXECUTE_READWRITE);
NtQueueApcThread(thread, base, NULL, NULL, NULL);
```
"""

HOLLOWING = """\
```cpp
CreateProcessA(NULL, target, NULL, NULL, FALSE, CREATE_SUSPENDED, NULL, NULL, &si, &pi);
NtUnmapViewOfSection(pi.hProcess, base);
WriteProcessMemory(pi.hProcess, base, image, size, NULL);
```
"""

HIJACK = """\
```c
SuspendThread(t);
GetThreadContext(t, &ctx);
ctx.Rip = (DWORD64)stub;
SetThreadContext(t, &ctx);
ResumeThread(t);
```
"""

LINUX_MMAP = """\
```c
void *m = mmap(NULL, len, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANON, -1, 0);
memcpy(m, code, len);
((void(*)())m)();
```
"""

VIRTUALPROTECT_CAST = """\
```c
VirtualProtect(code, sizeof code, PAGE_EXECUTE_READWRITE, &old);
memcpy(dst, code, sizeof code);
(*(void(*)())code)();
```
"""


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (CSHARP_RUNNER, "shellcode runner"),
        (POWERSHELL_DELEGATES, "shellcode runner"),
        (C_REMOTE_INJECTION, "process injection"),
        (PYTHON_CTYPES, "shellcode runner"),
        (GO_PROCS, "shellcode runner"),
        (APC_INJECTION, "process injection"),
        (HOLLOWING, "process hollowing"),
        (HIJACK, "thread hijacking"),
        (LINUX_MMAP, "shellcode runner"),
        (VIRTUALPROTECT_CAST, "shellcode runner"),
    ],
)
def test_true_positives_hold(text: str, kind: str) -> None:
    hits = strong(text)
    assert len(hits) == 1, hits
    assert hits[0].rule == "CAC401"
    assert hits[0].what.startswith(kind)


def test_reports_line_and_place_without_code() -> None:
    (found,) = strong(C_REMOTE_INJECTION)
    assert found.line == 3  # the first call of the combination
    assert found.what.endswith("in a c code block")
    for name in ("VirtualAllocEx", "WriteProcessMemory", "CreateRemoteThread", "PAGE_EXECUTE"):
        assert name.lower() not in found.what.lower()


def test_html_entity_encoded_runner_is_found() -> None:
    encoded = C_REMOTE_INJECTION.replace("(", "&#40;")
    assert strong(encoded)


@pytest.mark.parametrize(
    "text",
    [
        # prose that names the API to explain a detection
        "The loader calls VirtualAlloc() and then starts a thread; EDR flags RWX allocations.\n",
        # inline code spans are separate segments, not one block
        "It calls `VirtualAllocEx()`, `WriteProcessMemory()` and `CreateRemoteThread()`.\n",
        # a YARA rule lists the names as strings, it does not call them
        '```yara\nrule inject { strings: $a = "VirtualAllocEx" $b = "WriteProcessMemory" '
        '$c = "CreateRemoteThread" condition: all of them }\n```\n',
        # a hunting query
        '```kql\nDeviceEvents | where ActionType in ("VirtualAllocEx", "CreateRemoteThread")\n```\n',
        # one allocation alone
        "```c\np = VirtualAlloc(NULL, 4096, MEM_COMMIT, PAGE_READWRITE);\n```\n",
        # mmap without PROT_EXEC
        "```c\nvoid *m = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);\nmemcpy(out, m, n);\n```\n",
    ],
)
def test_near_misses_do_not_hold(text: str) -> None:
    assert strong(text) == []


def test_debugger_style_context_switch_only_warns() -> None:
    hits = scan("```c\nSetThreadContext(t, &ctx);\nResumeThread(t);\n```\n")
    assert hits
    assert not any(h.strong for h in hits)


def test_combination_spread_over_blocks_only_warns() -> None:
    text = (
        "```c\nLPVOID r = VirtualAllocEx(p, NULL, n, MEM_COMMIT, PAGE_EXECUTE_READWRITE);\n```\n\n"
        "Then:\n\n```c\nCreateRemoteThread(p, NULL, 0, r, NULL, 0, NULL);\n```\n"
    )
    hits = scan(text)
    assert len(hits) == 1
    assert not hits[0].strong
    assert "several code blocks" in hits[0].what


def test_one_hit_per_block_and_stable_fingerprint() -> None:
    hits = strong(CSHARP_RUNNER + "\n" + C_REMOTE_INJECTION)
    assert len(hits) == 2
    moved = strong("Intro.\n\n" + CSHARP_RUNNER)
    assert moved[0].fingerprint == strong(CSHARP_RUNNER)[0].fingerprint


@pytest.mark.parametrize(
    "text",
    [
        "VirtualAlloc(" + "a" * 100_000,
        "```c\nVirtualAlloc(" + " " * 5_000 + "PROT_EXEC\n```",
        "```c\n" + "mmap(" * 20_000 + "\n```",
        "```c\n" + ("VirtualAlloc(x); " * 5_000) + "\n" + (" " * 5_000) + "\n```",
    ],
)
def test_linear_time(text: str) -> None:
    started = time.monotonic()
    scan(text)
    assert time.monotonic() - started < 0.5
