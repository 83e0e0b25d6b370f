"""Pages that MkDocs and threatpub would read differently, and near misses of the block.

threatpub only protects what it reads. A page that MkDocs shows differently from how
threatpub read it, or whose ``threatpub:`` block is written so that nobody reads it, must
not be published on the strength of what threatpub did not see:

- text that is really UTF-16 without a byte-order mark (every other byte NUL: valid UTF-8 to
  MkDocs, which shows it, but no front matter and no words to scan) — META001;
- front matter MkDocs does not read (``mkdocs.utils.meta.get_data``): a closing ``---`` with no
  line break after it, or a value YAML's safe loader rejects (``updated: 2026-02-30``), which
  makes MkDocs show the whole front matter as page text, internal references included —
  META001;
- a block that is almost there: ``ThreatPub:``, ``threatpubs:``, ``"threatpub ":`` (META002,
  with the key meant), front matter after a blank line or indented, TOML ``+++`` front
  matter, or ``threatpub:`` written as MultiMarkdown metadata without ``---`` lines (META001).

Each check is cheap for an ordinary page (a substring test first).
"""

from __future__ import annotations

import difflib
import re

from mkdocs_threatpub.core.findings import Finding
from mkdocs_threatpub.core.frontmatter import FrontMatter
from mkdocs_threatpub.core.i18n import t

__all__ = ["encoding_problem", "front_matter_problems", "stray_nuls"]

# Share of NUL characters from which a "UTF-8" text is really UTF-16 (or UTF-32) without a
# byte-order mark: ASCII text in UTF-16 is half NULs.
_UTF16_SHARE = 0.25


