"""Host/port inventories: a table or code block listing three or more rows of an internal
host (address or host name) with a port or service, and port-scan output (nmap, masscan,
grepable nmap) that names a scanned host.

Public addresses in a generic table are left alone (an indicator-of-compromise list names
the attacker's hosts, not the victim's network); scan output counts any host except
documentation ranges, loopback and placeholder names. Scan output without a host line is
weak.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._netaddr import (
    INTERNAL_ADDRESS_PATTERNS,
    PORT_NEAR,
    addresses,
    internal_addresses,
    internal_hostnames,
)
from mkdocs_threatpub.scanners.document import Document, View

# Scan-output rows counted per block (the message says "N port rows"; more adds nothing).
MAX_ROWS = 1_000

_SCAN_PORT = lazy_re2(
    r"(?im)^\s{0,8}\d{1,5}/(?:tcp|udp|sctp)\s{1,20}(?:open\|filtered|open|filtered|closed)\b"
)
_SCAN_HOST = lazy_re2(r"(?im)^\s{0,8}nmap scan report for\s{1,3}([^\n]{1,300})")
_MASSCAN = lazy_re2(
    r"(?im)^\s{0,8}discovered open port\s{1,3}\d{1,5}/(?:tcp|udp)\s{1,3}on\s{1,3}(\S{1,300})"
)
_GREPABLE = lazy_re2(r"(?im)^\s{0,8}host:\s{1,3}(\S{1,300})[^\n]{0,300}?\bports:\s{0,3}\d")
_FIELDS = lazy_re2(r"[,;\t| ]{1,50}")
_PORT_PROTO = lazy_re2(r"(?i)\b\d{1,5}/(?:tcp|udp)\b")
_HOST_PORT = lazy_re2(r"^:\d{1,5}\b")
_TABLE_RULE = lazy_re2(r"^\s{0,3}\|?\s{0,3}:?-{1,200}")
_PORT_HEADER = lazy_re2(r"(?i)\bports?\b|端口|\bservices?\b|服务|\bprotocols?\b|协议")
_GENERIC_NAMES = ("example", "localhost", "scanme.nmap.org", "target", "<")
SERVICES = frozenset(
    {
        "ssh", "http", "https", "http-proxy", "rdp", "ms-wbt-server", "smb", "microsoft-ds",
        "netbios-ssn", "msrpc", "mysql", "ms-sql-s", "mssql", "postgresql", "postgres", "redis",
        "mongodb", "ldap", "ldaps", "kerberos", "kerberos-sec", "dns", "domain", "ftp", "telnet",
        "snmp", "vnc", "winrm", "smtp", "imap", "pop3", "ntp", "nfs", "rpcbind", "oracle",
        "elasticsearch", "memcached", "docker", "kubelet", "modbus", "s7", "bacnet",
    }
)  # fmt: skip


def _scan_host_specific(token: str) -> bool:
    lowered = token.lower()
    if any(word in lowered for word in _GENERIC_NAMES):
        return False
    found = list(addresses(token))
    return any(a.specific for a in found) if found else True


def _scan_output(view: View) -> tuple[int, list[str], set[str]] | None:
    """(rows, port lines, specific hosts) of port-scan output in the block, if any."""
    text = view.text
    port_lines = [
        " ".join(m.group(0).split()) for m in itertools.islice(_SCAN_PORT.finditer(text), MAX_ROWS)
    ]
    ports = len(port_lines)
    hosts: set[str] = set()
    rows = ports
    for pattern in (_SCAN_HOST, _MASSCAN, _GREPABLE):
        for match in itertools.islice(pattern.finditer(text), MAX_ROWS):
            token = match.group(1).strip()
            if pattern is not _SCAN_HOST:
                rows += 1
            if _scan_host_specific(token):
                hosts.add(token.lower())
    if rows < 3:
        return None
    return rows, port_lines, hosts


def _row_hosts(text: str) -> dict[int, tuple[set[str], str]]:
    """Internal hosts by line index, with the first ``:port`` written after one of them.

    One pass over the whole block (the finders are capped), then only lines with a host
    are looked at: a 100,000-line block costs what its hosts cost.
    """
    spans = [(a.start, a.end, a.text.lower()) for a in internal_addresses(text) if not a.network]
    spans += [(n.start, n.end, n.key) for n in internal_hostnames(text)]
    spans.sort()
    rows: dict[int, tuple[set[str], str]] = {}
    line, position = 0, 0
    for start, end, host in spans:
        line += text.count("\n", position, start)
        position = start
        hosts, host_port = rows.setdefault(line, (set(), ""))
        hosts.add(host)
        match = _HOST_PORT.search(text[end : end + 7])
        if match and not host_port:
            rows[line] = (hosts, match.group(0))
    return rows


def _port_of(line: str, hosts: set[str], *, numbers: bool) -> str | None:
    """The port or service a row names (a token for telling rows apart), if any."""
    for pattern in (_PORT_PROTO, PORT_NEAR):
        match = pattern.search(line)
        if match:
            return str(match.group(0)).lower()
    for field in _FIELDS.split(line):
        value = str(field).strip().lower()
        if not value or value in hosts:
            continue
        if value in SERVICES:
            return value
        if numbers and value.isdigit() and len(value) <= 5 and 0 < int(value) <= 65535:
            return value
    return None


def _inventory_rows(view: View) -> tuple[int, set[str]]:
    """Distinct (hosts, port) rows, and the hosts they name. The same host and port on
    every line (a command repeated in a cheat sheet) is one row, not an inventory."""
    lines = view.text.split("\n")
    table = view.segment.kind == "table"
    numbers = True
    if table:
        header = lines[0] if lines else ""
        numbers = bool(_PORT_HEADER.search(header))
    rows: set[tuple[frozenset[str], str]] = set()
    seen: set[str] = set()
    for index, (hosts, host_port) in _row_hosts(view.text).items():
        line = lines[index]
        if table and _TABLE_RULE.match(line) and "-" in line and not line.strip("|-: "):
            continue
        port = host_port or _port_of(line, hosts, numbers=numbers)
        if port:
            rows.add((frozenset(hosts), port))
            seen |= hosts
    return len(rows), seen


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class HostInventory:
    name = "host-inventory"
    rule = "CAC405"
    keywords: tuple[str, ...] = (
        "/tcp", "/udp", ".internal", ".corp", ".lan", ".local", ".intra", "open port", "ports:",
    )  # fmt: skip
    keyword_patterns = INTERNAL_ADDRESS_PATTERNS

    def scan(self, doc: Document) -> Iterator[Hit]:
        for view in doc.block_views():
            if view.segment.kind not in ("code", "table"):
                continue
            scan = _scan_output(view)
            if scan is not None:
                rows, ports, hosts = scan
                if hosts:
                    what = t(
                        f"port-scan output listing {_plural(len(hosts), 'host')} and "
                        f"{_plural(rows, 'port row')}",
                        f"端口扫描结果，列出 {len(hosts)} 个主机、{rows} 行端口记录",
                    )
                    yield hit(self, view, 0, what, "scan\n" + "\n".join(sorted(hosts)))
                else:
                    what = t(
                        f"port-scan output ({_plural(len(ports), 'port row')}, no specific host)",
                        f"端口扫描结果（{len(ports)} 行端口记录，未指明具体主机）",
                    )
                    yield hit(self, view, 0, what, "scan-ports\n" + "\n".join(ports), strong=False)
                continue
            rows, hosts = _inventory_rows(view)
            if rows >= 3:
                what = t(
                    f"host/port inventory of {_plural(len(hosts), 'host')}",
                    f"主机/端口清单（{len(hosts)} 个主机）",
                )
                yield hit(self, view, 0, what, "inventory\n" + "\n".join(sorted(hosts)))


DETECTOR = HostInventory()
