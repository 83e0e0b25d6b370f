"""The page model: what the rules see of a Markdown source."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

from mkdocs_threatpub.core.analysis import PageAnalysis
from mkdocs_threatpub.core.clock import DATE_YEARS, InvalidValue, TimeValue, parse_timestamp
from mkdocs_threatpub.core.findings import Finding
from mkdocs_threatpub.core.frontmatter import (
    FrontMatter,
    FrontMatterError,
    KeyPath,
    body_of,
    split_front_matter,
)
from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.shapes import encoding_problem, front_matter_problems, stray_nuls

if TYPE_CHECKING:
    from pydantic import ValidationError

    from mkdocs_threatpub.core.schema import ThreatpubMeta

__all__ = ["Heading", "Page", "format_key", "read_page"]


@dataclass(frozen=True)
class Heading:
    text: str
    line: int


def format_key(path: KeyPath) -> str:
    """``('threatpub', 'notifications', 0, 'date')`` → ``threatpub.notifications[0].date``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class Page:
    """A Markdown page as the rules see it.

    ``path`` is relative to ``docs_dir`` with ``/`` separators. ``issues`` are the problems
    found while reading it (META001–META003), turned into findings by those rules.
    ``meta`` is ``None`` when there is no valid ``threatpub:`` block.
    """

    path: str
    source: str
    sha256: str
    meta_key: str = "threatpub"
    front_matter: FrontMatter = field(default_factory=lambda: FrontMatter({}, {}))
    body: str = ""
    meta: ThreatpubMeta | None = None
    has_block: bool = False
    included: bool = False
    issues: list[Finding] = field(default_factory=list)
    # The bytes are not text MkDocs would show as written (not UTF-8, or UTF-16 without a
    # byte-order mark): a preview must not render them either.
    unreadable: bool = False
    nav_title: str | None = None

    @property
    def is_threat_page(self) -> bool:
        """A threat-information page: it has a ``threatpub:`` block or matches ``include``.

        A block that only declares the page is not threat information
        (``not_threat_information``, META030's opt-out) does not make it one; ``include``,
        the site's own list, still does."""
        return (self.has_block and not self.declares_not_threat_information) or self.included

    @property
    def declares_not_threat_information(self) -> bool:
        """The block declares the page is not threat information (valid, with or without a
        reason: META030 asks for the reason)."""
        return self.meta is not None and self.meta.not_threat_information is not None

    def line_of(self, *path: str | int) -> int:
        """The line of the deepest key of ``path`` under the meta key that exists."""
        full: KeyPath = (self.meta_key, *path)
        while full:
            line = self.front_matter.lines.get(full)
            if line is not None:
                return line
            full = full[:-1]
        return 1

    def key(self, *path: str | int) -> str:
        return format_key((self.meta_key, *path))

    @property
    def slug(self) -> str:
        """The last part of the page's URL: front-matter ``slug`` (Material blog), else the
        file name without suffix (the folder's name for ``index.md`` / ``README.md``)."""
        value = self.front_matter.data.get("slug")
        if isinstance(value, str) and value.strip():
            return value.strip()
        parts = self.path.rsplit("/", 2)
        stem = parts[-1].rsplit(".", 1)[0]
        if stem.lower() in ("index", "readme") and len(parts) > 1:
            return parts[-2]
        return stem

    def body_line(self, offset: int) -> int:
        """File line number of the body's 0-based line ``offset``."""
        return offset + self.front_matter.body_start

    @property
    def title(self) -> str | None:
        value = self.front_matter.data.get("title")
        return value if isinstance(value, str) else None

    @property
    def declared_published(self) -> TimeValue | None:
        """``threatpub.published``, else MkDocs/Material ``date`` (never validated here)."""
        if self.meta is not None and self.meta.published is not None:
            return self.meta.published
        value = _mkdocs_date(self.front_matter.data)
        try:
            parsed = parse_timestamp(value) if value is not None else None
        except ValueError:
            return None
        # Out of range: reported by read_page (META003); day arithmetic must not overflow.
        return parsed if parsed is None or parsed.year in DATE_YEARS else None

    @cached_property
    def analysis(self) -> PageAnalysis:
        """What is worked out from the body once: blocks, headings, inline allows, and the
        results of the content scan and of the rules (kept with the cached page)."""
        return PageAnalysis(self.body, self.front_matter.body_start)

    @cached_property
    def tokens(self) -> list[Any]:
        return list(_markdown_parser().parse(self.body))

    @property
    def first_h1(self) -> Heading | None:
        """The first level-1 heading (ATX or setext) outside containers, the page's title
        as MkDocs finds it; from the page's one block scan (no full Markdown parse)."""
        block = self.analysis.first_h1
        if block is None:
            return None
        return Heading(block.heading_text, self.body_line(block.start))


