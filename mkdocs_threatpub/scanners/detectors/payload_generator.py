"""Malware production commands: msfvenom/msfpayload payload generation, encoder chains,
and shellcode converters (donut, sRDI) — the "production method" of Article 4(1).

Naming a tool in prose is not a finding; a command line that generates a payload is.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._common import (
    gated_views,
    grouped,
    inside_inline_code,
    keyword_gate,
)
from mkdocs_threatpub.scanners.document import Document

_PATTERNS = [
    # msfvenom -p windows/x64/shell_reverse_tcp LHOST=… -f exe   (also --payload, -e, --format)
    (
        lazy_re2(
            r"(?i)\bmsfvenom(?:\.bat)?\b[^\n]{0,300}\s(?:-p|--payload|-e|--encoder|-f|--format)\s{1,4}[\w/-]{1,80}"
        ),
        t("malware payload generation (msfvenom)", "生成恶意程序载荷（msfvenom）"),
    ),
    (
        lazy_re2(r"(?i)\bmsfpayload\s{1,4}[\w/-]{3,80}"),
        t("malware payload generation (msfpayload)", "生成恶意程序载荷（msfpayload）"),
    ),
    # msfconsole: use payload/…  then  generate -f exe
    (
        lazy_re2(r"(?i)\buse\s{1,4}payload/[\w/-]{3,80}[\s\S]{0,400}?\bgenerate\s{1,4}-[a-z]"),
        t(
            "malware payload generation (Metasploit generate)",
            "生成恶意程序载荷（Metasploit generate）",
        ),
    ),
    # donut -i loader.exe -f 1 ; donut.exe -a 2 … (.NET/PE to shellcode)
    (
        lazy_re2(
            r"(?im)(?:^|[\s/\\])donut(?:\.exe)?\s{1,4}-[^\n]{0,300}(?:\s-i\s|--input\b|\.(?:exe|dll)\b)"
        ),
        t("shellcode conversion (donut)", "转换为 shellcode（donut）"),
    ),
    (
        lazy_re2(r"\bConvertToShellcode(?:\.py)?\b[^\n]{0,200}\.(?:dll|exe)\b"),
        t("shellcode conversion (sRDI)", "转换为 shellcode（sRDI）"),
    ),
]

# Substrings every pattern's match contains (lower-case): the engine's prefilter and,
# per view, a one-pass literal gate.
_KEYWORDS = ("msfvenom", "msfpayload", "payload/", "donut", "converttoshellcode")
_GATE = keyword_gate(_KEYWORDS)


class PayloadGenerator:
    name = "payload-generator"
    rule = "CAC401"
    keywords: tuple[str, ...] = _KEYWORDS

    def scan(self, doc: Document) -> Iterator[Hit]:
        for view in gated_views(doc, _GATE):
            text = view.text
            for pattern, what in _PATTERNS:
                found = grouped(pattern, text)
                if found and not inside_inline_code(view, found[0]):
                    yield hit(self, view, found[0], what, found[1])


DETECTOR = PayloadGenerator()
