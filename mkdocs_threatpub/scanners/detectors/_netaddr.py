"""Shared pieces of the CAC405 network-details detectors (not a detector itself).

Finds IP addresses and internal host names as *tokens* (a dotted number inside a longer
dotted number, a version string or a file name is not an address), classifies them, and
reads the words around them on the same line. Everything is RE2 or bounded slicing, so the
cost is linear in the text.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass

from mkdocs_threatpub.core.lazy import lazy_re, lazy_re2

__all__ = [
    "INTERNAL_ADDRESS_PATTERNS",
    "INTERNAL_KINDS",
    "PORT_NEAR",
    "Address",
    "HostName",
    "addresses",
    "downgraded",
    "host_context",
    "internal_addresses",
    "internal_hostnames",
    "kind_label",
    "line_bounds",
    "looks_like_version",
    "mdns_page",
]

# How many candidates one view may yield: a 20,000-character line of addresses would
# otherwise make every caller's per-address context work quadratic-looking in practice.
MAX_CANDIDATES = 1_000

INTERNAL_KINDS = frozenset({"rfc1918", "cgnat", "ula"})

# Prefilter patterns (lower-cased text) for "an internal address may be here": four octets
# in an RFC 1918 or CGNAT block, or the start of an IPv6 ULA. Plain keywords ("10.", "fc")
# occur in nearly every advisory (versions, words), which made the address detectors run
# on every page.
INTERNAL_ADDRESS_PATTERNS = (
    r"(?:10\.[0-9]{1,3}|192\.168|172\.(?:1[6-9]|2[0-9]|3[01])"
    r"|100\.(?:6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7]))\.[0-9]{1,3}\.[0-9]{1,3}",
    r"f[cd][0-9a-f]{2}:",
)

_IPV4 = lazy_re2(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?:/\d{1,2})?")
_ULA = lazy_re2(r"(?i)f[cd][0-9a-f]{2}:[0-9a-f:]{1,40}(?:/\d{1,3})?")
_IPV4_AHEAD = lazy_re2(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")

# The whole blocks, as a page explaining address ranges names them: not a finding.
_WELL_KNOWN_BLOCKS = frozenset(
    {
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "fc00::/7",
        "fd00::/8",
        "fc00::",
        "fd00::",
    }
)


@dataclass(frozen=True)
class Address:
    """An address token in a text: ``text[start:end]``, with its kind."""

    start: int
    end: int
    text: str
    family: int  # 4 or 6
    kind: str  # rfc1918 | cgnat | ula | documentation | loopback | unspecified | public | other
    network: bool  # written as a block (CIDR) or a network address (x.y.z.0, host bits zero)

    @property
    def internal(self) -> bool:
        return self.kind in INTERNAL_KINDS

    @property
    def specific(self) -> bool:
        """An address that can belong to someone's network (not documentation, loopback …)."""
        return self.kind in INTERNAL_KINDS or self.kind == "public"


def kind_label(kind: str) -> str:
    return {"rfc1918": "RFC 1918", "cgnat": "CGNAT 100.64.0.0/10", "ula": "IPv6 ULA"}.get(
        kind, kind
    )


def _word(char: str) -> bool:
    """An ASCII word character: Chinese text runs into addresses without spaces
    ("内网主机10.12.3.4"), so only ASCII letters and digits join a token."""
    return char.isascii() and (char.isalnum() or char == "_")


def _v4_kind(octets: list[int]) -> str:
    a, b, c, _ = octets
    if a == 10 or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168):
        return "rfc1918"
    if a == 100 and 64 <= b <= 127:
        return "cgnat"
    if (a, b, c) in ((192, 0, 2), (198, 51, 100), (203, 0, 113)):
        return "documentation"
    if a == 127:
        return "loopback"
    if octets == [0, 0, 0, 0]:
        return "unspecified"
    if a == 0 or a >= 224 or (a == 169 and b == 254):
        return "other"  # this-network, multicast, reserved (and so netmasks), link-local
    return "public"


