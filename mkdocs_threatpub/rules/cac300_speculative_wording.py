"""CAC300 speculative-wording: Article 3, an objective tone without hype.

The scan is one pass over the page: the body's prose (fenced code, inline code, HTML
comments and URLs left out) is normalised (NFKC, invisible characters dropped, casefold,
runs of spaces, hyphens, underscores and emphasis markers made one space) into a single
buffer, and one compiled alternation of literal phrases runs over it. Literal alternations
cannot backtrack catastrophically; the only follow-up work is a bounded look at the next few
words after a superlative ("worst … ever"), so the cost is linear in the page size.

The phrase list is deliberately short. Plain technical words that sound dramatic stay out:
"catastrophic backtracking", "critical severity", "fatal error" (致命错误), "灾难性回溯",
"worst case", CVE nicknames such as Meltdown or PrintNightmare, CVSS scores.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from mkdocs_threatpub.core.blocks import Block
from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t, zh
from mkdocs_threatpub.core.lazy import lazy_re, lazy_re2
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc

__all__ = ["RULE", "HypeMatch", "find_hype"]

SUPERLATIVE = t("superlative hype", "夸大的最高级表述")
DOOM = t("apocalyptic hype", "末日式渲染")
MILITARY = t("weapon or war metaphor", "武器或战争比喻")
SENSATIONAL = t("sensational hype", "耸人听闻的炒作")

# Phrases matched as whole words (English) after normalisation: lower case, one space
# between words, hyphens and underscores read as spaces ("nuclear-grade" → "nuclear grade").
_ENGLISH: dict[str, str] = {
    "unprecedented": SUPERLATIVE,
    "mother of all": SUPERLATIVE,
    "once in a generation": SUPERLATIVE,
    "once in a lifetime": SUPERLATIVE,
    "once in a century": SUPERLATIVE,
    "apocalypse": DOOM,
    "apocalyptic": DOOM,
    "doomsday": DOOM,
    "armageddon": DOOM,
    "cyber armageddon": DOOM,
    "cybergeddon": DOOM,
    "cyberpocalypse": DOOM,
    "end of the internet": DOOM,
    "extinction level": DOOM,
    "internet is on fire": SENSATIONAL,
    "internet on fire": SENSATIONAL,
    "break the internet": SENSATIONAL,
    "breaks the internet": SENSATIONAL,
    "broke the internet": SENSATIONAL,
    "nuclear grade": MILITARY,
    "nuclear level": MILITARY,
    "weapons grade": MILITARY,
    "cyber pearl harbor": MILITARY,
    "cyber pearl harbour": MILITARY,
    "digital pearl harbor": MILITARY,
    "digital pearl harbour": MILITARY,
    "electronic pearl harbor": MILITARY,
    "cyber 9/11": MILITARY,
    "digital 9/11": MILITARY,
}

# Superlatives that are hype only with "ever", "of all time" or "in history" within the
# next few words of the same clause: "the worst bug ever" warns, "the worst case" and "the
# most dangerous setting is …" do not.
_SUPERLATIVES = (
    "most dangerous",
    "most severe",
    "most serious",
    "most devastating",
    "most destructive",
    "most catastrophic",
    "most critical",
    "most damaging",
    "most lethal",
    "most powerful",
    "most sophisticated",
    "most terrifying",
    "worst",
    "biggest",
    "largest",
    "deadliest",
    "scariest",
)
_CLOSER_WINDOW = 80  # characters looked at after a superlative
_CLOSER_WORDS = 6  # "the worst ransomware attack we have ever seen": ever is word 5
# Words that start another clause: "the biggest problem is whether it ever …" is no hype.
_CLAUSE_BREAKS = frozenset(
    (
        *("is", "are", "was", "were", "be", "if", "when", "whether", "unless", "because"),
        *("but", "can", "could", "would", "will", "may", "might", "should", "must", "to"),
        "than",
    )
)

# Chinese (simplified and traditional) matched as substrings: Chinese has no spaces.
# Not listed on purpose: 灾难性 (灾难性回溯 is "catastrophic backtracking"), 致命 (致命错误 is
# "fatal error"), 严重 (a CVSS severity), 最强/最大 alone (plain comparisons).
_CHINESE: dict[str, str] = {
    "史上最": SUPERLATIVE,
    "有史以来最": SUPERLATIVE,
    "有史以來最": SUPERLATIVE,
    "最严重": SUPERLATIVE,
    "最嚴重": SUPERLATIVE,
    "最危险": SUPERLATIVE,
    "最危險": SUPERLATIVE,
    "最致命": SUPERLATIVE,
    "最可怕": SUPERLATIVE,
    "最恐怖": SUPERLATIVE,
    "前所未有": SUPERLATIVE,
    "史无前例": SUPERLATIVE,
    "史無前例": SUPERLATIVE,
    "百年一遇": SUPERLATIVE,
    "史诗级": SUPERLATIVE,
    "史詩級": SUPERLATIVE,
    "末日级": DOOM,
    "末日級": DOOM,
    "世界末日": DOOM,
    "毁灭性": DOOM,
    "毀滅性": DOOM,
    "灾难级": DOOM,
    "災難級": DOOM,
    "核弹级": MILITARY,
    "核彈級": MILITARY,
    "核爆级": MILITARY,
    "核爆級": MILITARY,
    "核武级": MILITARY,
    "核武級": MILITARY,
    "血洗": MILITARY,
    "惊天": SENSATIONAL,
    "驚天": SENSATIONAL,
    "全网沦陷": SENSATIONAL,
    "全網淪陷": SENSATIONAL,
    "全球沦陷": SENSATIONAL,
    "全球淪陷": SENSATIONAL,
    "无一幸免": SENSATIONAL,
    "無一倖免": SENSATIONAL,
}


def _trie(phrases: list[str]) -> str:
    """A regex alternation of literal ``phrases`` factored by common prefixes.

    Still only literals (no quantifier but the optional "?" of a phrase that is a prefix of
    another), so it cannot backtrack catastrophically; factoring lets the engine try one
    branch per character instead of every phrase, and the longest phrase wins ("cyber
    armageddon" is reported rather than "armageddon").
    """
    root: dict[str, dict[str, Any]] = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict[str, Any]]) -> str:
        branches = [re.escape(char) + build(node[char]) for char in sorted(node) if char]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return build(root)


_ALL_PHRASES = [*_ENGLISH, *_SUPERLATIVES, *_CHINESE]
# One pass over the page. The lookahead on the phrases' first characters lets the engine
# skip other positions quickly. re.ASCII: \b sees only [A-Za-z0-9_] as word characters, so
# an English phrase right next to Chinese text ("这是worst bug ever") keeps its boundaries.
_PATTERN = lazy_re(
    "(?=[" + re.escape("".join(sorted({p[0] for p in _ALL_PHRASES}))) + "])"
    r"(?:\b" + _trie([*_ENGLISH, *_SUPERLATIVES]) + r"\b|" + _trie([*_CHINESE]) + ")",
    re.ASCII,
)
# The same phrases in RE2 (linear, no look-ahead) for the one-pass check of a whole page.
_GATE = lazy_re2(r"(?:\b" + _trie([*_ENGLISH, *_SUPERLATIVES]) + r"\b|" + _trie([*_CHINESE]) + ")")
_CLAUSE_END = lazy_re(r"[.!?;:\x00。！？；]")

# Normalisation of the prose buffer, each step one linear pass. "\n" ends each scanned line
# (it maps matches back to lines), "\x00" separates text that must not join into one phrase.
_GAP = "\x00"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE_TABLE = dict.fromkeys(map(ord, _INVISIBLE))
_URL = lazy_re(r"(?:https?|ftp)://[^\s<>()\[\]\x00]*|www\.[^\s<>()\[\]\x00]*", re.ASCII)
# Hyphens, underscores and emphasis markers read as spaces ("nuclear-grade", "**worst** ever").
_SEPARATORS = "\t\x0b\x0c*_~-"
_UNICODE_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015", " "))
_SPACES = lazy_re(r"  +")
# Per line: backtick runs, HTML comment openers and closers, in one scan.
_INLINE_TOKENS = lazy_re(r"`+|<!--|-->")


@dataclass(frozen=True)
class HypeMatch:
    """One distinct hype phrase on a page: category, first line, number of occurrences."""

    phrase: str
    category: str
    line: int
    count: int


def _normalise(text: str) -> str:
    """NFKC, invisible characters dropped, casefold, URLs cut out, separators made " ".

    Plain ``str`` methods where they do (they are much faster than a regex substitution
    that matches at every space); every step is one linear pass.
    """
    text = unicodedata.normalize("NFKC", text)  # also makes the Unicode spaces " "
    if not text.isascii():
        if any(char in text for char in _INVISIBLE):
            text = text.translate(_INVISIBLE_TABLE)
        text = text.translate(_UNICODE_DASHES)
    text = text.casefold()
    if "://" in text or "www." in text:
        text = _URL.sub(_GAP, text)
    for char in _SEPARATORS:
        if char in text:
            text = text.replace(char, " ")
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.replace(" \n", "\n").replace("\n ", "\n")


def _prose_segments(line: str, in_comment: bool) -> tuple[list[str], bool]:
    """The parts of one line outside inline code spans and HTML comments.

    Linear: the backtick runs are found once, and each run's next run of the same length
    (the CommonMark closer) is precomputed right to left.
    """
    if not in_comment and "<!--" not in line:
        if "`" not in line:
            return [line], False
        if "``" not in line:  # the common case: single backticks pair up left to right
            pieces = line.split("`")
            if len(pieces) % 2 == 0:  # an odd number of backticks: the last one is literal
                pieces[-2:] = [pieces[-2] + "`" + pieces[-1]]
            return pieces[::2], False
    tokens = list(_INLINE_TOKENS.finditer(line))
    following: list[int | None] = [None] * len(tokens)
    last_by_length: dict[int, int] = {}
    for index in range(len(tokens) - 1, -1, -1):
        text = tokens[index].group()
        if text[0] == "`":
            following[index] = last_by_length.get(len(text))
            last_by_length[len(text)] = index
    segments = []
    start = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        text = token.group()
        if in_comment:
            if text == "-->":
                in_comment = False
                start = token.end()
            index += 1
            continue
        if text == "<!--":
            segments.append(line[start : token.start()])
            in_comment = True
            index += 1
            continue
        closer = following[index] if text[0] == "`" else None
        if closer is not None:
            segments.append(line[start : token.start()])
            start = tokens[closer].end()
            index = closer + 1
            continue
        index += 1  # an unmatched backtick run or a stray "-->" is literal text
    if not in_comment:
        segments.append(line[start:])
    return segments, in_comment


def _line_flags(count: int, blocks: Iterable[Block], first_only: bool = False) -> bytearray:
    """1 for each line that ``blocks`` span (with ``first_only``: that they start on)."""
    flags = bytearray(count)
    for block in blocks:
        if first_only:
            flags[block.start] = 1
        else:
            flags[block.start : block.end] = b"\x01" * (block.end - block.start)
    return flags


def _closer_after(buffer: str, end: int) -> str | None:
    """ "ever", "of all time" or "in history" within the next few words of the clause."""
    window_end = min(len(buffer), end + _CLOSER_WINDOW)
    stop = _CLAUSE_END.search(buffer, end, window_end)
    text = buffer[end : stop.start() if stop else window_end]
    words = [word.strip("\"'()[]<>,“”‘’«»") for word in text.split()]
    if words and words[0] in ("case", "cases"):
        return None  # "worst case", "worst-case complexity"
    for index, word in enumerate(words[:_CLOSER_WORDS]):
        if word == "ever":
            return "ever"
        if word == "of" and words[index + 1 : index + 3] == ["all", "time"]:
            return "of all time"
        if word == "in" and words[index + 1 : index + 2] == ["history"]:
            return "in history"
        if word in _CLAUSE_BREAKS:
            return None
    return None


def find_hype(page: Page) -> list[HypeMatch]:
    """Distinct hype phrases in the front-matter title and the body's prose, in line order.

    Reusable by other profiles' exaggeration rules (MIIT Art. 9(3)).
    """
    title = page.title
    # Cheap first: normalising the page as one text finds every phrase the line walk below
    # can find (and more: code, comments), so a page without any is done in one pass.
    whole = _normalise(f"{title or ''}\n{page.body}").replace("\n", " ")
    if _GATE.search(whole) is None:
        return []
    parts: list[str] = []  # one chunk per scanned line, each ending in "\n"
    lines: list[int] = []  # the file line of each chunk
    if title:
        segments, _ = _prose_segments(title.replace("\n", " "), False)
        parts.append(_GAP.join(segments) + _GAP + "\n")
        lines.append(page.front_matter.lines.get(("title",), 1))
    analysis = page.analysis
    # Fenced code is left out (the page's one block scan finds it, in quotes, list items
    # and admonitions too); an HTML comment or code span never runs on past its block.
    skip = _line_flags(len(analysis.lines), analysis.fenced)
    starts = _line_flags(len(analysis.lines), analysis.blocks, first_only=True)
    in_comment = False
    for offset, raw in enumerate(analysis.lines):
        lines.append(page.body_line(offset))
        if skip[offset]:
            parts.append(_GAP + "\n")
            continue
        if starts[offset]:
            in_comment = False
        if not raw.strip():
            parts.append(_GAP + "\n")  # a blank line ends the paragraph
            continue
        segments, in_comment = _prose_segments(raw, in_comment)
        parts.append(_GAP.join(segments) + "\n")
    text = _normalise("".join(parts))
    # Lines of one paragraph join with a space: "the most dangerous\nbug ever" matches.
    flat = text.replace("\n", " ")
    first: dict[str, tuple[str, int]] = {}  # phrase → (category, line of first occurrence)
    counts: dict[str, int] = {}
    chunk, counted_to = 0, 0
    for match in _PATTERN.finditer(flat):
        phrase = match.group()
        category = _ENGLISH.get(phrase) or _CHINESE.get(phrase)
        if category is None:  # a superlative: hype only with "ever" and the like
            closer = _closer_after(flat, match.end())
            if closer is None:
                continue
            phrase, category = f"{phrase} {closer}", SUPERLATIVE
        chunk += text.count("\n", counted_to, match.start())  # matches come in order
        counted_to = match.start()
        if phrase not in first:
            first[phrase] = (category, lines[chunk])
        counts[phrase] = counts.get(phrase, 0) + 1
    return sorted(
        (HypeMatch(p, c, line, counts[p]) for p, (c, line) in first.items()),
        key=lambda h: (h.line, h.phrase),
    )


def check(page: Page, context: Context) -> Iterator[Finding]:
    for hype in find_hype(page):
        times = "once" if hype.count == 1 else f"{hype.count} times"
        yield Finding(
            "CAC300",
            hype.line,
            t(
                f"{hype.category}: '{hype.phrase}' ({times} on the page); Article 3 asks for "
                "an objective, truthful, measured tone, not hype",
                f"{zh(hype.category)}：'{hype.phrase}'（本页出现 {hype.count} 次）；第三条要求"
                "客观、真实、审慎地发布，不得炒作",
            ),
            expected=t(
                "measured wording: what is affected, how severe (e.g. the CVSS score), "
                "what an attacker can do and what fixes it",
                "审慎的表述：影响范围、严重程度（如 CVSS 评分）、攻击者能做什么以及如何修复",
            ),
            found=t(
                f"'{hype.phrase}' {times}, first on line {hype.line}",
                f"'{hype.phrase}' 出现 {hype.count} 次，首次出现在第 {hype.line} 行",
            ),
            fix=t(
                f"replace '{hype.phrase}' with the facts it stands for: affected versions, "
                "severity score, conditions for exploitation (a quoted headline repeats the "
                "hype too; paraphrase it)",
                f"将 '{hype.phrase}' 替换为它所代表的事实：受影响版本、严重程度评分、利用条件"
                "（引用的标题同样在重复炒作，请改述）",
            ),
        )


_EXAMPLE = (
    "Warns:   # 史上最严重的核弹级漏洞: the most dangerous bug ever\n"
    "Better:  # Heap overflow in libexample before 2.4.1 (CVSS 9.8): unauthenticated\n"
    "         remote code execution; fixed in 2.4.1\n"
    "Quiet:   catastrophic backtracking, critical severity, CVSS 10.0, worst case,\n"
    "         hype inside fenced or inline code (a quoted log line)"
)

RULE = Rule(
    code="CAC300",
    name="speculative-wording",
    source="CAC Measures Art. 3",
    default_action=Action.WARN,
    profile="cac-2019",
    summary=t(
        "Hype wording ('most dangerous ever', 'apocalyptic', 'nuclear-grade') in title or body.",
        "标题或正文中的炒作用语（史上最、核弹级、末日级、'most dangerous ever' 等）。",
    ),
    check=check,
    reads_clock=False,  # page and settings only: cached by source hash
    doc=RuleDoc(
        what=t(
            "The front-matter `title` and the body's prose (the first H1 included) of a "
            "threat-information page, after Unicode NFKC and case folding, for hype: "
            "superlatives (史上最, 最严重, 最危险, 前所未有, 史诗级, 'unprecedented', and 'worst', "
            "'biggest', 'most dangerous' … when followed within the same clause by 'ever', 'of "
            "all time' or 'in history'), doom imagery (末日级, 毁灭性, 灾难级, 'apocalypse', "
            "'apocalyptic', 'doomsday', 'cyber armageddon'), weapon and war metaphors (核弹级, "
            "'nuclear-grade', 'cyber Pearl Harbor') and sensational phrases (惊天, 全网沦陷, 'the "
            "internet is on fire'). One finding per distinct phrase, at its first line, with a "
            "count. Fenced code blocks, inline code, HTML comments and URLs are not read: a "
            "quoted log line is not the author's tone. Plain technical words are not hype: "
            "'catastrophic backtracking', 'critical severity', 'CVSS 10.0', 'worst case', "
            "致命错误. Indented (four-space) code blocks are read as prose.",
            "检查威胁信息页面 front matter 中的 `title` 和正文文字（含第一个一级标题），经 "
            "Unicode NFKC 规范化和大小写折叠后，是否含有炒作用语：最高级表述（史上最、最严重、"
            "最危险、前所未有、史诗级、'unprecedented'，以及在同一分句内后接 'ever'、'of all "
            "time' 或 'in history' 的 'worst'、'biggest'、'most dangerous' 等）、"
            "末日意象（末日级、毁灭性、灾难级、'apocalypse'、'apocalyptic'、'doomsday'、'cyber "
            "armageddon'）、武器和战争隐喻（核弹级、'nuclear-grade'、'cyber Pearl Harbor'）"
            "以及耸人听闻的说法（惊天、全网沦陷、'the internet is on fire'）。"
            "每个不同的表述报告一项发现，位于其首次出现的行，并附出现次数。围栏代码块、行内代码、"
            "HTML 注释和 URL 不在检查范围内：引用的日志行不代表作者的语气。普通技术用语不算炒作："
            "'catastrophic backtracking'、'critical severity'、'CVSS 10.0'、'worst case'、"
            "致命错误。缩进（四个空格）代码块按正文处理。",
        ),
        why=t(
            "Article 3 of the draft Measures, paraphrased (2019 draft for comment, not "
            "law in force): threat information is to be published objectively, truthfully, "
            "prudently and responsibly, and is not to be used to hype threats (nor for improper "
            "gain or unfair competition). Exaggeration misleads readers and the operators who "
            "must act on the information. Key words of the draft: 客观、真实、审慎、负责；"
            "不利用网络安全威胁信息进行炒作.",
            "《网络安全威胁信息发布管理办法（征求意见稿）》第三条（大意；2019 年的征求意见稿，"
            "并非现行法律）：发布网络安全威胁信息应当客观、真实、审慎、负责，"
            "不得利用网络安全威胁信息进行炒作（也不得借此谋取不正当利益或进行不正当竞争）。"
            "夸大其词会误导读者，也会误导需要据此采取行动的网络运营者。",
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft "
            "for Comment, 2019-11-20), Art. 3. The same duty appears in the MIIT 2021 "
            "regulations, Art. 9(3) (MIIT093).",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第三条。"
            "《网络产品安全漏洞管理规定》（2021）第九条第（三）项也规定了同样的义务（MIIT093）。",
        ),
        how=t(
            "Replace the phrase with the facts it stands for: affected products and versions, "
            "the severity score and vector, what an attacker can do and under which "
            "conditions, and the fix. The page is still published (warning); a site that "
            "quotes press headlines on purpose can set `rules: {CAC300: off}`.",
            "用该表述所代表的事实替换它：受影响的产品和版本、严重程度评分和向量、攻击者在何种"
            "条件下能做什么，以及修复方法。本页仍会发布（警告）；有意引用新闻标题的站点可以设置 "
            "`rules: {CAC300: off}`。",
        ),
        example=t(
            _EXAMPLE,
            "警告：  # 史上最严重的核弹级漏洞：the most dangerous bug ever\n"
            "更好：  # libexample 2.4.1 之前的版本存在堆溢出漏洞（CVSS 9.8）：无需认证\n"
            "        即可远程执行代码；已在 2.4.1 中修复\n"
            "不报告：catastrophic backtracking、critical severity、CVSS 10.0、worst case，\n"
            "        以及围栏代码或行内代码中的炒作用语（如引用的日志行）",
        ),
    ),
)
