"""CAC407 harmful-content: Article 4(7)."""

from __future__ import annotations

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.rule import RuleDoc
from mkdocs_threatpub.rules._content import ARTICLE_4, content_rule

RULE = content_rule(
    code="CAC407",
    name="harmful-content",
    article=t("Article 4(7)", "第四条第（七）项"),
    paragraph="7",
    summary=t(
        "Site-defined patterns (option custom_patterns).",
        "站点自定义的模式（选项 custom_patterns）。",
    ),
    doc=RuleDoc(
        what=t(
            "Patterns the site defines in the plugin option `custom_patterns` (name, RE2 pattern, "
            "description, and whether a match holds or warns).",
            "站点在插件选项 `custom_patterns` 中自定义的模式（名称、RE2 正则表达式、说明，"
            "以及匹配时暂缓发布还是仅警告）。",
        ),
        why=t(
            "Article 4(7) leaves room for other content that could harm network security; each site knows its own (internal project names, customer identifiers)."
            + " "
            + ARTICLE_4,
            "第四条第（七）项为其他可能危害网络安全的内容留有余地；每个站点最清楚自己有哪些这类内容（内部项目名称、客户标识等）。"
            + ARTICLE_4.zh,
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
            "2019-11-20), Art. 4(7).",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第四条第（七）项。",
        ),
        how=t(
            "Remove the matched content."
            "A reviewer may accept a finding with an allow that gives the reason: an inline comment "
            "right above the content, a front-matter `allow` entry, or the baseline file.",
            "删除匹配的内容。"
            "审核人员可以用写明理由的 allow 接受某项发现：在该内容正上方加行内注释、在 front matter "
            "中添加 `allow` 条目，或写入基线文件。",
        ),
        example=t(
            "plugins:\n"
            "  - threatpub:\n"
            "      custom_patterns:\n"
            "        - name: internal-project\n"
            "          pattern: '(?i)project\\\\s+bluefin'\n"
            "          description: internal project name",
            "plugins:\n"
            "  - threatpub:\n"
            "      custom_patterns:\n"
            "        - name: internal-project\n"
            "          pattern: '(?i)project\\\\s+bluefin'\n"
            "          description: 内部项目名称",
        ),
    ),
)
