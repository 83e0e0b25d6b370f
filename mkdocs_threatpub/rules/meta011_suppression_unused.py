"""META011 suppression-unused (emitted by the engine's suppression step)."""

from __future__ import annotations

from mkdocs_threatpub.core.findings import Action
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope

RULE = Rule(
    code="META011",
    name="suppression-unused",
    source="mkdocs-threatpub suppressions (README: Accepting a content finding)",
    default_action=Action.WARN,
    summary=t(
        "An `allow` that matches no finding, or has expired.",
        "`allow` 未匹配任何发现项，或已过期。",
    ),
    scope=Scope.ANY,
    check=None,  # emitted by mkdocs_threatpub.core.suppress after every other rule ran
    doc=RuleDoc(
        what=t(
            "That every `allow` entry still accepts a finding on its page, and has not expired.",
            "检查每个 `allow` 条目是否仍在其页面上接受某个发现项，且尚未过期。",
        ),
        why=t(
            "A stale suppression would silently accept the next problem of the same kind on "
            "that page. Expired entries stop suppressing and are reported.",
            "过时的豁免会悄悄接受该页面上下一个同类问题。过期的条目不再起豁免作用，并会被报告。",
        ),
        source=t(
            'mkdocs-threatpub suppressions (README, "Accepting a content finding"): an expired '
            "suppression stops suppressing; one that matches nothing is reported as unused.",
            "mkdocs-threatpub 的豁免规则（README“Accepting a content finding”一节）："
            "过期的豁免不再起作用；未匹配任何发现项的豁免会作为未使用项报告。",
        ),
        how=t(
            "Remove the entry, or review the finding again and renew `expires`.",
            "删除该条目，或重新复核该发现项并更新 `expires`。",
        ),
        example=t(
            "threatpub:\n  allow: []   # the reviewed content was removed",
            "threatpub:\n  allow: []   # 经审核的内容已删除",
        ),
    ),
)
