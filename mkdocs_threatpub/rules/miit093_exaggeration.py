"""MIIT093 exaggeration: Article 9(3), no exaggerating a vulnerability's harm and risk.

The detection is CAC300's (``find_hype``: the same phrases, normalisation and exclusions),
imported rather than copied, so both profiles read a page alike.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t, zh
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc
from mkdocs_threatpub.rules.cac300_speculative_wording import find_hype

_EXAMPLE = (
    "Warns:   # 史上最严重的核弹级漏洞: the most dangerous bug ever\n"
    "Better:  # Heap overflow in libexample before 2.4.1 (CVSS 9.8): unauthenticated\n"
    "         remote code execution; fixed in 2.4.1"
)


def check(page: Page, context: Context) -> Iterator[Finding]:
    for hype in find_hype(page):
        times = "once" if hype.count == 1 else f"{hype.count} times"
        yield Finding(
            "MIIT093",
            hype.line,
            t(
                f"{hype.category}: '{hype.phrase}' ({times} on the page); Article 9(3) forbids "
                "deliberately exaggerating the harm and risk of a vulnerability",
                f"{zh(hype.category)}：'{hype.phrase}'（本页出现 {hype.count} 次）；第九条第（三）"
                "项规定不得故意夸大网络产品安全漏洞的危害和风险",
            ),
            expected=t(
                "the harm and risk stated as facts: affected versions, severity score, "
                "conditions for exploitation, the fix",
                "以事实说明危害和风险：受影响版本、严重程度评分、利用条件、修复方法",
            ),
            found=t(
                f"'{hype.phrase}' {times}, first on line {hype.line}",
                f"'{hype.phrase}' 出现 {hype.count} 次，首次出现在第 {hype.line} 行",
            ),
            fix=t(
                f"replace '{hype.phrase}' with the facts it stands for (a quoted headline "
                "repeats the exaggeration too; paraphrase it)",
                f"将 '{hype.phrase}' 替换为它所代表的事实（引用的标题同样在夸大，请改述）",
            ),
        )


RULE = Rule(
    code="MIIT093",
    name="exaggeration",
    source="MIIT Regulations Art. 9(3)",
    default_action=Action.WARN,
    profile="miit-2021",
    summary=t(
        "Wording that exaggerates a vulnerability's harm ('most dangerous ever', 'nuclear-grade').",
        "夸大漏洞危害和风险的表述（史上最、核弹级、'most dangerous ever' 等）。",
    ),
    check=check,
    reads_clock=False,  # page and settings only: cached by source hash
    doc=RuleDoc(
        what=t(
            "The same reading as CAC300 (it calls the same function): the front-matter "
            "`title` and the body's prose, after Unicode NFKC and case folding, for superlatives "
            "(史上最, 最严重, 'worst … ever'), doom imagery (末日级, 'apocalyptic'), weapon "
            "metaphors (核弹级, 'nuclear-grade') and sensational phrases (惊天, 'the internet is "
            "on fire'). One finding per distinct phrase at its first line, with a count. Code, "
            "HTML comments and URLs are not read; plain technical words such as 'critical "
            "severity', 'CVSS 10.0' or 'worst case' are not exaggeration. On a site with both "
            "profiles a phrase draws CAC300 and MIIT093: two regulations, each switchable.",
            "与 CAC300 的检查方式相同（调用同一函数）：检查 front matter 中的 `title` 和正文文字，"
            "经 Unicode NFKC 规范化和大小写折叠后，是否含有最高级表述（史上最、最严重、'worst … "
            "ever'）、末日意象（末日级、'apocalyptic'）、武器隐喻（核弹级、'nuclear-grade'）"
            "以及耸人听闻的说法（惊天、'the internet is on fire'）。每个不同的表述报告一项发现，"
            "位于其首次出现的行，并附出现次数。代码、HTML 注释和 URL 不在检查范围内；'critical "
            "severity'、'CVSS 10.0' 或 'worst case' 等普通技术用语不算夸大。"
            "同时启用两个规则集的站点，同一表述会同时触发 CAC300 和 MIIT093：依据两部规定，"
            "各自可以单独关闭。",
        ),
        why=t(
            "Article 9(3) of the Regulations on the Management of Network Product Security "
            "Vulnerabilities: publishers shall not deliberately exaggerate the harm and risk of "
            "network product security vulnerabilities, nor use vulnerability information for "
            "malicious hype or fraud, extortion or other illegal activity (第九条第（三）项：不得"
            "故意夸大网络产品安全漏洞的危害和风险，不得利用网络产品安全漏洞信息实施恶意炒作或者"
            "进行诈骗、敲诈勒索等违法犯罪活动).",
            "《网络产品安全漏洞管理规定》第九条第（三）项：不得故意夸大网络产品安全漏洞的危害和风"
            "险，不得利用网络产品安全漏洞信息实施恶意炒作或者进行诈骗、敲诈勒索等违法犯罪活动。",
        ),
        source=t(
            "Regulations on the Management of Network Product Security Vulnerabilities "
            "(MIIT, CAC, MPS; in force 2021-09-01), Art. 9(3). Detection shared with CAC300 "
            "(CAC Measures Art. 3).",
            "《网络产品安全漏洞管理规定》（工业和信息化部、国家互联网信息办公室、公安部，"
            "2021-09-01 起施行）第九条第（三）项。检测与 CAC300（《网络安全威胁信息发布管理办法（"
            "征求意见稿）》第三条）共用。",
        ),
        how=t(
            "Replace the phrase with the facts: affected products and versions, the severity "
            "score, what an attacker can do and under which conditions, and the fix. The page "
            "is still published (warning).",
            "用事实替换该表述：受影响的产品和版本、严重程度评分、攻击者在何种条件下能做什么，"
            "以及修复方法。本页仍会发布（警告）。",
        ),
        example=t(
            _EXAMPLE,
            "警告：  # 史上最严重的核弹级漏洞：the most dangerous bug ever\n"
            "更好：  # libexample 2.4.1 之前的版本存在堆溢出漏洞（CVSS 9.8）：无需认证\n"
            "        即可远程执行代码；已在 2.4.1 中修复",
        ),
    ),
)
