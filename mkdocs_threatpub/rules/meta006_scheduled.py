"""META006 scheduled: `published` or `embargo_until` is later than now."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t, zh
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc


def check(page: Page, context: Context) -> Iterator[Finding]:
    meta = page.meta
    if meta is None:
        return
    candidates = []
    published = context.published(page)
    if published > context.now:
        key = ("published",) if meta.published is not None else ()
        candidates.append((published, t("publication date", "发布时间"), key))
    if meta.embargo_until is not None:
        embargo = context.moment(meta.embargo_until)
        if embargo > context.now:
            embargo_what = t("coordinated-disclosure embargo", "协调披露保密期的截止时间")
            candidates.append((embargo, embargo_what, ("embargo_until",)))
    if not candidates:
        return
    until, what, path = max(candidates, key=lambda c: c[0])
    day = context.day(until)
    when = until.astimezone(context.tz).strftime("%Y-%m-%d %H:%M %Z")
    now = context.now.astimezone(context.tz).strftime("%Y-%m-%d %H:%M %Z")
    line = page.line_of(*path) if path else _date_line(page)
    yield Finding(
        "META006",
        line,
        t(
            f"scheduled: the {what} is {when}; the page is held until then and published by "
            "the first build after it",
            f"定时发布：{zh(what)}为 {when}；本页在此之前暂缓发布，由此后的第一次构建发布",
        ),
        expected=t(f"a build at or after {when}", f"在 {when} 或之后进行构建"),
        found=t(f"now is {now}", f"当前时间为 {now}"),
        fix=t(
            "nothing to do: rebuild on or after that time (a scheduled CI build publishes it)",
            "无需处理：在该时间或之后重新构建即可（定时的 CI 构建会发布本页）",
        ),
        key=page.key(*path) if path else "date",
        release_after=day,
    )


def _date_line(page: Page) -> int:
    return page.front_matter.lines.get(("date",), 1)


RULE = Rule(
    code="META006",
    name="scheduled",
    source="mkdocs-threatpub engine; ISO/IEC 29147:2018 §5.6.8 (embargo)",
    default_action=Action.HOLD,
    summary=t(
        "`published` or `embargo_until` is later than now: held until the later of the two.",
        "`published` 或 `embargo_until` 晚于当前时间：暂缓发布至两者中较晚者。",
    ),
    check=check,
    doc=RuleDoc(
        what=t(
            "That the page's publication time (`threatpub.published`, else the page's `date`) "
            "and its coordinated-disclosure embargo (`embargo_until`) have passed. Applies under "
            "every profile.",
            "检查页面的发布时间（`threatpub.published`，否则取页面的 `date`）"
            "和协调披露的禁发期（`embargo_until`）是否都已过去。适用于所有规则集。",
        ),
        why=t(
            "A scheduled advisory must not go out early, and an embargo agreed with a vendor "
            "under coordinated disclosure binds the publisher.",
            "定时发布的安全公告不得提前发布；在协调披露中与厂商约定的禁发期对发布者具有约束力。",
        ),
        source=t(
            "ISO/IEC 29147:2018 §5.6.8 (embargo); mkdocs-threatpub's front-matter keys "
            '`published` and `embargo_until` (README, "Front matter").',
            "ISO/IEC 29147:2018 第 5.6.8 节（禁发期）；mkdocs-threatpub 的 front matter 键 "
            "`published` 和 `embargo_until`（README“Front matter”一节）。",
        ),
        how=t(
            "Nothing: the report's `release_after` gives the day; the first build after that "
            "moment publishes the page. To publish earlier, change the date.",
            "无需处理：报告中的 `release_after` 给出日期，该时刻之后的第一次构建会发布本页。"
            "如需提前发布，请修改日期。",
        ),
        example="threatpub:\n  published: 2026-12-01T09:00+08:00\n"
        "  embargo_until: 2026-12-01T00:00+08:00",
    ),
)
