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
        what=t(
            "Plans, topology and asset information of a specific network: host/port inventories "
            "(three or more host and port rows in a table or code block; port-scan output naming "
            "a host), internal addresses (RFC 1918, CGNAT 100.64.0.0/10, IPv6 ULA fc00::/7) with "
            "host context (a port, a host word such as server, DC, gateway, 主机, 服务器, 内网, a "
            "host name, a URL, a setting, a config or inventory block), internal host names "
            "(*.internal, *.corp, *.lan, *.local, *.intra, AD-style dc01.corp.example.com; two or "
            "more, or one next to an address), device configuration (two or more Cisco, Huawei, "
            "Juniper, FortiOS or MikroTik lines in one code block that name the site), topology "
            "diagrams (Mermaid, Graphviz, PlantUML) naming internal hosts. A lone address or host "
            "name, an address given as an example, and generic configuration snippets only warn. "
            "Documentation ranges (RFC 5737, RFC 3849), loopback, 0.0.0.0, version numbers such "
            "as 0.10.0.1, product defaults every network has (192.168.1.1, Docker's 172.17.0.1) "
            "and addresses in sample data (a code block or table whose organisation is a "
            "placeholder such as foobar.com, example.org or *.example) are not findings.",
            "特定网络的规划设计、网络拓扑和资产信息：主机/端口清单（表格或代码块中三行及以上的主机"
            "和端口；指明主机的端口扫描输出）；带有主机上下文的内网地址（RFC 1918、CGNAT "
            "100.64.0.0/10、IPv6 ULA fc00::/7），上下文指端口、server、DC、gateway、主机、服务器、"
            "内网等主机相关词语、主机名、URL、配置项、配置块或资产清单块；内部主机名"
            "（`*.internal`、`*.corp`、`*.lan`、`*.local`、`*.intra`，以及 "
            "dc01.corp.example.com 这类 AD 风格的名称；"
            "两个及以上，或一个紧邻地址出现）；设备配置（同一代码块中两行及以上指明站点的 Cisco、"
            "Huawei、Juniper、FortiOS 或 MikroTik 配置）；指明内部主机的拓扑图（Mermaid、"
            "Graphviz、PlantUML）。单独出现的地址或主机名、作为示例给出的地址，"
            "以及通用的配置片段只给出警告。文档专用地址段（RFC 5737、RFC 3849）、环回地址、"
            "0.0.0.0、0.10.0.1 这样的版本号、各网络都有的产品默认地址（192.168.1.1、Docker 的 "
            "172.17.0.1），以及示例数据中的地址（组织名为 foobar.com、example.org、*.example "
            "等占位名称的代码块或表格）不算发现项。",
        ),
        why=t(
            "An inventory of someone's network is a map for the next attacker." + " " + ARTICLE_4,
            "某个网络的资产清单，就是留给下一个攻击者的地图。" + ARTICLE_4.zh,
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
            "2019-11-20), Art. 4(5).",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第四条第（五）项。",
        ),
        how=t(
            "Use documentation addresses (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) and example host names."
            " A reviewer may accept a finding with an allow that gives the reason: an inline comment "
            "right above the content, a front-matter `allow` entry, or the baseline file.",
            "使用文档专用地址（192.0.2.0/24、198.51.100.0/24、203.0.113.0/24、2001:db8::/32）和示例主机名。"
            "审核人员可以用写明理由的 allow 接受某项发现：在该内容正上方加行内注释、在 front matter "
            "中添加 `allow` 条目，或写入基线文件。",
        ),
        example=t(
            "The gateway at 192.0.2.10 forwards port 8443 to the management interface.",
            "位于 192.0.2.10 的网关将 8443 端口转发到管理接口。",
        ),
    ),
)
