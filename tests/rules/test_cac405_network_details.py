"""CAC405 network-details (Art. 4(5)) through the real CLI: inventories, device configuration
and internal names hold a page with the line named; a lone address only warns; version
numbers and documentation ranges stay quiet; a reasoned allow publishes; reports never
quote an address or host name."""

from __future__ import annotations

import json
from pathlib import Path

from tests.rules.helpers import check, line_of

SCAN = """
    # Post-incident review: the March intrusion

    The intruder's own scan, recovered from the jump host:

    ```text
    Nmap scan report for 10.40.2.11
    PORT     STATE SERVICE
    22/tcp   open  ssh
    445/tcp  open  microsoft-ds
    3389/tcp open  ms-wbt-server
    ```
    """

CONFIG = """
    # How the branch router was reconfigured

    ```
    hostname BR-RTR-07
    interface GigabitEthernet0/1
     ip address 10.77.1.1 255.255.255.0
    ip route 0.0.0.0 0.0.0.0 10.77.1.254
    ```
    """

NAMES = """
    # Lateral movement

    From ws-114.finance.corp the attacker reached backup01.finance.corp.
    """

ACCEPTED = """
    # Lateral movement (reviewed)

    <!-- threatpub: allow CAC405 reason="lab network, torn down; reviewed by the SOC lead" -->
    From ws-114.lab.corp the attacker reached backup01.lab.corp.
    """

LONE = """
    # Router hardening

    The LAN in the screenshot uses 10.1.1.23. Change the admin password.
    """

# Version numbers shaped like addresses (and ranges that are documentation): never CAC405.
VERSIONS = """
    # Security fix for the Example server

    We have released server version 10.12.1, 10.11.1, 10.10.2 and 10.10.0.1 with a fix.
    The `srv` gem versions 10.12.0, 10.11.0 and 10.10.1 are vulnerable.

    * For Ruby 2.7: Update to `srv` 10.10.0.1
    * For Ruby 3.0 users: Update to `rdoc` 6.3.4.1 and `uri` 0.10.0.1

    Please add `gem "srv", ">= 10.12.1"` to your Gemfile. Oracle WebLogic Server 10.3.6.0
    is affected too. In the lab, the server 192.0.2.10:8443, the gateway 198.51.100.1, the
    host 2001:db8::7 and 127.0.0.1:8080 were used; 0.0.0.0:80 binds every interface.
    """


# The pages are written without blocks; the advisory among them (versions.md) is threat
# information, which META030 (Art. 12) would hold: these tests measure CAC405 alone.
ARTICLE4_ONLY = {"rules": {"META030": "off"}}


def test_cac405_holds_warns_accepts_and_stays_quiet(tmp_path: Path) -> None:
    run = check(
        tmp_path,
        {
            "scan.md": SCAN,
            "config.md": CONFIG,
            "names.md": NAMES,
            "accepted.md": ACCEPTED,
            "lone.md": LONE,
            "versions.md": VERSIONS,
        },
        options=ARTICLE4_ONLY,
    )

    scan = run.page("scan.md")
    assert scan.verdict == "hold"
    inventory = [f for f in scan.all("CAC405") if f["found"].startswith("port-scan")]
    assert [(f["action"], f["line"]) for f in inventory] == [
        ("hold", line_of(SCAN, "Nmap scan report"))
    ]
    assert inventory[0]["found"] == (
        "port-scan output listing 1 host and 3 port rows in a text code block"
    )

    config = run.page("config.md")
    assert config.verdict == "hold"
    device = [f for f in config.all("CAC405") if "device configuration" in f["found"]]
    assert [(f["action"], f["line"]) for f in device] == [("hold", line_of(CONFIG, "hostname"))]

    names = run.page("names.md")
    assert names.verdict == "hold"
    assert {f["found"] for f in names.all("CAC405")} == {
        "internal host name (one of 2 on the page) in prose"
    }
    assert {f["line"] for f in names.all("CAC405")} == {line_of(NAMES, "From ws-114")}

    accepted = run.page("accepted.md")
    assert accepted.verdict == "publish", accepted.findings
    suppressed = [f for f in accepted.data["suppressed"] if f["code"] == "CAC405"]
    assert len(suppressed) == 2
    assert {f["suppressed_by"] for f in suppressed} == {
        "lab network, torn down; reviewed by the SOC lead"
    }

    lone = run.page("lone.md")
    assert lone.verdict == "publish"
    warning = lone.one("CAC405")
    assert warning["action"] == "warn"
    assert warning["found"] == "internal address (RFC 1918) without host context in prose"
    assert warning["line"] == line_of(LONE, "screenshot")

    versions = run.page("versions.md")
    assert versions.verdict == "publish", versions.findings
    assert "CAC405" not in versions.codes

    # The report describes; it never quotes addresses, names or configuration.
    report = json.dumps(run.report)
    for secret in ("10.40.2.11", "10.77.1", "BR-RTR", "ws-114", "finance.corp", "10.1.1.23"):
        assert secret not in report, secret


def test_cac405_with_scan_all_pages_from_mkdocs_yml(tmp_path: Path) -> None:
    """The CLI with -f reads the same options; the rule can be turned down per site."""
    pages = {"scan.md": SCAN, "names.md": NAMES}
    run = check(tmp_path / "warned", pages, options={"rules": {"CAC405": "warn"}})
    assert {p.verdict for p in run.pages.values()} == {"publish"}
    assert all(f["action"] == "warn" for p in run.pages.values() for f in p.all("CAC405"))
    off = check(tmp_path / "off", pages, options={"rules": {"CAC405": "off"}})
    assert all("CAC405" not in p.codes for p in off.pages.values())
