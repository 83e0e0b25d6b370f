"""META001 front-matter-unparsable."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope


def check(page: Page, context: Context) -> Iterator[Finding]:
    yield from (issue for issue in page.issues if issue.code == "META001")


RULE = Rule(
    code="META001",
    name="front-matter-unparsable",
    source="mkdocs-threatpub engine (fail closed)",
    default_action=Action.FAIL,
    summary=t(
        "The page's YAML front matter does not parse.",
        "页面的 YAML front matter 无法解析。",
    ),
    scope=Scope.ANY,
    locked=True,
    check=check,
    reads_clock=False,  # page and settings only: cached by source hash
    doc=RuleDoc(
        what=t(
            "That every page's front matter (the YAML between the first two '---' lines) "
            "parses as a YAML mapping, that the file is UTF-8, and that the block is closed.",
            "检查每个页面的 front matter（前两行 '---' 之间的 YAML）能否解析为 YAML 映射、"
            "文件是否为 UTF-8 编码，以及该块是否已闭合。",
        ),
        why=t(
            "MkDocs renders a page whose front matter does not parse as if it had none, so a "
            "`threatpub:` block with a typo would be published as text and its page never judged. "
            "A page that cannot be read is never published unchecked.",
            "front matter 无法解析时，MkDocs 会把页面当作没有 front matter 来渲染：带有笔误的 "
            "`threatpub:` 块会作为正文发布，而该页面根本不会被判定。无法读取的页面绝不会未经检查就"
            "发布。",
        ),
        source=t(
            "mkdocs-threatpub: a page that cannot be read or judged is never published unchecked "
            "(it fails closed); MkDocs `mkdocs.utils.meta.get_data`.",
            "mkdocs-threatpub 的承诺：无法读取或判定的页面绝不会未经检查就发布（失败即关闭）；"
            "MkDocs 的 `mkdocs.utils.meta.get_data`。",
        ),
        how=t(
            "Fix the YAML at the reported line: indentation, a missing colon, an unquoted "
            "value that starts with a special character, or a missing closing '---'.",
            "在报告的行修正 YAML：缩进、缺少冒号、以特殊字符开头而未加引号的值，"
            "或缺少结束的 '---' 行。",
        ),
        example=t(
            "---\ntitle: Heap overflow in Example gateway\nthreatpub:\n  kind: vulnerability\n---",
            "---\ntitle: Example 网关堆溢出漏洞\nthreatpub:\n  kind: vulnerability\n---",
        ),
    ),
)
