"""MIIT097 overseas-disclosure: Article 9(7), unpublished details given to parties abroad.

A party counts as overseas (境外) when its ``country`` is anything but ``CN``: Hong Kong,
Macao and Taiwan (HK, MO, TW) are 境外 in PRC law, and a party without a country cannot be
shown to be inside. The product provider may always be told (the Article's own exception).
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import Text, join, spaced, t, zh
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc

_EXAMPLE = (
    "threatpub:\n  shared_before_publication:\n"
    "    - {party: Example Research GmbH, country: DE, role: other, date: 2026-10-12}\n"
    "  legal_review:\n    date: 2026-10-10\n    reference: LEGAL-2026-031\n"
    "    by: Legal and compliance office"
)


def _overseas(page: Page) -> list[tuple[int, Text]]:
    """(index, description) of each entry shared abroad with someone other than the provider."""
    assert page.meta is not None
    out = []
    for index, entry in enumerate(page.meta.shared_before_publication):
        if entry.country == "CN" or entry.role == "product-provider":
            continue
        party = t(entry.party, entry.party) if entry.party else t("a party", "未注明名称的一方")
        country = (
            t(entry.country, entry.country) if entry.country else t("no country", "未注明国家")
        )
        out.append((index, t(f"{party} ({country})", f"{zh(party)}（{zh(country)}）")))
    return out


def _review_gaps(page: Page, context: Context) -> list[Text]:
    assert page.meta is not None
    review = page.meta.legal_review
    if review is None:
        return [t("no `legal_review` record", "没有 `legal_review` 记录")]
    gaps = []
    if review.date is None:
        gaps.append(t("`legal_review.date` is missing", "缺少 `legal_review.date`"))
    elif context.moment(review.date) > context.goes_public(page):
        day = context.day(review.date)
        gaps.append(
            t(
                f"`legal_review.date` {day} is after the page goes public",
                f"`legal_review.date` 为 {day}，晚于本页公开的时间",
            )
        )
    if not review.reference:
        gaps.append(t("`legal_review.reference` is missing", "缺少 `legal_review.reference`"))
    return gaps


def check(page: Page, context: Context) -> Iterator[Finding]:
    if page.meta is None:
        return
    overseas = _overseas(page)
    if not overseas:
        return
    gaps = _review_gaps(page, context)
    if not gaps:
        return
    parties = join((what for _, what in overseas), ", ", "、")
    day = context.day(min(context.published(page), context.now))
    example = f'  legal_review:\n    date: {day}\n    reference: "…"\n    by: "…"'
    path = ("shared_before_publication", overseas[0][0])
    yield Finding(
        "MIIT097",
        page.line_of(*path),
        t(
            f"unpublished vulnerability information was shared with {parties}, outside China "
            "and not the product provider; Article 9(7) forbids providing it to overseas "
            "organisations or individuals other than the provider, and no legal review is "
            "recorded",
            f"未公开的漏洞信息曾提供给{spaced(zh(parties))}，接收方位于境外且不是网络产品提供者；第九条"
            "第（七）项规定不得将未公开的网络产品安全漏洞信息向网络产品提供者之外的境外组织"
            "或者个人提供，且本页没有法律审查记录",
        ),
        expected=t(
            "a `legal_review` record (date on or before the page goes public, reference)",
            "`legal_review` 记录（日期不晚于本页公开时间，并有编号）",
        ),
        found=join(gaps),
        fix=t(
            "have the sharing reviewed by your legal or compliance office and record the "
            f"review, for example:\n{example}",
            f"由法务或合规部门审查该信息提供行为并记录审查结果，例如：\n{example}",
        ),
        key=page.key(*path),
    )


RULE = Rule(
    code="MIIT097",
    name="overseas-disclosure",
    source="MIIT Regulations Art. 9(7)",
    default_action=Action.WARN,
    profile="miit-2021",
    summary=t(
        "Unpublished details shared abroad with someone other than the provider need a "
        "legal review.",
        "向网络产品提供者之外的境外组织或个人提供未公开漏洞信息的，须记录法律审查。",
    ),
    check=check,
    doc=RuleDoc(
        what=t(
            "Pages whose `shared_before_publication` names a party with a `country` other "
            "than `CN` (HK, MO and TW are overseas, 境外, in PRC law; a missing country counts "
            "as overseas) and a `role` other than `product-provider` (a missing role counts as "
            "other). They need `legal_review` with a `date` on or before the moment the page "
            "goes public and a `reference`. One finding per page, at the first such entry, "
            "naming every such party.",
            "适用于 `shared_before_publication` 中列有这样一方的页面：`country` 不是 "
            "`CN`（按我国法律用语，HK、MO、TW 即港澳台地区也属于“境外”；未注明国家的视为境外），"
            "且 `role` 不是 `product-provider`（未注明角色的视为其他）。这类页面需要 "
            "`legal_review`，写明不晚于页面公开时刻的 `date` 和 `reference`。"
            "每个页面报告一项发现，位于第一个此类条目处，列出所有此类各方。",
        ),
        why=t(
            "Article 9(7) of the Regulations on the Management of Network Product Security "
            "Vulnerabilities: unpublished network product security vulnerability information "
            "shall not be provided to overseas organisations or individuals other than the "
            "network product provider (第九条第（七）项：不得将未公开的网络产品安全漏洞信息向"
            "网络产品提供者之外的境外组织或者个人提供). The sharing has already happened when the "
            "page is built, so this is a warning that puts it on record for review.",
            "《网络产品安全漏洞管理规定》第九条第（七）项：不得将未公开的网络产品安全漏洞信息向网"
            "络产品提供者之外的境外组织或者个人提供。构建页面时信息已经提供出去，"
            "因此本规则只给出警告，将其记录在案以供审查。",
        ),
        source=t(
            "Regulations on the Management of Network Product Security Vulnerabilities "
            "(MIIT, CAC, MPS; in force 2021-09-01), Art. 9(7).",
            "《网络产品安全漏洞管理规定》（工业和信息化部、国家互联网信息办公室、公安部，"
            "2021-09-01 起施行）第九条第（七）项。",
        ),
        how=t(
            "Have the sharing reviewed by the legal or compliance office and record it under "
            "`legal_review` (date, reference, by). If the party makes the affected product, "
            "mark it `role: product-provider`.",
            "由法务或合规部门审查该信息提供行为，并在 `legal_review` 下记录（日期、编号、审查方）。"
            "如该方是受影响产品的提供者，标注 `role: product-provider`。",
        ),
        example=t(
            _EXAMPLE,
            "threatpub:\n  shared_before_publication:\n"
            "    - {party: Example Research GmbH, country: DE, role: other, date: 2026-10-12}\n"
            "  legal_review:\n    date: 2026-10-10\n    reference: LEGAL-2026-031\n"
            "    by: 法务合规部",
        ),
    ),
)
