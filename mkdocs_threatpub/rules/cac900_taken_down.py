"""CAC900 taken-down: the page is listed in the takedowns file (Article 9).

The pipeline reads the takedowns file and calls :func:`finding` for each listed page.
"""

from __future__ import annotations

from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope
from mkdocs_threatpub.core.takedowns import Takedown

__all__ = ["RULE", "finding"]


def finding(entry: Takedown) -> Finding:
    """The page of ``entry`` is taken down."""
    received = entry.received.isoformat()
    source = entry.source or "source not given"
    source_zh = f"来源：{entry.source}" if entry.source else "未注明来源"
    return Finding(
        "CAC900",
        1,
        t(
            f"taken down: listed in the takedowns file (line {entry.line}, received "
            f"{received}); the page and its attachments are removed from the site",
            f"已下线：本页列于下线清单（takedowns 文件第 {entry.line} 行，收到时间 "
            f"{received}）；本页及其附件已从网站撤下",
        ),
        expected=t(
            "the page to stay out of the site while it is listed",
            "列于下线清单期间，本页不在网站上发布",
        ),
        found=t(f"a takedown entry ({source})", f"一条下线条目（{source_zh}）"),
        fix=t(
            "nothing to do while the takedown stands; remove the entry from the "
            "takedowns file only when the page may be published again",
            "下线要求有效期间无需处理；只有在本页可以重新发布时，才从 takedowns 文件中删除该条目",
        ),
    )


RULE = Rule(
    code="CAC900",
    name="taken-down",
    source="CAC Measures Art. 9",
    # The verdict is `removed` whatever the action (`removes` below); the action only says
    # how the finding is shown. Locked: a takedown cannot be switched off.
    default_action=Action.HOLD,
    removes=True,
    summary=t(
        "The page is listed in the takedowns file: removed from the site, recorded in the ledger.",
        "本页列于下线清单（takedowns 文件）中：已从网站撤下，并记入台账（ledger）。",
    ),
    check=None,  # made by `finding` from the takedowns file, not from the page
    profile="cac-2019",
    scope=Scope.ANY,
    locked=True,
    doc=RuleDoc(
        what=t(
            "Whether the page is listed in the takedowns file (the plugin's `takedowns` option; "
            'README, "Takedowns and the ledger"). A listed page gets the verdict `removed`: it '
            "and its own attachments are left out of the site, even under `mkdocs serve`, and the "
            "decision is appended to the ledger.",
            "检查页面是否列于下线清单（插件的 `takedowns` 选项，见 README“Takedowns and the "
            "ledger”一节）。列入清单的页面判定为 `removed`：该页面及其附件不会出现在站点中（即使在"
            " `mkdocs serve` 下也是如此），这一决定会追加记入台账（ledger）。",
        ),
        why=t(
            "A publisher that receives a notice to take threat information down must remove "
            "it at once and keep a record of what it did. Removing the page by hand from the "
            "docs folder loses that record; listing it keeps the source and proves the removal.",
            "收到下线通知的发布者必须立即撤下相关威胁信息，并留存处置记录。"
            "手动从文档目录中删除页面会丢失这一记录；列入下线清单既能保留源文件，"
            "又能证明已经撤下。",
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures "
            "(draft, 2019-11-20), Art. 9 (paraphrased): on receiving notice that published threat "
            "information must be taken down, the publisher removes it immediately, preserves the "
            "relevant records, and reports to the cyberspace administration and public security.",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第九条（大意）："
            "收到已发布的威胁信息须下线的通知后，发布者应当立即删除，保存有关记录，"
            "并向网信部门和公安机关报告。",
        ),
        how=t(
            "Nothing to do while the takedown stands. Report it (see CAC901). To publish the "
            "page again, delete its entry from the takedowns file (and keep the ledger).",
            "下线要求有效期间无需处理，但须报告（见 CAC901）。如需重新发布本页，从 takedowns "
            "文件中删除其条目（并保留台账）。",
        ),
        example=t(
            "# takedowns.yml\n"
            "- page: advisories/old-report.md\n"
            "  received: 2026-11-21T14:00+08:00\n"
            "  source: regulator\n"
            '  reason: "contains asset inventory of a named operator"',
            "# takedowns.yml\n"
            "- page: advisories/old-report.md\n"
            "  received: 2026-11-21T14:00+08:00\n"
            "  source: regulator\n"
            '  reason: "含有某具名网络运营者的资产清单"',
        ),
    ),
)
