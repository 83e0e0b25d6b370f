"""META030 undeclared-threat-information (CAC draft Art. 12): a page without a block, outside
`include`, that reads as threat information is held until it says what it is."""

from __future__ import annotations

from pathlib import Path

from mkdocs_threatpub.core.context import Context, Settings
from mkdocs_threatpub.core.i18n import zh
from mkdocs_threatpub.core.page import read_page
from mkdocs_threatpub.rules.meta030_undeclared_threat_information import RULE
from tests.rules.helpers import NOW, check, line_of, page_text

ADVISORY = """
    # Heap overflow in the Example HTTP server

    CVE-2026-1234 was assigned to this issue.

    ## Vulnerability

    A heap buffer overflow in the chunked decoder allows remote code execution.

    ## Affected versions

    Example server 2.0 to and including 2.4.0 is affected; 2.4.1 is fixed.
    """

CHINESE = """
    # 某网关远程代码执行漏洞

    ## 漏洞描述

    该网关的管理接口存在远程代码执行漏洞，攻击者可构造请求执行任意命令。

    ## 影响版本

    网关 4.2.0 及以下版本。
    """

CHANGELOG = """
    # Changelog

    ## 2.4.1 (2026-10-01)

    - Fixed CVE-2026-1234 in the chunked decoder.
    - Faster start-up.
    - New `--quiet` option.

    ## 2.4.0 (2026-08-01)

    - Configuration files may include others.
    - Log lines carry the request id.
    - The cache is kept across restarts.

    ## 2.3.0 (2026-06-01)

    - Windows builds.
    - Dropped Python 3.9.
    - Documentation moved to MkDocs.
    """

DOCS = """
    # Configuration

    Set `site_name` in `mkdocs.yml`. Version 1.6 reads `INHERIT` as well.

    ## Security

    Report a vulnerability to security@example.org; we answer within a week.
    """

ONE_SIGNAL = """
    # Release 3.2

    This release bumps a dependency to address CVE-2026-9999 and adds dark mode.
    """

# A defensive guide without "cheat sheet" in its title: threats are named in general, the
# sections are about defending, and "a vulnerable version" names no version.
DEFENSIVE_GUIDE = """
    # Build Pipeline Security

    ## Overview of Threats

    Attackers exploit a compromised dependency or a malicious build script to attack users.
    A vulnerable version pulled in by a loose range is a common threat; attacks of this kind
    have hijacked well-known packages, and exploitation of one build tool affects many.

    ## Mitigations and Best Practices

    ### Harden Build Tools

    Pin each dependency to a verified version; attacks on mirrors then fail.

    ### Monitor Deployed Software for Vulnerabilities

    Scan what you ship; an exploited vulnerability in a dependency must be found quickly.

    ### Inventory Build Tools

    Know which tools run in the pipeline.
    """

OPTED_OUT = """
    ---
    threatpub:
      not_threat_information:
        reason: "archive of upstream advisories, mirrored for reference; reviewed"
        approved_by: security-review
    ---
    """
NO_REASON = """
    ---
    threatpub:
      not_threat_information: {}
    ---
    """


def test_undeclared_advisory_is_held_with_its_evidence_and_the_block(tmp_path: Path) -> None:
    run = check(tmp_path, {"advisory.md": ADVISORY, "zh.md": CHINESE})
    result = run.page("advisory.md")
    assert result.verdict == "hold"
    finding = result.one("META030")
    assert finding["action"] == "hold"
    assert finding["name"] == "undeclared-threat-information"
    assert finding["source"] == "CAC-2019 Art. 12"
    # The first line of evidence, and every kind with its lines.
    assert finding["line"] == line_of(ADVISORY, "Heap overflow")
    message = finding["message"]
    cve = line_of(ADVISORY, "CVE-2026-1234")
    assert f"a vulnerability or advisory identifier at line {cve}" in message
    assert "vulnerability, malware or incident wording at lines" in message
    assert "an affected product version or version range at line" in message
    assert "advisory sections at lines" in message
    # Never the page's own words.
    assert "chunked decoder" not in message + finding["found"] + finding["fix"]
    assert "CVE-2026-1234" not in message + finding["found"] + finding["fix"]
    # The minimal block to add, and the way out.
    assert "threatpub:\n  kind: vulnerability" in finding["fix"]
    assert "not_threat_information:\n    reason:" in finding["fix"]

    chinese = run.page("zh.md").one("META030")
    assert chinese["line"] == line_of(CHINESE, "远程代码执行漏洞")
    assert "vulnerability, malware or incident wording" in chinese["message"]
    assert run.returncode == 1


