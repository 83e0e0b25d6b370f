"""CAC602 sector-report-not-reported: Article 6 ¶2."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.notifications import Duty
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc
from mkdocs_threatpub.core.sectors import CRITICAL_SECTORS
from mkdocs_threatpub.rules._duties import duty_finding


def check(page: Page, context: Context) -> Iterator[Finding]:
    meta = page.meta
    if meta is None or meta.kind != "analysis" or meta.scope is None:
        return
    for index, sector in enumerate(meta.scope.sectors):
        if sector not in CRITICAL_SECTORS or sector in meta.scope.sectors[:index]:
            continue  # not critical, or listed twice (`energy` and `能源` are one sector)
        finding = duty_finding(
            "CAC602",
            page,
            context,
            [Duty("sector-regulator", sector=sector)],
            t(
                f"analysis of the {sector} ({CRITICAL_SECTORS[sector]}) sector",
                f"关于{CRITICAL_SECTORS[sector]}（{sector}）行业的分析报告",
            ),
            ("scope", "sectors", index),
        )
        if finding is not None:
            yield finding


RULE = Rule(
    code="CAC602",
    name="sector-report-not-reported",
    source="CAC Measures Art. 6 ¶2",
    default_action=Action.HOLD,
    profile="cac-2019",
    summary=t(
        "A sector analysis needs a report to each critical sector's regulator.",
        "重点行业的分析报告，须事先向所涉每个重点行业的行业主管部门报告。",
    ),
    check=check,
    doc=RuleDoc(
        what=t(
            "Pages with `kind: analysis` whose `scope.sectors` names a critical sector: "
            + ", ".join(f"{k} ({v})" for k, v in CRITICAL_SECTORS.items())
            + ". For each: a `sector-regulator` notification with that `sector`, dated on or "
            "before the moment the page goes public. Sectors may be written with their Chinese "
            "labels.",
            "适用于 `scope.sectors` 指明重点行业的 `kind: analysis` 页面。重点行业："
            + "、".join(f"{k}（{v}）" for k, v in CRITICAL_SECTORS.items())
            + "。对每个行业：须有一条写明该 `sector` 的 `sector-regulator`（行业主管部门）"
            "报告，且日期不晚于页面公开的时刻。行业也可以用中文名称书写。",
        ),
        why=t(
            "Article 6 ¶2 of the draft Measures (paraphrased): analysis reports on "
            "cybersecurity threats to a specific critical sector shall, before publication, be "
            "reported to that sector's regulator (行业主管部门). (第六条第二款)",
            "《网络安全威胁信息发布管理办法（征求意见稿）》第六条第二款（大意）："
            "发布特定重点行业网络安全威胁的分析报告，应当事先向该行业的行业主管部门报告。",
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
            "2019-11-20), Art. 6 ¶2.",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第六条第二款。",
        ),
        how=t(
            "Report the analysis to the regulator of each critical sector it covers and "
            "record each report with its `sector`.",
            "向所涉每个重点行业的行业主管部门报告，并在每条报告记录中写明 `sector`。",
        ),
        example="threatpub:\n  kind: analysis\n  scope:\n    sectors: [energy]\n"
        "  notifications:\n    - {authority: sector-regulator, sector: energy, "
        "level: national, date: 2026-10-02, reference: NEA-2026-77}",
    ),
)
