"""CAC402 attack-tool: Article 4(2)."""

from __future__ import annotations

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.rule import RuleDoc
from mkdocs_threatpub.rules._content import ARTICLE_4, content_rule

RULE = content_rule(
    code="CAC402",
    name="attack-tool",
    article=t("Article 4(2)", "第四条第（二）项"),
    paragraph="2",
    summary=t("Exploit programs and attack tools.", "漏洞利用程序和攻击工具。"),
    doc=RuleDoc(
        what=t(
            "Exploit programs and attack tools: reverse and bind shells (/dev/tcp, nc -e, "
            "mkfifo+nc, socat exec, PowerShell TCPClient), webshells (eval($_POST…)), "
            "kernel-exploit primitives and ROP chains (commit_creds, prepare_kernel_cred, "
            "modprobe_path, p64(, from pwn import), credential-theft tool usage (sekurlsa::, "
            "lsadump::, secretsdump), AMSI/EDR bypasses, and attack payload collections: pages "
            "whose code and tables are attack inputs (template and expression-language "
            "injection, command injection, deserialization gadgets, JNDI, request smuggling, "
            "SSRF to metadata endpoints, traversal, SQL/NoSQL/XPath/LDAP injection, XSS "
            "vectors, JWT forgery …). A technique page (headings such as Methodology, Exploit, "
            "Payloads) is held from one input, other pages from six; a prevention guide's "
            "examples count only as a long list.",
            "漏洞利用程序和攻击工具：反弹 shell 和绑定 shell（/dev/tcp、nc -e、mkfifo+nc、socat "
            "exec、PowerShell TCPClient）、webshell（eval($_POST…)）、内核漏洞利用原语和 ROP "
            "链（commit_creds、prepare_kernel_cred、modprobe_path、p64(、from pwn import）、"
            "凭据窃取工具的用法（sekurlsa::、lsadump::、secretsdump）、AMSI/EDR 绕过、"
            "以及攻击载荷集合：代码和表格由攻击输入构成的页面（模板和表达式注入、命令注入、"
            "反序列化利用链、JNDI、HTTP 请求走私、指向元数据端点的 SSRF、路径遍历、"
            "SQL/NoSQL/XPath/LDAP 注入、XSS 向量、JWT 伪造等）。攻击手法页面（标题如"
            "“方法”“利用”“载荷”）含一条攻击输入即暂缓发布，其他页面六条起；防护指南中的示例"
            "只有大量出现时才计入。",
        ),
        why=t(
            "An advisory needs affected versions, impact and the fix; a working exploit or a payload list serves attackers first."
            + " "
            + ARTICLE_4,
            "安全公告需要的是受影响版本、影响和修复方法；可用的漏洞利用程序或攻击载荷列表首先服务于攻击者。"
            + ARTICLE_4.zh,
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
            "2019-11-20), Art. 4(2).",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第四条第（二）项。",
        ),
        how=t(
            "Remove the exploit code and payloads; name the technique in words and link to the vendor's advisory."
            " A reviewer may accept a finding with an allow that gives the reason: an inline comment "
            "right above the content, a front-matter `allow` entry, or the baseline file.",
            "删除漏洞利用代码和攻击载荷；用文字说明所用技术，并链接厂商的安全公告。"
            "审核人员可以用写明理由的 allow 接受某项发现：在该内容正上方加行内注释、在 front matter "
            "中添加 `allow` 条目，或写入基线文件。",
        ),
        example=t(
            "The flaw lets an unauthenticated attacker run commands as the web server user "
            "(CWE-78).",
            "该漏洞使未经身份验证的攻击者能够以 Web 服务器用户的身份执行命令（CWE-78）。",
        ),
    ),
)
