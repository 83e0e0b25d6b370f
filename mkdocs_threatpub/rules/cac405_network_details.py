"""CAC405 network-details: Article 4(5)."""

from __future__ import annotations

from mkdocs_threatpub.core.rule import RuleDoc
from mkdocs_threatpub.rules._content import ARTICLE_4, content_rule

RULE = content_rule(
    code="CAC405",
    name="network-details",
    article="Article 4(5)",
    paragraph="5",
    summary='Plans, topology and asset information of a specific network.',
    doc=RuleDoc(
        what='Plans, topology and asset information of a specific network: host/port inventories, internal (RFC 1918) addresses with host context, internal host names (*.internal, *.corp, *.lan, *.local), device configuration (interface Gi…, ip route). Documentation ranges (RFC 5737, RFC 3849), loopback and version numbers such as 0.10.0.1 are not findings.',
        why="An inventory of someone's network is a map for the next attacker." + " " + ARTICLE_4,
        source="CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
        "2019-11-20), Art. 4(5).",
        how='Use documentation addresses (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) and example host names.' + " A reviewer may accept a finding with a reasoned allow (SPEC §5).",
        example='The gateway at 192.0.2.10 forwards port 8443 to the management interface.',
    ),
)
