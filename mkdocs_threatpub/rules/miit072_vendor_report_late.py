"""MIIT072 vendor-report-late: Article 7(2), the vendor's 2-day report to MIIT.

"Within 2 days" is counted as Chinese law counts a period in days (Civil Code Art. 201, 203):
the day of discovery is not counted, the period starts the next day, and its last day ends
at 24:00. Days are calendar days in the site timezone. So a vulnerability discovered at any
time on 2026-11-03 (site time) must be reported on or before 2026-11-05: a notification
dated 2026-11-05 (or 2026-11-05T23:59 site time) is on time, one of 2026-11-06 is late.
Datetimes in another offset are first converted to the site timezone. Art. 203's extension
of a period that ends on a public holiday is not applied (there is no holiday calendar), so
the rule can only be stricter than the law, never laxer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc

REPORT_DAYS = 2

_EXAMPLE = (
    "threatpub:\n  publisher_role: vendor\n  discovered: 2026-11-03\n  notifications:\n"
    "    - {authority: miit, date: 2026-11-05, reference: CSVIP-2026-0042}"
)


def deadline(discovered: dt.date) -> dt.date:
    """The last day (site timezone) on which a report is still on time."""
    return discovered + dt.timedelta(days=REPORT_DAYS)


def check(page: Page, context: Context) -> Iterator[Finding]:
    meta = page.meta
    if meta is None or meta.publisher_role != "vendor":
        return
    reports = [n for n in meta.notifications if n.authority == "miit" and n.date is not None]
    first = min((context.day(n.date) for n in reports if n.date is not None), default=None)
    if meta.discovered is None:
        yield Finding(
            "MIIT072",
            page.line_of("publisher_role"),
            t(
                "the page is published by the product's vendor, but it does not say when the "
                "vulnerability was discovered, so the 2-day report to MIIT cannot be checked",
                "本页由网络产品提供者发布，但未说明漏洞的发现日期，无法核对是否在 2 日内向"
                "工业和信息化部报送",
            ),
            expected=t(
                "`discovered` and a `miit` notification within 2 days of it",
                "`discovered`，以及其后 2 日内向 miit 报送的记录",
            ),
            found=t("no `discovered` date", "没有 `discovered` 日期"),
            fix=t(
                "record when the vulnerability was discovered and when it was reported, for "
                f"example:\n{_fix_yaml(None, context)}",
                f"记录漏洞的发现日期和报送日期，例如：\n{_fix_yaml(None, context)}",
            ),
            key=page.key("publisher_role"),
        )
        return
    found_day = context.day(meta.discovered)
    last = deadline(found_day)
    if first is not None and first <= last:
        return
    if first is None:
        message = t(
            f"the vendor discovered the vulnerability on {found_day} and records no report to "
            f"MIIT; Article 7(2) requires one within {REPORT_DAYS} days, by {last}",
            f"网络产品提供者于 {found_day} 发现该漏洞，但没有向工业和信息化部报送的记录；"
            f"第七条第（二）项要求在 {REPORT_DAYS} 日内（不晚于 {last}）报送",
        )
        found = t("no dated `miit` notification", "没有注明日期的 miit 报送记录")
    else:
        late = (first - last).days
        message = t(
            f"the vendor discovered the vulnerability on {found_day} and first reported it to "
            f"MIIT on {first}, {late} day(s) after the {REPORT_DAYS}-day period of Article "
            f"7(2) ended on {last}",
            f"网络产品提供者于 {found_day} 发现该漏洞，{first} 才首次向工业和信息化部报送，"
            f"超过第七条第（二）项规定的 {REPORT_DAYS} 日期限（{last} 届满）{late} 日",
        )
        found = t(
            f"first `miit` notification on {first} (site timezone)",
            f"首次 miit 报送日期为 {first}（站点时区）",
        )
    yield Finding(
        "MIIT072",
        page.line_of("discovered"),
        message,
        expected=t(
            f"a `miit` notification dated on or before {last} (site timezone)",
            f"不晚于 {last}（站点时区）的 miit 报送记录",
        ),
        found=found,
        fix=t(
            "report to MIIT's vulnerability sharing platform without delay and record it (a "
            f"late report stays a warning), for example:\n{_fix_yaml(found_day, context)}",
            "立即向工业和信息化部网络安全威胁和漏洞信息共享平台报送并记录（逾期报送仍会警告），"
            f"例如：\n{_fix_yaml(found_day, context)}",
        ),
        key=page.key("discovered"),
    )


def _fix_yaml(found_day: dt.date | None, context: Context) -> str:
    if found_day is None:
        day = context.day(context.now)
        return (
            f"  discovered: {day}\n  notifications:\n"
            f'    - {{authority: miit, date: {day}, reference: "…"}}'
        )
    return f'  notifications:\n    - {{authority: miit, date: {found_day}, reference: "…"}}'


RULE = Rule(
    code="MIIT072",
    name="vendor-report-late",
    source="MIIT Regulations Art. 7(2)",
    default_action=Action.WARN,
    profile="miit-2021",
    summary=t(
        "A vendor's page needs a report to MIIT within 2 days of discovering the vulnerability.",
        "网络产品提供者发布的页面，须在发现漏洞后 2 日内向工业和信息化部报送。",
    ),
    check=check,  # reads the clock only for the example date of a fix (today)
    doc=RuleDoc(
        what=t(
            "Pages with `publisher_role: vendor`: a notification with `authority: miit` "
            "dated within 2 days of `discovered`. Counted as Chinese law counts a period in "
            "days (Civil Code Art. 201, 203): the day of discovery is not counted and the last "
            "day ends at 24:00, in the site timezone. Discovered at any time on 2026-11-03 → on "
            "time through 2026-11-05 23:59:59 site time; a report dated 2026-11-06 is late. "
            "Datetimes with another offset are converted to the site timezone first "
            "(2026-11-03T16:30Z is 2026-11-04 00:30 in Asia/Shanghai). The extension of a period "
            "that ends on a public holiday (Art. 203) is not applied: no holiday calendar, so "
            "the check errs on the strict side. A page without `discovered` warns too: the "
            "period cannot be checked.",
            "适用于 `publisher_role: vendor` 的页面：须有一条 `authority: miit` 的报送记录，"
            "日期在 `discovered` 之后 2 日内。按中国法律计算以日为单位的期间的方式计算（《民法典》"
            "第二百零一条、第二百零三条）：发现当日不计入，最后一日到 24 时截止，以站点时区为准。"
            "2026-11-03 任何时刻发现的，截至站点时间 2026-11-05 23:59:59 报送都算及时；日期为 "
            "2026-11-06 的报送即为逾期。带有其他时区偏移量的日期时间先换算为站点时区（"
            "2026-11-03T16:30Z 在 Asia/Shanghai 时区为 2026-11-04 00:30）。"
            "期间最后一日为法定节假日时的顺延（第二百零三条）不予适用：没有节假日日历，"
            "因此从严检查。没有 `discovered` 的页面也会警告：无法核对期限。",
        ),
        why=t(
            "Article 7(2) of the Regulations on the Management of Network Product Security "
            "Vulnerabilities: after discovering or learning of a security vulnerability in its "
            "product, the network product provider shall report the relevant vulnerability "
            "information to the MIIT cybersecurity threat and vulnerability information sharing "
            "platform within 2 days (第七条第（二）项：应当在2日内向工业和信息化部网络安全威胁和"
            "漏洞信息共享平台报送相关漏洞信息). A late report cannot be undone, so this is a "
            "warning: the page is published and the delay is on record.",
            "《网络产品安全漏洞管理规定》第七条第（二）项（大意）：网络产品提供者发现或者获知所提供网络产"
            "品存在安全漏洞后，应当在 2 日内向工业和信息化部网络安全威胁和漏洞信息共享平台报送相关"
            "漏洞信息。逾期报送无法补救，因此本规则只给出警告：页面照常发布，延误情况留有记录。",
        ),
        source=t(
            "Regulations on the Management of Network Product Security Vulnerabilities "
            "(MIIT, CAC, MPS; in force 2021-09-01), Art. 7(2).",
            "《网络产品安全漏洞管理规定》（工业和信息化部、国家互联网信息办公室、公安部，"
            "2021-09-01 起施行）第七条第（二）项。",
        ),
        how=t(
            "Record `discovered` and the report to MIIT (`notifications` with `authority: "
            "miit`) dated no later than the second day after discovery, site timezone.",
            "记录 `discovered`（发现日期）和向工业和信息化部的报送（`notifications` 中 "
            "`authority: miit`），报送日期不晚于发现之日后第 2 日（站点时区）。",
        ),
        example=_EXAMPLE,
    ),
)