def _ipv4_at(text: str, start: int, end: int) -> Address | None:
    token = text[start:end]
    address, _, prefix = token.partition("/")
    if prefix:
        after = text[end : end + 1]
        if (start and text[start - 1] == "/") or _word(after):
            # "/dev/tcp/10.0.0.1/21": a path whose next segment is the port;
            # "10.0.0.1/12345" or "10.0.0.1/24abc": a path, not a prefix length
            end = start + len(address)
            token, prefix = address, ""
        elif int(prefix) > 32:
            return None
    before = text[start - 1] if start else ""
    if _word(before) or before == ".":
        return None  # "0ubuntu0.15.10.1", "1.10.0.0.1", "v10.0.0.1"
    if before == "-" and start >= 2 and _word(text[start - 2]) and not text[start - 2].isdigit():
        return None  # "release-10.1.2.3"
    after = text[end : end + 1]
    if _word(after):
        return None
    following = text[end + 1 : end + 2]
    if after == "." and _word(following):
        return None  # more dots: "10.0.0.1.2", "10.0.0.1.tar.gz"
    if after and after in "-+~" and _word(following):
        # "10.0.0.1-10.0.0.20" and "10.0.0.1-254" are ranges; "10.3.6.0-2017",
        # "10.0.0.1-rc1", "10.0.0.1+build" are versions.
        rest = text[end + 1 : end + 20]
        if not (_IPV4_AHEAD.match(rest) or _short_number(rest)):
            return None
    parts = address.split(".")
    if any(len(p) > 1 and p.startswith("0") for p in parts):
        return None  # leading zeros: versions ("10.01.2.3"), not addresses
    octets = [int(p) for p in parts]
    if any(o > 255 for o in octets):
        return None
    network = bool(prefix) or octets[3] == 0
    return Address(start, end, token, 4, _v4_kind(octets), network)


def _short_number(rest: str) -> bool:
    digits = len(rest) - len(rest.lstrip("0123456789"))
    return 1 <= digits <= 3 and not rest[digits : digits + 1].isalnum()


def _ula_at(text: str, start: int, end: int) -> Address | None:
    before = text[start - 1] if start else ""
    if _word(before) or (before and before in ":."):
        return None
    token = text[start:end]
    address, _, prefix = token.partition("/")
    if not prefix and address.endswith(":") and not address.endswith("::"):
        address = address[:-1]
        end -= 1
        token = address
    after = text[end : end + 1]
    if _word(after) or after == ":":
        return None
    if "::" not in address and address.count(":") != 7:
        return None  # "fd12:34" is no address; hex dumps are not either
    try:
        value = ipaddress.IPv6Address(address)
    except ValueError:
        return None
    if prefix and not (0 < int(prefix) <= 128):
        return None
    network = bool(prefix) or int(value) & ((1 << 64) - 1) == 0
    return Address(start, end, token, 6, "ula", network)


def addresses(text: str) -> Iterator[Address]:
    """IPv4 tokens of any kind and IPv6 ULA tokens, in order of appearance (bounded)."""
    found: list[Address] = []
    for count, match in enumerate(_IPV4.finditer(text)):
        if count >= MAX_CANDIDATES:
            break
        address = _ipv4_at(text, match.start(), match.end())
        if address is not None:
            found.append(address)
    if ":" in text:
        for count, match in enumerate(_ULA.finditer(text)):
            if count >= MAX_CANDIDATES:
                break
            address = _ula_at(text, match.start(), match.end())
            if address is not None:
                found.append(address)
    found.sort(key=lambda a: a.start)
    return iter(found)


def internal_addresses(text: str, *, versions: bool = True) -> Iterator[Address]:
    """Internal addresses that name something: not the whole well-known blocks, not a bare
    network address like ``10.3.6.0``, and (with ``versions``) not a version number."""
    return iter(_internal_addresses(text, versions))


@functools.lru_cache(maxsize=8)
def _internal_addresses(text: str, versions: bool) -> tuple[Address, ...]:
    # Cached: several detectors read the same views.
    return tuple(_find_internal(text, versions))


def _find_internal(text: str, versions: bool) -> Iterator[Address]:
    for address in addresses(text):
        if not address.internal or address.text.lower() in _WELL_KNOWN_BLOCKS:
            continue
        if address.network and "/" not in address.text:
            continue  # "Weblogic 10.3.6.0": a version or a bare network number
        if versions and looks_like_version(text, address):
            continue
        yield address


def line_bounds(text: str, start: int, end: int, reach: int = 80) -> tuple[str, str]:
    """Up to ``reach`` characters before and after ``text[start:end]`` on the same line."""
    lo = max(0, start - reach)
    newline = text.rfind("\n", lo, start)
    before = text[(newline + 1 if newline >= 0 else lo) : start]
    hi = min(len(text), end + reach)
    newline = text.find("\n", end, hi)
    after = text[end : newline if newline >= 0 else hi]
    return before, after


# --- version numbers that look like addresses ------------------------------------------

