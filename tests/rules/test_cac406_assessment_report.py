"""CAC406 assessment-report (Art. 4(6)) through the real CLI: a penetration-test report of a
named organisation is held at its target field, an article on how to write such a report only
warns, an ordinary advisory with "Scope: Unchanged" and a severity table is quiet."""

from __future__ import annotations

import json
from pathlib import Path

from tests.rules.helpers import check, line_of

REPORT = """
    # 渗透测试报告

    | 项目 | 内容 |
    |---|---|
    | 委托单位 | 临江星河物流有限公司 |
    | 测试时间 | 2026年9月1日至9月12日 |

    ## 一、测试范围

    对外门户与 VPN 入口。

    ## 二、发现的问题

    1. 管理后台存在弱口令。

    ## 三、整改建议

    修改口令并启用双因素认证。
    """

HOW_TO = """
    # How to write a penetration test report

    ## Executive summary

    One page for managers.

    ## Scope

    Name what was tested, e.g. "Client: [Client name]".

    ## Findings

    One entry per finding, each with a risk rating.
    """

ADVISORY = """
    # Heap overflow in Example Gateway (CVE-2026-1234)

    ## Summary

    A remote attacker can target the HTTP client. Scope: Unchanged.

    | Product | Fixed | Severity |
    |---|---|---|
    | gateway | 4.2.1 | High |

    ## Findings of the investigation

    The overflow is in the chunked decoder. Upgrade to 4.2.1.
    """


def test_cac406_holds_a_named_report_warns_on_a_template_and_stays_quiet(
    tmp_path: Path,
) -> None:
    # advisory.md has no block: META030 (Art. 12) would hold it; this test measures CAC406.
    run = check(
        tmp_path,
        {"report.md": REPORT, "how-to.md": HOW_TO, "advisory.md": ADVISORY},
        options={"rules": {"META030": "off"}},
    )

    report = run.page("report.md")
    assert report.verdict == "hold", report.findings
    finding = report.one("CAC406")
    assert finding["action"] == "hold"
    assert finding["line"] == line_of(REPORT, "委托单位")
    assert finding["source"] == "CAC Measures Art. 4(6)"
    assert finding["found"].startswith("assessment report of a specific network: a named target")

    how_to = run.page("how-to.md")
    assert how_to.verdict == "publish", how_to.findings
    assert how_to.one("CAC406")["action"] == "warn"

    advisory = run.page("advisory.md")
    assert advisory.verdict == "publish", advisory.findings
    assert "CAC406" not in advisory.codes

    # The assessed organisation is never named in the report.
    text = json.dumps(run.report, ensure_ascii=False)
    assert "星河" not in text
    assert "临江" not in text
