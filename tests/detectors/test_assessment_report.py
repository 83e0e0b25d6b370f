"""CAC406 assessment-report detector: true positives and near misses, in process."""

from __future__ import annotations

import textwrap
import time

import pytest

from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors.assessment_report import DETECTOR
from mkdocs_threatpub.scanners.document import document_from_text
from tests.detectors._network import translated


def scan(text: str) -> list[Hit]:
    return translated(list(DETECTOR.scan(document_from_text(textwrap.dedent(text).lstrip("\n")))))


def line_of(text: str, needle: str) -> int:
    lines = textwrap.dedent(text).lstrip("\n").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


# --- true positives: named target + at least two kinds of report structure -> strong ------

EN_PENTEST = """
    # Penetration Test Report

    **Client:** Northwind Logistics Ltd.
    **Testing period:** 2026-09-01 to 2026-09-12

    ## Executive summary

    Two critical issues were found on the external perimeter.

    ## Scope

    - https://portal.northwind-logistics.cn
    - vpn.northwind-logistics.cn

    ## Findings

    | ID | Finding | Risk rating |
    |----|---------|-------------|
    | F-1 | SQL injection in the login form | Critical |
"""

ZH_PENTEST = """
    # 渗透测试报告

    | 项目 | 内容 |
    |---|---|
    | 委托单位 | 华东星河物流有限公司 |
    | 测试时间 | 2026年9月1日至9月12日 |

    ## 一、测试范围

    - 10.20.1.15
    - oa.xinghe-logistics.cn

    ## 二、发现的问题

    1. 后台弱口令，可登录管理界面。

    ## 三、整改建议

    修改口令并启用双因素认证。
"""

ZH_DENGBAO = """
    # 网络安全等级保护测评报告

    测评对象：滨江市社会保险信息系统（第三级）

    测评机构：某测评中心

    ## 测评结论

    基本符合。

    ## 风险等级

    中风险问题 3 项。
"""

# No target field at all: the hosts under the scope heading name the network.
HOSTS_ONLY = """
    ## Engagement scope

    | Host | Notes |
    |---|---|
    | 172.20.4.10 | payroll |
    | 172.20.4.11 | HR portal |
    | https://intranet.fabrikam-holdings.com | intranet |

    ## Summary of findings

    Three hosts run an unpatched web server.

    ## Risk rating

    High.
"""

TRADITIONAL = """
    # 風險評估報告

    - 被評估單位：北港航運股份有限公司
    - 評估範圍：總部網路及機房

    ## 評估結論

    整體風險中等。
"""


@pytest.mark.parametrize(
    ("page", "at", "kind"),
    [
        (EN_PENTEST, "**Client:**", "named target"),
        (ZH_PENTEST, "委托单位", "named target"),
        (ZH_DENGBAO, "测评对象", "named target"),
        (HOSTS_ONLY, "## Engagement scope", "3 target hosts"),
        (TRADITIONAL, "被評估單位", "named target"),
    ],
    ids=["en-pentest", "zh-pentest", "zh-dengbao", "hosts-only", "traditional"],
)
def test_named_target_with_report_structure_holds(page: str, at: str, kind: str) -> None:
    hits = scan(page)
    assert len(hits) == 1, hits
    h = hits[0]
    assert h.strong
    assert (h.rule, h.detector) == ("CAC406", "assessment-report")
    assert h.line == line_of(page, at)
    assert kind in h.what
    assert "assessment report of a specific network" in h.what


def test_report_kinds_are_named() -> None:
    (h,) = scan(EN_PENTEST)
    for kind in ("report type", "test period", "conclusion", "scope", "findings", "risk rating"):
        assert kind in h.what
    (h,) = scan(ZH_PENTEST)
    for kind in ("report type", "test period", "scope", "findings", "rectification"):
        assert kind in h.what


def test_what_never_names_the_target() -> None:
    for page in (EN_PENTEST, ZH_PENTEST, ZH_DENGBAO, HOSTS_ONLY, TRADITIONAL):
        (h,) = scan(page)
        for secret in (
            "Northwind",
            "northwind",
            "星河",
            "滨江",
            "172.20",
            "fabrikam",
            "北港",
            "10.20.1.15",
            "SQL injection",
        ):
            assert secret not in h.what, (secret, h.what)


def test_fingerprint_depends_on_target_not_position() -> None:
    moved = scan("Intro.\n\n" + textwrap.dedent(EN_PENTEST))[0]
    same = scan(EN_PENTEST)[0]
    other = scan(EN_PENTEST.replace("Northwind Logistics Ltd.", "Contoso Shipping plc"))[0]
    assert moved.fingerprint == same.fingerprint
    assert other.fingerprint != same.fingerprint


# --- weak: structure without a target, or a target with a single marker -> warn -----------

HOW_TO = """
    # How to write a penetration test report

    A good penetration test report has a few fixed parts.

    ## Executive summary

    Write it for managers.

    ## Scope

    Say what was tested, in a field like this one:

    Client: [Client name]

    ## Findings

    Describe each finding and give it a risk rating.
"""

