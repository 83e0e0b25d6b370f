"""META004 missing-field: a field the page's kind (or a record) needs is absent."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc


def _missing(page: Page, path: tuple[str | int, ...], what: Text, example: str) -> Finding:
    key = page.key(*path)
    return Finding(
        "META004",
        page.line_of(*path),
        t(f"'{key}' is missing: {what}", f"缺少 '{key}'：{zh(what)}"),
        expected=t(f"'{key}'", f"字段 '{key}'"),
        found=t("nothing", "无"),
        fix=t(f"add it, for example:\n{example}", f"添加该字段，例如：\n{example}"),
        key=key,
    )


def check(page: Page, context: Context) -> Iterator[Finding]:
    meta = page.meta
    if meta is None:
        if page.has_block:
            return  # schema errors already fail the page
        if any(issue.code == "META001" for issue in page.issues):
            return  # unreadable front matter (META001 fails the page): the block may be there
        yield Finding(
            "META004",
            1,
            t(
                "this page matches the `include` option but has no `threatpub:` block, so "
                "nothing says what it is or what was reported",
                "本页匹配 `include` 选项，但没有 `threatpub:` 块，无从得知本页属于哪类信息、"
                "向哪些部门报告过",
            ),
            expected=t(
                f"a '{page.meta_key}:' block with at least `kind`",
                f"至少包含 `kind` 的 '{page.meta_key}:' 块",
            ),
            found=t("no block", "没有该块"),
            fix=t(
                f"add to the front matter:\n{page.meta_key}:\n  kind: vulnerability",
                f"在 front matter 中添加：\n{page.meta_key}:\n  kind: vulnerability",
            ),
            key=page.meta_key,
        )
        return
    if meta.kind is None:
        yield _missing(
            page,
            ("kind",),
            t("what the page is decides which rules apply", "页面类型决定适用哪些规则"),
            "  kind: vulnerability   # incident | analysis | malware | breach | general",
        )
    if meta.kind == "incident" and (meta.incident is None or meta.incident.region is None):
        yield _missing(
            page,
            ("incident", "region"),
            t(
                "where the incident happened decides which public security organ "
                "must be told (Art. 5)",
                "事件发生地决定须向哪一级公安机关报告（第五条）",
            ),
            '  incident:\n    region: "110105"   # GB/T 2260 code',
        )
    if meta.kind == "analysis" and (
        meta.scope is None or not (meta.scope.regions or meta.scope.sectors or meta.scope.national)
    ):
        yield _missing(
            page,
            ("scope",),
            t(
                "the regions and sectors an analysis covers decide who must be told (Art. 6)",
                "分析报告涉及的地区和行业决定须向哪些部门报告（第六条）",
            ),
            '  scope:\n    regions: ["110000"]\n    sectors: [energy]',
        )
    if meta.target is not None and not meta.target.operator:
        yield _missing(
            page,
            ("target", "operator"),
            t("whose network or system is concerned", "涉及哪个网络运营者的网络或系统"),
            "  target:\n    operator: Example Power Co.",
        )
    for index, note in enumerate(meta.notifications):
        for name in ("authority", "date"):
            if getattr(note, name) is None:
                yield _missing(
                    page,
                    ("notifications", index, name),
                    t("a notification without it counts for nothing", "缺少该项的报告记录不予认可"),
                    "  notifications:\n    - authority: public-security\n"
                    "      level: prefecture\n      date: 2026-10-02",
                )
    if meta.operator_opinion is not None and meta.operator_opinion.status is None:
        yield _missing(
            page,
            ("operator_opinion", "status"),
            t(
                "requested, received or refused",
                "已征求（requested）、已收到（received）或被拒绝（refused）",
            ),
            "  operator_opinion:\n    status: received\n    date: 2026-10-01",
        )
    if meta.repair is not None and meta.repair.status is None:
        yield _missing(
            page,
            ("repair", "status"),
            t(
                "unfixed, mitigated or fixed",
                "未修复（unfixed）、已缓解（mitigated）或已修复（fixed）",
            ),
            "  repair:\n    status: fixed\n    date: 2026-10-15",
        )
    for index, allow in enumerate(meta.allow):
        if not allow.rule:
            yield _missing(
                page,
                ("allow", index, "rule"),
                t("which content finding is accepted", "所接受的是哪一条内容发现项"),
                '  allow:\n    - rule: CAC403\n      reason: "..."',
            )


RULE = Rule(
    code="META004",
    name="missing-field",
    source="mkdocs-threatpub front-matter schema (`threatpub schema`)",
    default_action=Action.HOLD,
    summary=t(
        "A field the page's `kind` or one of its records needs is absent.",
        "缺少页面 `kind` 或其某条记录所需的字段。",
    ),
    check=check,
    reads_clock=False,  # page and settings only: cached by source hash
    doc=RuleDoc(
        what=t(
            "That a threat-information page says what it is (`kind`) and carries the fields "
            "its kind needs: `incident.region` for incidents, `scope` for analyses, "
            "`target.operator` when a target is named, and `authority` and `date` on every "
            "notification. A page matched by `include` without any `threatpub:` block is held "
            "here too.",
            "检查威胁信息页面是否说明了自身类型（`kind`），并带有该类型所需的字段：事件页面需要 "
            "`incident.region`，分析报告需要 `scope`，指明目标时需要 `target.operator`，"
            "每条报告记录需要 `authority` 和 `date`。被 `include` 匹配但没有 `threatpub:` "
            "块的页面，也由本规则暂缓发布。",
        ),
        why=t(
            "Without these fields the paperwork rules cannot tell whom the page had to be "
            "reported to, so the page waits until the author says.",
            "缺少这些字段，报告类规则就无法判断本页须事先向谁报告，因此页面暂缓发布，"
            "直到作者补充说明。",
        ),
        source=t(
            'mkdocs-threatpub\'s front-matter rules (README, "Front matter"); CAC Measures Art. '
            "5, 6, 8, 12.",
            "mkdocs-threatpub 的 front matter 规则（README“Front matter”一节）；"
            "《网络安全威胁信息发布管理办法（征求意见稿）》第五条、第六条、第八条、第十二条。",
        ),
        how=t(
            "Add the field named in the message, with the value that is true for the page.",
            "添加消息中指出的字段，填写与本页实际情况相符的值。",
        ),
        example='threatpub:\n  kind: incident\n  incident:\n    region: "440305"',
    ),
)
