"""LATE001 late-content-violation: Article 4 content that only the rendered page has.

The pipeline scans each published page's HTML after rendering and calls :func:`finding` for
each detector hit its Markdown source did not have.
"""

from __future__ import annotations

from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t, zh
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope

__all__ = ["RULE", "finding"]


def finding(what: str, line: int) -> Finding:
    """``what`` (a detector's description) is in the rendered page only; ``line`` is the
    source line of the page's first include or macro."""
    return Finding(
        "LATE001",
        line,
        t(
            f"{what} in the rendered page, not in its Markdown source: it was pulled in while "
            "rendering (an include such as pymdownx.snippets `--8<--`, a macro or a Markdown "
            "extension), too late to hold the page",
            f"渲染后的页面中出现{zh(what)}，但页面的 Markdown 源文件中没有：它是在渲染时被引入的"
            "（pymdownx.snippets `--8<--` 之类的包含、宏或 Markdown 扩展），已来不及暂缓发布该页",
        ),
        expected=t(
            "the rendered page to carry no Article 4 content that its source lacks",
            "渲染后的页面不含源文件中没有的第四条所列内容",
        ),
        found=what,
        fix=t(
            "remove the include or macro output that brings it in (or the content from the "
            "included file); content a reviewer accepts belongs in the page's own Markdown, "
            "under a reasoned allow",
            "删除引入该内容的包含或宏（或被包含文件中的该内容）；经审核同意发布的内容应写在页面"
            "自己的 Markdown 中，并附带说明理由的 allow 注释",
        ),
    )


RULE = Rule(
    code="LATE001",
    name="late-content-violation",
    source="mkdocs-threatpub (fail closed); CAC Measures Art. 4",
    default_action=Action.FAIL,
    summary=t(
        "The rendered HTML of a published page has Article 4 content the source scan did not see.",
        "已发布页面渲染后的 HTML 含有源文件扫描未发现的第四条所列内容。",
    ),
    scope=Scope.ANY,
    locked=True,
    check=None,  # made by `finding` when the pipeline scans the rendered page
    doc=RuleDoc(
        what=t(
            "After MkDocs renders a page that was judged publishable, the page's HTML is "
            "scanned with the same Article 4 detectors as its Markdown source (CAC401–CAC407). "
            "Anything found in the HTML that the source scan did not find is a late violation: it "
            "was pulled in at render time by `pymdownx.snippets` (`--8<--`), a macro, an include "
            "plugin or a Markdown extension.",
            "MkDocs 渲染完一个判定为可发布的页面后，用与扫描其 Markdown 源文件相同的第四条检测器（"
            "CAC401–CAC407）扫描该页面的 HTML。在 HTML 中发现、而源文件扫描未发现的内容，"
            "就是渲染后才出现的违规内容：它是在渲染时由 `pymdownx.snippets`（`--8<--`）、宏、"
            "include 插件或 Markdown 扩展引入的。",
        ),
        why=t(
            "Holds are decided before any page is rendered, so that a held page leaves no "
            "trace in the nav, listings or feeds. Content that appears only after rendering is "
            "too late to hold: publishing it would break Article 4, and holding it now would leak "
            "through what was already built. The only safe outcome is a failed build, with the "
            "page's output deleted from site_dir.",
            "是否暂缓发布在渲染任何页面之前就已决定，这样暂缓发布的页面才不会在导航、"
            "列表或订阅源中留下痕迹。渲染后才出现的内容已来不及暂缓：发布它会违反第四条，"
            "此时再暂缓又会通过已经构建出的内容泄露。唯一安全的结果是构建失败，并从 site_dir "
            "中删除该页面的输出。",
        ),
        source=t(
            "mkdocs-threatpub: a page that cannot be judged safely is never published (it fails "
            "closed); CAC Cybersecurity Threat Information Publication Management Measures "
            "(Draft, 2019-11-20), Art. 4.",
            "mkdocs-threatpub 的承诺：无法安全判定的页面绝不发布（失败即关闭）；"
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第四条。",
        ),
        how=t(
            "Remove the include or macro that brings the content in, or remove the content "
            "from the included file. If a reviewer accepts the content, put it in the page's "
            "own Markdown, where an `allow` with a reason can cover it. `threatpub check` cannot "
            "see included files; only `mkdocs build` can.",
            "删除引入该内容的 include 或宏，或从被引入的文件中删除该内容。如经审核认定可以发布，"
            "将内容放入本页自身的 Markdown，由附带理由的 `allow` 覆盖。`threatpub check` "
            "看不到被引入的文件，只有 `mkdocs build` 能看到。",
        ),
        example=t(
            'Instead of including a payload file:\n\n    --8<-- "payloads/shell.txt"\n\n'
            "describe it: \"The proof of concept opens a reverse shell to the attacker's host; "
            'it is not published."',
            "不要引入攻击载荷文件：\n"
            "\n"
            '    --8<-- "payloads/shell.txt"\n'
            "\n"
            "而是用文字描述：“概念验证程序会向攻击者的主机反弹一个 shell；该程序不予发布。”",
        ),
    ),
)
