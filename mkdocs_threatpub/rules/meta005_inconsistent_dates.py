"""META005 inconsistent-dates: a record dated after publication, or in the future."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mkdocs_threatpub.core.clock import TimeValue
from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc


def _records(page: Page) -> Iterator[tuple[tuple[str | int, ...], str, TimeValue]]:
    meta = page.meta
    assert meta is not None
    for index, note in enumerate(meta.notifications):
        if note.date is not None:
            yield ("notifications", index, "date"), f"notification to {note.authority}", note.date
    if meta.operator_opinion is not None and meta.operator_opinion.date is not None:
        yield ("operator_opinion", "date"), "operator opinion", meta.operator_opinion.date
    if meta.authorizations is not None and meta.authorizations.early_warning is not None:
        auth = meta.authorizations.early_warning
        if auth.date is not None:
            path = ("authorizations", "early_warning", "date")
            yield path, "early-warning authorization", auth.date


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
        late = context.day(when) > published_day if by_day else moment > published
        if late and declared is not None:
            yield Finding(
                "META005",
                page.line_of(*path),
                f"the {what} is dated {context.day(when)}, after the page's publication date "
                f"{published_day}: a record cannot predate its own filing",
                expected=f"a date on or before {published_day}",
                found=str(context.day(when)),
                fix="correct the record's date, or set `published` to the day the page will "
                "really go public (or remove it to mean 'now')",
                key=key,
            )
        elif moment > context.now:
            yield Finding(
                "META005",
                page.line_of(*path),
                f"the {what} is dated {context.day(when)}, which is in the future",
                expected=f"a date on or before today ({context.day(context.now)})",
                found=str(context.day(when)),
                fix="record it once it has happened, with the real date",
                key=key,
            )
    repair_date = meta.repair.date if meta.repair is not None else None
    if repair_date is not None and context.moment(repair_date) > context.now:
        yield Finding(
            "META005",
            page.line_of("repair", "date"),
            f"the repair is dated {context.day(repair_date)}, which is in the future",
            expected=f"a date on or before today ({context.day(context.now)})",
            found=str(context.day(repair_date)),
            fix="a planned fix is `status: unfixed`; record the date once it ships",
            key=page.key("repair", "date"),
        )

RULE = Rule(
    code="META005",
    name="inconsistent-dates",
    source="mkdocs-threatpub engine (SPEC §2)",
    default_action=Action.HOLD,
    summary="A notification, opinion or authorization dated after `published`; a repair "
    "dated in the future.",
    check=check,
    doc=RuleDoc(
        what="That every notification, operator opinion and authorization is dated on or "
        "before the page's publication date and not in the future, and that a repair is not "
        "dated in the future.",
        why="Requirements 'before publication' are only met by records that existed when the "
        "page went public. A record dated after a past `published` date makes that date "
        "untrue; the page waits until the author corrects it.",
        source="SPEC §2 ('goes public now' semantics).",
        how="Correct the record's date, or move `published` to when the page really goes "
        "public (omit it to mean the build that includes it).",
        example="threatpub:\n  published: 2026-11-20\n  notifications:\n"
        "    - {authority: cac, level: national, date: 2026-10-02}   # before 2026-11-20",
    ),
)
