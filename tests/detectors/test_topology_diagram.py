"""topology-diagram (CAC405): Mermaid, Graphviz and PlantUML/nwdiag blocks whose nodes carry
internal addresses or internal host names. In process."""

from __future__ import annotations

import pytest

from mkdocs_threatpub.scanners.detectors.topology_diagram import DETECTOR
from tests.detectors._network import LONG, SPACES, assert_quiet, fenced, scan, seconds

MERMAID = """\
graph LR
  fw[edge firewall 10.0.0.1] --> core[core switch 10.0.1.1]
  core --> dc[dc01.hq.corp]"""

DOT = """\
digraph net {
  "vpn.hq.corp" -> "172.16.5.10";
  "172.16.5.10" -> "172.16.5.11";
}"""

NWDIAG = """\
@startuml
nwdiag {
  network office {
    address = "192.168.30.0/24"
    pc01 [address = "192.168.30.15"];
  }
}
@enduml"""


@pytest.mark.parametrize(
    ("body", "lang", "count"),
    [
        (MERMAID, "mermaid", 3),
        (DOT, "dot", 3),
        (NWDIAG, "plantuml", 2),
        (MERMAID, "", 3),
        (DOT, "text", 3),
    ],
)
def test_diagrams_naming_internal_hosts_are_strong(body: str, lang: str, count: int) -> None:
    hits = scan(DETECTOR, fenced(body, lang))
    assert [(h.strong, h.line) for h in hits] == [(True, 4)]
    assert hits[0].what.startswith(f"network diagram naming {count} internal hosts in ")
    assert_quiet(hits, "10.0.0.1", "dc01", "hq.corp", "172.16", "192.168")


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        # generic roles, documentation and public addresses
        (
            "graph LR\n  user --> lb[load balancer] --> app[app server] --> db[(database)]",
            "mermaid",
        ),
        ("graph LR\n  a[192.0.2.10] --> b[203.0.113.5] --> c[www.example.com]", "mermaid"),
        ('digraph { attacker -> "8.8.8.8" -> victim }', "dot"),
        # an internal address in a block that is not a diagram
        ("ping 10.0.0.5", "bash"),
        ("sequenceDiagram\n  Alice->>Bob: hello", "mermaid"),
    ],
)
def test_near_misses(body: str, lang: str) -> None:
    assert scan(DETECTOR, fenced(body, lang)) == []


def test_linear_on_pathological_input() -> None:
    body = "graph LR\n" + "  a[10.0.0.1] --> b[dc01.hq.corp]\n" * (LONG // 36)
    assert seconds(DETECTOR, body, lang="mermaid") < 1.0
    assert seconds(DETECTOR, "graph LR " + "a." * (LONG // 2), lang="mermaid") < 1.0
    assert seconds(DETECTOR, "graph LR\n" + SPACES + "x[10.0.0.1]", lang="mermaid") < 1.0
