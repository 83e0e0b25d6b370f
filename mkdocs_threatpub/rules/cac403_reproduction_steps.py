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
            "A page that lets a reader repeat the whole attack, whatever its headings say: a "
            "target or environment (a lab set up with `docker compose up` or `docker run -p`, "
            "a vulnerable-environment heading such as 环境搭建, or a stand-in for the host to "
            "attack such as `your-ip`), the concrete attack input (a raw HTTP request, a "
            "command or request aimed at that host, an exploit tool run, a payload, or a code "
            "block or input in the reproduction steps) and its outcome after it (command "
            "output such as uid=0(root), a success sentence in English or Chinese, or a "
            "screenshot right after the attack step). The finding names each piece found and "
            "its line. Also a reproduction section (Steps to reproduce, PoC, Exploitation, "
            "漏洞复现, 复现步骤, 利用过程) with runnable commands or raw requests and evidence "
            "of success. Sections about detection, mitigation or fixing, and the lab's setup, "
            "count as neither input nor outcome; one illustrative payload in prevention "
            "guidance is not a walkthrough. Weaker combinations (a reproduction heading with a "
            "raw request but no proof) only warn.",
            "能让读者完整复现攻击过程的页面，无论其标题如何：攻击目标或环境（用 `docker compose "
            "up`、`docker run -p` 搭建的环境，“环境搭建”等漏洞环境标题，或 `your-ip` 等代指"
            "攻击目标主机的占位符）、具体的攻击输入（原始 HTTP 请求、针对该主机的命令或请求、"
            "漏洞利用工具的运行、攻击载荷，或复现步骤中的代码块或输入），以及其后的攻击结果"
            "（uid=0(root) 等命令输出、中文或英文的利用成功描述，或紧随攻击步骤的截图）。"
            "发现会列出找到的每一部分及其行号。复现章节（Steps to reproduce、PoC、"
            "Exploitation、漏洞复现、复现步骤、利用过程）中同时含有可直接运行的命令或原始请求"
            "以及利用成功的证据，同样属于此类。检测、缓解、修复章节和环境搭建步骤不计为攻击"
            "输入或结果；防护指南中用于说明的单个载荷不构成完整的攻击过程。较弱的组合（有复现"
            "标题和原始请求，但没有成功证据）只给出警告。",
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
            "Keep the page to what an administrator needs to check exposure; drop the attack "
            "input (request, command, payload) or the proof that it worked (output, success "
            "sentence, screenshot after the step)."
            " A reviewer may accept a finding with an allow that gives the reason: an inline comment "
            "right above the content, a front-matter `allow` entry, or the baseline file.",
            "页面只保留管理员检查自身是否受影响所需的内容；删除攻击输入（请求报文、命令、载荷）"
            "或利用成功的证据（输出、成功描述、攻击步骤后的截图）。"
            "审核人员可以用写明理由的 allow 接受某项发现：在该内容正上方加行内注释、在 front matter "
            "中添加 `allow` 条目，或写入基线文件。",
        ),
        example=t(
            "## Am I affected?\nRun `app --version`; versions before 2.4.1 are affected.",
            "## 我是否受影响？\n运行 `app --version`；2.4.1 之前的版本受影响。",
        ),
    ),
)
