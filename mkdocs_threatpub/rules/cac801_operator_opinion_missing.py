"""CAC801 operator-opinion-missing: Article 8 and its 30-day clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import spaced, t, zh
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc

NOTICE_DAYS = 30
# Art. 8(2): "reported to the national cyberspace department, telecom authority, public
# security department, or the sector's regulator".
NOTICE_AUTHORITIES = frozenset({"cac", "telecom", "public-security", "sector-regulator"})

_EXAMPLE = (
    "threatpub:\n  operator_opinion:\n    status: received\n    date: 2026-10-01\n"
    "    reference: EP-2026-118\n"
    "# or: repair: {status: fixed, date: 2026-10-15}\n"
    "# or: notifications: [{authority: cac, level: national, date: 2026-10-01}]  (30 days ahead)"
)


def check(page: Page, context: Context) -> Iterator[Finding]:
    meta = page.meta
    if meta is None or meta.target is None:
        return
    opinion = meta.operator_opinion
    if opinion is not None and opinion.status == "received":
        return
    if meta.repair is not None and meta.repair.status == "fixed":
        return
    named = " / ".join(x for x in (meta.target.operator, meta.target.system) if x)
    target = t(named, named) if named else t("a target", "特定网络和信息系统")
    goes_public = context.goes_public(page)
    notice_days = [
        context.day(n.date)
        for n in meta.notifications
        if n.authority in NOTICE_AUTHORITIES and n.date is not None
    ]
    line = page.line_of("target")
    latest_notice = context.day(goes_public) - dt.timedelta(days=NOTICE_DAYS)
    if notice_days:
        first = min(notice_days)
        release = first + dt.timedelta(days=NOTICE_DAYS)
        if context.moment(release) <= goes_public:
            return
        ahead = (context.day(goes_public) - first).days
        yield Finding(
            "CAC801",
            line,
            t(
                f"the page discloses risks of {target}; the earliest notification to an "
                f"authority is dated {first}, and Article 8 requires it at least {NOTICE_DAYS} "
                f"days before publication: publishable from {release}",
                f"本页披露{spaced(zh(target))}的风险；最早向主管部门报告的日期为 {first}，"
                f"第八条要求至少在发布前 {NOTICE_DAYS} 日报告：自 {release} 起可以发布",
            ),
            expected=t(
                f"a notification dated on or before {latest_notice}, an operator "
                "opinion received, or a fix",
                f"不晚于 {latest_notice} 的报告、已收到的网络运营者书面意见，或风险已消除",
            ),
            found=t(
                f"a notification of {first}, {ahead} days before the page goes public",
                f"{first} 的报告，距页面公开仅 {ahead} 日",
            ),
            fix=t(
                f"wait: the first build on or after {release} publishes the page; or record "
                f"the operator's written opinion or the fix:\n{_EXAMPLE}",
                f"等待：{release} 当日或之后的第一次构建会发布本页；或记录网络运营者书面意见"
                f"或修复情况：\n{_EXAMPLE}",
            ),
            key=page.key("target"),
            release_after=release,
        )
        return
    status = (
        t(f"operator opinion {opinion.status}", f"网络运营者书面意见状态为 {opinion.status}")
        if opinion and opinion.status
        else t("no opinion", "没有网络运营者书面意见")
    )
    yield Finding(
        "CAC801",
        line,
        t(
            f"the page discloses risks of {target} but has no written opinion received from "
            "the operator, no fix, and no notification to CAC, telecom, public security or the "
            f"sector regulator {NOTICE_DAYS} days ahead",
            f"本页披露{spaced(zh(target))}的风险，但既未取得网络运营者书面意见，"
            f"风险也未消除，且未提前 {NOTICE_DAYS} 日向网信部门、电信主管部门、公安机关"
            "或行业主管部门报告",
        ),
        expected=t(
            "operator_opinion.status: received, or repair.status: fixed, or a "
            f"notification {NOTICE_DAYS} days before publication",
            "operator_opinion.status: received（已收到书面意见），或 repair.status: fixed"
            f"（已修复），或在发布前 {NOTICE_DAYS} 日报告",
        ),
        found=status,
        fix=t(f"record one of them:\n{_EXAMPLE}", f"记录以下任一项：\n{_EXAMPLE}"),
        key=page.key("target"),
    )


RULE = Rule(
    code="CAC801",
    name="operator-opinion-missing",
    source="CAC Measures Art. 8",
    default_action=Action.HOLD,
    profile="cac-2019",
    summary=t(
        "A page naming a target needs the operator's opinion, a fix, or 30 days' notice.",
        "披露特定网络和信息系统风险的页面，须事先征求网络运营者书面意见，"
        "或风险已消除，或已提前 30 日报告。",
    ),
    check=check,
    doc=RuleDoc(
        what=t(
            "Pages with a `target` (they disclose risks of a specific network or system). "
            "One of: the operator's written opinion received (`operator_opinion.status: "
            "received`); the risk fixed (`repair.status: fixed`); or a notification to `cac`, "
            "`telecom`, `public-security` or `sector-regulator` at least 30 calendar days (site "
            "timezone) before the page goes public. With a notification that is too recent, the "
            "report gives `release_after` = notification date + 30 days, and a scheduled rebuild "
            "on that day publishes the page.",
            "适用于带有 `target` 的页面（披露特定网络或信息系统的风险）。须满足以下之一："
            "已收到网络运营者书面意见（`operator_opinion.status: received`）；"
            "风险已消除（`repair.status: fixed`）；或在页面公开前至少 30 "
            "个自然日（以站点时区为准）已向 `cac`（网信部门）、`telecom`（电信主管部门）、"
            "`public-security`（公安机关）或 `sector-regulator`（行业主管部门）报告。"
            "如报告日期距页面公开不足 30 日，判定报告会给出 `release_after`（报告日期 + 30 日），"
            "当天定时重新构建即会发布本页。",
        ),
        why=t(
            "Article 8: 'Where cybersecurity threat information on the risks of specific "
            "networks and information systems is published, the written opinion of the network "
            "operator shall be sought in advance, except where (1) the risk has already been "
            "remedied, or (2) it was reported a minimum of 30 days earlier to the national "
            "cyberspace department, telecom authority, public security department or the "
            "sector's regulator.' (第八条：发布特定网络和信息系统风险的网络安全威胁信息，应当事先"
            "征求网络运营者书面意见……)",
            "《网络安全威胁信息发布管理办法（征求意见稿）》第八条（大意）："
            "发布特定网络和信息系统风险的网络安全威胁信息，应当事先征求网络运营者书面意见，"
            "但以下情形除外：（一）风险已经消除；（二）已提前至少 30 日向国家网信部门、"
            "电信主管部门、公安机关或行业主管部门报告。",
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
            "2019-11-20), Art. 8.",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第八条。",
        ),
        how=t(
            "Record the operator's written opinion, or the fix, or a notification filed 30 "
            "days before the page goes public (a page goes public no earlier than the build "
            "that includes it).",
            "记录网络运营者书面意见，或风险已消除（修复），或在页面公开前 30 日向主管部门报告"
            "（页面最早在包含它的那次构建时公开）。",
        ),
        example=t(
            _EXAMPLE,
            "threatpub:\n  operator_opinion:\n    status: received\n    date: 2026-10-01\n"
            "    reference: EP-2026-118\n"
            "# 或：repair: {status: fixed, date: 2026-10-15}\n"
            "# 或：notifications: [{authority: cac, level: national, date: 2026-10-01}]"
            "（至少提前 30 日）",
        ),
    ),
)
