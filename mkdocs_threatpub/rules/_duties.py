"""Shared wording for the reporting rules (Art. 5, 6): one finding per unmet duty."""

from __future__ import annotations

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Finding
from mkdocs_threatpub.core.i18n import Text, join, t, zh
from mkdocs_threatpub.core.notifications import Duty, counting
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.regions import LEVEL_NAMES_ZH
from mkdocs_threatpub.core.sectors import CRITICAL_SECTORS

AUTHORITY_NAMES = {
    "cac": t("the cyberspace administration (网信部门)", "网信部门"),
    "public-security": t("the public security organ (公安机关)", "公安机关"),
    "sector-regulator": t("the sector regulator (行业主管部门)", "行业主管部门"),
    "telecom": t("the telecom authority (电信主管部门)", "电信主管部门"),
    "miit": t("MIIT (工业和信息化部)", "工业和信息化部"),
}


def duty_finding(
    code: str,
    page: Page,
    context: Context,
    duties: list[Duty],
    what: Text,
    key_path: tuple[str | int, ...],
) -> Finding | None:
    """One finding listing every unmet duty of ``duties``; ``None`` when all are met."""
    missing: list[tuple[Duty, list[Text]]] = []
    for duty in duties:
        good, misses = counting(page, context, duty)
        if not good:
            missing.append((duty, misses))
    if not missing:
        return None
    # The example must not itself be dated after a past `published` (META005).
    day = str(context.day(min(context.published(page), context.now)))
    needed = join(_describe(duty) for duty, _ in missing)
    near = [m for _, misses in missing for m in misses]
    # One `notifications:` key for every entry: pasted as is, the block must stay valid YAML
    # without a duplicate key (META003).
    examples = "  notifications:\n" + "\n".join(f"    {duty.entry(day)}" for duty, _ in missing)
    return Finding(
        code,
        page.line_of(*key_path),
        t(
            f"{what}: missing report(s), dated by the time the page goes public, to: {needed}",
            f"{zh(what)}：缺少在页面公开前向以下部门提交的报告：{zh(needed)}",
        ),
        expected=t(needed, f"页面公开前向以下部门提交的报告：{zh(needed)}"),
        found=join(near) if near else t("no such notification", "没有相应的报告记录"),
        fix=t(
            f"record the report(s) under threatpub.notifications, for example:\n{examples}",
            f"在 threatpub.notifications 下记录报告，例如：\n{examples}",
        ),
        key=page.key(*key_path),
    )


def _describe(duty: Duty) -> Text:
    name = AUTHORITY_NAMES.get(duty.authority, t(duty.authority, duty.authority))
    level = duty.lowest_level()
    en = [str(name)]
    # Chinese puts the qualifiers before the authority: "覆盖地区 440305 的地市级或以上公安机关".
    region_zh = level_zh = sector_zh = ""
    if level == "national":
        en.append("at national level")
        level_zh = "国家级"
    elif level != "county":
        en.append(f"at {level} level or higher")
        level_zh = f"{LEVEL_NAMES_ZH[level]}或以上"
    if duty.region:
        en.append(f"covering region {duty.region}")
        region_zh = f"覆盖地区 {duty.region} 的"
    if duty.sector:
        en.append(f"for sector {duty.sector}")
        label = CRITICAL_SECTORS.get(duty.sector)
        sector_zh = f"{label}（{duty.sector}）行业的" if label else f"{duty.sector} 行业的"
    return t(" ".join(en), f"{region_zh}{level_zh}{sector_zh}{zh(name)}")
