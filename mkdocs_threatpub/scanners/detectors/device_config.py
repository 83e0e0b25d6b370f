"""Network device configuration: Cisco IOS/NX-OS, Huawei VRP, Juniper Junos ``set`` lines,
FortiOS and MikroTik RouterOS configuration in one code block.

Strong with two or more configuration lines in one code block, at least one of them
distinctive (an ``interface GigabitEthernet0/1``, ``ip address`` with a mask, ``ip route``,
``router ospf``, ``access-list``, ``snmp-server community``, ``sysname``, ``set interfaces
ge-0/0/0 …``), when the block names the site: an address that is not a documentation,
loopback or mask value, or a ``hostname``/``sysname``. The same lines with only ``any``,
documentation addresses and placeholders (a vendor's generic mitigation snippet) are weak.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit, hit
from mkdocs_threatpub.scanners.detectors._netaddr import addresses, internal_hostnames
from mkdocs_threatpub.scanners.document import Document

# Configuration lines counted per block: enough to say "50 or more".
MAX_LINES = 50

_IP = r"\d{1,3}(?:\.\d{1,3}){3}"
_S = r"\s{1,4}"

# (pattern, distinctive): each is matched at the start of one line.
_LINES = [
    (
        lazy_re2(
            rf"(?i)^interface{_S}(?:gigabitethernet|fastethernet|tengigabitethernet|fortygigabitethernet|hundredgige|twentyfivegige|ethernet|gi|fa|te|eth-trunk|xgigabitethernet|vlanif|vlan-interface|vlan|loopback|port-channel|tunnel|serial|bvi|mgmt|meth|ge|xe|nve)\s{{0,2}}\d[\d/.:]{{0,20}}$"
        ),
        True,
    ),
    (lazy_re2(rf"(?i)^ip{_S}address{_S}{_IP}{_S}{_IP}"), True),
    (lazy_re2(rf"(?i)^ipv6{_S}address{_S}[0-9a-f:]{{2,40}}/\d"), True),
    (
        lazy_re2(
            rf"(?i)^(?:ipv6|ip){_S}route{_S}(?:vrf{_S}\S{{1,40}}{_S})?(?:\d|[0-9a-f]{{1,4}}:|::)"
        ),
        True,
    ),
    (lazy_re2(rf"(?i)^ip{_S}route-static{_S}\d"), True),
    (lazy_re2(rf"(?i)^router{_S}(?:ospf|ospfv3|bgp|eigrp|rip|isis)\b"), True),
    (lazy_re2(rf"(?i)^(?:ip{_S})?access-list{_S}(?:standard{_S}|extended{_S})?\S{{1,40}}"), True),
    (lazy_re2(rf"(?i)^snmp-server{_S}(?:community|host|location|contact|user|group)\b"), True),
    (lazy_re2(rf"(?i)^snmp-agent{_S}(?:community|sys-info|target-host|usm-user)\b"), True),
    (lazy_re2(rf"(?i)^sysname{_S}\S"), True),
    (
        lazy_re2(rf"(?i)^set{_S}interfaces{_S}(?:ge|xe|et|fe|ae|lo|irb|em|fxp|vlan|reth|st)-?\d"),
        True,
    ),
    (
        lazy_re2(
            rf"(?i)^set{_S}(?:routing-options|protocols{_S}(?:ospf|bgp|isis|rip)|security{_S}(?:zones|policies|nat)|system{_S}host-name|firewall{_S}(?:filter|family)|policy-options|vlans)\b"
        ),
        True,
    ),
    (
        lazy_re2(
            rf"(?i)^config{_S}(?:system{_S}(?:interface|global|admin|dns|ha)|firewall{_S}(?:policy|address|vip)|router{_S}(?:static|ospf|bgp)|vpn{_S}ipsec)\b"
        ),
        True,
    ),
    (
        lazy_re2(
            rf"(?i)^/(?:ip{_S}(?:address|route|firewall|dhcp-server|pool)|interface{_S}(?:ethernet|vlan|bridge|wireless))\b"
        ),
        True,
    ),
    # Supporting lines: configuration only next to a distinctive one.
    (lazy_re2(rf"(?i)^(?:hostname|domain-name){_S}\S"), False),
    (
        lazy_re2(
            rf"(?i)^(?:enable{_S}(?:secret|password)|username{_S}\S{{1,40}}{_S}(?:privilege|secret|password))\b"
        ),
        False,
    ),
    (lazy_re2(rf"(?i)^switchport{_S}(?:mode|access|trunk|port-security)\b"), False),
    (lazy_re2(r"(?i)^(?:no\s{1,4}|undo\s{1,4})?shutdown\s{0,4}$"), False),
    (lazy_re2(rf"(?i)^line{_S}(?:vty|con|console|aux)\b"), False),
    (
        lazy_re2(
            rf"(?i)^ip{_S}(?:nat{_S}(?:inside|outside)|helper-address|access-group|ospf|default-gateway|domain-name|name-server|dhcp{_S}pool)\b"
        ),
        False,
    ),
    (lazy_re2(rf"(?i)^network{_S}{_IP}(?:{_S}{_IP})?"), False),
    (
        lazy_re2(
            rf"(?i)^(?:port{_S}(?:link-type|default{_S}vlan|trunk{_S}allow-pass)|rule{_S}\d{{1,5}}{_S}(?:permit|deny)|acl{_S}(?:number{_S})?\d{{3,4}}|ospf{_S}\d{{1,5}}|area{_S}\d)"
        ),
        False,
    ),
    (lazy_re2(rf"(?i)^(?:set|edit){_S}(?:ip|gateway|allowaccess|dst|device|\"?port\d)"), False),
    (lazy_re2(rf"(?i)^(?:description|vlan){_S}\S"), False),
    (lazy_re2(rf"(?i)^(?:permit|deny){_S}(?:ip|tcp|udp|icmp|any|host|{_IP})\b"), False),
]
_LEADING = frozenset(
    {
        "interface", "ip", "ipv6", "router", "access-list", "snmp-server", "snmp-agent",
        "sysname", "set", "config", "hostname", "domain-name", "enable", "username",
        "switchport", "no", "undo", "shutdown", "line", "network", "port", "rule", "acl", "ospf",
        "area", "edit", "description", "vlan", "permit", "deny", "/ip", "/interface",
    }
)  # fmt: skip
_NAME_LINE = lazy_re2(
    r"(?i)^\s{0,8}(?:hostname|sysname|set\s{1,4}system\s{1,4}host-name)\s{1,4}\"?([A-Za-z0-9][\w.-]{0,62})"
)
_GENERIC_NAMES = frozenset(
    {"router", "switch", "huawei", "firewall", "hostname", "name", "device", "r1", "r2", "sw1"}
)


def _config_lines(text: str) -> tuple[list[str], int]:
    """The configuration lines of a block (up to ``MAX_LINES``) and how many are distinctive."""
    found: list[str] = []
    distinctive = 0
    for line in text.split("\n"):
        if len(found) >= MAX_LINES:
            break
        stripped = line.strip()
        if not stripped:
            continue
        first = stripped.split(None, 1)[0].lower()
        if first not in _LEADING:
            continue
        for pattern, strong in _LINES:
            if pattern.search(stripped):
                found.append(stripped)
                distinctive += strong
                break
    return found, distinctive


def _names_site(text: str) -> bool:
    if any(a.specific for a in addresses(text)):
        return True
    if any(True for _ in internal_hostnames(text)):
        return True
    names = (match.group(1).lower() for match in _NAME_LINE.finditer(text))
    return any(name not in _GENERIC_NAMES for name in names)


class DeviceConfig:
    name = "device-config"
    rule = "CAC405"
    keywords: tuple[str, ...] = (
        "interface", "ip route", "router ", "access-list", "snmp-server", "snmp-agent",
        "sysname", "set interfaces", "set system", "set security", "set protocols",
        "route-static", "config system", "config firewall", "config router", "/ip ",
    )  # fmt: skip

    def scan(self, doc: Document) -> Iterator[Hit]:
        for view in doc.block_views():
            if view.segment.kind != "code":
                continue
            found, distinctive = _config_lines(view.text)
            total = len(found)
            if total < 2 or not distinctive:
                continue
            capped = total >= MAX_LINES
            lines = f"{total} or more" if capped else str(total)
            lines_zh = f"{total} 行及以上" if capped else f"{total} 行"
            # Identity: the configuration lines themselves, not the block around them.
            matched = "device-config\n" + "\n".join(sorted(set(found)))
            if _names_site(view.text):
                what = t(
                    f"network device configuration ({lines} configuration lines naming the site)",
                    f"网络设备配置（{lines_zh}配置，可识别具体站点）",
                )
                yield hit(self, view, 0, what, matched)
            else:
                what = t(
                    f"generic network device configuration ({lines} configuration lines)",
                    f"通用网络设备配置（{lines_zh}配置）",
                )
                yield hit(self, view, 0, what, matched, strong=False)


DETECTOR = DeviceConfig()
