"""META005 inconsistent-dates: a record dated after publication, or in the future."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mkdocs_threatpub.core.clock import TimeValue
from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc


def _records(page: Page) -> Iterator[tuple[tuple[str | int, ...], Text, TimeValue]]:
    meta = page.meta
    assert meta is not None
    for index, note in enumerate(meta.notifications):
        if note.date is not None:
            what = t(f"notification to {note.authority}", f"向 {note.authority} 提交的报告")
            yield ("notifications", index, "date"), what, note.date
    if meta.operator_opinion is not None and meta.operator_opinion.date is not None:
        what = t("operator opinion", "网络运营者书面意见")
        yield ("operator_opinion", "date"), what, meta.operator_opinion.date
    if meta.authorizations is not None and meta.authorizations.early_warning is not None:
        auth = meta.authorizations.early_warning
        if auth.date is not None:
            path = ("authorizations", "early_warning", "date")
            yield path, t("early-warning authorization", "发布预警的授权"), auth.date


def check(page: Page, context: Context) -> Iterator[Finding]:
    meta = page.meta
    if meta is None:
        return
    published = context.published(page)
    published_day = context.day(published)
    declared = page.declared_published
    # A date-only `published` names a day: a record dated that same day is not after it.
    # Without a declared date the page goes public now: a later record is in the future.
    by_day = declared is not None and not isinstance(declared, dt.datetime)
    for path, what, when in _records(page):
        moment = context.moment(when)
        key = page.key(*path)
        dated = context.day(when)
        today = context.day(context.now)
        late = context.day(when) > published_day if by_day else moment > published
        if late and declared is not None:
            yield Finding(
                "META005",
                page.line_of(*path),
                t(
                    f"the {what} is dated {context.day(when)}, after the page's publication "
                    f"date {published_day}: a record cannot predate its own filing",
                    f"{zh(what)}日期为 {dated}，晚于本页的发布日期 {published_day}："
                    "页面发布时该记录尚未产生",
                ),
                expected=t(
                    f"a date on or before {published_day}", f"不晚于 {published_day} 的日期"
                ),
                found=t(str(dated), f"日期 {dated}"),
                fix=t(
                    "correct the record's date, or set `published` to the day the page will "
                    "really go public (or remove it to mean 'now')",
                    "更正该记录的日期，或将 `published` 设为页面实际公开之日（删除该项即表示"
                    "“现在”）",
                ),
                key=key,
            )
        elif moment > context.now:
            yield Finding(
                "META005",
                page.line_of(*path),
                t(
                    f"the {what} is dated {context.day(when)}, which is in the future",
                    f"{zh(what)}日期为 {dated}，是未来的日期",
                ),
                expected=t(
                    f"a date on or before today ({context.day(context.now)})",
                    f"不晚于今天（{today}）的日期",
                ),
                found=t(str(dated), f"日期 {dated}"),
                fix=t(
                    "record it once it has happened, with the real date",
                    "待其实际发生后，按真实日期记录",
                ),
                key=key,
            )
    repair_date = meta.repair.date if meta.repair is not None else None
    if repair_date is not None and context.moment(repair_date) > context.now:
        repaired = context.day(repair_date)
        today = context.day(context.now)
        yield Finding(
            "META005",
            page.line_of("repair", "date"),
            t(
                f"the repair is dated {repaired}, which is in the future",
                f"修复日期为 {repaired}，是未来的日期",
            ),
            expected=t(f"a date on or before today ({today})", f"不晚于今天（{today}）的日期"),
            found=t(str(repaired), f"日期 {repaired}"),
            fix=t(
                "a planned fix is `status: unfixed`; record the date once it ships",
                "计划中的修复应记为 `status: unfixed`；修复实际发布后再记录日期",
            ),
            key=page.key("repair", "date"),
        )


RULE = Rule(
    code="META005",
    name="inconsistent-dates",
    source=(
        "mkdocs-threatpub engine (a page goes public no earlier than the build that includes it)"
    ),
    default_action=Action.HOLD,
    summary=t(
        "A notification, opinion or authorization dated after `published`; a repair "
        "dated in the future.",
        "报告、书面意见或授权的日期晚于 `published`；或修复日期在未来。",
    ),
    check=check,
    doc=RuleDoc(
        what=t(
            "That every notification, operator opinion and authorization is dated on or "
            "before the page's publication date and not in the future, and that a repair is not "
            "dated in the future.",
            "检查每条报告、网络运营者书面意见和授权的日期是否不晚于页面的发布日期且不在未来，"
            "以及修复日期是否不在未来。",
        ),
        why=t(
            "Requirements 'before publication' are only met by records that existed when the "
            "page went public. A record dated after a past `published` date makes that date "
            "untrue; the page waits until the author corrects it.",
            "“发布前”的要求只能由页面公开时已经存在的记录来满足。如果某条记录的日期晚于一个已经过"
            "去的 `published` 日期，这个日期就不真实；页面暂缓发布，直到作者更正。",
        ),
        source=t(
            'mkdocs-threatpub\'s front-matter rules (README, "Front matter"): a page goes public '
            'no earlier than the build that includes it, so requirements "before publication" are '
            "checked against the later of `published` and now.",
            "mkdocs-threatpub 的 front matter 规则（README“Front matter”一节）："
            "页面最早在包含它的那次构建时公开，因此“发布前”的要求以 `published` "
            "与当前时间中较晚者为准进行检查。",
        ),
        how=t(
            "Correct the record's date, or move `published` to when the page really goes "
            "public (omit it to mean the build that includes it).",
            "更正该记录的日期，或将 `published` 改为页面实际公开的时间（省略则指包含本页的"
            "那次构建）。",
        ),
        example=t(
            "threatpub:\n  published: 2026-11-20\n  notifications:\n"
            "    - {authority: cac, level: national, date: 2026-10-02}   # before 2026-11-20",
            "threatpub:\n"
            "  published: 2026-11-20\n"
            "  notifications:\n"
            "    - {authority: cac, level: national, date: 2026-10-02}   # 早于 2026-11-20",
        ),
    ),
)
