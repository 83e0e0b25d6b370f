"""GDPR34 subject-notice-incomplete: what Article 34(2) requires a breach notice to say.

Art. 34(2): the communication to data subjects describes the nature of the personal data
breach and contains at least the information and measures of Art. 33(3)(b)-(d): a contact
point, the likely consequences, the measures taken or proposed. Each is present when the
`breach_notice:` block gives it or a section heading of the page names it; the heading list
is short on purpose (English, German, French, Chinese) and is printed by `threatpub explain`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import Text, join, t, zh
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc
from mkdocs_threatpub.rules.iso740_advisory_incomplete import heading_names, section_headings

__all__ = ["PARTS", "RULE", "NoticePart"]


@dataclass(frozen=True)
class NoticePart:
    """One required part: its `breach_notice:` key, its name, the headings that give it."""

    key: str
    name: Text
    source: Text
    headings: tuple[str, ...]
    example: str


PARTS: tuple[NoticePart, ...] = (
    NoticePart(
        "nature",
        t("the nature of the breach", "数据泄露的性质"),
        t("Art. 34(2)", "第 34 条第 2 款"),
        (
            "nature of the breach",
            "what happened",
            "description of the breach",
            "was ist passiert",
            "art der verletzung",
            "que s'est-il passé",
            "nature de la violation",
            "事件经过",
            "泄露性质",
            "数据泄露的性质",
            "发生了什么",
        ),
        '    nature: "An attacker copied names and e-mail addresses of 12,000 subscribers."',
    ),
    NoticePart(
        "contact",
        t("a contact point", "联系人"),
        t("Art. 33(3)(b)", "第 33 条第 3 款 (b) 项"),
        (
            "contact",
            "contact point",
            "data protection officer",
            "dpo",
            "kontakt",
            "ansprechpartner",
            "datenschutzbeauftragter",
            "datenschutzbeauftragte",
            "délégué à la protection des données",
            "联系方式",
            "联系人",
            "数据保护官",
        ),
        '    contact: "Data protection officer, dpo@example.org, +49 30 1234567"',
    ),
    NoticePart(
        "consequences",
        t("the likely consequences", "可能的后果"),
        t("Art. 33(3)(c)", "第 33 条第 3 款 (c) 项"),
        (
            "likely consequences",
            "consequences",
            "what this means for you",
            "mögliche folgen",
            "folgen",
            "conséquences",
            "conséquences probables",
            "可能的后果",
            "可能后果",
            "后果",
        ),
        '    consequences: "Expect phishing e-mails that quote your name."',
    ),
    NoticePart(
        "measures",
        t("the measures taken or proposed", "已采取或拟采取的措施"),
        t("Art. 33(3)(d)", "第 33 条第 3 款 (d) 项"),
        (
            "measures taken",
            "measures",
            "what we did",
            "what we are doing",
            "what you can do",
            "maßnahmen",
            "ergriffene maßnahmen",
            "was sie tun können",
            "mesures prises",
            "mesures",
            "已采取的措施",
            "采取的措施",
            "应对措施",
            "措施",
        ),
        '    measures: "We closed the exposed endpoint and reset all API keys on 2026-11-12."',
    ),
)


def _present(page: Page, part: NoticePart) -> bool:
    notice = page.meta.breach_notice if page.meta is not None else None
    if notice is not None and getattr(notice, part.key):
        return True
    return any(heading_names(text, part.headings) for text, _ in section_headings(page))


def check(page: Page, context: Context) -> Iterator[Finding]:
    meta = page.meta
    if meta is None or meta.kind != "breach":
        return
    missing = [part for part in PARTS if not _present(page, part)]
    if not missing:
        return
    names = join((p.name for p in missing), ", ", "、")
    sources = join((p.source for p in missing), ", ", "、")
    example = "  breach_notice:\n" + "\n".join(p.example for p in missing)
    yield Finding(
        "GDPR34",
        page.line_of("breach_notice"),
        t(
            f"the breach notice does not give {names} (GDPR {sources}): Art. 34(2) "
            "requires a notice to data subjects to say them in clear and plain language",
            f"数据泄露公告未说明{zh(names)}（GDPR {zh(sources)}）：第 34 条第 2 款要求"
            "向数据主体发出的通知以清晰平实的语言说明这些内容",
        ),
        expected=t(
            "each part as a `breach_notice:` key or a section of the page (e.g. `## Contact`)",
            "每项内容以 `breach_notice:` 中的键或页面中的章节（例如 `## 联系方式`）给出",
        ),
        found=t(f"not given: {names}", f"未给出：{zh(names)}"),
        fix=t(
            "add them as sections of the notice or as `breach_notice:` keys (merge into an "
            f"existing `breach_notice:` block), for example:\n{example}",
            "以公告章节或 `breach_notice:` 中的键补充（如已有 `breach_notice:` 块，请合并"
            f"进去），例如：\n{example}",
        ),
        key=page.key("breach_notice"),
    )


def _heading_list() -> str:
    return "; ".join(f"{p.key}: " + ", ".join(p.headings) for p in PARTS)


RULE = Rule(
    code="GDPR34",
    name="subject-notice-incomplete",
    source="GDPR Art. 34(2), Art. 33(3)(b)-(d)",
    default_action=Action.WARN,
    profile="gdpr",
    summary=t(
        "A breach notice lacks the nature of the breach, a contact point, the likely "
        "consequences or the measures taken.",
        "数据泄露公告缺少泄露的性质、联系人、可能的后果或已采取的措施。",
    ),
    check=check,
    reads_clock=False,  # page and settings only: cached by source hash
    doc=RuleDoc(
        what=t(
            "Pages with `kind: breach` (a public breach notice), whoever publishes them. Four "
            "parts: the nature of the breach (`breach_notice.nature`), a contact point "
            "(`contact`), the likely consequences (`consequences`), the measures taken or "
            "proposed (`measures`). Each is present when the `breach_notice:` block gives it, or "
            "when a section heading of the page names it (any level below the title, outside "
            "code blocks; case, markup and numbering ignored; Latin names match as the heading's "
            "first words, Chinese names as the whole heading or a part of it). Heading names: "
            f"{_heading_list()}. One warning lists every missing part.",
            "适用于 `kind: breach` 的页面（公开的数据泄露公告），无论由谁发布。四项内容：泄露的"
            "性质（`breach_notice.nature`）、联系人（`contact`）、可能的后果（`consequences`）、"
            "已采取或拟采取的措施（`measures`）。`breach_notice:` 块中给出的，或页面的章节标题"
            "指明的（标题以下任意级别，代码块之外；忽略大小写、标记和编号；拉丁字母名称须为标题"
            "开头的词，中文名称须为整个标题或其一部分），即视为具备。各项的标题名称："
            f"{_heading_list()}。缺少的各项在一条警告中一并列出。",
        ),
        why=t(
            "GDPR Art. 34(2): the communication to the data subject shall describe in clear and "
            "plain language the nature of the personal data breach and contain at least the "
            "information and measures referred to in Art. 33(3)(b), (c) and (d): the name and "
            "contact details of the data protection officer or another contact point, the likely "
            "consequences of the breach, and the measures taken or proposed to address it, "
            "including measures to mitigate its possible adverse effects.",
            "GDPR 第 34 条第 2 款：向数据主体发出的通知应当以清晰、平实的语言描述个人数据泄露的性"
            "质，并至少包含第 33 条第 3 款 (b)、(c)、(d) 项所述的信息和措施："
            "数据保护官或其他联系人的姓名和联系方式、泄露可能造成的后果，"
            "以及为处理泄露已采取或拟采取的措施，包括减轻其可能不利影响的措施。",
        ),
        source=t(
            "Regulation (EU) 2016/679 (GDPR), Art. 34(2) with Art. 33(3)(b)-(d).",
            "欧盟第 2016/679 号条例（GDPR）第 34 条第 2 款及第 33 条第 3 款 (b)–(d) 项。",
        ),
        how=t(
            "Give each part as a section of the notice (`## What happened`, `## Contact`, "
            "`## Likely consequences`, `## Measures taken`, or the German, French or Chinese "
            "headings listed) or as a `breach_notice:` key.",
            "以公告章节（`## 事件经过`、`## 联系方式`、`## 可能的后果`、`## 已采取的措施`，"
            "或所列的英文、德文、法文标题）或 `breach_notice:` 中的键给出每项内容。",
        ),
        example=t(
            "threatpub:\n  kind: breach\n  breach_notice:\n"
            "    nature: Names and e-mail addresses of newsletter subscribers were copied.\n"
            "    contact: dpo@example.org\n"
            "    consequences: Phishing e-mails that quote your name.\n"
            "    measures: The endpoint was closed and all API keys were reset.",
            "threatpub:\n"
            "  kind: breach\n"
            "  breach_notice:\n"
            "    nature: 简报订阅者的姓名和电子邮件地址被复制。\n"
            "    contact: dpo@example.org\n"
            "    consequences: 您可能收到冒用您姓名的钓鱼邮件。\n"
            "    measures: 已关闭该接口，并重置全部 API 密钥。",
        ),
    ),
)
