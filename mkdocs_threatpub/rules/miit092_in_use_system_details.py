"""MIIT092 in-use-system-details: Article 9(2), no vulnerability details of a system in use.

"Technical detail" is decided cheaply from what the page scan already has (no new parse):

* every fenced code block with content (a command, a request, a config, a diagram), in
  block quotes, list items and admonitions too (the page's block scan finds them): in an
  advisory about an operator's system there is no harmless place for one;
* the hits of the Article 4 detectors that describe how to attack a system: malicious code
  (CAC401), attack tools (CAC402), reproduction steps (CAC403), network details such as
  internal addresses, host inventories and device configuration (CAC405), and assessment or
  penetration-test reports (CAC406). They come from ``hits_for``, the one scan per page the
  content rules share, and are reported on every line where they occur.

Left out on purpose: inline code (product names and versions are written that way), leaked
data (CAC404, not a detail of the system) and indented blocks without a fence, which
Markdown also uses for admonition and list content (the detectors still read them).
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import Text, join, t, zh
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc
from mkdocs_threatpub.scanners.document import code_block_place
from mkdocs_threatpub.scanners.scan import hits_for

# The Article 4 rules whose hits are technical detail of the system or of an attack on it.
DETAIL_RULES = frozenset({"CAC401", "CAC402", "CAC403", "CAC405", "CAC406"})


def details(page: Page, context: Context) -> dict[int, list[tuple[Text, bool]]]:
    """Line → (description, decisive) of each technical detail on it, in line order."""
    found: dict[int, list[tuple[Text, bool]]] = {}
    # Every fenced code block with content (in admonitions too), at its first line.
    for block in page.analysis.fenced:
        if block.text.strip():
            line = page.body_line(block.content_start)
            found.setdefault(line, []).append((code_block_place(block.lang), True))
    hits = [h for h in hits_for(page, context) if h.rule in DETAIL_RULES]
    # Every line where the same match occurs (hits are deduplicated per page).
    occurrences = page.analysis.occurrences(context.settings.cache_key)
    for h in hits:
        for line in occurrences.get(h.fingerprint, (h.line,)):
            what = h.what if isinstance(h.what, Text) else t(h.what, h.what)
            here = found.setdefault(line, [])
            if (what, h.strong) not in here:  # two names on one line: one description
                here.append((what, h.strong))
    return dict(sorted(found.items()))


def check(page: Page, context: Context) -> Iterator[Finding]:
    meta = page.meta
    if meta is None or meta.target is None:
        return
    named = " / ".join(x for x in (meta.target.operator, meta.target.system) if x)
    target = t(named, named) if named else t("a system", "特定系统")
    for line, items in details(page, context).items():
        whats = join((what for what, _ in items), "; ", "；")
        decisive = any(strong for _, strong in items)
        yield Finding(
            "MIIT092",
            line,
            t(
                f"technical detail on a page about {target}, an operator's system in use: "
                f"{whats}; Article 9(2) forbids publishing the details of vulnerabilities in "
                "networks, systems and equipment in use",
                f"本页涉及网络运营者在用的系统（{zh(target)}），却含有技术细节：{zh(whats)}；"
                "第九条第（二）项规定不得发布网络运营者在用的网络、信息系统及其设备存在安全漏洞"
                "的细节情况",
            ),
            expected=t(
                "no code blocks, reproduction steps, attack code or network details on a page "
                "about a system in use",
                "涉及在用系统的页面上没有代码块、复现步骤、攻击代码或网络细节",
            ),
            found=whats,
            fix=t(
                "remove the detail from the page and say in words what is affected, what kind "
                "of flaw it is and how it is fixed; if the page is not about an operator's "
                "system in use, remove `target`",
                "从页面中删除该细节，仅用文字说明受影响的对象、漏洞类型和修复方法；如本页并非"
                "涉及网络运营者在用的系统，删除 `target`",
            ),
            key=page.key("target"),
            max_action=None if decisive else Action.WARN,
        )


RULE = Rule(
    code="MIIT092",
    name="in-use-system-details",
    source="MIIT Regulations Art. 9(2)",
    default_action=Action.HOLD,
    profile="miit-2021",
    summary=t(
        "A page about an operator's system in use must carry no technical detail.",
        "涉及网络运营者在用系统的页面不得含有漏洞细节。",
    ),
    check=check,
    reads_clock=False,  # page and settings only: cached by source hash
    doc=RuleDoc(
        what=t(
            "Pages with a `target` (an operator's network, system or equipment in use). "
            "Technical detail is: every fenced code block with content, at any indentation; and "
            "every line where the Article 4 detectors find malicious code (CAC401), attack tools "
            "(CAC402), reproduction steps (CAC403), network details such as internal addresses, "
            "host inventories or device configuration (CAC405), or an assessment or "
            "penetration-test report (CAC406), strong or weak. One finding per line, naming what "
            "is there without quoting it; a line with only weak detector hits warns. Inline code, "
            "leaked data (CAC404) and indented blocks are not counted here. The finding cannot "
            "be accepted with an `allow`: Article 9(2) has no exception.",
            "适用于带有 `target`（网络运营者在用的网络、信息系统或设备）的页面。技术细节包括："
            "任何缩进层级下每个有内容的围栏代码块；以及第四条检测器发现恶意代码（CAC401）、"
            "攻击工具（CAC402）、复现步骤（CAC403）、网络细节（如内网地址、主机清单或设备配置，"
            "CAC405）或评估报告、渗透测试报告（CAC406）的每一行，无论命中强弱。每行报告一项发现，"
            "指出其中有什么而不引用原文；只有弱命中的行给出警告。行内代码、泄露数据（CAC404）"
            "和缩进代码块在此不计。该发现项不能用 `allow` 接受：第九条第（二）项没有例外。",
        ),
        why=t(
            "Article 9(2) of the Regulations on the Management of Network Product Security "
            "Vulnerabilities: the details of security vulnerabilities in networks, information "
            "systems and equipment in use by network operators shall not be published "
            "(第九条第（二）项：不得发布网络运营者在用的网络、信息系统及其设备存在安全漏洞的"
            "细节情况). A page may say that an operator's system was affected and fixed; how to "
            "attack it stays out.",
            "《网络产品安全漏洞管理规定》第九条第（二）项：不得发布网络运营者在用的网络、"
            "信息系统及其设备存在安全漏洞的细节情况。页面可以说明某运营者的系统曾受影响并已修复，"
            "但如何攻击它不能写。",
        ),
        source=t(
            "Regulations on the Management of Network Product Security Vulnerabilities "
            "(MIIT, CAC, MPS; in force 2021-09-01), Art. 9(2).",
            "《网络产品安全漏洞管理规定》（工业和信息化部、国家互联网信息办公室、公安部，"
            "2021-09-01 起施行）第九条第（二）项。",
        ),
        how=t(
            "Remove the code blocks and technical details; describe the affected system, the "
            "kind of flaw, the impact and the fix in words. If the page is not about an "
            "operator's system in use, remove `target`.",
            "删除代码块和技术细节，用文字说明受影响的系统、漏洞类型、影响和修复方法。如本页并非"
            "涉及网络运营者在用的系统，删除 `target`。",
        ),
        example=t(
            "Instead of the request that reaches the debug endpoint:\n\n"
            "    The ticketing system's debug interface was reachable without authentication; "
            "the operator\n    disabled it on 2026-11-10.",
            "不要给出访问调试接口的请求，而是写：\n"
            "\n"
            "    票务系统的调试接口曾无需认证即可访问；运营者已于 2026-11-10 将其关闭。",
        ),
    ),
)
