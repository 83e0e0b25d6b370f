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
        what="That every page's front matter (the YAML between the first two '---' lines) "
        "parses as a YAML mapping, that the file is UTF-8, and that the block is closed.",
        why="MkDocs renders a page whose front matter does not parse as if it had none, so a "
        "`threatpub:` block with a typo would be published as text and its page never judged. "
        "A page that cannot be read is never published unchecked.",
        source="mkdocs-threatpub: a page that cannot be read or judged is never published "
        "unchecked (it fails closed); MkDocs `mkdocs.utils.meta.get_data`.",
        how=t(
            "Fix the YAML at the reported line: indentation, a missing colon, an unquoted "
            "value that starts with a special character, or a missing closing '---'.",
            "在报告的行修正 YAML：缩进、缺少冒号、以特殊字符开头而未加引号的值，"
            "或缺少结束的 '---' 行。",
        ),
        example="---\ntitle: Heap overflow in Example gateway\nthreatpub:\n"
        "  kind: vulnerability\n---",
    ),
)