_VERSION_BEFORE = lazy_re2(
    r"(?i)(?:\bv|\bversions?|\bver\.?|\breleases?|\breleased|\bbuilds?|\bpatch(?:ed|es)?"
    r"|\bfixed\s{1,3}in|\b(?:update|upgrade)[ds]?\s{1,3}to|\bprior\s{1,3}to|\bfirmware|\bsdk"
    r"|\bjdk|\bruntime|版本|升级到|升级至|更新到|更新至|修复于|>=|<=|==|~>|!=|\^|~|`[^`\n]{1,40}`"
    r"|\b(?:gems?|packages?|pkg|pip\s{1,3}install|npm\s{1,3}install)"
    r"(?:\s{1,3}[\"'`]?[A-Za-z][\w.@/-]{0,59}[\"'`]?,?)?)"
    r"\s{0,3}[\"'`(]?\s{0,2}(?:\d{1,5}(?:\.\d{1,5}){0,4}\s{0,2}(?:,|and|or|to|-|/)\s{0,3}){0,6}$"
)
_VERSION_AFTER = lazy_re2(
    r"(?i)^[\"'`)]?\s{0,3}(?:(?:or|and)\s{1,3}(?:later|newer|earlier|above|below|higher|lower|"
    r"before|after|up)\b|(?:release|version)\b|(?:is|are)\s{1,3}(?:also\s{1,3})?(?:affected|"
    r"impacted|fixed|patched)\b|及以上|及以下|以上|以下|之前|以前|之后|版本|受影响|存在漏洞)"
)
# Runs of digits and dots, split in Python. A single bounded character class is linear in
# the standard library's engine too, and this runs for every candidate address, where the
# RE2 binding's per-match overhead would dominate.
_NUMERIC_RUN = lazy_re(r"[0-9][0-9.]{2,63}")


def looks_like_version(text: str, address: Address) -> bool:
    """Whether the address token reads as a version number in its line.

    Signs: a version word or comparison right before it ("version", "gem", ">=", "升级到",
    a package name in backticks), a version phrase right after ("or later", "及以上"), or a
    sibling version on the line with the same first number ("0.10.2 and 0.10.0.1").
    """
    if address.family != 4:
        return False
    before, after = line_bounds(text, address.start, address.end, 60)
    if _VERSION_BEFORE.search(before) or _VERSION_AFTER.search(after):
        return True
    first = address.text.split(".", 1)[0]
    line = before + " " * (address.end - address.start) + after
    if line.count(".") <= 3:
        return False  # no other dotted number on the line
    for match in _NUMERIC_RUN.finditer(line):
        parts = match.group(0).split(".")
        if len(parts) not in (2, 3) or parts[0] != first or not all(parts):
            continue  # "10.0.0.1" (another address), "1.2." (a sentence end), other firsts
        lead = line[match.start() - 1 : match.start()]
        if lead.isalpha() or lead == "_":
            continue  # "ubuntu0.15": part of a word
        return True
    return False


# --- context on the line ------------------------------------------------------------------

