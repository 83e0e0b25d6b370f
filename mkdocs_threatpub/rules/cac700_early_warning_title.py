"""CAC700 early-warning-title: Article 7 reserves "early warning" (预警) for authorized
publishers.

The title is looked up where readers see it: front matter ``title``, the first H1, any
heading written as raw HTML ``<h1>`` in the page, the title ``nav:`` gives the page, and its
URL slug, each normalised first (see
:mod:`mkdocs_threatpub.core.normalize`), so that spacing, case, full-width or look-alike
letters, invisible characters, entities and markup do not hide the words. A slug alone
only warns (RULES.md): its finding carries ``max_action=warn``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from mkdocs_threatpub.core.blocks import BlockKind, code_spans
from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.normalize import find_early_warning
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc

AUTHORIZATION_FIELDS = ("authority", "reference", "date")

_EXAMPLE = (
    "threatpub:\n"
    "  authorizations:\n"
    "    early_warning:\n"
    "      authority: cac              # who granted it: cac, or a State Council department\n"
    "      reference: CAC-EW-2026-12   # the authorization's number\n"
    "      date: 2026-11-01            # on or before the day the page goes public"
)


@dataclass(frozen=True)
class _Hit:
    """Where the reserved words were found."""

    where: Text  # in plain words, with the line
    line: int
    key: str
    word: str


@dataclass(frozen=True)
class _Missing:
    """Why the page's authorization does not cover the words."""

    what: Text  # completes "…; <what>"
    found: Text
    fix: Text


def _words(word: str) -> Text:
    if word == "early warning":
        return t('"early warning" (预警)', "“early warning”（预警）")
    return t(f'"{word}" ("early warning")', f"“{word}”")


def _hits(page: Page) -> list[_Hit]:
    """Matches in the title, first H1 and nav title (the places that hold the page)."""
    hits = []
    if page.title is not None:
        word = find_early_warning(page.title)
        if word is not None:
            line = page.front_matter.lines.get(("title",), 1)
            where = t(
                f"the front matter `title` (line {line})",
                f"front matter 的 `title`（第 {line} 行）",
            )
            hits.append(_Hit(where, line, "title", word))
    heading = page.first_h1
    if heading is not None:
        word = find_early_warning(heading.text)
        if word is not None:
            where = t(
                f"the first H1 heading (line {heading.line})",
                f"第一个一级标题（第 {heading.line} 行）",
            )
            hits.append(_Hit(where, heading.line, "", word))
    for text, line in _raw_h1s(page):
        word = find_early_warning(text)
        if word is not None:
            where = t(
                f"a heading written as raw HTML <h1> (line {line})",
                f"以原始 HTML <h1> 写成的标题（第 {line} 行）",
            )
            hits.append(_Hit(where, line, "", word))
    if page.nav_title is not None:
        word = find_early_warning(page.nav_title)
        if word is not None:
            where = t(
                "the title `nav:` in mkdocs.yml gives this page",
                "mkdocs.yml 的 `nav:` 为本页设置的标题",
            )
            hits.append(_Hit(where, 1, "nav", word))
    return hits


# A raw HTML level-1 heading, to its end tag (or the end of the text when unclosed, as a
# browser shows it); not one escaped with a backslash.
_RAW_H1 = re.compile(r"(?<!\\)<h1(?:[\s/][^>]*)?>(.*?)(?:</h1\s*>|\Z)", re.IGNORECASE | re.DOTALL)


def _raw_h1s(page: Page) -> list[tuple[str, int]]:
    """The text and line of every ``<h1>`` written as raw HTML in the body, outside code
    and HTML comments. MkDocs takes a page's title only from a Markdown H1, but a browser
    shows a raw ``<h1>`` as a title all the same, wherever it is."""
    if not _RAW_H1.search(page.body):
        return []
    analysis = page.analysis
    lines = list(analysis.lines)
    for block in analysis.blocks:
        hidden = block.is_code or block.kind is BlockKind.HTML_COMMENT
        for index in range(block.start, block.end):
            if hidden:
                lines[index] = ""
            else:
                lines[index] = _without_code_spans(lines[index])
    text = "\n".join(lines)
    return [
        (match.group(1), page.body_line(text.count("\n", 0, match.start())))
        for match in _RAW_H1.finditer(text)
    ]


def _without_code_spans(line: str) -> str:
    """``line`` with its inline code spans blanked (`<h1>` in backticks is not a heading)."""
    if "`" not in line:
        return line
    for start, end in sorted(code_spans(line).items(), reverse=True):
        line = line[:start] + " " * (end - start) + line[end:]
    return line


