"""CAC404 leaked-data: Article 4(4)."""

from __future__ import annotations

from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.rule import RuleDoc
from mkdocs_threatpub.rules._content import ARTICLE_4, content_rule

RULE = content_rule(
    code="CAC404",
    name="leaked-data",
    article=t("Article 4(4)", "第四条第（四）项"),
    paragraph="4",
    summary=t("Content of leaked data.", "泄露数据的具体内容。"),
    doc=RuleDoc(
        what=t(
            "Content of leaked data: Chinese resident ID numbers with a valid check digit, card "
            "numbers passing Luhn (not well-known test numbers), mobile numbers next to "
            "手机/电话/phone, lists of three or more e-mail addresses, password hashes ($6$, "
            "bcrypt, NTLM LM:NT), /etc/passwd and shadow lines, private keys, API tokens, tabular "
            "record dumps with personal fields.",
            "泄露数据的具体内容：校验位有效的居民身份证号码、通过 Luhn 校验的银行卡号（常见的测试"
            "卡号除外）、紧邻“手机/电话/phone”字样的手机号码、由三个及以上电子邮件地址组成的列表、"
            "密码哈希（$6$、bcrypt、NTLM LM:NT）、/etc/passwd 和 shadow 文件中的行、私钥、API "
            "令牌、含个人信息字段的表格形式记录转储。",
        ),
        why=t(
            "Publishing leaked records harms the people in them a second time, whatever the article's purpose."
            + " "
            + ARTICLE_4,
            "无论文章目的为何，公开泄露的记录都会对记录中的个人造成二次伤害。" + ARTICLE_4.zh,
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
            "2019-11-20), Art. 4(4).",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第四条第（四）项。",
        ),
        how=t(
            "Describe the leak (which fields, how many records) instead of showing records; mask any sample completely."
            " A reviewer may accept a finding with an allow that gives the reason: an inline comment "
            "right above the content, a front-matter `allow` entry, or the baseline file.",
            "描述泄露情况（哪些字段、多少条记录），不展示记录本身；任何样例都须完全脱敏。"
            "审核人员可以用写明理由的 allow 接受某项发现：在该内容正上方加行内注释、在 front matter "
            "中添加 `allow` 条目，或写入基线文件。",
        ),
        example=t(
            "The dump contains about 120,000 records with names, phone numbers and ID numbers.",
            "该泄露数据包含约 12 万条记录，字段包括姓名、电话号码和身份证号码。",
        ),
    ),
)