ZH_TEMPLATE = """
    # 渗透测试报告（模板）

    - 委托单位：XX公司
    - 被测系统：某业务系统
    - 测试时间：待定

    ## 测试范围

    - https://www.example.com
    - 192.0.2.10

    ## 发现的问题
"""

TARGET_AND_ONE_MARKER = """
    Target: Contoso municipal water portal

    ## Scope of work

    The public portal and its login page.
"""


@pytest.mark.parametrize(
    ("page", "text"),
    [
        (HOW_TO, "without a named target"),
        (ZH_TEMPLATE, "without a named target"),
        (TARGET_AND_ONE_MARKER, "named target"),
    ],
    ids=["how-to", "zh-template-placeholders", "target-one-marker"],
)
def test_weak_combinations_only_warn(page: str, text: str) -> None:
    hits = scan(page)
    assert len(hits) == 1, hits
    assert not hits[0].strong
    assert text in hits[0].what


# --- near misses: nothing -----------------------------------------------------------------

CLEAN_ADVISORY = """
    # Heap overflow in the Example gateway (CVE-2026-1234)

    ## Summary

    A remote attacker can target the HTTP client. Please report problems to the vendor.

    ## Impact

    CVSS 3.1 base score 8.1. Attack Vector: Network. Scope: Unchanged.

    ## Affected versions

    | Product | Affected | Fixed | Severity |
    |---|---|---|---|
    | gateway | < 4.2.1 | 4.2.1 | High |

    ## Findings of the investigation

    The overflow is in the chunked decoder.
"""

# A target beside "Findings" alone is any write-up; CVSS "Scope: Unchanged" is no scope.
CVSS_SCOPE = """
    - Scope: Unchanged
    - Scope: Changed
    - Target: the HTTP client
    - Findings: see below
"""

ZH_ADVISORY = """
    # 某开源组件远程代码执行漏洞通告

    风险等级：高危

    影响范围：2.0 至 2.14.1 版本。

    ## 漏洞详情

    攻击者可构造恶意请求。

    ## 修复建议

    升级到 2.17.1。
"""

CONFIG_IN_CODE = """
    # Building for ARM

    ```yaml
    target: aarch64-unknown-linux-gnu
    client: Northwind
    scope: release
    findings: none
    ```

    ## Scope

    Only release builds.
"""

TABLE_HEADER_ROW = """
    ## Findings

    | Target | Risk level | Findings |
    |---|---|---|
    | (none) | n/a | n/a |
"""

RELEASE_TARGET = """
    ## Security Release target Wednesday 14th

    - https://nodejs.org/en/blog/release
    - https://github.com/nodejs/node/releases

    ## Summary

    Releases are planned. Risk level: see each CVE.
"""


# A heading that is a sentence using the word "scope" (git's configuration scopes).
SENTENCE_SCOPE = """
    # libfoo trusts local config when it is the highest scope

    - https://git.libfoo-project.dev/repo
    - https://crates.libfoo-project.dev/libfoo
    - https://lists.libfoo-project.dev/2026-0001

    ## Summary

    Risk level: low. Findings are listed in the changelog.
"""

# The same hosts under a short scope heading: a scope section.
SHORT_SCOPE = SENTENCE_SCOPE.replace(
    "# libfoo trusts local config when it is the highest scope",
    "# Scope of work",
)


@pytest.mark.parametrize(
    "page",
    [
        CLEAN_ADVISORY,
        CVSS_SCOPE,
        ZH_ADVISORY,
        CONFIG_IN_CODE,
        TABLE_HEADER_ROW,
        RELEASE_TARGET,
        SENTENCE_SCOPE,
    ],
    ids=[
        "advisory",
        "cvss-scope",
        "zh-advisory",
        "config-code",
        "header-row",
        "release-target",
        "sentence-scope",
    ],
)
def test_near_misses(page: str) -> None:
    assert scan(page) == []


def test_a_short_scope_heading_over_the_same_hosts_is_a_section() -> None:
    assert scan(SHORT_SCOPE) != []


def test_keyword_prefilter_is_lower_case() -> None:
    assert all(k == k.lower() for k in DETECTOR.keywords)


# --- linear time --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filler",
    [
        "a" * 100_000,
        " " * 5_000,
        "Target: " * 12_000,
        "| Scope | " * 10_000,
        "**" * 50_000,
        "1.1.1.1 " * 12_000,
        "a." * 50_000,
    ],
    ids=["long-line", "spaces", "target", "cells", "bold", "ips", "dots"],
)
def test_pathological_input_is_fast(filler: str) -> None:
    page = f"# Penetration test report\n\n## Scope\n\n{filler}\n\n- {filler}\n\n| {filler} |\n"
    started = time.perf_counter()
    list(DETECTOR.scan(document_from_text(page)))
    assert time.perf_counter() - started < 0.5


def test_many_scope_headings_are_fast() -> None:
    page = "## Scope\n\n- 172.20.0.1\n- 172.20.0.2\n\n" * 3_000
    started = time.perf_counter()
    hits = translated(list(DETECTOR.scan(document_from_text(page))))
    assert time.perf_counter() - started < 1.0
    assert len(hits) <= 1
