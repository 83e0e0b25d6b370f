"""device-config (CAC405): network device configuration in one code block, strong when it
names the site, weak when it is a generic snippet. In process."""

from __future__ import annotations

import pytest

from mkdocs_threatpub.scanners.detectors.device_config import DETECTOR
from tests.detectors._network import LONG, SPACES, assert_quiet, fenced, scan, seconds

CISCO = """\
hostname HQ-CORE-01
interface GigabitEthernet0/1
 description uplink to branch
 ip address 10.20.0.1 255.255.255.252
router ospf 10
 network 10.20.0.0 0.0.0.3 area 0
snmp-server community s3cr3t RO"""

HUAWEI = """\
sysname SZ-AGG-02
interface Vlanif100
 ip address 172.16.100.1 255.255.255.0
ip route-static 0.0.0.0 0.0.0.0 172.16.100.254"""

JUNOS = """\
set system host-name edge-fw-01
set interfaces ge-0/0/0 unit 0 family inet address 10.99.0.2/30
set routing-options static route 0.0.0.0/0 next-hop 10.99.0.1"""

FORTIOS = """\
config system interface
    edit "port1"
        set ip 10.1.1.99 255.255.255.0
        set allowaccess ping https ssh
    next
end"""

MIKROTIK = """\
/ip address add address=192.168.88.2/24 interface=ether2
/ip route add gateway=192.168.88.1"""


@pytest.mark.parametrize(
    ("body", "lines"), [(CISCO, 7), (HUAWEI, 4), (JUNOS, 3), (FORTIOS, 4), (MIKROTIK, 2)]
)
def test_site_specific_configuration_is_strong(body: str, lines: int) -> None:
    hits = scan(DETECTOR, fenced(body))
    assert [(h.strong, h.line) for h in hits] == [(True, 4)], [h.what for h in hits]
    assert hits[0].rule == "CAC405"
    assert hits[0].what == (
        f"network device configuration ({lines} configuration lines naming the site) in a code block"
    )
    assert_quiet(hits, "HQ-CORE", "SZ-AGG", "edge-fw", "10.", "172.16", "s3cr3t", "192.168")


def test_generic_mitigation_snippet_is_weak() -> None:
    # A vendor advisory's workaround: only `any`, placeholders and no site names.
    body = (
        "access-list 101 deny tcp any any eq 4786\n"
        "access-list 101 permit ip any any\n"
        "interface GigabitEthernet0/0\n"
        " ip access-group 101 in"
    )
    hits = scan(DETECTOR, fenced(body))
    assert [(h.strong, h.what) for h in hits] == [
        (False, "generic network device configuration (4 configuration lines) in a code block")
    ]


def test_documentation_addresses_and_default_names_are_generic() -> None:
    body = "hostname Router\ninterface GigabitEthernet0/1\n ip address 192.0.2.1 255.255.255.0"
    assert [h.strong for h in scan(DETECTOR, fenced(body))] == [False]


@pytest.mark.parametrize(
    "text",
    [
        fenced("interface GigabitEthernet0/1"),  # one line
        fenced("ip route 10.0.0.0 255.0.0.0 10.1.1.1"),  # one line
        # supporting lines only
        fenced("hostname web01\ndescription uplink\nshutdown"),
        # Linux, not a device
        fenced("ip route add 10.0.0.0/8 via 10.1.1.1\nip address show\nset -e", "bash"),
        fenced("set -euo pipefail\nset -x\nconfig=1"),
        # prose, not a block
        "Configure interface GigabitEthernet0/1 and then ip route 10.0.0.0 255.0.0.0 10.1.1.1.\n",
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(DETECTOR, text) == [], [h.what for h in scan(DETECTOR, text)]


def test_long_blocks_are_counted_up_to_a_cap() -> None:
    body = "\n".join(
        f"interface GigabitEthernet0/{i}\n ip address 10.0.{i}.1 255.255.255.0" for i in range(80)
    )
    [h] = scan(DETECTOR, fenced(body))
    assert "50 or more configuration lines" in h.what


def test_linear_on_pathological_input() -> None:
    block = "interface GigabitEthernet0/1\n ip address 10.1.1.1 255.255.255.0\n" * (LONG // 60)
    assert seconds(DETECTOR, block) < 1.0
    assert seconds(DETECTOR, "interface " + "G" * LONG) < 1.0
    assert (
        seconds(
            DETECTOR, SPACES + "interface Gi0/1\n" + SPACES + "ip route 10.0.0.0 255.0.0.0 10.1.1.1"
        )
        < 1.0
    )
