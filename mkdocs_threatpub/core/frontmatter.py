"""Split a Markdown source into YAML front matter and body, keeping line numbers.

MkDocs (``mkdocs.utils.meta.get_data``) silently renders a page whose front matter does not
parse as if it had none, which would publish the ``threatpub:`` block unchecked. Here every
such problem is reported (META001) so that the page fails closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from mkdocs_threatpub.core.i18n import Text, t

__all__ = ["FrontMatter", "FrontMatterError", "KeyPath", "split_front_matter"]

KeyPath = tuple[str | int, ...]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader, except that an impossible date (``2026-02-30``) stays text.

    YAML would raise while building the whole document; as text it reaches the schema,
    which reports it at its own key and line (META003).
    """


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        # MkDocs' own reader (plain SafeLoader) fails on the whole front matter here.
        getattr(loader, "not_dates", []).append(node.start_mark.line)
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

# A YAML "billion laughs" expands aliases exponentially; real front matter is tiny.
MAX_NODES = 20_000
# A recursive alias (`a: &a [*a]`) nests without end; real front matter is shallow.
MAX_DEPTH = 100


class FrontMatterError(Exception):
    """The front matter cannot be read; ``line`` is 1-based in the file.

    ``message`` and ``found`` are :class:`Text`; a YAML parser's own words stay English,
    quoted inside the Chinese.
    """

    def __init__(self, message: Text, line: int, found: Text) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.found = found


@dataclass(frozen=True)
class FrontMatter:
    """Parsed front matter: the mapping, where each key sits, and where the body starts."""

    data: dict[str, Any]
    lines: dict[KeyPath, int]
    duplicates: list[tuple[KeyPath, int]] = field(default_factory=list)
    body_start: int = 1  # 1-based line of the first body line
    # Lines of values that look like dates but are not real ones (``2026-02-30``): read as
    # text here, but MkDocs' own reader (plain SafeLoader) rejects the whole front matter.
    not_dates: list[int] = field(default_factory=list)
    # The closing fence is the file's last line, without a line break: MkDocs then does not
    # see front matter at all (``mkdocs.utils.meta.YAML_RE`` wants one).
    closed_at_end: bool = False


def _is_fence(line: str, closing: bool) -> bool:
    stripped = line.rstrip(" \t\r\n")
    return stripped == "---" or (closing and stripped == "...")


def _closing_fence(text: str) -> tuple[list[str], int | None] | None:
    """The lines of ``text`` and the index of the line closing its front matter (``None``:
    never closed); ``None`` for a page without front matter."""
    if not text.startswith("---"):
        return None
    lines = text.splitlines(keepends=True)
    if not _is_fence(lines[0], closing=False):
        return None
    return lines, next((i for i in range(1, len(lines)) if _is_fence(lines[i], closing=True)), None)


def body_of(text: str) -> str | None:
    """The body :func:`split_front_matter` returns, without parsing the YAML (for pages
    already read once); ``None`` when the front matter is never closed."""
    fenced = _closing_fence(text)
    if fenced is None:
        return text
    lines, close = fenced
    return None if close is None else "".join(lines[close + 1 :])


def split_front_matter(text: str) -> tuple[FrontMatter, str]:
    """Return the front matter and the body; raise :class:`FrontMatterError` when unreadable."""
    fenced = _closing_fence(text)
    if fenced is None:
        return FrontMatter({}, {}), text
    lines, close = fenced
    if close is None:
        raise FrontMatterError(
            t(
                "front matter opened with '---' on line 1 is never closed",
                "第 1 行以 '---' 开始的 front matter 没有结束",
            ),
            1,
            t("no closing '---' line", "没有结束的 '---' 行"),
        )
    yaml_text = "".join(lines[1:close])
    body = "".join(lines[close + 1 :])
    data, key_lines, duplicates, not_dates = _parse_yaml(yaml_text, first_line=2)
    closed_at_end = close == len(lines) - 1 and not lines[close].endswith(("\n", "\r"))
    front_matter = FrontMatter(
        data, key_lines, duplicates, close + 2, not_dates=not_dates, closed_at_end=closed_at_end
    )
    return front_matter, body


def _too_deep(line: int, *, through_aliases: bool = False) -> FrontMatterError:
    hint, hint_zh = (" (recursive alias?)", "（疑似递归别名）") if through_aliases else ("", "")
    return FrontMatterError(
        t(
            f"front matter nests more than {MAX_DEPTH} levels deep{hint}",
            f"front matter 嵌套超过 {MAX_DEPTH} 层{hint_zh}",
        ),
        line,
        t(f"more than {MAX_DEPTH} levels", f"超过 {MAX_DEPTH} 层"),
    )


_OPENERS = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken,
            yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)  # fmt: skip