def encoding_problem(raw: bytes, text: str | None) -> Finding | None:
    """META001 for a file MkDocs would read differently than its author wrote it: UTF-16
    (with a byte-order mark, which is not UTF-8 at all, or without one, which is valid
    UTF-8 full of NULs). ``text`` is the UTF-8 reading, ``None`` when there is none."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        found = t("a UTF-16 byte-order mark", "UTF-16 字节顺序标记")
    elif text is not None and text.count("\x00") >= max(1, len(text)) * _UTF16_SHARE:
        found = t(
            f"{text.count(chr(0))} NUL characters in {len(text)}, as UTF-16 text without a "
            "byte-order mark has",
            f"{len(text)} 个字符中有 {text.count(chr(0))} 个 NUL 字符，与不带字节顺序标记的 "
            "UTF-16 文本相同",
        )
    else:
        return None
    return Finding(
        "META001",
        1,
        t(
            "the file is UTF-16 text, not UTF-8: MkDocs would show it, but neither its front "
            "matter nor its words can be judged",
            "文件是 UTF-16 文本而不是 UTF-8：MkDocs 会显示它，但其 front matter 和内容都无法判定",
        ),
        expected=t("UTF-8 encoded Markdown", "UTF-8 编码的 Markdown"),
        found=found,
        fix=t(
            "save the file as UTF-8 (in most editors: Save with Encoding → UTF-8)",
            "将文件另存为 UTF-8 编码（多数编辑器中：以编码保存 → UTF-8）",
        ),
    )


def stray_nuls(text: str) -> str:
    """``text`` without NUL characters: a browser does not show them, so words split by
    NULs are read, and scanned, as one."""
    return text.replace("\x00", "") if "\x00" in text else text


def front_matter_problems(text: str, front_matter: FrontMatter, meta_key: str) -> list[Finding]:
    """Where MkDocs would not read the front matter threatpub read, or the block is almost
    there; ``text`` is the whole page."""
    problems: list[Finding] = []
    data = front_matter.data
    if data:
        if front_matter.closed_at_end:
            problems.append(_not_read_by_mkdocs(
                front_matter.body_start - 1,
                t(
                    "the closing '---' is the file's last line, with no line break after it",
                    "结束的 '---' 是文件的最后一行，其后没有换行",
                ),
                t("add a line break after the closing '---'", "在结束的 '---' 之后加一个换行"),
            ))  # fmt: skip
        inside = {line for path, line in front_matter.lines.items() if path and path[0] == meta_key}
        for line in front_matter.not_dates:
            if line not in inside:  # inside the block, META003 reports it at its key
                problems.append(_not_read_by_mkdocs(
                    line,
                    t("a value that looks like a date but is not a real one",
                      "形似日期但并非真实日期的值"),
                    t("write a real date, or quote the value to keep it as text",
                      "写成真实存在的日期，或用引号括起来作为文本"),
                ))  # fmt: skip
        problems.extend(_near_miss_keys(data, front_matter, meta_key))
    elif meta_key.lower() in text[:4000].lower():
        problems.extend(_unread_blocks(text, meta_key))
    return problems


def _not_read_by_mkdocs(line: int, found: str, fix: str) -> Finding:
    return Finding(
        "META001",
        line,
        t(
            "MkDocs cannot read this front matter and would show all of it as page text "
            "(internal references included), although threatpub read it",
            "MkDocs 无法读取此 front matter，会把它全部作为页面文字显示（包括内部信息），"
            "尽管 threatpub 读取了它",
        ),
        expected=t(
            "front matter that MkDocs reads as YAML (a safe-loader mapping between '---' lines)",
            "MkDocs 能按 YAML 读取的 front matter（'---' 行之间可被安全加载器读取的映射）",
        ),
        found=found,
        fix=fix,
    )


def _near_miss_keys(
    data: dict[str, object], front_matter: FrontMatter, meta_key: str
) -> list[Finding]:
    if meta_key in data:
        return []
    out = []
    for key in data:
        if not isinstance(key, str) or not _near(key, meta_key):
            continue
        line = front_matter.lines.get((key,), 1)
        out.append(
            Finding(
                "META002",
                line,
                t(
                    f"unknown key '{key}' at the top of the front matter (did you mean "
                    f"'{meta_key}'?): written this way the block is not read, and the page "
                    "would be judged without it",
                    f"front matter 顶层有未知的键 '{key}'（是否应为 '{meta_key}'？）："
                    "这样写的块不会被读取，本页将在没有它的情况下被判定",
                ),
                expected=t(f"the key '{meta_key}:' exactly", f"准确的键 '{meta_key}:'"),
                found=t(f"'{key}:'", f"'{key}:'"),
                fix=t(f"rename the key to '{meta_key}'", f"将该键改名为 '{meta_key}'"),
                key=key,
            )
        )
    return out


def _near(key: str, meta_key: str) -> bool:
    """A key written for the meta key: another case, spaces or quotes around it, one edit."""
    plain = key.strip().strip("'\"").strip().casefold()
    if plain == meta_key.casefold():
        return True
    return difflib.SequenceMatcher(None, plain, meta_key.casefold()).ratio() >= 0.88


_META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_ \"'-]+):")
# A TOML key: `threatpub = …`, `threatpub.kind = …`, a `[threatpub]` table.
_TOML_LINE = re.compile(r"^\s*\[*\s*[\"']?(?P<key>[A-Za-z0-9_-]+)")


def _unread_blocks(text: str, meta_key: str) -> list[Finding]:
    """A block nobody reads: front matter after blank lines or indented, TOML front matter,
    or MultiMarkdown metadata lines (MkDocs reads them as strings, threatpub not at all)."""
    lines = text[:4000].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return []
    opener = lines[first].strip()
    head: list[str] = []
    if opener in ("---", "+++"):
        for row in lines[first + 1 :]:
            if row.strip() == opener:
                break
            head.append(row)
    else:
        for row in lines[first:]:  # MultiMarkdown metadata: `key: value` lines at the top
            if not row.strip():
                break
            head.append(row)
    pattern = _TOML_LINE if opener == "+++" else _META_LINE
    keyed = [
        (first + 2 + index if opener in ("---", "+++") else first + 1 + index, match["key"])
        for index, row in enumerate(head)
        if (match := pattern.match(row)) and _near(match["key"], meta_key)
    ]
    if not keyed:
        return []
    line, key = keyed[0]
    if opener == "+++":
        found = t("TOML front matter between '+++' lines", "'+++' 行之间的 TOML front matter")
    elif opener == "---":
        found = t(
            "front matter that does not start on line 1 (a blank line or spaces before '---')",
            "不是从第 1 行开始的 front matter（'---' 之前有空行或空格）",
        )
    else:
        found = t(
            f"'{key}:' at the top of the page without '---' lines around it",
            f"页面开头的 '{key}:' 前后没有 '---' 行",
        )
    return [
        Finding(
            "META001",
            line,
            t(
                f"the '{meta_key}:' block is not read: neither MkDocs nor threatpub takes it as "
                "front matter, so the page would be judged without it and its text published",
                f"'{meta_key}:' 块未被读取：MkDocs 和 threatpub 都不会把它当作 front matter，"
                "本页将在没有它的情况下被判定，其文字也会被发布",
            ),
            expected=t(
                "YAML front matter starting on line 1 with '---' and ending with '---'",
                "从第 1 行的 '---' 开始、以 '---' 结束的 YAML front matter",
            ),
            found=found,
            fix=t(
                "put the front matter first in the file, between '---' lines, in YAML",
                "将 front matter 放在文件开头、两行 '---' 之间，并使用 YAML 格式",
            ),
        )
    ]
