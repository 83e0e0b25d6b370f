"""MIIT095 remediation-missing: Article 9(5), publish the fix or mitigation with the flaw.

Satisfied by a ``repair`` record that names a measure (status ``fixed`` or ``mitigated``;
``unfixed`` says there is none), or by a heading in the body whose words include one of the
section names below, followed by some content before the next heading of the same or a
higher level. Headings come from the page's scanned document (one linear pass, shared with
the content rules), so a heading inside a code block does not count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc
from mkdocs_threatpub.scanners.scan import document_for

# English section names as whole words (singular or plural), Chinese ones as substrings
# (traditional forms too). 修补措施 and 防范措施 are the Article's own words.
_ENGLISH = ("remediation", "mitigation", "workaround", "solution")
_CHINESE = (
    "修复建议", "修復建議", "缓解措施", "緩解措施", "解决方案", "解決方案",
    "修补措施", "修補措施", "防范措施", "防範措施", "修复方案", "修復方案",
)  # fmt: skip
_WORDS = re.compile(r"\b(?:" + "|".join(_ENGLISH) + r")s?\b")
MEASURED = frozenset({"fixed", "mitigated"})

_EXAMPLE = (
    "## Remediation\n\nUpgrade to firmware 3.1.7. If you cannot, restrict the management\n"
    "interface to a dedicated VLAN.\n\n"
    "# or in the front matter:\nthreatpub:\n  repair:\n    status: mitigated\n"
    '    reference: "disable remote management (vendor notice EXN-2026-044)"'
)


def is_remedy_title(text: str) -> bool:
    """Whether a heading's text names a remediation section (after NFKC and casefold)."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    return bool(_WORDS.search(normal)) or any(word in normal for word in _CHINESE)


def remedy_section(page: Page) -> int | None:
    """The line of the first remediation heading with content under it, else ``None``."""
    doc = document_for(page)
    headings = doc.headings
    content = sorted(
        s.line for s in doc.segments if s.kind not in ("heading", "html_comment") and s.text.strip()
    )
    for index, (line, level, text) in enumerate(headings):
        if not is_remedy_title(text):
            continue
        end = next((h[0] for h in headings[index + 1 :] if h[1] <= level), None)
        if any(line < at and (end is None or at < end) for at in content):
            return line
    return None


def check(page: Page, context: Context) -> Iterator[Finding]:
    meta = page.meta
    if meta is None or meta.kind != "vulnerability":
        return
    status = meta.repair.status if meta.repair is not None else None
    if status in MEASURED or remedy_section(page) is not None:
        return
    found = (
        t(
            f"repair.status: {status} and no remediation section",
            f"repair.status: {status}，且没有修复建议章节",
        )
        if status
        else t(
            "no `repair` record and no remediation section",
            "没有 `repair` 记录，也没有修复建议章节",
        )
    )
    example = (
        '  repair:\n    status: mitigated\n    reference: "the measure, e.g. the setting to '
        'change or the access to restrict"'
    )
    yield Finding(
        "MIIT095",
        page.line_of("kind"),
        t(
            "the page publishes a vulnerability without a fix or mitigation; Article 9(5) "
            "requires publishing the repair or preventive measures together with it",
            "本页发布漏洞信息，但没有同时发布修补或者防范措施；第九条第（五）项要求同步发布"
            "网络产品安全漏洞修补或者防范措施",
        ),
        expected=t(
            "a section titled Remediation, Mitigation, Workaround or Solution (修复建议, 缓解措施, "
            "解决方案) with content, or repair.status fixed or mitigated",
            "有内容的修复建议、缓解措施或解决方案（Remediation、Mitigation、Workaround、Solution）"
            "章节，或 repair.status 为 fixed 或 mitigated",
        ),
        found=found,
        fix=t(
            "add a Remediation section saying what readers should do, or record the measure "
            f"that exists, for example:\n{example}",
            "添加修复建议章节，说明读者应采取的措施；或记录已有的修补或防范措施，例如：\n"
            f"{example}",
        ),
        key=page.key("kind"),
    )


RULE = Rule(
    code="MIIT095",
    name="remediation-missing",
    source="MIIT Regulations Art. 9(5)",
    default_action=Action.HOLD,
    profile="miit-2021",
    summary=t(
        "A vulnerability page needs a fix or mitigation published with it.",
        "发布漏洞信息须同步发布修补或者防范措施。",
    ),
    check=check,
    reads_clock=False,  # page and settings only: cached by source hash
    doc=RuleDoc(
        what=t(
            "Pages with `kind: vulnerability`. Satisfied by `repair.status: fixed` or "
            "`mitigated` (a record of the measure; `unfixed` says there is none), or by a "
            "heading in the body (ATX `##` or setext, any level, outside code) whose words "
            "include Remediation, Mitigation, Workaround or Solution (singular or plural, any "
            "case, e.g. '5. Remediation and workarounds'), or 修复建议, 缓解措施, 解决方案, "
            "修补措施, 防范措施, 修复方案 (traditional forms too), with some content under it "
            "before the next heading of the same or a higher level. An empty section does not "
            "count.",
            "适用于 `kind: vulnerability` 的页面。满足以下任一条件即可：`repair.status` 为 "
            "`fixed` 或 `mitigated`（即有措施的记录；`unfixed` 表示没有措施）；"
            "或正文中（代码之外）有任意级别的标题（ATX `##` 或 setext 形式），其中含有 "
            "Remediation、Mitigation、Workaround 或 Solution（单复数、大小写均可，例如 '5. "
            "Remediation and workarounds'），或修复建议、缓解措施、解决方案、修补措施、防范措施、"
            "修复方案（繁体亦可），且在下一个同级或更高级标题之前有内容。空章节不算。",
        ),
        why=t(
            "Article 9(5) of the Regulations on the Management of Network Product Security "
            "Vulnerabilities: repair or preventive measures for the vulnerability shall be "
            "published at the same time (第九条第（五）项：应当同步发布网络产品安全漏洞修补或者"
            "防范措施). Readers who learn of a flaw need to know what to do about it.",
            "《网络产品安全漏洞管理规定》第九条第（五）项：应当同步发布网络产品安全漏洞修补或者防"
            "范措施。得知漏洞的读者需要知道该怎么办。",
        ),
        source=t(
            "Regulations on the Management of Network Product Security Vulnerabilities "
            "(MIIT, CAC, MPS; in force 2021-09-01), Art. 9(5).",
            "《网络产品安全漏洞管理规定》（工业和信息化部、国家互联网信息办公室、公安部，"
            "2021-09-01 起施行）第九条第（五）项。",
        ),
        how=t(
            "Add a Remediation, Mitigation or Workaround section (or its Chinese title) that "
            "says what to do, or record `repair.status: fixed` or `mitigated`.",
            "添加修复建议（Remediation）或缓解措施（Mitigation）章节，说明应采取的措施；或记录 "
            "`repair.status: fixed` 或 `mitigated`。",
        ),
        example=t(
            _EXAMPLE,
            "## 修复建议\n\n升级到固件 3.1.7。如无法升级，请将管理接口限制在专用 VLAN 内。\n\n"
            "# 或在 front matter 中：\nthreatpub:\n  repair:\n    status: mitigated\n"
            '    reference: "关闭远程管理（厂商公告 EXN-2026-044）"',
        ),
    ),
)