_CLOSERS = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _check_nesting(text: str, first_line: int) -> None:
    """Refuse front matter nested deeper than :data:`MAX_DEPTH`, before any parser sees it.

    Our limit, not the YAML library's: libyaml stops deep input at its own depth with its own
    words (since PyYAML 6.0.4), and the pure-Python composer recurses until RecursionError.
    Nesting needs an opening bracket or a deeper column per level, so almost every page is
    cleared by two counts; the rest are walked with the pure-Python scanner, which has no
    depth limit of its own and stops here at the first level past ours.
    """
    brackets = text.count("[") + text.count("{")
    columns = max((len(row) - len(row.lstrip(" -?:")) for row in text.splitlines()), default=0)
    if brackets + columns < MAX_DEPTH:
        return
    depth = 0
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, _OPENERS):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(first_line + token.start_mark.line)
        elif isinstance(token, _CLOSERS):
            depth -= 1


def _opens_bracket_or_quote(text: str, mark: yaml.Mark) -> bool:
    """Whether a YAML error's context mark sits on a ``[``, ``{`` or quote in ``text``."""
    return mark.index is not None and text[mark.index : mark.index + 1] in ("[", "{", '"', "'")


def _parse_yaml(
    text: str, first_line: int
) -> tuple[dict[str, Any], dict[KeyPath, int], list[tuple[KeyPath, int]], list[int]]:
    try:
        _check_nesting(text, first_line)
        loader = _Loader(text)
        loader.not_dates = []
        try:
            node = loader.get_single_node()
            if node is None:
                return {}, {}, [], []
            key_lines, duplicates = _map_lines(node, first_line)
            data = loader.construct_document(node)
            not_dates = [first_line + line for line in loader.not_dates]
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        # An unclosed bracket or quote is only noticed at the end; the context mark says
        # where the construct started, which is where the author must look.
        problem = exc.problem or "invalid YAML"
        # Decided by the text at the marks, not by the parser's wording, which may change.
        opened, noticed = exc.context_mark, exc.problem_mark
        if opened is not None and noticed is not None and _opens_bracket_or_quote(text, opened):
            line = first_line + opened.line
            end = first_line + noticed.line
            detail = f"{exc.context} on line {line}: {problem}" if exc.context else problem
            detail_zh = (
                f"第 {line} 行开始的结构有误（{exc.context}）：{problem}"
                if exc.context
                else problem
            )
            if end != line:
                detail += f" (noticed on line {end})"
                detail_zh += f"（在第 {end} 行发现）"
        else:
            mark = exc.problem_mark or exc.context_mark
            line = first_line + (mark.line if mark else 0)
            detail = detail_zh = problem
        raise FrontMatterError(
            t(f"YAML error: {detail}", f"YAML 错误：{detail_zh}"),
            line,
            t(problem, f"YAML 解析错误：{problem}"),
        ) from exc
    except FrontMatterError:
        raise
    except yaml.reader.ReaderError as exc:
        # A control character such as NUL: YAML refuses it before parsing anything.
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character))
        line = first_line + text.count("\n", 0, max(exc.position, 0))
        raise FrontMatterError(
            t(
                f"YAML error: the control character U+{code:04X} is not allowed in YAML",
                f"YAML 错误：YAML 中不允许出现控制字符 U+{code:04X}",
            ),
            line,
            t(f"the control character U+{code:04X}", f"控制字符 U+{code:04X}"),
        ) from exc
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as exc:
        name = type(exc).__name__
        raise FrontMatterError(
            t(f"YAML error: {name}", f"YAML 错误：{name}"),
            first_line,
            t(name, f"异常 {name}"),
        ) from exc
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise FrontMatterError(
            t(
                "front matter must be a mapping of keys to values",
                "front matter 必须是由键和值组成的映射",
            ),
            first_line,
            t(f"a YAML {kind}", f"YAML {kind}（不是映射）"),
        )
    return data, key_lines, duplicates, not_dates


def _map_lines(
    root: yaml.Node, first_line: int
) -> tuple[dict[KeyPath, int], list[tuple[KeyPath, int]]]:
    """Walk the node graph iteratively (no recursion limit), counting alias expansions."""
    lines: dict[KeyPath, int] = {}
    duplicates: list[tuple[KeyPath, int]] = []
    stack: list[tuple[yaml.Node, KeyPath]] = [(root, ())]
    visited = 0
    while stack:
        node, path = stack.pop()
        visited += 1
        if visited > MAX_NODES:
            raise FrontMatterError(
                t(
                    f"front matter expands to more than {MAX_NODES} YAML nodes (alias bomb?)",
                    f"front matter 展开后超过 {MAX_NODES} 个 YAML 节点（疑似别名炸弹）",
                ),
                first_line,
                t(f"more than {MAX_NODES} nodes", f"超过 {MAX_NODES} 个节点"),
            )
        if len(path) > MAX_DEPTH:
            # Only aliases get here: the text itself passed _check_nesting.
            raise _too_deep(first_line, through_aliases=True)
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(visited)
                child = (*path, key)
                line = first_line + key_node.start_mark.line
                if key in seen:
                    duplicates.append((child, line))
                seen.add(key)
                lines[child] = line
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                child = (*path, index)
                lines[child] = first_line + item.start_mark.line
                stack.append((item, child))
    return lines, duplicates
