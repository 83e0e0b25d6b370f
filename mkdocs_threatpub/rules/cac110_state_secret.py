"""CAC110 state-secret: Article 11, material involving state secrets is never published.

Two triggers: ``threatpub.classification`` other than ``public``, and secrecy markings
anywhere in the file (front matter, prose and code blocks alike: a marked document pasted
into a code block is still a marked document). The scan is one compiled pattern over the
whole file after NFKC, behind a substring prefilter; its only quantifiers are bounded runs
of one or two spaces between literals, so it cannot backtrack catastrophically. Findings
name the marking and the line, never the text around it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.lazy import lazy_re
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope

__all__ = ["RULE", "find_markings"]

# The three levels of state secret (保守国家秘密法: 绝密, 机密, 秘密), simplified and
# traditional, marked with a star as in GB/T 9704 ("机密★1年"); canonical form level + ★.
_LEVELS = {"绝密": "绝密", "絕密": "绝密", "机密": "机密", "機密": "机密", "秘密": "秘密"}
# Solid and outline stars (NFKC leaves them as they are). Not asterisks: "**秘密**" is bold.
_STARS = "★☆✩✪✫✬✭✮✯✰⭐⋆✦✧"
_LEVEL = "(?:" + "|".join(_LEVELS) + ")"
_STAR = "[" + _STARS + "]"
_GAP = "[ \t]{0,2}"  # "机密 ★" (NFKC turns the ideographic space into a space)

# US/UK-style banners, upper case only (a lower-case "secret//" is a URL path or prose).
# "SECRET" must start a token: not after a letter, digit, "_", "/", "-", "." or ":" (so
# not CLIENT_SECRET//X, /SECRET//x in a URL, or X-SECRET//Y). A bare "SECRET//" or
# "CONFIDENTIAL//" needs an upper-case control marking after it (SECRET//NOFORN), so the
# Python floor division "SECRET//2" does not fire; "TOP SECRET//" fires however it ends.
_BANNER_START = r"(?<![A-Za-z0-9_/\-.:])"
# The lookahead on the first characters lets the engine skip every other position quickly.
_FIRST = "[" + "".join(sorted({level[0] for level in _LEVELS})) + _STARS + "TSC]"
_PATTERN = lazy_re(
    rf"(?={_FIRST})"
    rf"(?:(?P<cn>{_LEVEL}{_GAP}{_STAR}|{_STAR}{_GAP}{_LEVEL})"
    rf"|{_BANNER_START}(?P<top>TOP {{1,2}}SECRET//)"
    rf"|{_BANNER_START}(?P<banner>SECRET|CONFIDENTIAL)//(?=[A-Z]))"
)
_LEVEL_IN = lazy_re(_LEVEL)


def _canonical(match: re.Match[str]) -> str:
    if match.group("cn"):
        level = _LEVEL_IN.search(match.group("cn"))
        return _LEVELS[level.group()] + "★" if level else "★"
    if match.group("top"):
        return "TOP SECRET//"
    return f"{match.group('banner')}//"


def find_markings(source: str) -> list[tuple[str, int, int]]:
    """``(marking, first line, count)`` for each distinct secrecy marking in ``source``.

    Lines are counted as ``str.splitlines`` counts them (as the page model does); NFKC never
    creates or removes a line break, so the normalised text keeps the same lines.
    """
    text = "\n".join(source.splitlines())
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    # Cheap prefilter: every marking holds a star or "//" after SECRET or CONFIDENTIAL.
    if (
        "SECRET//" not in text
        and "CONFIDENTIAL//" not in text
        and (text.isascii() or not any(star in text for star in _STARS))
    ):
        return []
    first: dict[str, int] = {}
    counts: dict[str, int] = {}
    line, counted_to = 1, 0
    for match in _PATTERN.finditer(text):
        line += text.count("\n", counted_to, match.start())  # matches come in order
        counted_to = match.start()
        marking = _canonical(match)
        first.setdefault(marking, line)
        counts[marking] = counts.get(marking, 0) + 1
    return sorted(((m, n, counts[m]) for m, n in first.items()), key=lambda x: x[1:])


def _describe_value(value: object) -> Text:
    if isinstance(value, str):
        shown = value.strip()
        if not shown:
            return t("empty", "空值")
        if len(shown) <= 32 and "\n" not in shown:
            return t(f"'{shown}'", f"'{shown}'")
        return t("a long label", "一个较长的标签")
    kind = type(value).__name__
    return t(f"a {kind}", f"{kind} 类型的值")


def check(page: Page, context: Context) -> Iterator[Finding]:
    block = page.front_matter.data.get(page.meta_key)
    # Read the raw front matter, not the validated model: a page whose block has another
    # error is still told that its classification keeps it out.
    value = block.get("classification") if isinstance(block, dict) else None
    if value is not None and not (isinstance(value, str) and value.strip().lower() == "public"):
        key = page.key("classification")
        shown = _describe_value(value)
        yield Finding(
            "CAC110",
            page.line_of("classification"),
            t(
                f"'{key}' is {shown}, not public: only public material is "
                "published, and information involving state secrets never is (Article 11); "
                "the page fails the build",
                f"'{key}' 的值为 {zh(shown)}，不是 public：只有公开材料才能发布，涉及国家秘密的"
                "信息一律不得发布（第十一条）；本页导致构建失败",
            ),
            expected=t(
                f"'{key}: public', or no classification",
                f"'{key}: public'，或不设置 classification",
            ),
            found=t(f"{key}: {shown}", f"{key} 的值为 {zh(shown)}"),
            fix=t(
                "if the page is cleared for the public, set `classification: public`; "
                "otherwise take it out of the site's sources and hand classified material to "
                "your secrecy officer, to be handled under the secrecy laws",
                "如本页已获准公开，设置 `classification: public`；否则将其移出站点源文件，"
                "并将涉密材料交本单位保密管理人员依照保密法律法规处理",
            ),
            key=key,
        )
    for marking, line, count in find_markings(page.source):
        times = (
            t("", "")
            if count == 1
            else t(f" ({count} times on the page)", f"（本页共 {count} 处）")
        )
        yield Finding(
            "CAC110",
            line,
            t(
                f"secrecy marking {marking} on line {line}{times}: material marked as a state "
                "secret (or as classified) is never published (Article 11); the page fails the "
                "build",
                f"第 {line} 行有密级标志 {marking}{zh(times)}：标有国家秘密（或其他密级）标志的"
                "材料一律不得发布（第十一条）；本页导致构建失败",
            ),
            expected=t(
                "no secrecy markings in a page that is published",
                "发布的页面中不得有密级标志",
            ),
            found=t(
                f"secrecy marking {marking} on line {line}{times}",
                f"第 {line} 行的密级标志 {marking}{zh(times)}",
            ),
            fix=t(
                "remove the marked material from the page (and from the site's sources) and "
                "report it to your secrecy officer; state secrets are handled under the secrecy "
                "laws, never published. This rule cannot be switched off or suppressed",
                "从页面（及站点源文件）中删除标有密级的材料，并报告本单位保密管理人员；国家秘密"
                "依照保密法律法规处理，一律不得发布。本规则不能关闭，也不能豁免",
            ),
        )


_EXAMPLE = (
    "threatpub:\n"
    "  classification: public      # 'internal', 'confidential', 机密 … fail the build\n"
    "\n"
    "Fails wherever it appears, code blocks included:  机密★1年   ★绝密   TOP SECRET//NOFORN\n"
    "Does not fire:  国家秘密分为绝密、机密、秘密三级 (no star),  https://x/secret//y,\n"
    "                CLIENT_SECRET//X,  SECRET//2"
)

RULE = Rule(
    code="CAC110",
    name="state-secret",
    source="CAC Measures Art. 11",
    default_action=Action.FAIL,
    profile="cac-2019",
    scope=Scope.CONTENT,
    locked=True,
    summary=t(
        "A classification other than `public`, or secrecy markings (a secrecy level with ★, "
        "TOP SECRET//).",
        "classification 不是 `public`，或含有密级标志（绝密★、机密★、秘密★、TOP SECRET//）。",
    ),
    check=check,
    reads_clock=False,  # page and settings only: cached by source hash
    doc=RuleDoc(
        what=t(
            "`threatpub.classification` set to anything but `public` (trimmed, any case); "
            "and secrecy markings anywhere in the file, code blocks included, after Unicode "
            "NFKC: a state-secret level with a star, before or after it, solid or outline "
            "(绝密★, 机密★, 秘密★, ★绝密, 机密☆; traditional 絕密, 機密), and upper-case "
            "classification banners ('TOP SECRET//…', 'SECRET//NOFORN', 'CONFIDENTIAL//…'). "
            "A banner word must start a token: CLIENT_SECRET//X, a lower-case URL path "
            "'secret//' and the floor division 'SECRET//2' do not fire; the levels named without "
            "a star (绝密、机密、秘密三级) do not either. Runs on every page when "
            "`scan_all_pages` is on. Findings name the marking and its line, never the text "
            "around it. Locked: it cannot be set below `fail`, and it cannot be suppressed.",
            "`threatpub.classification` 设为 `public` 以外的任何值（去除首尾空白，不区分大小写）；"
            "以及文件中任何位置（包括代码块）经 Unicode NFKC 规范化后的密级标志："
            "带星号的国家秘密密级，星号在前或在后、实心或空心均可（绝密★、机密★、秘密★、★绝密、"
            "机密☆；繁体絕密、機密），以及大写的密级横幅（'TOP SECRET//…'、'SECRET//NOFORN'、"
            "'CONFIDENTIAL//…'）。横幅中的词必须位于词元开头：CLIENT_SECRET//X、小写的 URL 路径 "
            "'secret//' 和整除运算 'SECRET//2' 都不会触发；不带星号的密级名称（绝密、机密、"
            "秘密三级）也不会。开启 `scan_all_pages` 时检查所有页面。发现项只写明标志及其所在行，"
            "绝不引用周围的文字。本规则已锁定：不能设为低于 `fail` 的处理方式，也不能豁免。",
        ),
        why=t(
            "Article 11 of the draft Measures, paraphrased (2019 draft for comment, not "
            "law in force): threat information that involves state secrets is handled under the "
            "laws and rules on guarding state secrets and must not be published. A page with a "
            "secrecy marking or a non-public classification is treated as such material until a "
            "person removes it; the rule fails the build rather than holding the page, because "
            "no paperwork or waiting makes it publishable.",
            "《网络安全威胁信息发布管理办法（征求意见稿）》第十一条（大意；2019 年的征求意见稿，"
            "并非现行法律）：涉及国家秘密的威胁信息，依照保守国家秘密的法律法规处理，不得发布。"
            "带有密级标志或非公开密级的页面，在有人将其删除之前一律按此类材料对待；"
            "本规则使构建失败而不是暂缓发布，因为任何手续或等待都不能使其变得可以发布。",
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft "
            "for Comment, 2019-11-20), Art. 11; Law of the PRC on Guarding State Secrets "
            "(levels 绝密, 机密, 秘密); GB/T 9704 (the ★ marking).",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第十一条；"
            "《中华人民共和国保守国家秘密法》（密级：绝密、机密、秘密）；GB/T 9704（★ 标志）。",
        ),
        how=t(
            "Remove the marked or classified material from the page and from the site's "
            "sources, and report it to your secrecy officer: state secrets are never published. "
            "A page that is really public says `classification: public` (or nothing). To write "
            "about markings, describe them in words instead of reproducing them.",
            "从页面和站点源文件中删除标有密级或非公开的材料，并报告本单位保密管理人员：国家秘密"
            "一律不得发布。确属公开的页面写明 `classification: public`（或不设置）。如需介绍"
            "密级标志，请用文字描述，不要照录标志本身。",
        ),
        example=t(
            _EXAMPLE,
            "threatpub:\n"
            "  classification: public      # 'internal'、'confidential'、机密 … 会使构建失败\n"
            "\n"
            "出现在任何位置（包括代码块）都会失败：  机密★1年   ★绝密   TOP SECRET//NOFORN\n"
            "不会触发：  国家秘密分为绝密、机密、秘密三级（无星号）  https://x/secret//y\n"
            "            CLIENT_SECRET//X  SECRET//2",
        ),
    ),
)
