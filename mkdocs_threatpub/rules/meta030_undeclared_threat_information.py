"""META030 undeclared-threat-information: a page that reads as threat information (CAC draft
Art. 12) but does not say so, so that no profile's paperwork check reaches it.

A page is judged as threat information when it has a ``threatpub:`` block or matches the
``include`` option; any other page is at most content-scanned (Article 4, with
``scan_all_pages``). An advisory written without front matter outside ``include`` would go
out unchecked. This rule classifies such pages (:mod:`scanners.threat_information`: page-level
evidence, RE2, computed once per page source) and holds those that read as threat
information until the author declares what the page is — or that it is not threat
information, with a reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import Text, join, t, zh
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope
from mkdocs_threatpub.scanners.threat_information import ThreatInformation, classify

__all__ = ["RULE", "check"]

_KINDS = "vulnerability | incident | analysis | malware | breach | general"


def _block(meta_key: str, kind: str) -> str:
    return f"---\n{meta_key}:\n  kind: {kind}   # {_KINDS}\n  published: 2026-11-20\n---"


def _opt_out(meta_key: str) -> str:
    return (
        f"---\n{meta_key}:\n  not_threat_information:\n"
        '    reason: "release notes; each security fix has its own advisory"\n---'
    )


def _kind(found: ThreatInformation) -> str:
    """The kind to suggest: a vulnerability when an identifier or a version names one."""
    return "vulnerability" if found.of("identifier") or found.of("versions") else "general"


def check(page: Page, context: Context) -> Iterator[Finding]:
    if page.is_threat_page or page.unreadable:
        return
    opt_out = page.meta.not_threat_information if page.meta is not None else None
    if opt_out is not None and (opt_out.reason or "").strip():
        return  # declared not threat information, with a reason: a person's decision
    found = classify(page)
    if not found.is_threat_information:
        return
    evidence: Text = join(e.describe() for e in found.evidence)
    line = min(e.lines[0] for e in found.evidence)
    key = page.meta_key
    block = _block(key, _kind(found))
    out = _opt_out(key)
    if opt_out is not None:
        yield Finding(
            "META030",
            page.line_of("not_threat_information"),
            t(
                "the page declares it is not threat information but gives no reason, and it "
                f"reads as threat information (CAC draft Art. 12): {evidence}",
                "本页声明不属于网络安全威胁信息，但未说明理由，而其内容符合《办法》第十二条"
                f"所称的网络安全威胁信息：{zh(evidence)}",
            ),
            expected=t(
                f"a `reason` under '{key}.not_threat_information'",
                f"'{key}.not_threat_information' 下的 `reason`",
            ),
            found=t("no reason", "没有理由"),
            fix=t(
                "say why the page is not threat information, and who reviewed it, for "
                f"example:\n{out}\nor, if it is threat information, replace the declaration "
                f"with a block that says what it is:\n{block}",
                f"写明本页不属于网络安全威胁信息的理由及审核人，例如：\n{zh(out)}\n"
                f"若本页属于网络安全威胁信息，请改为说明其类别的块：\n{block}",
            ),
            key=f"{key}.not_threat_information.reason",
        )
        return
    yield Finding(
        "META030",
        line,
        t(
            f"this page has no '{key}:' block and does not match `include`, but it reads as "
            f"threat information (CAC draft Art. 12): {evidence}",
            f"本页没有 '{key}:' 块，也不匹配 `include`，但其内容符合《办法》第十二条所称的"
            f"网络安全威胁信息：{zh(evidence)}",
        ),
        expected=t(
            f"threat information declared as such: a '{key}:' block saying what it is (so the "
            "publication rules are checked), or a declaration that it is not threat information",
            f"网络安全威胁信息应如实声明：用 '{key}:' 块说明其类别（以便检查发布要求），"
            "或声明本页不属于网络安全威胁信息",
        ),
        found=t(
            f"no '{key}:' block; {evidence}",
            f"没有 '{key}:' 块；{zh(evidence)}",
        ),
        fix=t(
            f"add the block at the top of the page (or add the page to `include`):\n{block}\n"
            "if the page is not threat information (documentation, release notes that only "
            f"mention a fix), declare it with the reason:\n{out}",
            f"在页首添加该块（或将本页加入 `include`）：\n{block}\n"
            "若本页不属于网络安全威胁信息（文档、仅提及已修复问题的发布说明），"
            f"请声明并写明理由：\n{zh(out)}",
        ),
    )


RULE = Rule(
    code="META030",
    name="undeclared-threat-information",
    source="CAC-2019 Art. 12",
    default_action=Action.HOLD,
    summary=t(
        "A page without a `threatpub:` block, outside `include`, reads as threat information.",
        "没有 `threatpub:` 块且不在 `include` 中的页面，内容属于网络安全威胁信息。",
    ),
    # Every page: the rule is about pages no other rule judges. Always active, whatever the
    # profiles (every profile's checks reach declared pages only); Article 12's definition
    # is the one it applies.
    scope=Scope.ANY,
    check=check,
    reads_clock=False,  # page and settings only: cached by source hash, on disk too
    doc=RuleDoc(
        what=t(
            "Pages that have no `threatpub:` block and are not matched by `include` — pages "
            "the publication rules do not judge. Such a page is held when it reads as threat "
            "information: it combines at least two kinds of evidence, among them an "
            "identifier (CVE, CNVD, CNNVD, GHSA, RUSTSEC and other advisory ids) or "
            "vulnerability, malware, attack or incident wording (English and Chinese), with "
            "an affected version or version range, advisory sections (Affected versions, "
            "Workarounds, 漏洞复现, 影响版本 …) or more attack wording. One signal alone never "
            "decides. Changelogs (three or more release headings) count only when security "
            "is a quarter of their lines; a guide to prevention (a cheat sheet, a defence "
            "guide) only when an identifier leads it. The message lists the kinds of "
            "evidence with their lines, never the page's text.",
            "检查没有 `threatpub:` 块且不匹配 `include` 的页面，即不受发布要求检查的页面。"
            "若其内容属于网络安全威胁信息，则暂缓发布：页面须同时具备至少两类证据，其中包括"
            "漏洞或安全公告编号（CVE、CNVD、CNNVD、GHSA、RUSTSEC 等），或中英文的漏洞、"
            "恶意代码、攻击、安全事件表述，另有受影响版本或版本范围、安全公告式章节"
            "（Affected versions、Workarounds、漏洞复现、影响版本等）或更多攻击表述。"
            "单一信号绝不足以判定。更新日志（三个以上版本标题）仅当安全内容占四分之一以上"
            "时才计入；防护指南（cheat sheet、防御指南）仅当以编号开篇时才计入。"
            "提示只列出证据类别及行号，不引用页面原文。",
        ),
        why=t(
            "Article 12 of the Measures defines cybersecurity threat information: information "
            "on vulnerabilities, computer viruses and other malware, network attacks, "
            "intrusions, security incidents, and the risks and weaknesses of networks. The "
            "Measures' duties (reporting incidents, the operator's opinion, the 30-day notice, "
            "the early-warning authorization) apply to it whatever the author called the "
            "page. A vulnerability post written without front matter would otherwise publish "
            "with no paperwork check at all.",
            "《办法》第十二条界定了网络安全威胁信息：有关漏洞、计算机病毒等恶意程序、网络"
            "攻击、网络侵入、网络安全事件以及网络存在的风险、脆弱性的信息。无论作者如何称呼"
            "该页面，《办法》规定的义务（报告事件、征求网络运营者意见、提前 30 日报告、预警"
            "授权）都适用。否则，一篇未写 front matter 的漏洞文章将不经任何发布要求检查即被"
            "发布。",
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft for "
            "Comment, 2019-11-20), Article 12 (definition of threat information). A META rule: "
            "active under every profile, since every profile's rules reach declared pages only.",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第十二条（网络安全"
            "威胁信息的定义）。属于 META 规则：在所有规则集下均生效，因为各规则集只检查已声明"
            "的页面。",
        ),
        how=t(
            "Declare what the page is with a `threatpub:` block (at least `kind`; then the "
            "profiles' rules tell what else is needed), or add it to `include`. If the page "
            "is not threat information, say so with a reason: `threatpub: "
            "{not_threat_information: {reason: …}}` — the page is then judged as a page "
            "without a block (Article 4 content scanning still applies with "
            "`scan_all_pages`). The rule's action can be changed like any rule's "
            "(`rules: {META030: warn}`).",
            "用 `threatpub:` 块声明页面类别（至少写明 `kind`，再按各规则集的提示补全），或将"
            "页面加入 `include`。若本页不属于网络安全威胁信息，请写明理由声明："
            "`threatpub: {not_threat_information: {reason: …}}`，此后本页按无块页面处理"
            "（开启 `scan_all_pages` 时仍进行第四条内容检查）。与其他规则一样，可以调整本规则"
            "的处理方式（`rules: {META030: warn}`）。",
        ),
        example=t(
            "---\nthreatpub:\n  kind: vulnerability\n  published: 2026-11-20\n---\n\n"
            "or, for a page that is not threat information:\n\n"
            "---\nthreatpub:\n  not_threat_information:\n"
            '    reason: "release notes; each security fix has its own advisory"\n'
            "    approved_by: security-review\n---",
            "---\nthreatpub:\n  kind: vulnerability\n  published: 2026-11-20\n---\n\n"
            "对于不属于网络安全威胁信息的页面：\n\n"
            "---\nthreatpub:\n  not_threat_information:\n"
            '    reason: "发布说明；每个安全修复另有安全公告"\n'
            "    approved_by: security-review\n---",
        ),
    ),
)
