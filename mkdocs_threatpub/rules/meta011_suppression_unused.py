"""META011 suppression-unused: an acceptance that accepts nothing.

The engine's suppression step (``core/suppress.py``) finds them; :func:`finding` words them.
"""

from __future__ import annotations

from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope
from mkdocs_threatpub.core.suppress import UnusedAllow

__all__ = ["RULE", "finding"]

_NONE = t("none", "没有")


def finding(unused: UnusedAllow) -> Finding:
    rule, key = unused.rule, unused.key
    if unused.kind == "expired":
        return Finding(
            "META011",
            unused.line,
            t(
                f"'{key}' for {rule} expired on {unused.expired} and no longer suppresses anything",
                f"针对 {rule} 的 '{key}' 已于 {unused.expired} 过期，不再接受任何发现项",
            ),
            expected=t("an allow entry that has not expired", "未过期的 allow 条目"),
            found=t(f"expires {unused.expired}", f"过期日期 {unused.expired}"),
            fix=t(
                "review the finding again and renew `expires`, or remove the entry",
                "重新复核该发现项并更新 `expires`，或删除该条目",
            ),
            key=key,
        )
    if unused.kind == "inline":
        return Finding(
            "META011",
            unused.line,
            t(
                f"the inline allow for {rule} covers lines {unused.first}–{unused.last}, where "
                "there is no such finding",
                f"针对 {rule} 的行内 allow 覆盖第 {unused.first}–{unused.last} 行，"
                "但这些行中没有该发现项",
            ),
            expected=t(
                f"a {rule} finding on the comment's line or the block below",
                f"注释所在行或其下方的块中有 {rule} 发现项",
            ),
            found=_NONE,
            fix=t(
                "remove the comment, or move it right above the content it accepts",
                "删除该注释，或将其移到所接受内容的正上方",
            ),
        )
    if unused.kind == "baseline":
        count = unused.count
        return Finding(
            "META011",
            unused.line,
            t(
                f"the baseline accepts {count} finding(s) on this page that no longer occur",
                f"基线文件接受了本页 {count} 项已不再出现的发现项",
            ),
            expected=t(
                "baseline entries that match current findings",
                "与当前发现项相符的基线条目",
            ),
            found=t(
                f"{count} stale entr{'y' if count == 1 else 'ies'}",
                f"{count} 条过时条目",
            ),
            fix=t(
                "run `threatpub baseline` to rewrite the baseline from the current findings",
                "运行 `threatpub baseline`，根据当前发现项重写基线文件",
            ),
        )
    return Finding(
        "META011",
        unused.line,
        t(
            f"'{key}' allows {rule} but the page has no such finding",
            f"'{key}' 接受 {rule}，但本页没有该发现项",
        ),
        expected=t(f"a {rule} finding on this page", f"本页有 {rule} 发现项"),
        found=_NONE,
        fix=t(
            "remove the entry (the content it accepted is gone)",
            "删除该条目（其所接受的内容已不存在）",
        ),
        key=key,
    )


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
    check=None,  # made by `finding` from what the suppression step found unused
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
