"""Shellcode runners and process injection: the API *combinations* that load and start code.

One API name says little (a detection write-up names ``VirtualAlloc`` to explain a rule);
the combination in ONE code block is the runner: allocate memory, copy the code in, start
it. Only calls count (``Name(``, ``$Name.Invoke(``, ``proc.Call(``), so a YARA rule or a
query that lists the names as strings is not a runner. Combinations:

- allocate (``VirtualAlloc(Ex)``, ``NtAllocateVirtualMemory``, section mapping) with a write
  (``WriteProcessMemory``, ``RtlMoveMemory``, ``Marshal.Copy``) or a thread start
  (``CreateThread``, ``CreateRemoteThread``, ``NtCreateThreadEx``, APC queueing);
- allocate or ``VirtualProtect`` plus a copy and a cast to a function pointer;
- ``mmap``/``mprotect`` with ``PROT_EXEC``, a copy and a function-pointer call;
- ``NtQueueApcThread`` with an allocation or a write (APC injection);
- ``SetThreadContext`` + ``ResumeThread`` on a suspended or written-to process (hijacking);
- ``NtUnmapViewOfSection`` + a write (process hollowing).

Part of a combination in one block is a weak hit (a warning); so is a full combination
spread over several blocks of the page.
"""

from __future__ import annotations

from collections.abc import Iterator

import re2

from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._common import page_hit
from mkdocs_threatpub.scanners.document import Document, View

# A call: Name( , Name.Invoke( (PowerShell delegates), Name.Call( (Go syscall procs).
_CALL = r"(?:\s{0,5}\(|\.(?:Invoke|Call)\s{0,3}\()"

_SIGNALS: dict[str, re2._Regexp] = {
    "alloc": lazy_re2(
        r"(?:VirtualAlloc(?:Ex|2)?|NtAllocateVirtualMemory|ZwAllocateVirtualMemory|NtMapViewOfSection|ZwMapViewOfSection|HeapCreate)"
        + _CALL
    ),
    "remote_alloc": lazy_re2(
        r"(?:VirtualAllocEx|NtAllocateVirtualMemory|ZwAllocateVirtualMemory|NtMapViewOfSection|ZwMapViewOfSection)"
        + _CALL
    ),
    "protect": lazy_re2(r"(?:VirtualProtect(?:Ex)?|NtProtectVirtualMemory)" + _CALL),
    "write": lazy_re2(
        r"(?:WriteProcessMemory|NtWriteVirtualMemory|ZwWriteVirtualMemory|RtlMoveMemory|RtlCopyMemory|Marshal\]?(?:\.|::)Copy)"
        + _CALL
    ),
    "remote_write": lazy_re2(
        r"(?:WriteProcessMemory|NtWriteVirtualMemory|ZwWriteVirtualMemory)" + _CALL
    ),
    "copy": lazy_re2(
        r"(?:\bmemcpy|\bmemmove|\bCopyMemory|RtlMoveMemory|RtlCopyMemory|Marshal\]?(?:\.|::)Copy|ctypes\.memmove|ptr::copy(?:_nonoverlapping)?|\.copy_from_slice)"
        + _CALL
    ),
    "thread": lazy_re2(
        r"(?:CreateThread|CreateRemoteThread(?:Ex)?|NtCreateThreadEx|ZwCreateThreadEx|RtlCreateUserThread|QueueUserAPC|NtQueueApcThread(?:Ex)?)"
        + _CALL
    ),
    "remote_thread": lazy_re2(
        r"(?:CreateRemoteThread(?:Ex)?|NtCreateThreadEx|ZwCreateThreadEx|RtlCreateUserThread|QueueUserAPC|NtQueueApcThread(?:Ex)?)"
        + _CALL
    ),
    "apc": lazy_re2(r"NtQueueApcThread(?:Ex)?" + _CALL),
    "set_context": lazy_re2(
        r"(?:SetThreadContext|Wow64SetThreadContext|NtSetContextThread)" + _CALL
    ),
    "resume": lazy_re2(r"(?:ResumeThread|NtResumeThread)" + _CALL),
    "suspended": lazy_re2(r"CREATE_SUSPENDED|SuspendThread\s{0,5}\("),
    "unmap": lazy_re2(r"(?:NtUnmapViewOfSection|ZwUnmapViewOfSection)" + _CALL),
    # mmap/mprotect with PROT_EXEC in the call (C, Python mmap module).
    "exec_map": lazy_re2(r"(?:\bmmap|\bmprotect|mmap\.mmap)\s{0,5}\([^;]{0,300}PROT_EXEC"),
    # Casts to a function pointer and calls through one: ((void(*)())p)(), (*(int(*)())p)(),
    # ctypes CFUNCTYPE, transmute to fn(), GetDelegateForFunctionPointer.
    "fn_pointer": lazy_re2(
        r"\(\s{0,3}(?:void|int|long|DWORD|VOID|char)\s{0,3}\(\s{0,3}(?:__stdcall\s{1,3}|WINAPI\s{1,3}|__cdecl\s{1,3})?\*\s{0,3}\)\s{0,3}\([^()\n]{0,60}\)\s{0,3}\)"
        r"|CFUNCTYPE\s{0,3}\(|transmute[^\n]{0,80}\bfn\s{0,3}\(|GetDelegateForFunctionPointer"
    ),
}

