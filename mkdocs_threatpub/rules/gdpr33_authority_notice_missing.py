"""GDPR33 authority-notice-missing: Article 33(1), the supervisory authority within 72 hours.

The clock runs in exact elapsed hours between `aware` and the notification, whatever UTC
offsets they are written in and whatever daylight-saving change lies between them: both are
turned into instants first. A date without a time is the start of that day in the site
timezone (SPEC §2); a time without an offset is in the site timezone (an hour that a
daylight-saving change repeats means its first occurrence).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mkdocs_threatpub.core.clock import TimeValue
from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc

__all__ = ["DEADLINE", "RULE"]

DEADLINE = dt.timedelta(hours=72)
AUTHORITY = "supervisory-authority"


def applies(page: Page) -> bool:
    """A breach page published by the controller; no `publisher_role` counts as the
    controller (a breach notice on one's own site is usually one's own breach)."""
    meta = page.meta
    return (
        meta is not None and meta.kind == "breach" and meta.publisher_role in (None, "controller")
    )


def _shown(value: TimeValue, context: Context) -> str:
    """A front-matter time as an ISO instant in the site timezone, with its offset."""
    moment = context.moment(value).astimezone(context.tz)
    return moment.isoformat(timespec="minutes")


def _is_day(value: TimeValue) -> bool:
    return not isinstance(value, dt.datetime)


def _elapsed(delta: dt.timedelta) -> Text:
    seconds = int(delta.total_seconds())
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if secs:
        return t(
            f"{sign}{hours} h {minutes:02d} min {secs:02d} s",
            f"{sign}{hours} 小时 {minutes:02d} 分 {secs:02d} 秒",
        )
    return t(f"{sign}{hours} h {minutes:02d} min", f"{sign}{hours} 小时 {minutes:02d} 分")


def _day_note(values: list[tuple[str, TimeValue]], context: Context) -> Text:
    """Says which of the times are dates read as the start of the day (or nothing)."""
    days = [(key, value) for key, value in values if _is_day(value)]
    if not days:
        return t("", "")
    tz = context.settings.timezone
    listed = [f"{key} {value} = {_shown(value, context)}" for key, value in days]
    return t(
        f" (a date without a time is the start of that day in {tz}: {', '.join(listed)}; "
        "give datetimes with their UTC offset to be exact)",
        f"（不带时间的日期按站点时区 {tz} 当日零时计算：{'，'.join(listed)}；"
        "请填写带 UTC 偏移量的日期时间，以求准确）",
    )


def _example_moment(page: Page, context: Context, aware: dt.datetime | None) -> str:
    # Not after `published` or now (META005), not after the deadline.
    candidates = [context.published(page), context.now]
    if aware is not None:
        candidates.append(aware.astimezone(dt.UTC) + DEADLINE)
    return min(candidates).astimezone(context.tz).isoformat(timespec="minutes")


def _deadline(aware: dt.datetime, context: Context) -> str:
    deadline = aware.astimezone(dt.UTC) + DEADLINE
    return deadline.astimezone(context.tz).isoformat(timespec="minutes")


def _notification_example(moment: str) -> str:
    return f'  notifications:\n    - {{authority: {AUTHORITY}, date: {moment}, reference: "…"}}'


def check(page: Page, context: Context) -> Iterator[Finding]:
    if not applies(page):
        return
    meta = page.meta
    assert meta is not None
    role = (
        t(
            " (no `publisher_role`: the publisher is taken to be the controller)",
            "（未给出 `publisher_role`：视发布者为控制者）",
        )
        if meta.publisher_role is None
        else t("", "")
    )
    notes = [
        (index, note.date)
        for index, note in enumerate(meta.notifications)
        if note.authority == AUTHORITY and note.date is not None
    ]
    aware_key = page.key("aware")
    # In UTC: adding 72 hours to a time of a ZoneInfo zone would add wall-clock hours.
    aware = context.moment(meta.aware).astimezone(dt.UTC) if meta.aware is not None else None
    if meta.aware is None:
        example = _example_moment(page, context, None)
        yield Finding(
            "GDPR33",
            page.line_of("aware"),
            t(
                f"'{aware_key}' is missing: when the controller became aware of the breach "
                f"starts Article 33's 72-hour clock{role}",
                f"缺少 '{aware_key}'：控制者知悉数据泄露的时间是第 33 条 72 小时时限的起点"
                f"{zh(role)}",
            ),
            expected=t(f"'{aware_key}'", f"字段 '{aware_key}'"),
            found=t("nothing", "无"),
            fix=t(
                "add the moment the controller became aware, as a datetime with its UTC "
                f"offset, for example:\n  aware: {example}",
                f"添加控制者知悉泄露的时刻（带 UTC 偏移量的日期时间），例如：\n  aware: {example}",
            ),
            key=aware_key,
        )
    if not notes:
        deadline = t("", "")
        if aware is not None:
            by = _deadline(aware, context)
            deadline = t(f", by {by}", f"，截止时间为 {by}")
        example = _notification_example(_example_moment(page, context, aware))
        yield Finding(
            "GDPR33",
            page.line_of("notifications"),
            t(
                "no notification to the supervisory authority is recorded: Article 33(1) "
                f"requires one within 72 hours of becoming aware of the breach{deadline}, "
                f"and reasons for any delay accompany a late one{role}",
                f"没有向监管机构通知的记录：第 33 条第 1 款要求在知悉数据泄露后 72 小时内通知"
                f"{zh(deadline)}，逾期通知须说明迟延理由{zh(role)}",
            ),
            expected=t(
                f"a notification with authority: {AUTHORITY}",
                f"authority 为 {AUTHORITY} 的通知记录",
            ),
            found=t("no such notification", "没有相应的通知记录"),
            fix=t(
                "record the notification under threatpub.notifications (a datetime with its "
                f"UTC offset), for example:\n{example}",
                "在 threatpub.notifications 下记录该通知（带 UTC 偏移量的日期时间），"
                f"例如：\n{example}",
            ),
            key=page.key("notifications"),
        )
        return
    if aware is None or meta.aware is None:
        return  # the clock has no start: the missing `aware` is the finding
    index, first = min(notes, key=lambda item: context.moment(item[1]))
    # Instants, not wall-clock times: subtracting two datetimes of one ZoneInfo would ignore
    # a daylight-saving change between them.
    took = context.moment(first).astimezone(dt.UTC) - aware
    if took <= DEADLINE or meta.delay_reasons:
        return
    note_key = page.key("notifications", index, "date")
    deadline_at = _deadline(aware, context)
    note = _day_note([(aware_key, meta.aware), (note_key, first)], context)
    yield Finding(
        "GDPR33",
        page.line_of("notifications", index, "date"),
        t(
            f"the supervisory authority was notified {_elapsed(took)} after the controller "
            f"became aware of the breach, later than Article 33(1)'s 72 hours, and "
            f"`delay_reasons` gives no reasons for the delay{note}{role}",
            f"向监管机构的通知在控制者知悉数据泄露后 {zh(_elapsed(took))}才作出，超过第 33 条"
            f"第 1 款规定的 72 小时，且 `delay_reasons` 未说明迟延理由{zh(note)}{zh(role)}",
        ),
        expected=t(
            f"a notification by {deadline_at} (72 h after {_shown(meta.aware, context)}), or "
            "`delay_reasons`",
            f"不晚于 {deadline_at}（{_shown(meta.aware, context)} 之后 72 小时）的通知，"
            "或 `delay_reasons`",
        ),
        found=t(
            f"the first notification at {_shown(first, context)}, {_elapsed(took)} after "
            "becoming aware",
            f"首次通知时间为 {_shown(first, context)}，知悉后 {zh(_elapsed(took))}",
        ),
        fix=t(
            "record why the notification came late (or correct the dates, as datetimes with "
            "their UTC offset, if it was in time), for example:\n"
            '  delay_reasons: "Forensic analysis was needed to confirm personal data was '
            'affected."',
            "记录通知迟延的理由（如实际按时通知，请以带 UTC 偏移量的日期时间更正日期），"
            "例如：\n"
            '  delay_reasons: "Forensic analysis was needed to confirm personal data was '
            'affected."',
        ),
        key=note_key,
    )


RULE = Rule(
    code="GDPR33",
    name="authority-notice-missing",
    source="GDPR Art. 33(1)",
    default_action=Action.WARN,
    profile="gdpr",
    summary=t(
        "A controller's breach notice needs a notification to the supervisory authority "
        "within 72 hours of becoming aware, or reasons for the delay.",
        "控制者发布数据泄露公告，须在知悉泄露后 72 小时内通知监管机构，逾期须说明迟延理由。",
    ),
    check=check,
    doc=RuleDoc(
        what=t(
            "Pages with `kind: breach` whose `publisher_role` is `controller` or absent "
            "(absent counts as the controller: a breach notice on one's own site is usually about "
            "one's own breach; set `publisher_role` to `cert`, `platform`, … when reporting "
            "someone else's). `aware` must be given (a missing `aware` is a warning of this rule). "
            "A `notifications` entry with `authority: supervisory-authority` must exist, and the "
            "earliest one must be dated at most 72 hours after `aware`; a later one passes when "
            "`delay_reasons` is given. The 72 hours are exact elapsed hours: 72 h 00 min is in "
            "time, 72 h 00 min 01 s is late. Both times are turned into instants first, so "
            "different UTC offsets and a daylight-saving change in between count as real time "
            "(over the October change in Europe/Berlin, midnight to midnight three days later is "
            "73 hours). A date without a time is 00:00 of that day in the site timezone, a time "
            "without an offset is in the site timezone. The notification does not have to precede "
            "the page (Article 33 is about the authority, not the public), but META005 still "
            "holds a record dated after the page's publication date or in the future.",
            "适用于 `publisher_role` 为 `controller` 或未设置的 `kind: breach` "
            "页面（未设置视为控制者：在自己网站上发布的泄露公告通常涉及自己的泄露事件；"
            "报告他人的泄露事件时，将 `publisher_role` 设为 `cert`、`platform` 等）。必须给出 "
            "`aware`（缺少 `aware` 时本规则给出警告）。须有一条 `authority: "
            "supervisory-authority` 的 `notifications` 条目，且最早的一条日期不得晚于 `aware` "
            "之后 72 小时；更晚的条目在给出 `delay_reasons` 时也可通过。72 "
            "小时按实际经过的时间精确计算：72 小时 00 分为按时，72 小时 00 分 01 秒即为逾期。"
            "两个时间都先换算为时间点，因此不同的 UTC 偏移量和其间的夏令时切换都按实际时间计算（跨"
            "越 Europe/Berlin 十月的时间切换时，从某日午夜到三天后的午夜是 73 小时）。"
            "没有时间的日期指站点时区当天的 00:00，没有偏移量的时间按站点时区计算。"
            "通知不必早于页面发布（第 33 条针对的是监管机构而非公众），但日期晚于页面发布日期或在"
            "未来的记录仍会被 META005 暂缓发布。",
        ),
        why=t(
            "GDPR Art. 33(1): the controller shall without undue delay and, where feasible, "
            "not later than 72 hours after having become aware of a personal data breach, notify "
            "it to the competent supervisory authority, unless it is unlikely to result in a risk "
            "to the rights and freedoms of natural persons; where the notification is not made "
            "within 72 hours, it shall be accompanied by reasons for the delay. A public notice "
            "is the moment such a gap becomes visible, so the build reminds the author. A breach "
            "unlikely to result in a risk needs no notification: the warning may then be left "
            "standing, or the rule set to `off` for such a site.",
            "GDPR 第 33 条第 1 款：控制者应当无不当延迟地，并在可行时于知悉个人数据泄露后 72 "
            "小时内，将其通知有管辖权的监管机构，除非该泄露不太可能对自然人的权利和自由造成风险；"
            "未在 72 小时内通知的，应当附上迟延理由。公开发布泄露公告正是这种缺口变得可见的时刻，"
            "因此构建时会提醒作者。不太可能造成风险的泄露无需通知：此时可以保留该警告，"
            "或在此类站点上将本规则设为 `off`。",
        ),
        source=t(
            "Regulation (EU) 2016/679 (GDPR), Art. 33(1).",
            "欧盟第 2016/679 号条例（GDPR）第 33 条第 1 款。",
        ),
        how=t(
            "Record `aware` and the notification to the supervisory authority as datetimes "
            "with their UTC offset; if the notification came more than 72 hours after "
            "`aware`, give `delay_reasons`.",
            "以带 UTC 偏移量的日期时间记录 `aware`（知悉时间）和向监管机构的通知；"
            "如通知晚于知悉后 72 小时，须在 `delay_reasons` 中说明迟延理由。",
        ),
        example="threatpub:\n  kind: breach\n  publisher_role: controller\n"
        "  aware: 2026-11-16T09:30+01:00\n  notifications:\n"
        "    - {authority: supervisory-authority, date: 2026-11-18T15:00+01:00, "
        "reference: BfDI-2026-0412}",
    ),
)