def test_messages_in_chinese() -> None:
    """The Chinese words of the finding (the report renders them for `language: zh`)."""
    page = read_page("advisory.md", page_text(ADVISORY).encode())
    (finding,) = RULE.check(page, Context.create(Settings(), NOW))  # type: ignore[misc]
    message = zh(finding.message)
    assert "《办法》第十二条" in message
    assert "漏洞或安全公告编号" in message
    assert f"第 {line_of(ADVISORY, 'CVE-2026-1234')} 行" in message
    assert "not_threat_information" in zh(finding.fix)
    assert "应如实声明" in zh(finding.expected)


def test_quiet_on_changelogs_docs_and_one_signal(tmp_path: Path) -> None:
    run = check(
        tmp_path,
        {
            "changelog.md": CHANGELOG,
            "docs.md": DOCS,
            "release.md": ONE_SIGNAL,
            "guide.md": DEFENSIVE_GUIDE,
        },
    )
    for path in ("changelog.md", "docs.md", "release.md", "guide.md"):
        result = run.page(path)
        assert result.verdict == "publish", (path, result.findings)
        assert not result.all("META030"), path


def test_declared_pages_and_included_pages_are_not_its_business(tmp_path: Path) -> None:
    """A page with a block, or matched by `include`, is judged by the profiles' rules."""
    declared = "---\nthreatpub:\n  kind: vulnerability\n---\n" + page_text(ADVISORY)
    run = check(
        tmp_path,
        {"declared.md": declared, "advisories/undeclared.md": ADVISORY},
        options={"include": ["advisories/**"]},
    )
    assert not run.page("declared.md").all("META030")
    assert not run.page("advisories/undeclared.md").all("META030")


def test_opt_out_with_a_reason_and_without(tmp_path: Path) -> None:
    opted = page_text(OPTED_OUT) + page_text(ADVISORY)
    bare = page_text(NO_REASON) + page_text(ADVISORY)
    run = check(tmp_path, {"opted.md": opted, "bare.md": bare})
    # With a reason: a page without a block again (publishes; no threat rule applies).
    assert run.page("opted.md").verdict == "publish", run.page("opted.md").findings
    # Without a reason the declaration does not count: held, at the declaration's line.
    finding = run.page("bare.md").one("META030")
    assert finding["line"] == line_of(bare, "not_threat_information")
    assert finding["key"] == "threatpub.not_threat_information.reason"
    assert "gives no reason" in finding["message"]


def test_opt_out_cannot_go_with_a_threat_block(tmp_path: Path) -> None:
    both = "---\nthreatpub:\n  kind: vulnerability\n  not_threat_information:\n    reason: x\n---\n"
    run = check(tmp_path, {"both.md": both + "Text.\n"})
    result = run.page("both.md")
    assert result.verdict == "fail"
    finding = result.one("META003")
    assert "kind" in finding["found"]


def test_configurable_like_every_rule(tmp_path: Path) -> None:
    warned = check(tmp_path / "warn", {"a.md": ADVISORY}, options={"rules": {"META030": "warn"}})
    assert warned.page("a.md").verdict == "publish"
    assert warned.page("a.md").one("META030")["action"] == "warn"
    off = check(tmp_path / "off", {"a.md": ADVISORY}, options={"rules": {"META030": "off"}})
    assert off.page("a.md").verdict == "publish"
    assert not off.page("a.md").all("META030")


def test_linear_on_hostile_input(tmp_path: Path) -> None:
    hostile = "CVE-2026-" + "1" * 100_000 + "\n" + " " * 5000 + "vulnerability " * 5000 + "\n"
    run = check(tmp_path, {"hostile.md": hostile})
    assert run.seconds < 5
