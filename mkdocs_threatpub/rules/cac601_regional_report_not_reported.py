"""CAC601 regional-report-not-reported: Article 6 ¶1."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t, zh
from mkdocs_threatpub.core.notifications import Duty
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.regions import describe
from mkdocs_threatpub.core.rule import Rule, RuleDoc
from mkdocs_threatpub.rules._duties import duty_finding


def check(page: Page, context: Context) -> Iterator[Finding]:
    meta = page.meta
    if meta is None or meta.kind != "analysis" or meta.scope is None:
        return
    for index, region in enumerate(meta.scope.regions):
        if region in meta.scope.regions[:index]:
            continue  # listed twice: one finding is enough
        duties = [
            Duty("cac", "prefecture", region=region),
            Duty("public-security", "prefecture", region=region),
        ]
        place = describe(region)
        what = t(f"analysis of {place}", f"关于 {zh(place)}的分析报告")
        finding = duty_finding("CAC601", page, context, duties, what, ("scope", "regions", index))
        if finding is not None:
            yield finding


RULE = Rule(
    code="CAC601",
    name="regional-report-not-reported",
    source="CAC Measures Art. 6 ¶1",
    default_action=Action.HOLD,
    profile="cac-2019",
    summary=t(
        "A regional analysis needs reports to the local CAC and public security for each region.",
        "特定地区的分析报告，须事先向所涉每个地区的网信部门和公安机关报告。",
    ),
    check=check,
    doc=RuleDoc(
        what=t(
            "Pages with `kind: analysis` and `scope.regions`. For each region: a `cac` and a "
            "`public-security` notification, each at prefecture level or higher, whose region "
            "contains it (or at national level), dated on or before the moment the page goes "
            "public. A report on a whole province (110000) needs provincial notifications; a "
            "prefecture notification does not contain its province.",
            "适用于带有 `scope.regions` 的 `kind: analysis` 页面。对每个地区：须有一条 "
            "`cac`（网信部门）报告和一条 `public-security`（公安机关）报告，级别均为地市级或以上，"
            "其地区包含该地区（或为国家级），且日期不晚于页面公开的时刻。针对整个省份（110000）"
            "的分析报告需要省级报告；地市级报告不包含其所属省份。",
        ),
        why=t(
            "Article 6 ¶1 of the draft Measures (paraphrased): analysis reports on "
            "cybersecurity threats in a specific region shall, before publication, be reported "
            "to the cyberspace department and the public security organ at the prefecture level "
            "or above of that region. (第六条第一款)",
            "《网络安全威胁信息发布管理办法（征求意见稿）》第六条第一款（大意）："
            "发布特定地区网络安全威胁的分析报告，应当事先向该地区地市级以上网信部门和公安机关报告。",
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
            "2019-11-20), Art. 6 ¶1.",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第六条第一款。",
        ),
        how=t(
            "Report the analysis to both authorities of every region it covers, and record "
            "each report.",
            "向所涉每个地区的网信部门和公安机关报告，并逐一记录。",
        ),
        example='threatpub:\n  kind: analysis\n  scope:\n    regions: ["310000"]\n'
        "  notifications:\n"
        '    - {authority: cac, level: provincial, region: "310000", date: 2026-10-02}\n'
        '    - {authority: public-security, level: provincial, region: "310000", '
        "date: 2026-10-02}",
    ),
)
