"""CAC406 assessment-report: Article 4(6)."""

from __future__ import annotations

from mkdocs_threatpub.core.rule import RuleDoc
from mkdocs_threatpub.rules._content import ARTICLE_4, content_rule

RULE = content_rule(
    code="CAC406",
    name="assessment-report",
    article="Article 4(6)",
    paragraph="6",
    summary='Risk assessment or penetration-test report of a specific network.',
    doc=RuleDoc(
        what='A risk assessment, penetration test, inspection or certification report (等级保护测评, 渗透测试报告, 风险评估) or security protection plan of a specific network: report structure (scope, findings) together with a named target.',
        why='Such reports list exactly which weaknesses a named organisation has not fixed yet.' + " " + ARTICLE_4,
        source="CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
        "2019-11-20), Art. 4(6).",
        how='Publish aggregate lessons without naming the assessed organisation or its systems.' + " A reviewer may accept a finding with a reasoned allow (SPEC §5).",
        example='Across 40 assessments this year, weak VPN passwords were the most common finding.',
    ),
)
