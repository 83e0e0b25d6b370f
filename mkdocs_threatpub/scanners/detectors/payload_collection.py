"""Attack payload collections: pages whose code, inline code and tables are mostly concrete
attack inputs — template and expression-language injection, command injection, serialized
gadgets, SQL/NoSQL/XPath/LDAP injection, XSS vectors, JWT forgeries, traversal, SSRF to
metadata endpoints, smuggled requests … (the families of ``_payloads``).

The decision is the page's, from evidence gathered across it:

- how many distinct lines carry an attack input, of how many families;
- how the page is framed by its headings: a technique page ("Methodology", "Exploit",
  "Payloads", "Bypass", "Tools", "Labs", 利用, 绕过 …) or a prevention guide ("Prevention",
  "Defense", "Mitigation", "Best practices", 防御, 修复 …).

A technique page holds from one attack input: its headings say the inputs are there to be
used. Elsewhere six lines hold and three warn; one or two illustrative payloads explain a
vulnerability. A prevention guide shows one example per idea ("Example Attack") and is held
only for a real arsenal (forty lines), warned from twelve. Serialized gadgets hold from two
lines on any page that is not a prevention guide. Detection rules and hunting queries
(Sigma, YARA, Snort, KQL …) quote payloads to match them and are not counted.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.lazy import lazy_re2
from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.detectors._common import detection_rule, in_code, page_hit
from mkdocs_threatpub.scanners.detectors._payloads import AttackInput, Family, attack_inputs
from mkdocs_threatpub.scanners.document import Document, View

HOLD_AT = 6
WARN_AT = 3
DEFENSIVE_HOLD_AT = 40
DEFENSIVE_WARN_AT = 12
GADGET_HOLD_AT = 2

# Counting stops here: the verdict is long decided.
MAX_COUNTED = 500

# A heading names a section's purpose when it is short: "Exploit", "XSS Filter Bypass",
# "2FA Bypasses" — not an advisory title that names a flaw ("CA check bypass with …").
_SHORT_HEADING_WORDS = 3
_OFFENSIVE = lazy_re2(
    r"(?i)\b(?:payloads?|bypass(?:es|ing)?|exploit(?:s|ation|ing)?|methodology|tools?|labs?|poc|"
    r"proof[- ]of[- ]concept|evasion|escapes?|gadgets?|exfiltration|brute[- ]?force|enumeration|"
    r"fingerprinting|weaponi[sz]\w{0,6}|takeover)\b|"
    r"利用|复现|绕过|载荷|攻击|提权|getshell"
)
_SECTION_NAME = lazy_re2(
    r"(?i)(?:\d{1,2}\.?\s{0,2})?(?:payloads?|bypass(?:es)?|exploit(?:s|ation)?|methodology|labs?|poc|"
    r"proof of concept|mitigations?|prevention|defen[cs]es?|remediation|recommendations?|"
    r"漏洞利用|漏洞复现|利用|复现|绕过|修复建议|修复方案|防御|防护)"
)
_DEFENSIVE = lazy_re2(
    r"(?i)\b(?:prevent(?:ion|ing)?|defen[cs]es?|defending|mitigat(?:e|ion|ions|ing)|protect(?:ion|ing)?|"
    r"remediation|recommendations?|best[- ]practices?|secur(?:e|ing)\b|hardening|guidelines?|"
    r"avoid(?:ing)?|validation|sanitiz\w{0,6}|sanitis\w{0,6}|safe|security|detection|monitoring|logging)\b|"
    r"防御|防护|防范|修复|缓解|加固|检测"
)


class PayloadCollection:
    name = "payload-collection"
    rule = "CAC402"
    keywords: tuple[str, ...] = ()  # always runs: payload families share no keyword

    def scan(self, doc: Document) -> Iterator[Hit]:
        by_family: dict[str, tuple[Family, dict[int, str]]] = {}
        lines: set[int] = set()
        context = _Context(doc)
        illustrative: set[int] = set()  # introduced as something to avoid or fix
        examples: set[int] = set()  # … or at least as an example
        for view, found in _inputs(doc):
            # a multi-line input counts once per block or paragraph, on its first line
            line = view.segment.line + (0 if found.family.per_block else found.line)
            entry = by_family.setdefault(found.family.key, (found.family, {}))
            entry[1].setdefault(line, view.text[found.offset : found.offset + 80])
            if line not in lines:
                shown = context.illustrative(view, line)
                if shown:
                    examples.add(line)
                if shown == 2:
                    illustrative.add(line)
            lines.add(line)
            if len(lines) >= MAX_COUNTED:
                break
        if not lines:
            return
        offensive, defensive = _framing(doc)
        technique_page = offensive >= 2 and offensive > defensive
        count = len(lines)
        # a prevention guide: its headings say so, or most of its inputs are shown as
        # examples of what not to do ("Example Attack", "vulnerable", "do not", "instead")
        prevention_guide = not technique_page and (
            defensive > offensive
            or (defensive and defensive == offensive and 3 * len(examples) >= count)
            or 2 * len(illustrative) >= count
        )
        gadgets = len(by_family["deser"][1]) if "deser" in by_family else 0
        if prevention_guide:
            hold = count >= DEFENSIVE_HOLD_AT
            warn = count >= DEFENSIVE_WARN_AT
        else:
            hold = (
                technique_page
                or count >= HOLD_AT
                or gadgets >= GADGET_HOLD_AT
                or (count >= WARN_AT and offensive > 0 and defensive == 0)
            )
            warn = count >= WARN_AT or gadgets >= 1
        if not (hold or warn):
            return
        yield page_hit(
            self.name,
            self.rule,
            min(lines),
            _described(by_family, count, technique_page, prevention_guide),
            "\n".join(sorted({m for _, found in by_family.values() for m in found.values()})),
            strong=hold,
        )


_JOIN = "\x00\n"


def _inputs(doc: Document) -> Iterator[tuple[View, AttackInput]]:
    """Each attack input of the page with the view it is in (``AttackInput.line`` and
    ``offset`` relative to that view). The views are searched as two texts, code and the
    rest, one line per view line: one search per family and page, not per view. A NUL
    ends each view, so no match runs from one view into the next."""
    for code in (True, False):
        views = [
            view
            for view in doc.views
            if in_code(view) == code and view.segment.kind != "heading" and not detection_rule(view)
        ]
        if not views:
            continue
        starts: list[int] = []  # first line of each view in the joined text
        offsets: list[int] = []  # its character offset
        line = offset = 0
        for view in views:
            starts.append(line)
            offsets.append(offset)
            line += view.text.count("\n") + 1
            offset += len(view.text) + len(_JOIN)
        joined = _JOIN.join(view.text for view in views)
        for found in attack_inputs(joined, code=code):
            index = bisect_right(starts, found.line) - 1
            yield (
                views[index],
                AttackInput(
                    found.offset - offsets[index], found.line - starts[index], found.family
                ),
            )


# Words that present an input as an example of what to avoid or fix, in the prose that
# introduces it.
_ILLUSTRATIVE = lazy_re2(
    r"(?i)\b(?:example\s{1,4}attack|attack\s{1,4}example|vulnerable|insecure|unsafe|bad|don'?t|do\s{1,4}not|"
    r"never|avoid|instead|prevent\w{0,4}|sanitiz\w{0,5}|sanitis\w{0,5}|escaping|encod(?:e|ed|ing)\s{1,4}output|"
    r"validat\w{0,5}|allow-?list|white-?list|mitigat\w{0,5}|"
    r"escape[sd]?\s{1,4}(?:such|the|this|these|it|them|user|output|input|links?|html|data|characters?))\b|"
    r"不要|避免|防止|过滤|转义"
)
# Weaker: an input introduced as "an example of the attack"; counts only to settle a page
# whose headings are as much about defence as about attack.
_EXAMPLE = lazy_re2(
    r"(?i)\bexample\b[^.\n]{0,60}\b(?:attack|payload|exploit|malicious)|"
    r"\b(?:attack|payload|exploit|malicious)\w{0,4}\b[^.\n]{0,40}\bexample\b|\bconsider\s{1,4}the\s{1,4}following|示例|例如"
)
_CONTEXT_CHARS = 300


class _Context:
    """The prose that introduces each input: the paragraph around inline code, the
    paragraph before a code block."""

    def __init__(self, doc: Document) -> None:
        prose: dict[int, str] = {}
        for view in doc.views:
            if view.segment.kind in ("prose", "table"):
                prose.setdefault(view.segment.line, view.segment.text)
        self._starts = sorted(prose)
        self._texts = [prose[start] for start in self._starts]
        self._memo: dict[int, int] = {}

    def illustrative(self, view: View, line: int) -> int:
        """2: shown as something to avoid or fix; 1: shown as an example; 0: neither."""
        at = view.segment.line if view.segment.kind == "code" else line
        index = bisect_right(self._starts, at) - 1
        if index < 0:
            return 0
        if index not in self._memo:
            text = self._texts[index][-_CONTEXT_CHARS:]
            self._memo[index] = (
                2 if _ILLUSTRATIVE.search(text) else 1 if _EXAMPLE.search(text) else 0
            )
        return self._memo[index]


def _framing(doc: Document) -> tuple[int, int]:
    """(offensive, defensive) weight of the page's headings: what its sections are for.

    The title (the first heading) weighs two whatever its length; a heading that is just a
    section name ("Methodology", "Exploit", "Tools", "Mitigation") weighs two; any other
    short heading with such a word weighs one. An offensive word counts once however many
    headings repeat it ("Jumbo Payloads", "Small Jumbo Payloads"). A heading with both kinds
    of word is defensive ("Preventing SQL injection bypasses").
    """
    offensive: dict[str, int] = {}  # each offensive word counts once, at its heaviest
    defensive = 0
    seen: set[int] = set()
    for view in doc.views:
        if view.segment.kind != "heading" or view.segment.line in seen:
            continue
        title = not seen
        seen.add(view.segment.line)
        text = view.text.strip().lstrip("#").strip().strip(":：")
        words = len(text.split())
        if not title and words > _SHORT_HEADING_WORDS:
            continue
        weight = 2 if _SECTION_NAME.fullmatch(text) and not title else 1
        if _DEFENSIVE.search(text) is not None:
            defensive += weight
            continue
        word = _OFFENSIVE.search(text)
        if word is not None:
            key = word.group(0).lower().rstrip("s")
            offensive[key] = max(weight, offensive.get(key, 0))
    return sum(offensive.values()), defensive


def _described(
    by_family: dict[str, tuple[Family, dict[int, str]]],
    count: int,
    technique_page: bool,
    prevention_guide: bool,
) -> Text:
    ranked = sorted(by_family.values(), key=lambda entry: (-len(entry[1]), min(entry[1])))
    parts_en = []
    parts_zh = []
    for fam, found in ranked[:6]:
        parts_en.append(f"{fam.name}: {len(found)} from line {min(found)}")
        parts_zh.append(f"{zh(fam.name)}：{len(found)} 行，始于第 {min(found)} 行")
    if len(ranked) > 6:
        parts_en.append(f"{len(ranked) - 6} more families")
        parts_zh.append(f"另有 {len(ranked) - 6} 类")
    capped = count >= MAX_COUNTED
    counted = f"{MAX_COUNTED} or more" if capped else str(count)
    counted_zh = f"{MAX_COUNTED} 行及以上" if capped else f"{count} 行"
    if technique_page:
        frame_en = "; the headings present attack technique (methodology, exploit, payloads, tools)"
        frame_zh = "；页面标题表明其内容为攻击手法（方法、利用、载荷、工具）"
    elif prevention_guide:
        frame_en = "; the headings present prevention guidance, so only a long list counts"
        frame_zh = "；页面标题表明其为防护指南，仅大量载荷才计入"
    else:
        frame_en = frame_zh = ""
    return t(
        f"attack payload collection ({counted} lines with attack inputs, the first here — "
        f"{'; '.join(parts_en)}){frame_en}",
        f"攻击载荷集合（{counted_zh}含攻击输入，此处为第一行——{'；'.join(parts_zh)}）{frame_zh}",
    )


DETECTOR = PayloadCollection()
