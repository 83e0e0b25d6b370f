"""Topology diagrams naming hosts: Mermaid, Graphviz/DOT, PlantUML/nwdiag and D2 code blocks
whose nodes carry internal addresses or internal host names."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._netaddr import (
    internal_addresses,
    internal_hostnames,
)
from mkdocs_threatpub.scanners.document import Document, View

_LANGS = frozenset(
    {"mermaid", "dot", "graphviz", "gv", "plantuml", "puml", "nwdiag", "d2", "blockdiag"}
)
# How a diagram starts when its fence has no (or another) language.
_STARTS = (
    "graph ", "graph\n", "flowchart ", "digraph", "strict digraph", "strict graph",
    "@startuml", "nwdiag", "architecture-beta", "c4context", "c4container", "block-beta",
)  # fmt: skip


def _is_diagram(view: View) -> bool:
    if view.segment.lang in _LANGS:
        return True
    head = view.text.lstrip()[:40].lower()
    return head.startswith(_STARTS)


class TopologyDiagram:
    name = "topology-diagram"
    rule = "CAC405"
    keywords: tuple[str, ...] = ()  # the fence language is not in the text: always look

    def scan(self, doc: Document) -> Iterator[Hit]:
        for view in doc.block_views():
            if view.segment.kind != "code" or not _is_diagram(view):
                continue
            # Labels in a diagram are names, not prose: no version reading.
            hosts = {a.text.lower() for a in internal_addresses(view.text, versions=False)}
            hosts |= {n.key for n in internal_hostnames(view.text)}
            if hosts:
                count = len(hosts)
                noun = "internal host" if count == 1 else "internal hosts"
                what = t(
                    f"network diagram naming {count} {noun}",
                    f"标注了 {count} 个内网主机的网络拓扑图",
                )
                yield hit(self, view, 0, what, "topology\n" + "\n".join(sorted(hosts)))


DETECTOR = TopologyDiagram()
