"""META003 invalid-value."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope


def check(page: Page, context: Context) -> Iterator[Finding]:
    yield from (issue for issue in page.issues if issue.code == "META003")


RULE = Rule(
    code="META003",
    name="invalid-value",
    source="mkdocs-threatpub front-matter schema (`threatpub schema`)",
    default_action=Action.FAIL,
    summary=t(
        "Wrong type, unknown enum value, unparseable date or bad region code.",
        "类型错误、未知的枚举值、无法解析的日期或无效的行政区划代码。",
    ),
    scope=Scope.ANY,
    locked=True,
    check=check,
    reads_clock=False,  # page and settings only: cached by source hash
    doc=RuleDoc(
        what="Every value under `threatpub:` has the right type: enums (`kind`, `authority`, "
        "`level`, statuses) from their lists, dates as ISO 8601, region codes as six digits, "
        "countries as ISO 3166 alpha-2; keys appear once; `allow` names a content rule.",
        why="A date like 'next tuesday' or a level like 'city' cannot be judged; guessing "
        "could publish a page too early. Such pages fail instead.",
        source='mkdocs-threatpub\'s front-matter rules (README, "Front matter"): dates are YAML '
        "dates or ISO 8601 datetimes; strings like 'last week' are errors, never guessed.",
        how=t(
            "Correct the value at the reported line; `threatpub schema` lists allowed values.",
            "在报告的行更正该值；`threatpub schema` 列出允许的取值。",
        ),
        example='threatpub:\n  published: 2026-11-20T09:00+08:00   # not "next tuesday"\n'
        "  notifications:\n    - {authority: cac, level: prefecture, date: 2026-10-02}",
    ),
)
