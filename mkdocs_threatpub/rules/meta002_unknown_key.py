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
        what="That every key under `threatpub:` is part of the schema; the message suggests "
        "the closest known key.",
        why="A misspelt key is a record the rules cannot see: `notificatons:` would leave the "
        "page judged as if nothing had been reported, and `embargo_untl:` would publish an "
        "embargoed advisory. Failing makes the typo visible at once.",
        source='mkdocs-threatpub\'s front-matter rules (README, "Front matter"): unknown keys '
        'inside `threatpub:` are errors, with a "did you mean".',
        how=t(
            "Rename the key as suggested, or remove it. `threatpub schema` prints every key.",
            "按提示更正键名，或删除该键。`threatpub schema` 列出所有键。",
        ),
        example="threatpub:\n  kind: vulnerability\n"
        "  embargo_until: 2026-12-01   # not embargo_untl",
    ),
)
