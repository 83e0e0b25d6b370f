"""CAC801 operator-opinion-missing: Article 8 and its 30-day clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
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
    target = " / ".join(x for x in (meta.target.operator, meta.target.system) if x) or "a target"
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
        yield Finding(
            "CAC801",
            line,
            f"the page discloses risks of {target}; the earliest notification to an "
            f"authority is dated {first}, and Article 8 requires it at least {NOTICE_DAYS} "
            f"days before publication: publishable from {release}",
            expected=f"a notification dated on or before {latest_notice}, an operator "
            "opinion received, or a fix",
            found=f"a notification of {first}, {(context.day(goes_public) - first).days} days "
            "before the page goes public",
            fix=f"wait: the first build on or after {release} publishes the page; or record the "
            f"operator's written opinion or the fix:\n{_EXAMPLE}",
            key=page.key("target"),
            release_after=release,
        )
        return
    status = f"operator opinion {opinion.status}" if opinion and opinion.status else "no opinion"
    yield Finding(
        "CAC801",
        line,
        f"the page discloses risks of {target} but has no written opinion received from the "
        "operator, no fix, and no notification to CAC, telecom, public security or the sector "
        f"regulator {NOTICE_DAYS} days ahead",
        expected="operator_opinion.status: received, or repair.status: fixed, or a "
        f"notification {NOTICE_DAYS} days before publication",
        found=status,
        fix=f"record one of them:\n{_EXAMPLE}",
        key=page.key("target"),
    )


RULE = Rule(
    code="CAC801",
    name="operator-opinion-missing",
    source="CAC Measures Art. 8",
    default_action=Action.HOLD,
    profile="cac-2019",
    summary="A page naming a target needs the operator's opinion, a fix, or 30 days' notice.",
    check=check,
    doc=RuleDoc(
        what="Pages with a `target` (they disclose risks of a specific network or system). "
        "One of: the operator's written opinion received (`operator_opinion.status: "
        "received`); the risk fixed (`repair.status: fixed`); or a notification to `cac`, "
        "`telecom`, `public-security` or `sector-regulator` at least 30 calendar days (site "
        "timezone) before the page goes public. With a notification that is too recent, the "
        "report gives `release_after` = notification date + 30 days, and a scheduled rebuild "
        "on that day publishes the page.",
        why="Article 8: 'Where cybersecurity threat information on the risks of specific "
        "networks and information systems is published, the written opinion of the network "
        "operator shall be sought in advance, except where (1) the risk has already been "
        "remedied, or (2) it was reported a minimum of 30 days earlier to the national "
        "cyberspace department, telecom authority, public security department or the "
        "sector's regulator.' (第八条：发布特定网络和信息系统风险的网络安全威胁信息，应当事先"
        "征求网络运营者书面意见……)",
        source="CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
        "2019-11-20), Art. 8.",
        how="Record the operator's written opinion, or the fix, or a notification filed 30 "
        "days before the page goes public (a page goes public no earlier than the build that "
        "includes it).",
        example=_EXAMPLE,
    ),
)
