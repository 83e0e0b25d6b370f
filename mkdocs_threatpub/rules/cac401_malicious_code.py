"""CAC401 malicious-code: Article 4(1)."""

from __future__ import annotations

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.rule import RuleDoc
from mkdocs_threatpub.rules._content import ARTICLE_4, content_rule

RULE = content_rule(
    code="CAC401",
    name="malicious-code",
    article=t("Article 4(1)", "第四条第（一）项"),
    paragraph="1",
    summary=t(
        "Source code or production method of malware.",
        "计算机病毒、蠕虫、木马、勒索软件等恶意程序的源代码或制作方法。",
    ),
    doc=RuleDoc(
        what=t(
            "Source code and production methods of malicious programs: shellcode byte arrays (16 "
            "or more \\\\xNN), shellcode runners (VirtualAlloc with "
            "WriteProcessMemory/CreateRemoteThread/CreateThread in one block), process-injection "
            "combinations, msfvenom or encoder payload generation, ransomware construction (walk "
            "files + encrypt + overwrite or delete + ransom note), keyloggers, self-propagation.",
            "恶意程序的源代码和制作方法：shellcode 字节数组（16 个及以上 \\\\xNN）、shellcode "
            "加载器（同一代码块中 VirtualAlloc 与 "
            "WriteProcessMemory/CreateRemoteThread/CreateThread 同时出现）、进程注入组合、用 "
            "msfvenom 或编码器生成攻击载荷、勒索软件构造（遍历文件 + 加密 + 覆盖或删除 + 勒索信）、"
            "键盘记录器、自我传播。",
        ),
        why=t(
            "A malware analysis can say what the sample does, its indicators and how to detect it, without the code that builds it."
            + " "
            + ARTICLE_4,
            "恶意软件分析可以说明样本的行为、威胁指标和检测方法，而无需附上构造它的代码。"
            + ARTICLE_4.zh,
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
            "2019-11-20), Art. 4(1).",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第四条第（一）项。",
        ),
        how=t(
            "Show behaviour, indicators and detections instead of code; quote at most a line with the dangerous part removed."
            " A reviewer may accept a finding with an allow that gives the reason: an inline comment "
            "right above the content, a front-matter `allow` entry, or the baseline file.",
            "用行为、威胁指标和检测方法代替代码；最多引用一行，并删去其中的危险部分。"
            "审核人员可以用写明理由的 allow 接受某项发现：在该内容正上方加行内注释、在 front matter "
            "中添加 `allow` 条目，或写入基线文件。",
        ),
        example=t(
            "```text\n"
            "# describe, don't ship:\n"
            "The loader allocates executable memory and starts a thread at the decoded payload.\n"
            "```",
            "```text\n"
            "# 只描述，不附代码：\n"
            "加载器分配可执行内存，并在解码后的攻击载荷处启动线程。\n"
            "```",
        ),
    ),
)