def _slug_hit(page: Page) -> _Hit | None:
    word = find_early_warning(page.slug, url=True)
    if word is None:
        return None
    line = page.front_matter.lines.get(("slug",))
    if line is not None:
        where = t(
            f"the page's URL slug (front matter `slug`, line {line})",
            f"本页的 URL slug（front matter 的 `slug`，第 {line} 行）",
        )
        return _Hit(where, line, "slug", word)
    where = t(
        "the page's URL slug (its file or folder name)", "本页的 URL slug（文件名或文件夹名）"
    )
    return _Hit(where, 1, "", word)


def _missing(page: Page, context: Context) -> _Missing | None:
    """``None`` when a complete authorization dated by the time the page goes public exists."""
    key = page.key("authorizations", "early_warning")
    meta = page.meta
    auth = meta.authorizations.early_warning if meta and meta.authorizations else None
    if auth is None:
        return _Missing(
            t(f"the page records no authorization (`{key}`)", f"本页没有记录授权（`{key}`）"),
            t("no authorization", "没有授权记录"),
            t("record the authorization", "记录授权"),
        )
    absent = [name for name in AUTHORIZATION_FIELDS if getattr(auth, name) is None]
    if absent:
        names, names_zh = ", ".join(absent), "、".join(absent)
        line = page.line_of("authorizations", "early_warning")
        return _Missing(
            t(f"`{key}` (line {line}) lacks: {names}", f"`{key}`（第 {line} 行）缺少：{names_zh}"),
            t(f"an authorization without {names}", f"授权记录缺少 {names_zh}"),
            t(f"complete the authorization ({names})", f"补全授权记录（{names_zh}）"),
        )
    assert auth.date is not None
    goes_public = context.goes_public(page)
    if context.moment(auth.date) > goes_public:
        granted, public = context.day(auth.date), context.day(goes_public)
        return _Missing(
            t(
                f"`{key}` is dated {granted}, after the page goes public ({public}); an "
                "authorization granted later does not cover it",
                f"`{key}` 的日期为 {granted}，晚于页面公开时间（{public}）；事后取得的授权"
                "不能涵盖本页",
            ),
            t(
                f"an authorization dated {granted}, later than {public}",
                f"授权日期为 {granted}，晚于 {public}",
            ),
            t(
                "correct the authorization's date, or set `published` to a moment on or after "
                "it (the page is then scheduled)",
                "更正授权日期，或将 `published` 设为该日期当时或之后的时刻（本页随之改为定时发布）",
            ),
        )
    return None


def check(page: Page, context: Context) -> Iterator[Finding]:
    hits = _hits(page)
    slug = _slug_hit(page) if not hits else None
    if not hits and slug is None:
        return
    missing = _missing(page, context)
    if missing is None:
        return
    expected = t(
        "no reserved words in the title, or `threatpub.authorizations.early_warning` with "
        "authority, reference and a date on or before the page goes public",
        "标题中不使用“预警”字样，或在 `threatpub.authorizations.early_warning` 中记录 "
        "authority、reference 以及不晚于页面公开时间的 date",
    )
    for hit in hits:
        words = _words(hit.word)
        yield Finding(
            "CAC700",
            hit.line,
            t(
                f"{hit.where} uses the words {words}, which Article 7 reserves for "
                f"publishers authorized by the national cyberspace department or a State "
                f"Council department; {missing.what}",
                f"{zh(hit.where)}使用了{zh(words)}字样；依照第七条，未经国家网信部门或国务院"
                f"有关部门授权，不得使用该字样发布网络安全威胁信息；{zh(missing.what)}",
            ),
            expected=expected,
            found=t(
                f"{words} (after normalising case, spacing, look-alike letters "
                f"and markup) and {missing.found}",
                f"对大小写、空格、形近字母和标记作规范化处理后含有{zh(words)}，且"
                f"{zh(missing.found)}",
            ),
            fix=t(
                f"reword the title, or {missing.fix}:\n{_EXAMPLE}",
                f"修改标题措辞，或{zh(missing.fix)}：\n{_EXAMPLE}",
            ),
            key=hit.key,
        )
    if slug is not None:
        words = _words(slug.word)
        yield Finding(
            "CAC700",
            slug.line,
            t(
                f"{slug.where} uses the words {words}, which Article 7 reserves for "
                f"authorized publishers; {missing.what}. A slug alone is a warning: the page "
                "is published",
                f"{zh(slug.where)}使用了{zh(words)}字样，依照第七条，只有经授权的发布者才能"
                f"使用；{zh(missing.what)}。仅在 slug 中出现时为警告：本页仍会发布",
            ),
            expected=expected,
            found=t(
                f"{words} in the slug and {missing.found}",
                f"slug 中含有{zh(words)}，且{zh(missing.found)}",
            ),
            fix=t(
                f"rename the file or set `slug:` in the front matter, or {missing.fix}:"
                f"\n{_EXAMPLE}",
                f"重命名文件或在 front matter 中设置 `slug:`，或{zh(missing.fix)}：\n{_EXAMPLE}",
            ),
            key=slug.key,
            max_action=Action.WARN,
        )


