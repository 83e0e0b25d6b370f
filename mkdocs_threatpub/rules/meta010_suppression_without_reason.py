"""META010 suppression-without-reason."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope


def check(page: Page, context: Context) -> Iterator[Finding]:
    for allow in page.analysis.inline_allows:
        if not allow.reason:
            yield Finding(
                "META010",
                allow.line,
                t(
                    f"the inline allow for {allow.rule} does not say why",
                    f"针对 {allow.rule} 的行内 allow 未说明理由",
                ),
                expected=t(
                    'a reason: <!-- threatpub: allow CODE reason="…" -->',
                    '写明理由：<!-- threatpub: allow CODE reason="…" -->',
                ),
                found=t("no reason", "没有理由"),
                fix=t(
                    f'write it as <!-- threatpub: allow {allow.rule} reason="why this is '
                    'acceptable, and who reviewed it" -->',
                    f'改写为 <!-- threatpub: allow {allow.rule} reason="可以接受的理由，以及'
                    '由谁审核" -->',
                ),
            )
    if page.meta is None:
        return
    for index, entry in enumerate(page.meta.allow):
        if not (entry.reason or "").strip():
            key = page.key("allow", index)
            example = (
                f"  allow:\n    - rule: {entry.rule or 'CAC403'}\n"
                '      reason: "steps stop before code execution; reviewed with the vendor"'
            )
            yield Finding(
                "META010",
                page.line_of("allow", index),
                t(
                    f"'{key}' accepts {entry.rule or 'a finding'} without saying why",
                    f"'{key}' 接受了 {entry.rule} 但未说明理由"
                    if entry.rule
                    else f"'{key}' 接受了一项发现但未说明理由",
                ),
                expected=t(
                    "a `reason` written by the person who reviewed the finding",
                    "由复核该发现项的人员填写的 `reason`",
                ),
                found=t("no reason", "没有理由"),
                fix=t(
                    f"add a reason, for example:\n{example}",
                    f"添加理由，例如：\n{example}",
                ),
                key=f"{key}.reason",
            )


RULE = Rule(
    code="META010",
    name="suppression-without-reason",
    source="mkdocs-threatpub suppressions (README: Accepting a content finding)",
    default_action=Action.FAIL,
    summary=t("An `allow` with no reason.", "`allow` 未说明理由。"),
    scope=Scope.ANY,
    locked=True,
    check=check,
    reads_clock=False,  # page and settings only: cached by source hash
    doc=RuleDoc(
        what=t(
            "That every `allow` entry in the front matter and every inline allow comment (`<!-- "
            'threatpub: allow CODE reason="…" -->`) gives a reason.',
            "检查 front matter 中的每个 `allow` 条目和每条行内 allow 注释（`<!-- threatpub: allow "
            'CODE reason="…" -->`）是否写明理由。',
        ),
        why=t(
            "Accepting content that the Measures forbid is a person's decision; the reason is "
            "the record of it. An unexplained suppression is indistinguishable from a mistake.",
            "接受网信办《办法》禁止发布的内容是由人作出的决定，理由就是这一决定的记录。"
            "未说明理由的豁免与失误无从区分。",
        ),
        source=t(
            'mkdocs-threatpub suppressions (README, "Accepting a content finding"): a suppression '
            "without a reason is itself an error.",
            "mkdocs-threatpub 的豁免规则（README“Accepting a content finding”一节）："
            "未说明理由的豁免本身就是错误。",
        ),
        how=t(
            "Write why publishing the flagged content is acceptable, and who approved it.",
            "写明发布被标记内容可以接受的理由，以及由谁批准。",
        ),
        example=t(
            'threatpub:\n  allow:\n    - rule: CAC403\n      reason: "steps stop before '
            'code execution"\n      approved_by: security-review\n      expires: 2027-06-01',
            "threatpub:\n"
            "  allow:\n"
            "    - rule: CAC403\n"
            '      reason: "复现步骤止于代码执行之前"\n'
            "      approved_by: security-review\n"
            "      expires: 2027-06-01",
        ),
    ),
)
