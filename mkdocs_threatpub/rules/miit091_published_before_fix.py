"""MIIT091 published-before-fix: Article 9(1), no vulnerability information before the fix.

The way out before a fix is the joint early-release assessment of Art. 9(1), recorded as
``early_release`` {date, parties, reference}. It counts when it is complete and dated on or
before the moment the page goes public (the later of ``published`` and now; a date without
a time is the start of that day, site timezone), like every record "before publication".
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import Text, join, t, zh
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc

_EXAMPLE = (
    "threatpub:\n  kind: vulnerability\n  repair:\n    status: unfixed\n  early_release:\n"
    "    date: 2026-11-10\n    parties: [Example Networks PSIRT, our CERT]\n"
    "    reference: EA-2026-007\n"
    "# or, once the vendor ships the fix: repair: {status: fixed, date: 2026-11-20}"
)


def _gaps(page: Page, context: Context) -> list[Text]:
    """What keeps the recorded ``early_release`` from counting (empty when it counts)."""
    assert page.meta is not None
    record = page.meta.early_release
    if record is None:
        return [t("no `early_release` record", "没有 `early_release` 记录")]
    gaps = []
    if record.date is None:
        gaps.append(t("`early_release.date` is missing", "缺少 `early_release.date`"))
    elif context.moment(record.date) > context.goes_public(page):
        day = context.day(record.date)
        gaps.append(
            t(
                f"`early_release.date` {day} is after the page goes public",
                f"`early_release.date` 为 {day}，晚于本页公开的时间",
            )
        )
    if not [p for p in record.parties if p.strip()]:
        gaps.append(
            t("`early_release.parties` names nobody", "`early_release.parties` 未列明参与方")
        )
    if not record.reference:
        gaps.append(t("`early_release.reference` is missing", "缺少 `early_release.reference`"))
    return gaps


def check(page: Page, context: Context) -> Iterator[Finding]:
    meta = page.meta
    if meta is None or meta.kind != "vulnerability":
        return
    status = meta.repair.status if meta.repair is not None else None
    if status == "fixed":
        return
    gaps = _gaps(page, context)
    if not gaps:
        return
    shown = t(status, status) if status else t("not recorded", "未记录")
    # The example must not itself be dated after a past `published` (nor in the future).
    day = context.day(min(context.published(page), context.now))
    example = (
        f"  early_release:\n    date: {day}\n"
        "    parties: [the product provider, our team]\n"
        '    reference: "…"'
    )
    path = ("repair", "status") if meta.repair is not None else ("kind",)
    yield Finding(
        "MIIT091",
        page.line_of(*path),
        t(
            f"the vulnerability is not fixed (repair status: {shown}); Article 9(1) forbids "
            "publishing it before the product provider offers a fix, unless publishing early "
            "was assessed jointly with the provider",
            f"该漏洞尚未修复（修复状态：{zh(shown)}）；第九条第（一）项规定，在网络产品提供者提供"
            "漏洞修补措施之前不得发布漏洞信息，除非已与其共同评估协商提前发布",
        ),
        expected=t(
            "repair.status: fixed, or a complete `early_release` record (date on or before "
            "the page goes public, parties, reference)",
            "repair.status: fixed（已修复），或完整的 `early_release` 记录（日期不晚于本页公开"
            "时间，并有参与方和编号）",
        ),
        found=join(gaps),
        fix=t(
            "wait for the fix and record it (repair.status: fixed), or record the joint "
            f"early-release assessment, for example:\n{example}",
            f"等待修复并记录（repair.status: fixed），或记录提前发布的共同评估，例如：\n{example}",
        ),
        key=page.key(*path),
    )


RULE = Rule(
    code="MIIT091",
    name="published-before-fix",
    source="MIIT Regulations Art. 9(1)",
    default_action=Action.HOLD,
    profile="miit-2021",
    summary=t(
        "An unfixed vulnerability needs the fix, or a joint early-release assessment.",
        "尚未修复的漏洞，须待修补措施发布后再发布，或已记录提前发布的共同评估。",
    ),
    check=check,
    doc=RuleDoc(
        what=t(
            "Pages with `kind: vulnerability` whose `repair.status` is not `fixed` (absent, "
            "`unfixed` or `mitigated`). They are held unless `early_release` records the joint "
            "assessment: a `date` on or before the moment the page goes public (the later of "
            "`published` and now; a date alone is the start of that day, site timezone), the "
            "`parties` who assessed it (the product provider among them) and the assessment's "
            "`reference`. A record dated later does not count yet; the page is held, not "
            "scheduled, because the assessment has not happened.",
            "适用于 `repair.status` 不是 `fixed`（未设置、`unfixed` 或 `mitigated`）的 `kind: "
            "vulnerability` 页面。除非 `early_release` 记录了共同评估，否则暂缓发布："
            "该记录须有不晚于页面公开时刻的 `date`（`published` 与当前时间中较晚者；"
            "只有日期时指当天零时，以站点时区为准）、参与评估的 `parties`（其中须有网络产品提供"
            "者）以及评估的 `reference`。日期更晚的记录暂不算数；页面是暂缓发布而不是定时发布，"
            "因为评估尚未进行。",
        ),
        why=t(
            "Article 9(1): vulnerability information shall not be published before the "
            "network product provider offers repair measures; where it is considered necessary "
            "to publish early, the publisher shall jointly assess and consult with the product "
            "provider and report to MIIT and the Ministry of Public Security (第九条第（一）项："
            "不得在网络产品提供者提供网络产品安全漏洞修补措施之前发布漏洞信息；认为有必要提前"
            "发布的，应当与相关网络产品提供者共同评估协商……). A mitigation is not a fix. When "
            "the cac-2019 profile would publish the page (e.g. 30 days after a report, CAC801), "
            "this rule still holds it: the stricter verdict wins.",
            "《网络产品安全漏洞管理规定》第九条第（一）项：不得在网络产品提供者提供网络产品安全漏"
            "洞修补措施之前发布漏洞信息；认为有必要提前发布的，应当与相关网络产品提供者共同评估协"
            "商，并向工业和信息化部、公安部报告……。缓解措施不等于修复。当 cac-2019 "
            "规则集会发布本页时（例如报告满 30 日后，CAC801），本规则仍会暂缓发布："
            "以更严格的判定为准。",
        ),
        source=t(
            "Regulations on the Management of Network Product Security Vulnerabilities "
            "(MIIT, CAC, MPS; in force 2021-09-01), Art. 9(1).",
            "《网络产品安全漏洞管理规定》（工业和信息化部、国家互联网信息办公室、公安部，"
            "2021-09-01 起施行）第九条第（一）项。",
        ),
        how=t(
            "Publish once the fix exists (`repair.status: fixed`), or record the joint "
            "early-release assessment under `early_release` with its date, parties and "
            "reference.",
            "待修补措施发布后再发布（`repair.status: fixed`），或在 `early_release` 下记录"
            "提前发布的共同评估，包括日期、参与方和编号。",
        ),
        example=t(
            _EXAMPLE,
            "threatpub:\n  kind: vulnerability\n  repair:\n    status: unfixed\n"
            "  early_release:\n    date: 2026-11-10\n"
            "    parties: [Example Networks PSIRT, 本单位 CERT]\n"
            "    reference: EA-2026-007\n"
            "# 或者，待厂商发布修复后：repair: {status: fixed, date: 2026-11-20}",
        ),
    ),
)
