"""MIIT096 major-event-blackout: Article 9(6), no publication during a major event.

A window of the ``blackouts`` option is ``[from, to)`` in the site timezone; a date-only
``to`` covers that whole day (core/context.py ``Blackout.window``). The page is held when its
publication moment (``published``, else ``date``, else now: RULES.md's trigger) is inside a
window — pages published before the event stay online during it — unless
``mps_consent`` records the Ministry of Public Security's consent with a date on or before
that moment and a reference. Without consent the hold lifts by itself: ``release_after`` is
the first day that starts at or after the window's end (windows that overlap or touch are
followed to the last one's end), so any build on that day is outside the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mkdocs_threatpub.core.clock import start_of_day
from mkdocs_threatpub.core.context import Blackout, Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import Text, join, t, zh
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc

_EXAMPLE = (
    "# mkdocs.yml\nplugins:\n  - threatpub:\n      blackouts:\n"
    "        - {name: Example Expo 2026, from: 2026-12-10, to: 2026-12-12}\n"
    "# a page scheduled for 2026-12-11 is held until 2026-12-13, or published with:\n"
    "threatpub:\n  mps_consent:\n    date: 2026-12-08\n    reference: MPS-2026-118\n"
    "    by: Ministry of Public Security, Cybersecurity Bureau"
)


def covering(moment: dt.datetime, context: Context) -> list[tuple[Blackout, dt.datetime]]:
    """The windows containing ``moment``, then those it runs into, with their ends."""
    windows = [(b, *b.window(context.tz)) for b in context.settings.blackouts]
    chain: list[tuple[Blackout, dt.datetime]] = []
    at = moment
    while True:
        inside = [(b, end) for b, start, end in windows if start <= at < end]
        if not inside:
            return chain
        blackout, end = max(inside, key=lambda item: item[1])
        chain.append((blackout, end))
        at = end


def first_day_from(moment: dt.datetime, context: Context) -> dt.date:
    """The first calendar day (site timezone) that starts at or after ``moment``."""
    day = context.day(moment)
    return day if start_of_day(day, context.tz) >= moment else day + dt.timedelta(days=1)


def _consent_gaps(page: Page, context: Context) -> list[Text]:
    assert page.meta is not None
    consent = page.meta.mps_consent
    if consent is None:
        return [t("no `mps_consent` record", "没有 `mps_consent` 记录")]
    gaps = []
    if consent.date is None:
        gaps.append(t("`mps_consent.date` is missing", "缺少 `mps_consent.date`"))
    elif context.moment(consent.date) > context.goes_public(page):
        day = context.day(consent.date)
        gaps.append(
            t(
                f"`mps_consent.date` {day} is after the page goes public",
                f"`mps_consent.date` 为 {day}，晚于本页公开的时间",
            )
        )
    if not consent.reference:
        gaps.append(t("`mps_consent.reference` is missing", "缺少 `mps_consent.reference`"))
    return gaps


def check(page: Page, context: Context) -> Iterator[Finding]:
    if page.meta is None or not context.settings.blackouts:
        return
    # The page's own publication moment (`published`, else `date`, else now), not "the later
    # of published and now": a page published before the event must stay online during it.
    goes_public = context.published(page)
    chain = covering(goes_public, context)
    if not chain:
        return
    gaps = _consent_gaps(page, context)
    if not gaps:
        return
    first, _ = chain[0]
    names = join((t(b.name, b.name) for b, _ in chain), ", ", "、")
    release = first_day_from(chain[-1][1], context)
    when = goes_public.astimezone(context.tz).strftime("%Y-%m-%d %H:%M %Z")
    day = context.day(min(context.published(page), context.now))
    example = f'  mps_consent:\n    date: {day}\n    reference: "…"\n    by: "…"'
    window = t(f"{first.start} to {first.end}", f"{first.start} 至 {first.end}")
    yield Finding(
        "MIIT096",
        page.line_of("published"),
        t(
            f"the page would go public at {when}, during the major event '{names}' "
            f"({window}); Article 9(6) forbids publishing vulnerability information then "
            f"without the Ministry of Public Security's consent: publishable from {release}",
            f"本页将于 {when} 公开，正值重大活动“{zh(names)}”期间（{zh(window)}）；第九条第（六）项"
            f"规定，在国家举办重大活动期间，未经公安部同意不得擅自发布网络产品安全漏洞信息："
            f"自 {release} 起可以发布",
        ),
        expected=t(
            f"publication on or after {release}, or an `mps_consent` record (date on or "
            "before the page goes public, reference)",
            f"在 {release} 当日或之后发布，或有 `mps_consent` 记录（日期不晚于本页公开时间，"
            "并有编号）",
        ),
        found=join(gaps),
        fix=t(
            f"wait: the first build on or after {release} publishes the page; or record the "
            f"Ministry of Public Security's consent, for example:\n{example}",
            f"等待：{release} 当日或之后的第一次构建会发布本页；或记录公安部的同意，例如：\n"
            f"{example}",
        ),
        key=page.key("published"),
        release_after=release,
    )


RULE = Rule(
    code="MIIT096",
    name="major-event-blackout",
    source="MIIT Regulations Art. 9(6)",
    default_action=Action.HOLD,
    profile="miit-2021",
    summary=t(
        "No publication inside a configured major-event window without MPS consent.",
        "在配置的重大活动期间，未经公安部同意不得发布。",
    ),
    check=check,
    doc=RuleDoc(
        what=t(
            "Threat-information pages whose publication moment (`published`, else `date`, "
            "else the build time) falls inside a window of the `blackouts` option: from `from` "
            "(inclusive) to `to` (exclusive), site timezone; a date-only `to` covers that whole "
            "day (`to: 2026-12-12` ends at 2026-12-13 00:00), a datetime `to` ends at that "
            "instant. Pages published before the window stay online during it (a page dated "
            "before the window but first built inside it is not caught). The page is held unless "
            "`mps_consent` has a `date` on or before the moment it goes public and a "
            "`reference`. The hold carries `release_after`: the first day that "
            "starts at or after the window's end (2026-12-13 for both `to: 2026-12-12` and `to: "
            "2026-12-12T18:00`), so that a scheduled rebuild that day publishes the page. The "
            "site cannot tell a page it published before the window from a new one: every build "
            "inside the window holds every page without consent, which keeps it offline until "
            "the window ends.",
            "检查威胁信息页面的发布时刻（`published`，否则取 `date`，再否则取构建时间）是否落在 "
            "`blackouts` 选项的某个时间窗口内：从 `from`（含）到 `to`（不含），以站点时区为准；"
            "只有日期的 `to` 覆盖当天全天（`to: 2026-12-12` 截止于 2026-12-13 00:00），带时间的 "
            "`to` 截止于该时刻。在窗口之前已发布的页面在窗口期间仍保持在线（日期早于窗口、"
            "但首次在窗口内构建的页面不会被发现）。除非 `mps_consent` 写明不晚于页面公开时刻的 "
            "`date` 和 `reference`，否则暂缓发布。暂缓发布时附带 `release_after`："
            "窗口结束时或之后开始的第一天（`to: 2026-12-12` 和 `to: 2026-12-12T18:00` 均为 "
            "2026-12-13），当天定时重新构建即会发布本页。站点无法区分窗口之前已发布的页面和新页面："
            "窗口内的每次构建都会暂缓发布所有未获同意的页面，使其在窗口结束前保持下线。",
        ),
        why=t(
            "Article 9(6) of the Regulations on the Management of Network Product Security "
            "Vulnerabilities: during major events held by the state, vulnerability information "
            "shall not be published without the consent of the Ministry of Public Security "
            "(第九条第（六）项：在国家举办重大活动期间，未经公安部同意，不得擅自发布网络产品"
            "安全漏洞信息). The events are announced, not derivable: the site lists them.",
            "《网络产品安全漏洞管理规定》第九条第（六）项：在国家举办重大活动期间，"
            "未经公安部同意，不得擅自发布网络产品安全漏洞信息。重大活动由有关部门公布，无法推算："
            "由站点自行列出。",
        ),
        source=t(
            "Regulations on the Management of Network Product Security Vulnerabilities "
            "(MIIT, CAC, MPS; in force 2021-09-01), Art. 9(6).",
            "《网络产品安全漏洞管理规定》（工业和信息化部、国家互联网信息办公室、公安部，"
            "2021-09-01 起施行）第九条第（六）项。",
        ),
        how=t(
            "Wait for the window to end (the page publishes itself on `release_after`), or "
            "record the Ministry of Public Security's consent under `mps_consent` with its "
            "date and reference.",
            "等待重大活动期间结束（本页会在 `release_after` 当日自动发布），或在 `mps_consent` "
            "下记录公安部的同意，包括日期和编号。",
        ),
        example=t(
            _EXAMPLE,
            "# mkdocs.yml\nplugins:\n  - threatpub:\n      blackouts:\n"
            "        - {name: 2026 示例博览会, from: 2026-12-10, to: 2026-12-12}\n"
            "# 定于 2026-12-11 发布的页面暂缓至 2026-12-13，或在记录以下内容后发布：\n"
            "threatpub:\n  mps_consent:\n    date: 2026-12-08\n    reference: MPS-2026-118\n"
            "    by: 公安部网络安全保卫局",
        ),
    ),
)
