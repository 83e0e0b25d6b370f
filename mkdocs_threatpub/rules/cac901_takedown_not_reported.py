"""CAC901 takedown-not-reported: a takedown not yet reported to CAC and public security.

The pipeline reads the takedowns file and calls :func:`findings` for each listed page.
"""

from __future__ import annotations

from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope
from mkdocs_threatpub.core.takedowns import AUTHORITY_NAMES_ZH, Takedown

__all__ = ["RULE", "findings"]


def findings(entry: Takedown) -> list[Finding]:
    """One finding while ``entry`` lacks a report to either Article 9 authority, else none."""
    missing = entry.missing_reports
    if not missing:
        return []
    named = "和".join(f"{AUTHORITY_NAMES_ZH[a]}（{a}）" for a in missing)
    return [
        Finding(
            "CAC901",
            1,
            t(
                f"the takedown (takedowns file line {entry.line}) is not yet reported to "
                f"{' and '.join(missing)}",
                f"该下线情况（takedowns 文件第 {entry.line} 行）尚未向{named}报告",
            ),
            expected=t(
                "`reported` records to both cac and public-security",
                "向网信部门（cac）和公安机关（public-security）报告的 `reported` 记录",
            ),
            found=t(
                f"no record for {', '.join(missing)}",
                f"没有向{named}报告的记录",
            ),
            fix=t(
                "report the removal and add `reported: - {authority: …, level: …, "
                "date: …, reference: …}` for each authority to the entry",
                "报告下线情况，并在该条目中为每个机关添加 `reported: - {authority: …, "
                "level: …, date: …, reference: …}`",
            ),
        )
    ]


RULE = Rule(
    code="CAC901",
    name="takedown-not-reported",
    source="CAC Measures Art. 9",
    default_action=Action.WARN,
    summary=t(
        "A takedown entry has no `reported` record to both `cac` and `public-security`.",
        "下线条目缺少向 `cac`（网信部门）和 `public-security`（公安机关）两者报告的 "
        "`reported` 记录。",
    ),
    check=None,  # made by `findings` from the takedowns file, not from the page
    profile="cac-2019",
    scope=Scope.ANY,
    doc=RuleDoc(
        what=t(
            "For each page in the takedowns file, whether its entry has `reported` records "
            "to both `cac` and `public-security`. The page is removed either way (CAC900); this "
            "warns until both reports are recorded.",
            "检查下线清单中每个页面的条目是否都有向 `cac`（网信部门）和 `public-security`（公安机"
            "关）两者报告的 `reported` 记录。无论如何该页面都会被撤下（CAC900）；"
            "在两项报告都记录之前，本规则会一直给出警告。",
        ),
        why=t(
            "Article 9 asks the publisher not only to remove the information but to report "
            "the removal. The warning keeps an unreported takedown visible in every build.",
            "第九条不仅要求发布者撤下信息，还要求报告撤下情况。这一警告让尚未报告的下线在每次构建"
            "中都保持可见。",
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures "
            "(draft, 2019-11-20), Art. 9 (paraphrased): on receiving a takedown notice the "
            "publisher removes the information, preserves the relevant records, and reports to "
            "the cyberspace administration and public security.",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第九条（大意）："
            "收到下线通知后，发布者应当删除相关信息，保存有关记录，并向网信部门和公安机关报告。",
        ),
        how=t(
            "Report the takedown to both authorities, then add a `reported` record for each "
            "to the entry: authority, level, date and reference.",
            "向网信部门和公安机关报告下线情况，然后在该条目中为每个机关添加一条 `reported` "
            "记录：authority、level、date 和 reference。",
        ),
        example=t(
            "- page: advisories/old-report.md\n"
            "  received: 2026-11-21T14:00+08:00\n"
            "  source: regulator\n"
            '  reason: "contains asset inventory of a named operator"\n'
            "  reported:\n"
            '    - {authority: cac, level: prefecture, date: 2026-11-21, reference: "…"}\n'
            "    - {authority: public-security, level: prefecture, date: 2026-11-22, "
            'reference: "…"}',
            "- page: advisories/old-report.md\n"
            "  received: 2026-11-21T14:00+08:00\n"
            "  source: regulator\n"
            '  reason: "含有某具名网络运营者的资产清单"\n'
            "  reported:\n"
            '    - {authority: cac, level: prefecture, date: 2026-11-21, reference: "…"}\n'
            "    - {authority: public-security, level: prefecture, date: 2026-11-22, reference: "
            '"…"}',
        ),
    ),
)
