"""CAC406 assessment-report: Article 4(6)."""

from __future__ import annotations

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.rule import RuleDoc
from mkdocs_threatpub.rules._content import ARTICLE_4, content_rule

RULE = content_rule(
    code="CAC406",
    name="assessment-report",
    article=t("Article 4(6)", "第四条第（六）项"),
    paragraph="6",
    summary=t(
        "Risk assessment or penetration-test report of a specific network.",
        "特定网络的风险评估报告或渗透测试报告。",
    ),
    doc=RuleDoc(
        what=t(
            "A risk assessment, penetration test, inspection or certification report "
            "(等级保护测评, 渗透测试报告, 风险评估) or security protection plan of a specific "
            "network: report structure (scope, findings) together with a named target.",
            "特定网络的风险评估、渗透测试、检测或认证报告（等级保护测评、渗透测试报告、风险评估）"
            "或安全防护计划：报告结构（范围、发现的问题）与具名的被评估对象同时出现。",
        ),
        why=t(
            "Such reports list exactly which weaknesses a named organisation has not fixed yet."
            + " "
            + ARTICLE_4,
            "这类报告确切列出了某个具名单位尚未修复的弱点。" + ARTICLE_4.zh,
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
            "2019-11-20), Art. 4(6).",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第四条第（六）项。",
        ),
        how=t(
            "Publish aggregate lessons without naming the assessed organisation or its systems."
            " A reviewer may accept a finding with an allow that gives the reason: an inline comment "
            "right above the content, a front-matter `allow` entry, or the baseline file.",
            "发布汇总性的经验教训，不点名被评估的单位或其系统。"
            "审核人员可以用写明理由的 allow 接受某项发现：在该内容正上方加行内注释、在 front matter "
            "中添加 `allow` 条目，或写入基线文件。",
        ),
        example=t(
            "Across 40 assessments this year, weak VPN passwords were the most common finding.",
            "在今年的 40 次评估中，VPN 弱口令是最常见的问题。",
        ),
    ),
)