_HOST_WORDS = (
    r"\b(?:hosts?|hostnames?|servers?|srv|dc|domain\s{1,3}controllers?|gateways?|gw|routers?"
    r"|firewalls?|switch(?:es)?|vpn|proxy|bastion|jump\s{0,1}hosts?|jumpbox|nas|printers?"
    r"|cameras?|nvr|plc|scada|hmi|ldap|smb|rdp|ssh|sftp|ftp|telnet|dns|dhcp|ntp|smtp|imap"
    r"|vlan|intranet|workstations?|endpoint)\b"
    r"|主机|服务器|内网|网关|域控|交换机|路由器|防火墙|堡垒机|网段|数据库|工作站|终端"
)
_PORT_WORDS = (
    r"\bports?\s{0,3}[:=#]?\s{0,3}\d{1,5}\b|\b\d{1,5}/(?:tcp|udp)\b|(?:^|\s)-p\s{0,2}\d{1,5}\b"
    r"|端口\s{0,3}[:：]?\s{0,3}\d{1,5}"
)
_HOST_TOKENS = (
    r"\b(?:dc|db|srv|svr|web|app|mail|mx|sql|fs|file|ad|vpn|fw|gw|sw|rtr|host|node|nas|ftp"
    r"|dns|ns|proxy|jump|bastion|esxi?|vc|vm|k8s|master|worker|ws|pc|lnx|cam|plc|hmi)"
    r"-?\d{1,3}\b|\bWIN-[A-Z0-9]{5,15}\b"
    r"|\b[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){0,5}\.(?:com|net|org|cn|io|gov|edu|mil"
    r"|local|lan|corp|internal|intra|intranet)\b"
)
PORT_NEAR = lazy_re2(f"(?i){_PORT_WORDS}")
# One search for all the words around an address (the RE2 binding costs per call).
_NEAR = lazy_re2(f"(?i){_HOST_WORDS}|{_PORT_WORDS}|{_HOST_TOKENS}")
_PORT_AFTER = lazy_re2(r"^:\d{1,5}\b")
_PORT_ARG_AFTER = lazy_re2(r"^\s{1,3}\d{2,5}(?:$|[\s\"'`;|)&])")
_HOST_BEFORE = lazy_re2(r"(?:://(?:[^\s/@]{1,64}@)?|@|\\\\|\\|/dev/(?:tcp|udp)/)$")
_KEY_BEFORE = lazy_re2(
    r"(?i)(?:^|[\s{,;\"'(\[-])[a-z_][a-z0-9_.\-]{0,40}[\"']?\s{0,3}[:=]>?\s{0,3}[\"'\[(]?\s{0,2}$"
)
_HOSTS_FILE_AFTER = lazy_re2(r"(?i)^[ \t]{1,8}[a-z][a-z0-9-]{1,62}(?:\.[a-z0-9-]{1,63}){0,6}\b")
_HOST_TOKENS = lazy_re2(
    r"(?i)\b(?:dc|db|srv|svr|web|app|mail|mx|sql|fs|file|ad|vpn|fw|gw|sw|rtr|host|node|nas|ftp"
    r"|dns|ns|proxy|jump|bastion|esxi?|vc|vm|k8s|master|worker|ws|pc|lnx|cam|plc|hmi)"
    r"-?\d{1,3}\b|\bWIN-[A-Z0-9]{5,15}\b"
    r"|\b[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){0,5}\.(?:com|net|org|cn|io|gov|edu|mil"
    r"|local|lan|corp|internal|intra|intranet)\b"
)
# Words that make an address generic. In prose: "the default LAN is 192.168.1.1", "for
# example 10.0.0.5". In code only the placeholder words: "Default Gateway . . . : 10.20.1.1"
# in ipconfig output is a real network's detail.
_DOWNGRADE_PROSE = lazy_re2(
    r"(?i)\b(?:default|defaults|for\s{1,3}example|for\s{1,3}instance|examples?|such\s{1,3}as"
    r"|typically|usually|commonly|placeholder|replace|your|yours|sample)\b|\be\.g\.|\bi\.e\."
    r"|默认|例如|比如|示例|举例|样例"
)
_DOWNGRADE_CODE = lazy_re2(
    r"(?i)\b(?:examples?|placeholder|replace|your|yours|sample)\b|\be\.g\.|示例|样例|替换"
)

CONFIG_LANGS = frozenset(
    {
        "ini", "cfg", "conf", "config", "toml", "yaml", "yml", "json", "jsonc", "json5", "xml",
        "properties", "env", "dotenv", "hosts", "nginx", "apacheconf", "apache", "hcl", "tf",
        "terraform", "csv", "tsv", "ssh-config", "sshconfig", "ssh_config", "cisco", "ios",
        "junos", "vyos", "routeros", "nmap", "dns", "zone", "bind", "dhcp",
    }
)  # fmt: skip


def host_context(text: str, address: Address, *, kind: str, lang: str) -> bool:
    """Whether the line around ``address`` says it is a host: a port, a host word, a host
    name, a URL or UNC path, a ``key = value`` setting, or a config/inventory block."""
    if kind == "table" or (kind == "code" and lang in CONFIG_LANGS):
        return True
    before, after = line_bounds(text, address.start, address.end, 60)
    if _PORT_AFTER.search(after) or _HOST_BEFORE.search(before):
        return True
    if _NEAR.search(f"{before}\n{after}"):
        return True
    if kind in ("code", "inline_code", "html_comment"):
        if _KEY_BEFORE.search(before) or _PORT_ARG_AFTER.search(after):
            return True
        if not before.strip() and _HOSTS_FILE_AFTER.search(after):
            return True  # a hosts-file line: "10.0.0.5   fileserver"
    return False


def downgraded(text: str, start: int, end: int, *, kind: str) -> bool:
    """Words on the line that make an address generic: "default", "for example", "your"."""
    pattern = _DOWNGRADE_CODE if kind in ("code", "table") else _DOWNGRADE_PROSE
    before, after = line_bounds(text, start, end, 60)
    return bool(pattern.search(f"{before}\n{after}"))


# --- internal host names ----------------------------------------------------------------

