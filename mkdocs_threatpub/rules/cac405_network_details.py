"""CAC405 network-details: Article 4(5)."""

from __future__ import annotations

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.rule import RuleDoc
from mkdocs_threatpub.rules._content import ARTICLE_4, content_rule

RULE = content_rule(
    code="CAC405",
    name="network-details",
    article=t("Article 4(5)", "第四条第（五）项"),
    paragraph="5",
    summary=t(
        "Plans, topology and asset information of a specific network.",
        "特定网络的规划设计、网络拓扑和资产信息。",
    ),
    doc=RuleDoc(
        what="Plans, topology and asset information of a specific network: host/port inventories (three or more host and port rows in a table or code block; port-scan output naming a host), internal addresses (RFC 1918, CGNAT 100.64.0.0/10, IPv6 ULA fc00::/7) with host context (a port, a host word such as server, DC, gateway, 主机, 服务器, 内网, a host name, a URL, a setting, a config or inventory block), internal host names (*.internal, *.corp, *.lan, *.local, *.intra, AD-style dc01.corp.example.com; two or more, or one next to an address), device configuration (two or more Cisco, Huawei, Juniper, FortiOS or MikroTik lines in one code block that name the site), topology diagrams (Mermaid, Graphviz, PlantUML) naming internal hosts. A lone address or host name, an address given as an example or default, and generic configuration snippets only warn. Documentation ranges (RFC 5737, RFC 3849), loopback, 0.0.0.0 and version numbers such as 0.10.0.1 are not findings.",
        why="An inventory of someone's network is a map for the next attacker." + " " + ARTICLE_4,
        source="CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
        "2019-11-20), Art. 4(5).",
        how=t(
            "Use documentation addresses (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) and example host names."
            " A reviewer may accept a finding with an allow that gives the reason: an inline comment "
            "right above the content, a front-matter `allow` entry, or the baseline file.",
            "使用文档专用地址（192.0.2.0/24、198.51.100.0/24、203.0.113.0/24、2001:db8::/32）和示例主机名。"
            "审核人员可以用写明理由的 allow 接受某项发现：在该内容正上方加行内注释、在 front matter "
            "中添加 `allow` 条目，或写入基线文件。",
        ),
        example="The gateway at 192.0.2.10 forwards port 8443 to the management interface.",
    ),
)