def read_page(
    path: str,
    raw: bytes,
    *,
    meta_key: str = "threatpub",
    included: bool = False,
) -> Page:
    """Build the page model from raw bytes; problems become ``issues``, never exceptions."""
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        page = Page(path=path, source="", sha256=digest, meta_key=meta_key, included=included)
        page.unreadable = True
        utf16 = encoding_problem(raw, None)
        if utf16 is not None:
            page.issues.append(utf16)
            return page
        page.issues.append(
            Finding(
                "META001",
                raw[: exc.start].count(b"\n") + 1,
                t(
                    f"the file is not valid UTF-8 text (bad byte at offset {exc.start})",
                    f"文件不是有效的 UTF-8 文本（偏移 {exc.start} 处有无效字节）",
                ),
                expected=t("UTF-8 encoded Markdown", "UTF-8 编码的 Markdown"),
                found=t(
                    f"an invalid byte sequence at offset {exc.start}",
                    f"偏移 {exc.start} 处的无效字节序列",
                ),
                fix=t("re-save the file as UTF-8", "将文件另存为 UTF-8 编码"),
            )
        )
        return page
    page = Page(path=path, source=text, sha256=digest, meta_key=meta_key, included=included)
    utf16 = encoding_problem(raw, text)
    if utf16 is not None:
        page.issues.append(utf16)
        page.unreadable = True
        return page
    try:
        front_matter, body = split_front_matter(text)
    except FrontMatterError as exc:
        page.body = text
        page.issues.append(
            Finding(
                "META001",
                exc.line,
                t(
                    f"front matter cannot be read: {exc.message}",
                    f"无法读取 front matter：{zh(exc.message)}",
                ),
                expected=t("a YAML mapping between '---' lines", "两行 '---' 之间的 YAML 映射"),
                found=exc.found,
                fix=t(
                    "correct the YAML (a YAML linter shows the exact problem)",
                    "修正 YAML（YAML 检查工具可指出具体问题）",
                ),
            )
        )
        return page
    page.front_matter = front_matter
    page.body = stray_nuls(body)
    page.issues.extend(front_matter_problems(text, front_matter, meta_key))
    out_of_range = _date_out_of_range(page)
    if out_of_range is not None:
        page.issues.append(out_of_range)
    _read_meta(page)
    return page