_HOSTNAME = lazy_re2(
    r"(?i)[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){0,6}"
    r"\.(?:internal|intranet|intra|corp|localdomain|local|lan)(?:\.[a-z0-9-]{1,63}){0,4}"
)
_MDNS = ("mdns", "bonjour", "avahi", "zeroconf", "multicast dns", "multicast-dns")
_LAST_ONLY = frozenset({"local", "localdomain", "lan"})
_ANYWHERE = frozenset({"corp", "internal", "intra", "intranet"})
_TLD_LIKE = frozenset(
    {
        "com", "net", "org", "cn", "io", "co", "uk", "de", "jp", "fr", "ru", "int", "gov", "edu",
        "mil", "biz", "info", "example", "local", "lan", "corp", "internal", "intra", "intranet",
        "localdomain",
    }
)  # fmt: skip
_PLACEHOLDERS = frozenset(
    {
        "example", "examples", "contoso", "fabrikam", "acme", "yourdomain", "yourcompany",
        "mydomain", "domain", "company", "foo", "bar", "baz", "test", "sample", "localhost",
        "hostname", "host", "server", "name", "xxx", "x",
    }
)  # fmt: skip
_CODE_STEMS = frozenset(
    {
        "self", "this", "ctx", "context", "threading", "thread", "os", "window", "document",
        "config", "settings", "env", "environment", "docker-compose", "compose", "vimrc",
        "bashrc", "zshrc", "gitconfig", "makefile", "gemfile", "application", "appsettings",
        "local", "default", "values", "override", "com", "org", "net", "java", "javax", "sun",
        "jdk", "android", "androidx", "kotlin",
    }
)  # fmt: skip
_WELL_KNOWN_NAMES = frozenset(
    {
        "host.docker.internal", "gateway.docker.internal", "kubernetes.docker.internal",
        "metadata.google.internal", "kubernetes.default.svc.cluster.local", "ec2.internal",
        "compute.internal", "cluster.local", "svc.cluster.local", "docker.internal",
        "google.internal", "localhost.localdomain", "home.lan",
    }
)  # fmt: skip
_CAMEL = lazy_re2(r"[a-z][A-Z]")


@dataclass(frozen=True)
class HostName:
    start: int
    end: int
    text: str

    @property
    def key(self) -> str:
        return self.text.lower().rstrip(".")


def mdns_page(lowered: str) -> bool:
    """A page about mDNS/Bonjour, where ``*.local`` names are the protocol's examples."""
    return any(word in lowered for word in _MDNS)


def _valid_hostname(name: str, *, mdns: bool) -> bool:
    if _CAMEL.search(name):
        return False  # "userService.internal": a code identifier
    labels = name.lower().split(".")
    if name.lower() in _WELL_KNOWN_NAMES or labels[0] in _CODE_STEMS:
        return False
    if any(label.startswith("-") or label.endswith("-") for label in labels):
        return False
    last = len(labels) - 1
    if last == 1 and labels[0] in _LAST_ONLY | _ANYWHERE:
        return False  # "corp.local", "internal.lan": the generic domain, not a host
    for index, label in enumerate(labels[1:], start=1):
        if label in _LAST_ONLY and index == last:
            valid = not (mdns and label == "local")
        elif label in _ANYWHERE and (index == last or labels[last] in _TLD_LIKE):
            valid = True
        else:
            continue
        # Placeholders count in the host part only: "example.corp" and "test.local" are
        # generic, "dc01.corp.example.com" names a host (AD style) whatever the domain.
        host_part = labels[:index]
        return valid and not any(
            label in _PLACEHOLDERS or label.startswith(("your", "my-")) for label in host_part
        )
    return False


def internal_hostnames(text: str, *, mdns: bool = False) -> Iterator[HostName]:
    """Host names under internal suffixes (``*.corp``, ``*.internal``, ``*.lan``, ``*.local``,
    ``*.intra(net)``, AD-style ``dc01.corp.example.com``), minus placeholders, well-known
    service names, file names and code identifiers."""
    return iter(_internal_hostnames(text, mdns))


@functools.lru_cache(maxsize=8)
def _internal_hostnames(text: str, mdns: bool) -> tuple[HostName, ...]:
    # Cached: several detectors read the same views.
    return tuple(_find_hostnames(text, mdns))


def _find_hostnames(text: str, mdns: bool) -> Iterator[HostName]:
    for count, match in enumerate(_HOSTNAME.finditer(text)):
        if count >= MAX_CANDIDATES:
            break
        start, end = match.start(), match.end()
        before = text[start - 1] if start else ""
        if _word(before) or (before and before in ".-$"):
            continue
        if before == "/" and text[start - 2 : start] != "//":
            continue  # a path: "/srv/app.local"
        after = text[end : end + 1]
        if _word(after) or (after and after in "-([="):
            continue
        if after == "." and _word(text[end + 1 : end + 2]):
            continue  # "settings.local.py"
        name = match.group(0)
        if _valid_hostname(name, mdns=mdns):
            yield HostName(start, end, name)
