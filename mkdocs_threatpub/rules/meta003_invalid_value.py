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
        what=t(
            "Every value under `threatpub:` has the right type: enums (`kind`, `authority`, "
            "`level`, statuses) from their lists, dates as ISO 8601, region codes as six digits, "
            "countries as ISO 3166 alpha-2; keys appear once; `allow` names a content rule.",
            "检查 `threatpub:` 下每个值的类型是否正确：枚举值（`kind`、`authority`、`level` "
            "及各种状态）须取自其列表，日期须为 ISO 8601 格式，行政区划代码须为六位数字，国家须为 "
            "ISO 3166 两位字母代码；每个键只出现一次；`allow` 须指定一条内容规则。",
        ),
        why=t(
            "A date like 'next tuesday' or a level like 'city' cannot be judged; guessing "
            "could publish a page too early. Such pages fail instead.",
            "像 'next tuesday' 这样的日期或 'city' 这样的级别无法判定；靠猜测可能使页面过早发布。"
            "因此这类页面判定为失败。",
        ),
        source=t(
            'mkdocs-threatpub\'s front-matter rules (README, "Front matter"): dates are YAML '
            "dates or ISO 8601 datetimes; strings like 'last week' are errors, never guessed.",
            "mkdocs-threatpub 的 front matter 规则（README“Front matter”一节）：日期须为 YAML "
            "日期或 ISO 8601 日期时间；'last week' 之类的字符串是错误，绝不猜测。",
        ),
        how=t(
            "Correct the value at the reported line; `threatpub schema` lists allowed values.",
            "在报告的行更正该值；`threatpub schema` 列出允许的取值。",
        ),
        example=t(
            'threatpub:\n  published: 2026-11-20T09:00+08:00   # not "next tuesday"\n'
            "  notifications:\n    - {authority: cac, level: prefecture, date: 2026-10-02}",
            "threatpub:\n"
            '  published: 2026-11-20T09:00+08:00   # 不要写 "next tuesday"\n'
            "  notifications:\n"
            "    - {authority: cac, level: prefecture, date: 2026-10-02}",
        ),
    ),
)
