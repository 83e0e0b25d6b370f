"""META002 unknown-key."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope


def check(page: Page, context: Context) -> Iterator[Finding]:
    yield from (issue for issue in page.issues if issue.code == "META002")


RULE = Rule(
    code="META002",
    name="unknown-key",
    source="mkdocs-threatpub front-matter schema (`threatpub schema`)",
    default_action=Action.FAIL,
    summary=t(
        "A key under `threatpub:` is not in the schema.",
        "`threatpub:` 下的某个键不在 schema 中。",
    ),
    scope=Scope.ANY,
    locked=True,
    check=check,
    reads_clock=False,  # page and settings only: cached by source hash
    doc=RuleDoc(
        what=t(
            "That every key under `threatpub:` is part of the schema; the message suggests "
            "the closest known key.",
            "检查 `threatpub:` 下的每个键是否都在 schema 中；消息会给出最接近的已知键名。",
        ),
        why=t(
            "A misspelt key is a record the rules cannot see: `notificatons:` would leave the "
            "page judged as if nothing had been reported, and `embargo_untl:` would publish an "
            "embargoed advisory. Failing makes the typo visible at once.",
            "拼错的键是规则看不到的记录：写成 `notificatons:` 时，页面会被当作从未报告来判定；"
            "写成 `embargo_untl:` 时，仍在禁发期内的安全公告会被发布。判定失败能让笔误立即显现。",
        ),
        source=t(
            'mkdocs-threatpub\'s front-matter rules (README, "Front matter"): unknown keys '
            'inside `threatpub:` are errors, with a "did you mean".',
            "mkdocs-threatpub 的 front matter 规则（README“Front matter”一节）：`threatpub:` "
            "下的未知键是错误，并会给出可能想写的键名。",
        ),
        how=t(
            "Rename the key as suggested, or remove it. `threatpub schema` prints every key.",
            "按提示更正键名，或删除该键。`threatpub schema` 列出所有键。",
        ),
        example=t(
            "threatpub:\n  kind: vulnerability\n  embargo_until: 2026-12-01   # not embargo_untl",
            "threatpub:\n  kind: vulnerability\n  embargo_until: 2026-12-01   # 不是 embargo_untl",
        ),
    ),
)
