"""internal-hostname (CAC405): internal host names, strong when two or more distinct ones or
one next to an internal address; placeholders, well-known names, files and code never count.
In process."""

from __future__ import annotations

import pytest

from mkdocs_threatpub.scanners.detectors.internal_hostname import DETECTOR
from tests.detectors._network import LONG, SPACES, assert_quiet, fenced, scan, seconds


def summary(text: str) -> list[tuple[bool, str]]:
    return [(h.strong, h.what) for h in scan(DETECTOR, text)]


@pytest.mark.parametrize(
    "text",
    [
        "The attackers moved from web01.corp to sql02.corp overnight.",
        "Hosts fs1.acmecorp.lan and print.acmecorp.lan were hit.",
        "ip-10-0-3-17.ec2.internal and ip-10-0-3-18.ec2.internal ran the miner.",
        "Both dc01.ad.intranet and dc02.ad.intranet replicated the change.",
        "AD-style DC01.corp.example and EXCH01.corp.example were reached.",
        "jenkins.build.intra and nexus.build.intra leaked the tokens.",
        "redis-master.prod.svc.cluster.local and api.prod.svc.cluster.local were exposed.",
        "域控dc01.hq.corp和fs01.hq.corp均被控制。",
    ],
)
def test_two_distinct_names_are_strong(text: str) -> None:
    hits = scan(DETECTOR, text)
    assert len(hits) == 2, summary(text)
    assert all(h.strong and h.rule == "CAC405" for h in hits)
    assert all("(one of 2 on the page)" in h.what for h in hits)


def test_one_name_is_weak() -> None:
    hits = scan(DETECTOR, "The phishing mail came from mail.acmecorp.local last week.")
    assert summary("The phishing mail came from mail.acmecorp.local last week.") == [
        (False, "internal host name in prose")
    ]
    assert hits[0].line == 1


def test_one_name_with_an_internal_address_is_strong() -> None:
    hits = scan(DETECTOR, fenced("10.0.5.10   files.acmecorp.lan"))
    assert [(h.strong, h.line) for h in hits] == [(True, 4)]
    assert hits[0].what == "internal host name with address context in a code block"


def test_case_and_repeats_count_once() -> None:
    page = "DC01.CORP.LOCAL failed.\n\nThen dc01.corp.local rebooted; dc01.corp.local again."
    hits = scan(DETECTOR, page)
    assert [(h.strong, h.line) for h in hits] == [(False, 1)]


@pytest.mark.parametrize(
    "text",
    [
        # placeholders in the host part, and the generic AD domain itself
        "Join example.corp, then test.local, then contoso.local and fabrikam.lan.",
        "Use yourcompany.corp or my-host.internal and foo.lan in the docs.",
        "The domain corp.local and internal.lan are the defaults.",
        # well-known service names and bare suffixes
        "SSRF to metadata.google.internal and host.docker.internal, gateway.docker.internal.",
        "kubernetes.default.svc.cluster.local resolves; AWS names end in ec2.internal.",
        # wildcards and descriptions of suffixes
        "Block *.corp and *.internal and .local names at the resolver.",
        # files and code
        "Copy settings.local.py and config.local, then .env.local and docker-compose.local.",
        "Python has threading.local() and self.local = x; Java org.eclipse.jdt.internal.compiler.",
        "The class userService.internal is generated; see /srv/app.local/data.",
        "Not hosts: localhost.localdomain, foo.localhost, the corporate.com site, plan.lanes.",
    ],
)
def test_near_misses(text: str) -> None:
    assert scan(DETECTOR, text) == [], summary(text)


def test_mdns_page_skips_local_names_but_not_corp() -> None:
    page = (
        "Bonjour (mDNS) answers for printer.local and nas.local on the link.\n\n"
        "Unrelated: vpn.acme-group.corp.\n"
    )
    hits = scan(DETECTOR, page)
    assert summary(page) == [(False, "internal host name in prose")]
    assert hits[0].line == 3
    # Without the mDNS context, the same .local names count.
    plain = "The printer.local and nas.local hosts were scanned."
    assert [h.strong for h in scan(DETECTOR, plain)] == [True, True]


def test_findings_never_quote_the_name() -> None:
    hits = scan(DETECTOR, "web01.corp and sql02.corp")
    assert_quiet(hits, "web01", "sql02", ".corp")


def test_linear_on_pathological_input() -> None:
    assert seconds(DETECTOR, "a." * (LONG // 2) + "local") < 1.0
    assert seconds(DETECTOR, "dc01.corp.local " * (LONG // 16)) < 1.0
    assert seconds(DETECTOR, ("a-" * 30 + ".corp ") * (LONG // 66)) < 1.0
    assert seconds(DETECTOR, SPACES + "x.corp" + SPACES, kind="prose") < 1.0
