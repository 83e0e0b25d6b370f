"""META020 internal-error (emitted by the engine when a rule raises)."""

from __future__ import annotations

from mkdocs_threatpub.core.findings import Action
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope

RULE = Rule(
    code="META020",
    name="internal-error",
    source="mkdocs-threatpub engine (fail closed)",
    default_action=Action.FAIL,
    summary=t(
        "The engine raised while judging the page (fail closed).",
        "引擎在判定本页时出错（失败即关闭，页面不发布）。",
    ),
    scope=Scope.ANY,
    locked=True,
    check=None,  # emitted by mkdocs_threatpub.core.engine around every rule
    doc=RuleDoc(
        what=t(
            "Nothing on the page itself: this finding appears when a rule raised an "
            "exception while judging it.",
            "不检查页面本身：当某条规则在判定本页时抛出异常，就会出现此发现项。",
        ),
        why=t(
            "A page that could not be judged is never published unchecked (fail closed).",
            "无法判定的页面绝不会未经检查就发布（失败即关闭）。",
        ),
        source=t(
            "mkdocs-threatpub: a page that cannot be read or judged is never published unchecked "
            "(it fails closed).",
            "mkdocs-threatpub 的承诺：无法读取或判定的页面绝不会未经检查就发布（失败即关闭）。",
        ),
        how=t(
            "Report the rule code and location in the message to the developers. The page "
            "fails until the rule is fixed, or until a non-locked rule is set to `off`.",
            "将消息中的规则代码和出错位置反馈给开发者。在规则修复之前，或在将非锁定规则设为 "
            "`off` 之前，本页将一直判定失败。",
        ),
        example=t(
            "plugins:\n  - threatpub:\n      rules:\n        CAC801: warn   # stopgap only",
            "plugins:\n  - threatpub:\n      rules:\n        CAC801: warn   # 仅作权宜之计",
        ),
    ),
)
