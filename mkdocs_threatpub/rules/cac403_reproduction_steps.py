"""CAC403 reproduction-steps: Article 4(3)."""

from __future__ import annotations

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.rule import RuleDoc
from mkdocs_threatpub.rules._content import ARTICLE_4, content_rule

RULE = content_rule(
    code="CAC403",
    name="reproduction-steps",
    article=t("Article 4(3)", "第四条第（三）项"),
    paragraph="3",
    summary=t(
        "Details that let a reader repeat the whole attack.", "能让读者完整复现攻击过程的细节。"
    ),
    doc=RuleDoc(
        what=t(
            "A reproduction section (Steps to reproduce, PoC, Exploitation, 漏洞复现, 复现步骤, "
            "利用过程) containing runnable commands or raw requests and evidence of success "
            "(uid=0(root), nt authority\\\\system, a shell prompt). Weaker combinations (a "
            "reproduction heading with a raw request but no proof) only warn.",
            "复现章节（Steps to reproduce、PoC、Exploitation、漏洞复现、复现步骤、利用过程）"
            "中同时含有可直接运行的命令或原始请求，以及利用成功的证据（uid=0(root)、nt "
            "authority\\\\system、shell 提示符）。较弱的组合（有复现标题和原始请求，"
            "但没有成功证据）只给出警告。",
        ),
        why=t(
            "Complete reproduction steps let anyone repeat the attack against systems that are not yet patched."
            + " "
            + ARTICLE_4,
            "完整的复现步骤让任何人都能对尚未修补的系统重复这一攻击。" + ARTICLE_4.zh,
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
            "2019-11-20), Art. 4(3).",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第四条第（三）项。",
        ),
        how=t(
            "Keep the section to what an administrator needs to check exposure; drop the request and the proof of exploitation."
            " A reviewer may accept a finding with an allow that gives the reason: an inline comment "
            "right above the content, a front-matter `allow` entry, or the baseline file.",
            "该部分只保留管理员检查自身是否受影响所需的内容；删除请求报文和利用成功的证据。"
            "审核人员可以用写明理由的 allow 接受某项发现：在该内容正上方加行内注释、在 front matter "
            "中添加 `allow` 条目，或写入基线文件。",
        ),
        example=t(
            "## Am I affected?\nRun `app --version`; versions before 2.4.1 are affected.",
            "## 我是否受影响？\n运行 `app --version`；2.4.1 之前的版本受影响。",
        ),
    ),
)
