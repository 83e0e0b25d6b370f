"""Internal addresses (RFC 1918, CGNAT 100.64.0.0/10, IPv6 ULA fc00::/7) with host context.

Strong when the line says the address is a host: a port, a host word (server, DC, gateway,
主机, 服务器, 内网 …), a host name, a URL or UNC path, a ``key = value`` setting, or a
config/inventory block. A lone address in prose ("the default LAN is 192.168.1.1") is weak.
Documentation ranges (RFC 5737, RFC 3849), loopback, 0.0.0.0 and version numbers such as
``0.10.0.1`` or ``rdoc 6.3.4.1`` are never addresses here; nor are vendor and tool defaults
that every reader's network has (``192.168.1.1``, Docker's ``172.17.0.1``): they describe a
product, not a network. A code block or table that names its organisation with a placeholder
domain (``foobar.com``, ``example.org``, ``contoso.com``, ``*.example``) is sample data — a
sample log event, an example configuration — and its addresses are not a named network's.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import Text, t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._netaddr import (
    INTERNAL_ADDRESS_PATTERNS,
    Address,
    downgraded,
    host_context,
    internal_addresses,
    kind_label,
)
from mkdocs_threatpub.scanners.document import Document

# Vendor and tool defaults every reader's own network has too (router admin pages, Docker's
# bridge, VirtualBox NAT and host-only, docker-machine, minikube, the Kubernetes service
# range's API and DNS addresses): they describe a product, not someone's network, so they
# are not reported whatever the context.
WELL_KNOWN_DEFAULTS = frozenset(
    {
        "192.168.0.1", "192.168.1.1", "192.168.1.254", "192.168.0.254", "192.168.8.1",
        "192.168.100.1", "10.0.2.2", "10.0.2.15", "10.0.2.0/24", "192.168.56.1",
        "192.168.99.100", "192.168.49.2", "172.17.0.1", "172.17.0.0/16", "10.96.0.1",
        "10.96.0.10", "10.96.0.0/12", "10.244.0.0/16", "fd00::1",
    }
)  # fmt: skip


# Placeholder organisations (RFC 2606 / RFC 6761 names and the stock ones documentation
# uses): a block naming one is sample data. Literal alternations only: linear.
_SAMPLE_DOMAIN = lazy_re2(
    r"(?i)(?:^|[^a-z0-9.-])(?:[a-z0-9-]{1,63}\.){0,4}(?:example|examples|foo|foobar|foobaz|"
    r"contoso|fabrikam|northwind|adventure-works|acme|acmecorp|initech|yourdomain|yourcompany|"
    r"mydomain|mycompany|somedomain|somecompany)\.(?:com|net|org|local|corp|internal|lan|io)\b|"
    r"\.(?:example|invalid)\b"
)
_BLOCKS = frozenset(("code", "table"))


def _what(address: Address, context: bool, generic: bool) -> Text:
    noun = "internal network block" if address.network else "internal address"
    noun_zh = "内网网段" if address.network else "内网地址"
    if address.family == 6:
        noun = "internal IPv6 network block" if address.network else "internal IPv6 address"
        noun_zh = "内网 IPv6 网段" if address.network else "内网 IPv6 地址"
    kind = kind_label(address.kind)  # a technical name, the same in both languages
    label, label_zh = f"{noun} ({kind})", f"{noun_zh}（{kind}）"
    if not context:
        return t(f"{label} without host context", f"{label_zh}，上下文未表明其为主机")
    if generic:
        return t(f"{label} given as an example or default", f"{label_zh}，作为示例或默认值给出")
    return t(f"{label} with host context", f"{label_zh}，上下文表明其为主机")


class InternalAddress:
    name = "internal-address"
    rule = "CAC405"
    keywords: tuple[str, ...] = ()
    keyword_patterns = INTERNAL_ADDRESS_PATTERNS

    def scan(self, doc: Document) -> Iterator[Hit]:
        for view in doc.views:
            segment = view.segment
            text = view.text
            # One hit per distinct address and view: its first occurrence with host
            # context, else its first occurrence (dedupe keeps one per page anyway).
            best: dict[str, tuple[Address, bool, Text]] = {}
            sample: bool | None = None  # the block is sample data (asked once, if needed)
            for address in internal_addresses(text):
                key = address.text.lower()
                if key in WELL_KNOWN_DEFAULTS or (key in best and best[key][1]):
                    continue
                if sample is None:
                    sample = segment.kind in _BLOCKS and bool(_SAMPLE_DOMAIN.search(text))
                if sample:
                    break
                context = host_context(text, address, kind=segment.kind, lang=segment.lang)
                generic = context and downgraded(
                    text, address.start, address.end, kind=segment.kind
                )
                strong = context and not generic
                if key not in best or strong:
                    best[key] = (address, strong, _what(address, context, generic))
            for key, (address, strong, what) in best.items():
                yield hit(self, view, address.start, what, key, strong=strong)


DETECTOR = InternalAddress()
