"""Findings of the Article 4 content rules (CAC401–CAC407) from the content scan.

The page is scanned once (``scanners/scan.py``: all detectors, with the keyword
prefilter); each rule turns the hits with its code into findings. Strong hits take the
rule's action (hold); weak ones are capped at a warning. Messages describe what was found
and where, never the content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t, zh
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope
from mkdocs_threatpub.scanners.scan import hits_for

__all__ = ["ARTICLE_4", "content_rule"]

ARTICLE_4 = t(
    "Article 4 of the draft Measures (paraphrased) lists what may not be published as "
    "cybersecurity threat information: (1) source code and production methods of computer "
    "viruses, worms, trojans, ransomware and other malicious programs; (2) programs and "
    "tools dedicated to attacking networks, such as exploit programs; (3) details that "
    "would let others reproduce an entire attack; (4) content of leaked data such as "
    "personal information; (5) plans, topology, asset information and source code of "
    "specific networks; (6) risk assessment, inspection, certification and penetration-test "
    "reports and security protection plans of specific networks; (7) other content that "
    "could be used to harm network security.",
    "《网络安全威胁信息发布管理办法（征求意见稿）》第四条（大意）列出了不得作为网络安全威胁"
    "信息发布的内容：（一）计算机病毒、蠕虫、木马、勒索软件等恶意程序的源代码和制作方法；"
    "（二）专门用于攻击网络的程序和工具，如漏洞利用程序；（三）能让他人完整复现网络攻击过程"
    "的细节；（四）个人信息等泄露数据的具体内容；（五）具体网络的规划设计、拓扑结构、资产信息"
    "和源代码；（六）具体网络的风险评估、检测认证和渗透测试报告以及安全防护计划；（七）其他"
    "可能被用于危害网络安全的内容。",
)


def _check_for(code: str, article: str) -> Callable[[Page, Context], Iterator[Finding]]:
    def check(page: Page, context: Context) -> Iterator[Finding]:
        for h in hits_for(page, context):
            if h.rule != code:
                continue
            allow = (
                f'<!-- threatpub: allow {code} reason="why it is acceptable; who reviewed it" -->'
            )
            yield Finding(
                code,
                h.line,
                t(
                    f"{h.what}: {article} content must not be published",
                    f"{zh(h.what)}：不得发布{zh(article)}内容",
                )
                if h.strong
                else t(
                    f"{h.what}: may be {article} content; a person should check it",
                    f"{zh(h.what)}：可能属于{zh(article)}内容，需要人工复核",
                ),
                expected=t(
                    f"no {article} content on a public page",
                    f"公开页面上没有{zh(article)}内容",
                ),
                found=h.what,
                fix=t(
                    "remove it, or describe it in words without the code or data; if a "
                    f"reviewer decides it may be published, put this right above it:\n{allow}",
                    "删除该内容，或仅用文字描述而不附代码或数据；如经审核认定可以发布，"
                    f"在其正上方加入：\n{allow}",
                ),
                max_action=None if h.strong else Action.WARN,
                fingerprint=h.fingerprint,
            )

    return check


def content_rule(
    code: str, name: str, article: str, paragraph: str, summary: str, doc: RuleDoc
) -> Rule:
    return Rule(
        code=code,
        name=name,
        source=f"CAC Measures Art. 4({paragraph})",
        default_action=Action.HOLD,
        profile="cac-2019",
        summary=summary,
        check=_check_for(code, article),
        scope=Scope.CONTENT,
        suppressible=True,
        reads_clock=False,
        doc=doc,
    )
