"""ISO740 advisory-incomplete: the advisory elements of ISO/IEC 29147:2018 §7.4.

An element is present when the page's `advisory:` block gives it or, for the prose elements,
when the body has a section heading naming it (English or Chinese, see ``ELEMENTS``). The
title may also come from the page (front-matter `title`, first H1) and the date from
`published` / `date`. Identifier, date and title are what readers and tools key an advisory
by: without them the page is held. The other elements are one warning listing them all.

Clause numbers: only §7.4 ("advisory elements") is cited; the sub-clause of each element is
not given here because this project could not verify the numbering against the standard.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from mkdocs_threatpub.core.analysis import Slot
from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import Text, join, t, zh
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc

__all__ = ["ELEMENTS", "RULE", "Element", "heading_names", "section_headings"]


@dataclass(frozen=True)
class Element:
    """One advisory element: its `advisory:` key, its name and the headings that give it."""

    key: str
    name: Text
    headings: tuple[str, ...] = ()  # empty: only the front matter can give it
    example: str = ""  # the YAML line(s) under `advisory:`, indented by four spaces


# Held when missing: the fields an advisory is identified and listed by.
IDENTIFIER = Element(
    "identifier",
    t("identifier", "标识符"),
    example="    identifier: EXCERT-2026-001   # or a CVE ID",
)
DATE = Element("date", t("date", "发布日期"))
TITLE = Element(
    "title",
    t("title", "标题"),
    example='    title: "Authentication bypass in Example Router EX-200 firmware"',
)
# Warned when missing (prose elements: a section heading names them).
ELEMENTS: tuple[Element, ...] = (
    Element(
        "overview",
        t("overview", "概述"),
        ("overview", "summary", "executive summary", "概述", "概要", "摘要", "漏洞概述"),
        '    overview: "One paragraph: what is affected, how bad, what to do."',
    ),
    Element(
        "affected_products",
        t("affected products", "受影响产品"),
        (
            "affected products",
            "affected product",
            "affected versions",
            "affected software",
            "affected systems",
            "受影响产品",
            "受影响版本",
            "受影响的产品",
            "影响范围",
            "影响版本",
        ),
        '    affected_products: ["Example Router EX-200 firmware before 3.1.7"]',
    ),
    Element(
        "description",
        t("description", "描述"),
        (
            "description",
            "vulnerability description",
            "details",
            "technical details",
            "vulnerability details",
            "描述",
            "漏洞描述",
            "详情",
            "漏洞详情",
        ),
        '    description: "What the flaw is and under which conditions it is reachable."',
    ),
    Element(
        "impact",
        t("impact", "影响"),
        ("impact", "影响", "漏洞影响", "危害"),
        '    impact: "What an attacker can achieve."',
    ),
    Element(
        "severity",
        t("severity", "严重程度"),
        ("severity", "cvss", "risk rating", "严重程度", "危害等级", "风险等级", "漏洞等级"),
        '    severity: "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (8.8, high)"',
    ),
    Element(
        "remediation",
        t("remediation", "修复建议"),
        (
            "remediation",
            "solution",
            "solutions",
            "mitigation",
            "mitigations",
            "workaround",
            "workarounds",
            "修复建议",
            "修复方案",
            "解决方案",
            "缓解措施",
            "处置建议",
        ),
        '    remediation: "Update to firmware 3.1.7 or later."',
    ),
    Element(
        "references",
        t("references", "参考"),
        ("references", "reference", "参考", "参考资料", "参考链接"),
        '    references: ["https://www.cve.org/CVERecord?id=CVE-2026-0001"]',
    ),
    Element(
        "credit",
        t("credit", "致谢"),
        (
            "credit",
            "credits",
            "acknowledgements",
            "acknowledgments",
            "acknowledgement",
            "acknowledgment",
            "thanks",
            "致谢",
        ),
        '    credit: "Reported by Jane Doe, Example Security Research."',
    ),
    Element(
        "contact",
        t("contact", "联系方式"),
        ("contact", "contact information", "contacts", "联系方式", "联系我们"),
        '    contact: "psirt@example.org"',
    ),
    Element(
        "revisions",
        t("revision history", "修订历史"),
        (
            "revision history",
            "revisions",
            "document history",
            "changelog",
            "change log",
            "修订历史",
            "修订记录",
        ),
        '    revisions: [{date: 2026-11-23, summary: "Initial release"}]',
    ),
)


# --- Section headings (shared with GDPR34) ------------------------------------------------

# "1.", "2.3)", "A.", "一、", "（一）", "(1)": numbering in front of a section name.
_NUMBERING = re.compile(
    r"^(?:\d+(?:\.\d+)*[.)]?|[a-z][.)]|[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）])\s*"
)
_MARKUP = re.compile(r"[*_`~]|<[^>]*>|\{[#.][^}]*\}")
# Parts of "Impact and severity", "Impact / Severity", "影响与严重程度".
_PARTS = re.compile(r"\s+(?:and|und|et)\s+|\s*[&/,;、，；与及和+]\s*")


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    text = _MARKUP.sub("", text).casefold()
    text = " ".join(text.split())
    text = _NUMBERING.sub("", text)
    return text.rstrip(" :.?!。").strip()


_SECTIONS: Slot[list[tuple[str, int]]] = Slot("ISO740 section headings")


def section_headings(page: Page) -> list[tuple[str, int]]:
    """``(normalised text, line)`` of the body's section headings, without the first H1,
    which is the page's title. The headings come from the page's one block scan (shared
    with the content scan and MIIT095): ATX and setext, outside code."""
    return page.analysis.get(_SECTIONS, lambda: _section_headings(page))


def _section_headings(page: Page) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    seen_h1 = False
    for heading in page.analysis.headings:
        if heading.level == 1 and not seen_h1:
            seen_h1 = True
            continue
        found.append((_normal(heading.heading_text), page.body_line(heading.start)))
    return found


def _names(part: str, name: str) -> bool:
    # Latin names match as the heading's first words ("Impact on users"); CJK names must be
    # the whole part, so "影响" is not read into "受影响产品".
    if any("\u3000" <= ch <= "\u9fff" for ch in name):
        return part == name
    return re.match(rf"{re.escape(name)}(?!\w)", part) is not None


def heading_names(heading: str, names: tuple[str, ...]) -> bool:
    """Whether a normalised heading (or one of its parts) names one of ``names``."""
    parts = [heading, *_PARTS.split(heading)]
    return any(_names(part.strip(), name.casefold()) for part in parts for name in names)


def _in_body(page: Page, element: Element) -> bool:
    return any(heading_names(text, element.headings) for text, _ in section_headings(page))


# --- The check ---------------------------------------------------------------------------

_FIXES = {
    "identifier": t(
        "the advisory has no identifier: neither its own advisory ID nor a CVE ID",
        "安全公告没有标识符：既没有本机构的公告编号，也没有 CVE 编号",
    ),
    "date": t(
        "the advisory has no date: neither `advisory.date` nor `published` nor the page's `date`",
        "安全公告没有日期：`advisory.date`、`published` 和页面的 `date` 均未给出",
    ),
    "title": t(
        "the advisory has no title: neither `advisory.title` nor a front-matter `title` nor "
        "an H1 heading",
        "安全公告没有标题：`advisory.title`、front matter 的 `title` 和一级标题均未给出",
    ),
}


def _present(page: Page, element: Element) -> bool:
    advisory = page.meta.advisory if page.meta is not None else None
    value = getattr(advisory, element.key, None) if advisory is not None else None
    if value:
        return True
    if element is TITLE:
        return bool((page.title or "").strip()) or page.first_h1 is not None
    if element is DATE:
        return page.declared_published is not None
    return bool(element.headings) and _in_body(page, element)


def check(page: Page, context: Context) -> Iterator[Finding]:
    meta = page.meta
    if meta is None or meta.kind != "vulnerability":
        return
    line = page.line_of("advisory")
    held = [e for e in (IDENTIFIER, DATE, TITLE) if not _present(page, e)]
    # One `advisory:` snippet holding every held element: pasting any one fix fixes them all
    # without a duplicate `advisory:` key.
    today = context.day(context.now)
    lines = {
        "identifier": IDENTIFIER.example,
        "date": f"    date: {today}",
        "title": TITLE.example,
    }
    snippet = "  advisory:\n" + "\n".join(lines[e.key] for e in held)
    for element in held:
        key = page.key("advisory", element.key)
        yield Finding(
            "ISO740",
            page.line_of("advisory", element.key),
            t(
                f"{_FIXES[element.key]}; ISO/IEC 29147 §7.4 lists it among an advisory's "
                "elements, and readers and tools key an advisory by it",
                f"{zh(_FIXES[element.key])}；ISO/IEC 29147 第 7.4 节将其列为安全公告的要素，"
                "读者和工具依据它识别安全公告",
            ),
            expected=t(f"'{key}'", f"字段 '{key}'"),
            found=t("nothing", "无"),
            fix=t(
                f"add it under `advisory:` (merge into an existing `advisory:` block), for "
                f"example:\n{snippet}",
                f"在 `advisory:` 下添加（如已有 `advisory:` 块，请合并进去），例如：\n{snippet}",
            ),
            key=key,
        )
    missing = [e for e in ELEMENTS if not _present(page, e)]
    if not missing:
        return
    names = join((e.name for e in missing), ", ", "、")
    example = "  advisory:\n" + "\n".join(e.example for e in missing)
    yield Finding(
        "ISO740",
        line,
        t(
            f"the advisory lacks {len(missing)} of the elements ISO/IEC 29147 §7.4 lists: {names}",
            f"安全公告缺少 ISO/IEC 29147 第 7.4 节所列要素中的 {len(missing)} 项：{zh(names)}",
        ),
        expected=t(
            "each element as an `advisory:` key or as a section of the page (e.g. `## Impact`)",
            "每项要素以 `advisory:` 中的键或页面中的章节（例如 `## 影响`）给出",
        ),
        found=t(f"not given: {names}", f"未给出：{zh(names)}"),
        fix=t(
            "add them as sections of the page or as `advisory:` keys (merge into an existing "
            f"`advisory:` block), for example:\n{example}",
            "以页面章节或 `advisory:` 中的键补充（如已有 `advisory:` 块，请合并进去），"
            f"例如：\n{example}",
        ),
        key=page.key("advisory"),
        max_action=Action.WARN,
    )


def _heading_list() -> str:
    return "; ".join(f"{e.key}: " + ", ".join(e.headings) for e in ELEMENTS)


RULE = Rule(
    code="ISO740",
    name="advisory-incomplete",
    source="ISO/IEC 29147:2018 §7.4",
    default_action=Action.HOLD,
    profile="iso-29147",
    summary=t(
        "A vulnerability advisory lacks an element of ISO/IEC 29147 §7.4 (identifier, date "
        "or title: hold; the others: warn).",
        "漏洞安全公告缺少 ISO/IEC 29147 第 7.4 节所列要素（标识符、日期或标题：暂缓发布；"
        "其他要素：警告）。",
    ),
    check=check,
    doc=RuleDoc(
        what=t(
            "Pages with `kind: vulnerability` (an advisory), in every jurisdiction. The "
            "elements ISO/IEC 29147:2018 §7.4 lists: identifier, date, title, overview, affected "
            "products, description, impact, severity, remediation, references, credit, contact, "
            "revision history. Each is present when the `advisory:` block gives it. The title may "
            "also be the front-matter `title` or the first H1; the date may also be `published` "
            "or the page's `date`. The prose elements may also be a section heading of the body "
            "(any level below the title, outside code blocks; numbering like `3.` and markup are "
            "ignored; English names match as the heading's first words, Chinese names as the "
            "whole heading or a part of it split at 、/与/及/和). "
            f"Heading names: {_heading_list()}. "
            "A missing identifier, date or title holds the page (one finding each); the other "
            "missing elements give one warning that lists them all (each finding is capped at "
            "`warn`). Setting `rules: {ISO740: warn}` makes all of them warnings.",
            "适用于 `kind: vulnerability` 的页面（安全公告），不限管辖地区。ISO/IEC 29147:2018 "
            "第 7.4 节列出的要素：标识符、日期、标题、概述、受影响产品、描述、影响、严重程度、"
            "修复建议、参考、致谢、联系方式、修订历史。`advisory:` 块中给出的要素即视为具备。"
            "标题也可以取自 front matter 的 `title` 或第一个一级标题；日期也可以取自 `published` "
            "或页面的 `date`。文字性要素也可以是正文中的章节标题（标题以下任意级别，代码块之外；"
            "忽略 `3.` 之类的编号和标记；英文名称须为标题开头的词，中文名称须为整个标题，或以 "
            f"、/与/及/和 分隔后的一部分）。各要素的标题名称：{_heading_list()}。"
            "缺少标识符、日期或标题时暂缓发布（各报告一项发现）；缺少其他要素时给出一条警告，"
            "列出所有缺少的要素（每项发现最高为 `warn`）。设置 `rules: {ISO740: warn}` 会使"
            "所有发现都只给出警告。",
        ),
        why=t(
            "ISO/IEC 29147 describes what a vulnerability advisory contains so that users can "
            "tell whether they are affected, how serious it is and what to do, and so that the "
            "advisory can be referred to, tracked and updated. An advisory without an identifier, "
            "a date or a title cannot be cited or matched to later revisions, so it waits.",
            "ISO/IEC 29147 规定了漏洞安全公告应包含的内容，使用户能够判断自己是否受影响、"
            "严重程度如何、应当怎么做，并使公告能够被引用、跟踪和更新。缺少标识符、"
            "日期或标题的公告无法被引用，也无法与后续修订相对应，因此暂缓发布。",
        ),
        source=t(
            "ISO/IEC 29147:2018 Information technology — Security techniques — Vulnerability "
            "disclosure, §7.4 (advisory elements). Sub-clause numbers are deliberately not cited.",
            "ISO/IEC 29147:2018《信息技术 安全技术 漏洞披露》第 7.4 节（安全公告要素）。"
            "有意不引用更细的子条款编号。",
        ),
        how=t(
            "Give each element in the page's `advisory:` block, or (for the prose elements) as "
            "a section of the page such as `## Affected products` (English or Chinese "
            "headings, listed under What it checks). The title and date may come from the "
            "page's `title`/H1 and `published`/`date`.",
            "在页面的 `advisory:` 块中给出每项要素，或（对于文字性要素）以页面章节给出，例如 "
            "`## Affected products` 或 `## 修复建议`。标题和日期也可以取自页面的 `title`/"
            "一级标题和 `published`/`date`。",
        ),
        example=t(
            "threatpub:\n  kind: vulnerability\n  published: 2026-11-20T09:00+01:00\n"
            "  advisory:\n    identifier: EXCERT-2026-001\n"
            '    affected_products: ["Example Router EX-200 firmware < 3.1.7"]\n'
            '    severity: "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (8.8)"\n'
            "    credit: Jane Doe\n    contact: psirt@example.org\n"
            "    revisions: [{date: 2026-11-20, summary: Initial release}]\n"
            "# body sections: ## Overview, ## Description, ## Impact, ## Remediation, "
            "## References",
            "threatpub:\n"
            "  kind: vulnerability\n"
            "  published: 2026-11-20T09:00+01:00\n"
            "  advisory:\n"
            "    identifier: EXCERT-2026-001\n"
            '    affected_products: ["Example Router EX-200 firmware < 3.1.7"]\n'
            '    severity: "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (8.8)"\n'
            "    credit: Jane Doe\n"
            "    contact: psirt@example.org\n"
            "    revisions: [{date: 2026-11-20, summary: 首次发布}]\n"
            "# 正文章节：## 概述、## 描述、## 影响、## 修复建议、## 参考资料",
        ),
    ),
)