RULE = Rule(
    code="CAC700",
    name="early-warning-title",
    source="CAC Measures Art. 7",
    default_action=Action.HOLD,
    profile="cac-2019",
    summary=t(
        '"Early warning" / 预警 in a title needs an authorization.',
        "标题中使用“预警”字样须经授权。",
    ),
    check=check,
    doc=RuleDoc(
        what=t(
            'Threat-information pages whose title uses the words "early warning", 预警 or '
            "預警: the front matter `title`, the first H1, any heading written as raw HTML `<h1>` "
            "(outside code), the title an explicit `nav:` gives the page, and the page's URL "
            "slug. Before matching, each is normalised: HTML entities "
            "decoded until stable, markup stripped, Unicode NFKC, invisible characters (zero-width "
            "characters, soft hyphen, BOM, …) and combining marks removed, casefolded, look-alike "
            'letters mapped to their UTS #39 skeleton (Cyrillic "е", full-width and '
            "mathematical letters), then spaces, punctuation, symbols and underscores dropped. "
            'So "Early-Warning", "EARLY_WARNING" and "预\\u200b警" all match, and so do '
            'titles where the letters only run together by accident ("Yearly warnings", '
            '"Nearly warning-free builds"): that is intended, the authorization is the way '
            "out. The page is held unless `threatpub.authorizations.early_warning` has an "
            "authority, a reference and a date on or before the moment the page goes public; the "
            "finding names what is missing. A match in the URL slug alone is a warning and the "
            "page is published.",
            "威胁信息页面的标题中使用“early warning”、预警或預警字样：检查 front matter 的 "
            "`title`、第一个一级标题、以原始 HTML `<h1>` 写成的标题（代码之外）、显式 `nav:` "
            "为该页面指定的标题，以及页面的 URL slug。"
            "匹配前，每一项都先规范化：反复解码 HTML 实体直到不再变化，去除标记，Unicode NFKC "
            "规范化，删除不可见字符（零宽字符、软连字符、BOM 等）和组合附加符号，大小写折叠，按 "
            "UTS #39 骨架映射形近字母（西里尔字母“е”、全角字母和数学字母），再去掉空格、标点、"
            "符号和下划线。因此“Early-Warning”“EARLY_WARNING”和“预\\u200b警”都会匹配；"
            "字母只是碰巧连在一起的标题（“Yearly warnings”“Nearly warning-free builds”）也会匹配："
            "这是有意为之，取得授权即可解决。除非 `threatpub.authorizations.early_warning` "
            "写明了授权机关、编号和不晚于页面公开时刻的日期，否则页面暂缓发布；"
            "发现项会指出缺少哪一项。仅在 URL slug 中匹配的，只给出警告，页面照常发布。",
        ),
        why=t(
            "Article 7 of the draft Measures (paraphrased from the 2019 draft for comment): no "
            "organisation or individual may publish cybersecurity threat information using the "
            'words "early warning" (预警) without authorization from the national cyberspace '
            "department or the relevant departments of the State Council.",
            "《网络安全威胁信息发布管理办法（征求意见稿）》第七条（大意）："
            "未经国家网信部门或国务院有关部门授权，任何组织和个人不得使用“预警”字样发布网络安全威"
            "胁信息。",
        ),
        source=t(
            "CAC Cybersecurity Threat Information Publication Management Measures (Draft, "
            "2019-11-20), Art. 7.",
            "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）第七条。",
        ),
        how=t(
            "Reword the title (and H1, nav entry) without the words, or record the "
            "authorization under `threatpub.authorizations.early_warning` with `authority`, "
            "`reference` and `date`; the date must be on or before the page goes public (the "
            "later of `published` and the build). For a slug-only warning, rename the file or "
            "set `slug:`.",
            "修改标题（以及一级标题、nav 条目），不使用该字样；或在 "
            "`threatpub.authorizations.early_warning` 下记录授权，写明 `authority`、"
            "`reference` 和 `date`；日期不得晚于页面公开时间（`published` 与构建时间中较晚者）。"
            "仅由 slug 引起的警告，重命名文件或设置 `slug:` 即可。",
        ),
        example=t(
            _EXAMPLE,
            "threatpub:\n"
            "  authorizations:\n"
            "    early_warning:\n"
            "      authority: cac              # 授权机关：cac 或国务院有关部门\n"
            "      reference: CAC-EW-2026-12   # 授权文号\n"
            "      date: 2026-11-01            # 不晚于页面公开之日",
        ),
    ),
)
