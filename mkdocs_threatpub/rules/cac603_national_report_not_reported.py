"""CAC603 national-report-not-reported: Article 6 ¶3."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import Text, t
from mkdocs_threatpub.core.notifications import Duty
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.regions import PROVINCES, province_of
from mkdocs_threatpub.core.rule import Rule, RuleDoc
from mkdocs_threatpub.rules._duties import duty_finding


def _why_national(page: Page) -> tuple[Text, tuple[str | int, ...]] | None:
    scope = page.meta.scope if page.meta is not None else None
    if scope is None:
        return None
    if scope.national:
        return t(
            "a national analysis (scope.national: true)",
            "全国性分析报告（scope.national: true）",
        ), ("scope", "national")
    provinces = sorted({province_of(r) for r in scope.regions})
    if len(provinces) > 1:
        names = ", ".join(PROVINCES[p][0] for p in provinces)
        names_zh = "、".join(PROVINCES[p][1] for p in provinces)
        return t(f"a cross-regional analysis ({names})", f"跨地区分析报告（{names_zh}）"), (
            "scope",
            "regions",
        )
    sectors = sorted(set(scope.sectors))
    if len(sectors) > 1:
        return t(
            f"a cross-sector analysis ({', '.join(sectors)})",
            f"跨行业分析报告（{'、'.join(sectors)}）",
        ), ("scope", "sectors")
    return None


def check(page: Page, context: Context) -> Iterator[Finding]:
    meta = page.meta
    if meta is None or meta.kind != "analysis":
        return
    reason = _why_national(page)
    if reason is None:
        return
    what, key_path = reason
    duties = [Duty("cac", "national"), Duty("public-security", "national")]
    finding = duty_finding("CAC603", page, context, duties, what, key_path)
    if finding is not None:
        yield finding


RULE = Rule(
    code="CAC603",
    name="national-report-not-reported",
    source="CAC Measures Art. 6 ¶3",
    default_action=Action.HOLD,
    profile="cac-2019",
    summary=t(
        "A national, cross-regional or cross-sector analysis needs national CAC and "
        "public security reports.",
        "全国性、跨地区或跨行业的分析报告，须事先向国家网信部门和国务院公安部门报告。",
    ),
    check=check,
    doc=RuleDoc(
        what=t(
            "Pages with `kind: analysis` that are national (`scope.national: true`), cover "
            "regions in more than one province, or more than one sector. They need both a `cac` "
            "and a `public-security` notification at `national` level, dated on or before the "
            "moment the page goes public. Local notifications do not count here, however many.",
            "适用于全国性（`scope.national: true`）、所涉地区跨越多个省份或涉及多个行业的 `kind: "
            "analysis` 页面。这类页面需要 `national`（国家级）的 `cac`（网信部门）报告和 "
            "`public-security`（公安机关）报告各一条，且日期不晚于页面公开的时刻。"
            "地方报告无论多少都不算。",
        ),
        why=t(
            "Article 6 ¶3 of the draft Measures (paraphrased): national, cross-regional or "
            "cross-sector analysis reports shall, before publication, be reported to the national "
            "cyberspace department and the public security department of the State Council. "
            "(第六条第三款)",
            "《网络安全威胁信息发布管理办法（征求意见稿）》第六条第三款（大意）：发布全国性、"
            "跨地区或跨行业的网络安全威胁分析报告，应当事先向国家网信部门和国务院公安部门报告。",
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
            "2019-11-20), Art. 6 ¶3.",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第六条第三款。",
        ),
        how=t(
            "Report the analysis to the national CAC and the Ministry of Public Security and "
            "record both reports.",
            "向国家网信部门和国务院公安部门报告，并记录这两项报告。",
        ),
        example='threatpub:\n  kind: analysis\n  scope:\n    regions: ["110000", "310000"]\n'
        "  notifications:\n    - {authority: cac, level: national, date: 2026-10-02}\n"
        "    - {authority: public-security, level: national, date: 2026-10-02}",
    ),
)
