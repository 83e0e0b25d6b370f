"""Internal host names: ``*.internal``, ``*.corp``, ``*.lan``, ``*.local``, ``*.intra(net)``
and AD-style names such as ``dc01.corp.example.com``.

Strong when the page names two or more distinct ones, or when an internal address stands on
the same line (a hosts-file entry); one name alone is weak. Not counted: placeholders
(``example.corp``, ``contoso.local``, ``test.lan``), well-known service names
(``host.docker.internal``, ``metadata.google.internal``, ``kubernetes.default.svc…``), file
names and code identifiers (``settings.local.py``, ``threading.local()``), wildcards
(``*.corp``), and ``*.local`` names on a page about mDNS/Bonjour, where they are the
protocol's own examples.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._netaddr import (
    HostName,
    internal_addresses,
    internal_hostnames,
    line_bounds,
    mdns_page,
)
from mkdocs_threatpub.scanners.document import Document, View

# Occurrences of one name checked for an address on their line.
MAX_PLACES = 20

_ADDRESSED = t("internal host name with address context", "内网主机名，同一行有内网地址")
_ALONE = t("internal host name", "内网主机名")


def _addressed(view: View, name: HostName) -> bool:
    before, after = line_bounds(view.text, name.start, name.end, 60)
    return any(True for _ in internal_addresses(f"{before} {after}"))


class InternalHostname:
    name = "internal-hostname"
    rule = "CAC405"
    keywords: tuple[str, ...] = (".internal", ".corp", ".lan", ".local", ".intra")

    def scan(self, doc: Document) -> Iterator[Hit]:
        mdns = mdns_page(doc.lowered)
        places: dict[str, list[tuple[View, HostName]]] = {}
        for view in doc.views:
            for name in internal_hostnames(view.text, mdns=mdns):
                places.setdefault(name.key, []).append((view, name))
        distinct = len(places)
        for key, found in places.items():
            # Address context is looked for near the first occurrences only (bounded work).
            addressed = next(((v, n) for v, n in found[:MAX_PLACES] if _addressed(v, n)), None)
            view, name = addressed or found[0]
            if addressed:
                what, strong = _ADDRESSED, True
            elif distinct >= 2:
                what = t(
                    f"internal host name (one of {distinct} on the page)",
                    f"内网主机名（本页共 {distinct} 个）",
                )
                strong = True
            else:
                what, strong = _ALONE, False
            yield hit(self, view, name.start, what, key, strong=strong)


DETECTOR = InternalHostname()