def read_body(raw: bytes) -> str | None:
    """The ``body`` :func:`read_page` gives a page it can read, without parsing its front
    matter (LEAK001 needs the text of pages judged in another process); ``None`` when only
    :func:`read_page` can tell."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if encoding_problem(raw, text) is not None:
        return None
    body = body_of(text)
    return None if body is None else stray_nuls(body)


def _mkdocs_date(data: dict[str, Any]) -> Any:
    """MkDocs' (and Material's) ``date``: a value, or ``{created: …}`` for a blog post."""
    value = data.get("date")
    return value.get("created") if isinstance(value, dict) else value


def _date_out_of_range(page: Page) -> Finding | None:
    """META003 for a ``date:`` (the fallback for ``published``) outside the years any rule
    can count days in."""
    value = _mkdocs_date(page.front_matter.data)
    try:
        parsed = parse_timestamp(value) if value is not None else None
    except ValueError:
        return None  # not a date at all: it is not used as one
    if parsed is None or parsed.year in DATE_YEARS:
        return None
    first, last = DATE_YEARS[0], DATE_YEARS[-1]
    return Finding(
        "META003",
        page.front_matter.lines.get(("date",), 1),
        t(
            f"'date' ({parsed.isoformat()}) is outside the years {first}–{last}, so the page's "
            "publication date cannot be counted from",
            f"'date'（{parsed.isoformat()}）不在 {first}–{last} 年之间，无法据此计算本页的发布日期",
        ),
        expected=t(f"a date between {first} and {last}", f"{first} 至 {last} 年之间的日期"),
        found=t(f"the year {parsed.year}", f"{parsed.year} 年"),
        fix=t("correct the date (a typo in the year?)", "更正该日期（年份是否写错？）"),
        key="date",
    )


def _read_meta(page: Page) -> None:
    data = page.front_matter.data
    if page.meta_key not in data:
        return
    page.has_block = True
    for dup_path, line in page.front_matter.duplicates:
        if dup_path and dup_path[0] == page.meta_key:
            page.issues.append(
                Finding(
                    "META003",
                    line,
                    t(
                        f"key '{format_key(dup_path)}' appears twice; YAML keeps only the last one",
                        f"键 '{format_key(dup_path)}' 出现了两次；YAML 只保留最后一个",
                    ),
                    expected=t("each key once", "每个键只出现一次"),
                    found=t("a duplicate key", "重复的键"),
                    fix=t("merge the two entries into one", "将两处合并为一处"),
                    key=format_key(dup_path),
                )
            )
    raw_meta = data[page.meta_key]
    if raw_meta is None:
        raw_meta = {}
    if not isinstance(raw_meta, dict):
        page.issues.append(
            Finding(
                "META003",
                page.line_of(),
                t(
                    f"'{page.meta_key}:' must be a mapping of keys",
                    f"'{page.meta_key}:' 必须是由键组成的映射",
                ),
                expected=t(
                    "a mapping such as `kind: vulnerability`", "形如 `kind: vulnerability` 的映射"
                ),
                found=_type_of(raw_meta),
                fix=t(
                    f"indent the fields under '{page.meta_key}:'",
                    f"将各字段缩进到 '{page.meta_key}:' 之下",
                ),
                key=page.meta_key,
            )
        )
        return
    # pydantic and the schema are imported by the first page with a block (most of a
    # one-page run's start-up otherwise).
    from pydantic import ValidationError

    from mkdocs_threatpub.core.schema import ThreatpubMeta

    try:
        page.meta = ThreatpubMeta.model_validate(raw_meta)
    except ValidationError as exc:
        page.issues.extend(_schema_findings(page, exc))
    if page.issues:
        page.meta = None  # fail closed: rules never see half-valid metadata


def model_at(loc: tuple[Any, ...]) -> Any:
    """:func:`core.schema.model_at` (the schema is imported by then: a page failed it)."""
    from mkdocs_threatpub.core.schema import model_at as schema_model_at

    return schema_model_at(loc)


def _schema_findings(page: Page, exc: ValidationError) -> list[Finding]:
    findings = []
    for error in exc.errors(include_url=False):
        loc: KeyPath = tuple(
            part for part in error["loc"] if isinstance(part, int) or "[" not in str(part)
        )
        if error["type"] == "extra_forbidden":
            findings.append(_unknown_key(page, loc, page.key(*loc), page.line_of(*loc)))
            continue
        cause = (error.get("ctx") or {}).get("error")
        key = page.key(*loc)
        expected, found = _expected_and_found(error, loc)
        problem = cause.problem if isinstance(cause, InvalidValue) else None
        fix = cause.fix if isinstance(cause, InvalidValue) else None
        findings.append(
            Finding(
                "META003",
                page.line_of(*loc),
                t(
                    f"'{key}': {problem}; expected {expected}",
                    f"'{key}'：{zh(problem)}；应为：{zh(expected)}",
                )
                if problem is not None
                else t(
                    f"'{key}' has an invalid value; expected {expected}",
                    f"'{key}' 的值无效；应为：{zh(expected)}",
                ),
                expected=expected,
                found=found,
                fix=t(f"'{key}': {fix}", f"'{key}'：{zh(fix)}")
                if fix is not None
                else t(
                    f"give '{key}' {expected} (`threatpub schema` lists every key and value)",
                    f"将 '{key}' 改为{zh(expected)}（所有键和取值见 `threatpub schema`）",
                ),
                key=key,
            )
        )
    return findings


_MAPPING = t("a mapping (`key: value` lines)", "映射（`键: 值` 形式的若干行）")

# pydantic's error types, in the project's words (its own messages are never shown).
_EXPECTED = {
    "dict_type": _MAPPING,
    "model_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "list_type": t(
        "a list: one `- item` line per entry, or [a, b]",
        "列表：每项一行 `- 项`，或写成 [a, b]",
    ),
    "bool_type": t("true or false", "true 或 false"),
    "bool_parsing": t("true or false", "true 或 false"),
    "string_type": t("text", "文本"),
    "string_sub_type": t("text", "文本"),
}


def _expected_and_found(error: Any, loc: KeyPath) -> tuple[Text, Text]:
    """What a schema error expected and found, in both languages.

    Our validators raise :class:`InvalidValue` with both parts written out. pydantic's own
    errors are worded from their ``type`` and the schema (the fields of the mapping that
    was expected, the allowed values of an enum), never from pydantic's message.
    """
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, InvalidValue):
        return cause.expected, cause.found
    found = _describe(error.get("input"))
    kind = error["type"]
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        model = model_at(loc)
        if model is not None:
            names = list(model.model_fields)
            return t(f"a mapping with {', '.join(names)}", f"含 {'、'.join(names)} 键的映射"), found
    if kind == "literal_error":
        options = _choices(loc)
        if options:
            listed = ", ".join(options)
            return t(f"one of: {listed}", f"以下之一：{'、'.join(options)}"), found
    expected = _EXPECTED.get(kind)
    if expected is not None:
        return expected, found
    return t(
        "a value `threatpub schema` allows here", "`threatpub schema` 允许在此处使用的值"
    ), found


def _choices(loc: KeyPath) -> list[str]:
    """The allowed values of the enum (``Literal``) field at ``loc``."""
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return []
    parent = model_at(loc[: max(i for i, part in enumerate(loc) if isinstance(part, str))])
    field = parent.model_fields.get(names[-1]) if parent is not None else None
    return _literal_args(field.annotation) if field is not None else []


def _literal_args(annotation: Any) -> list[str]:
    if get_origin(annotation) is Literal:
        return [str(arg) for arg in get_args(annotation)]
    for arg in get_args(annotation):
        found = _literal_args(arg)
        if found:
            return found
    return []


def _unknown_key(page: Page, loc: KeyPath, key: str, line: int) -> Finding:
    parent = model_at(loc[:-1])
    known = sorted(parent.model_fields) if parent else []
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    listed = ", ".join(known)
    hint = (
        t(f"did you mean '{close[0]}'?", f"是否应为 '{close[0]}'？")
        if close
        else t(f"known keys here: {listed}", f"此处可用的键：{listed}")
    )
    return Finding(
        "META002",
        line,
        t(f"unknown key '{key}' ({hint})", f"未知的键 '{key}'（{zh(hint)}）"),
        expected=t(f"one of: {listed}", f"以下之一：{listed}")
        if known
        else t("no keys here", "此处不应有键"),
        found=t(f"'{loc[-1]}'", f"键 '{loc[-1]}'"),
        fix=t(f"rename it to '{close[0]}'", f"改名为 '{close[0]}'")
        if close
        else t("remove it or fix its spelling", "删除该键，或更正其拼写"),
        key=key,
    )


# How a refused value of each YAML type is named in Chinese.
_TYPE_NAMES_ZH = {"dict": "一个映射", "list": "一个列表", "str": "一段文本"}


def _describe(value: object) -> Text:
    """A refused value, quoted briefly (strings) or named by its type."""
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return t(f"the text {shown!r}", f"文本 {shown!r}")
    if isinstance(value, dt.date):
        return t(value.isoformat(), f"日期 {value.isoformat()}")
    if isinstance(value, bool):
        word = str(value).lower()
        return t(
            f"the value {word} (YAML reads an unquoted yes, no, on or off as true or false)",
            f"值 {word}（YAML 把不加引号的 yes、no、on、off 读作 true 或 false）",
        )
    if isinstance(value, int | float) or value is None:
        return t(repr(value), f"值 {value!r}")
    return _type_of(value)


def _type_of(value: object) -> Text:
    name = type(value).__name__
    return t(f"a {name}", _TYPE_NAMES_ZH.get(name, f"{name} 类型的值"))


@lru_cache(maxsize=1)
def _markdown_parser() -> Any:
    # Imported on first use: only held pages' attachments need a full Markdown parse, and
    # markdown-it-py costs ~0.1 s to import in every build.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")