_KEYWORDS: tuple[str, ...] = (
    "virtualalloc",
    "allocatevirtualmemory",
    "mapviewofsection",
    "virtualprotect",
    "protectvirtualmemory",
    "prot_exec",
    "queueapcthread",
    "setthreadcontext",
    "setcontextthread",
    "unmapviewofsection",
    "heapcreate",
)

# (needed signals, description, strong) in order of preference; any one alternative of a
# tuple-of-tuples entry suffices.
_Combo = tuple[tuple[str, ...], ...]
_STRONG: list[tuple[_Combo, Text]] = [
    (
        (
            ("remote_alloc", "remote_write"),
            ("remote_alloc", "remote_thread"),
            ("remote_write", "remote_thread"),
            ("apc", "alloc"),
            ("apc", "write"),
        ),
        t(
            "process injection (writes code into another process and starts it)",
            "进程注入（向其他进程写入代码并启动）",
        ),
    ),
    (
        (("unmap", "write"),),
        t(
            "process hollowing (unmaps a process image and writes code into it)",
            "进程镂空（卸载进程映像并写入代码）",
        ),
    ),
    (
        (
            ("set_context", "resume", "suspended"),
            ("set_context", "resume", "remote_write"),
            ("set_context", "resume", "alloc"),
        ),
        t(
            "thread hijacking (redirects a suspended thread to injected code)",
            "线程劫持（将挂起的线程重定向到注入的代码）",
        ),
    ),
    (
        (
            ("alloc", "write"),
            ("alloc", "thread"),
            ("alloc", "copy", "fn_pointer"),
            ("protect", "thread"),
            ("protect", "copy", "fn_pointer"),
        ),
        t(
            "shellcode runner (allocates memory, copies code in and starts it)",
            "shellcode 加载器（分配内存、复制代码并启动）",
        ),
    ),
    (
        (("exec_map", "copy", "fn_pointer"),),
        t(
            "shellcode runner (maps executable memory, copies code in and calls it)",
            "shellcode 加载器（映射可执行内存、复制代码并调用）",
        ),
    ),
]
_WEAK: list[tuple[_Combo, Text]] = [
    (
        (
            ("apc",),
            ("set_context", "resume"),
            ("exec_map", "fn_pointer"),
            ("exec_map", "copy"),
            ("alloc", "fn_pointer"),
            ("protect", "fn_pointer"),
        ),
        t(
            "part of a shellcode runner or injection sequence (memory, copy or thread calls)",
            "shellcode 加载器或注入流程的一部分（内存、复制或线程调用）",
        ),
    ),
]


def _signals(text: str) -> dict[str, int]:
    """Signal name -> offset of its first occurrence in ``text``."""
    found: dict[str, int] = {}
    for name, pattern in _SIGNALS.items():
        match = pattern.search(text)
        if match:
            found[name] = match.start()
    return found


def _judge(
    found: dict[str, int] | set[str], table: list[tuple[_Combo, Text]]
) -> tuple[Text, tuple[str, ...]] | None:
    for alternatives, what in table:
        for needed in alternatives:
            if all(name in found for name in needed):
                return what, needed
    return None


class ShellcodeRunner:
    name = "shellcode-runner"
    rule = "CAC401"
    keywords: tuple[str, ...] = _KEYWORDS

    def scan(self, doc: Document) -> Iterator[Hit]:
        best: dict[int, Hit] = {}  # one hit per segment: its strongest view
        page: set[str] = set()
        for view in doc.code_views():
            found = _signals(view.text)
            if not found:
                continue
            page.update(found)
            found_hit = self._judge_view(view, found)
            key = id(view.segment)
            old = best.get(key)
            if found_hit and (old is None or (found_hit.strong and not old.strong)):
                best[key] = found_hit
        yield from best.values()
        if not any(h.strong for h in best.values()):
            strong = _judge(page, _STRONG)
            if strong:
                what, needed = strong
                line = min(h.line for h in best.values()) if best else _first_code_line(doc)
                yield page_hit(
                    self.name,
                    self.rule,
                    line,
                    t(
                        f"{what}, spread over several code blocks",
                        f"{zh(what)}，分散在多个代码块中",
                    ),
                    "page:" + "+".join(needed),
                    strong=False,
                )

    def _judge_view(self, view: View, found: dict[str, int]) -> Hit | None:
        for table, strong in ((_STRONG, True), (_WEAK, False)):
            judged = _judge(found, table)
            if judged:
                what, needed = judged
                offset = min(found[name] for name in needed)
                return hit(self, view, offset, what, "+".join(needed), strong=strong)
        return None


def _first_code_line(doc: Document) -> int:
    for segment in doc.segments:
        if segment.is_code:
            return segment.line
    return 1


DETECTOR = ShellcodeRunner()
