"""The block structure of a Markdown page, found in one linear pass over its lines.

Every reader of block structure (the content scan's document, CAC300, MIIT092, the page
title, inline allows, LEAK001 fragments, unlinking in ``threatpub stage``) uses this one
scanner, so they agree on what is code, what is a comment and what is prose.

It follows the block-structure part of CommonMark (0.31, as markdown-it-py implements it)
with GFM tables:

* **Containers.** Block quotes (``>``) and list items (``-``, ``+``, ``*``, ``1.``,
  ``1)``) are containers: the blocks inside them are recognised as at the top level, so a
  fence in a quote (``> ```bash``) or in a list item indented to the item's content is
  fenced code. A line that continues a paragraph without its container markers (a *lazy
  continuation line*) stays in that paragraph. Containers nested deeper than
  :data:`MAX_DEPTH` are read as text, which bounds the work per line.
* **Fenced code.** Three or more backticks or tildes, indented at most three spaces; a
  backtick fence's info string has no backtick. It is closed by a run of the same
  character at least as long, indented at most three spaces, with only spaces or tabs
  after it. An unclosed fence runs to the end of its container, or of the page.
* **Indented code.** Four columns of indentation, but not in the middle of a paragraph;
  blank lines inside it belong to it, trailing ones do not. Admonition bodies
  (``!!! note``) are indented too; CommonMark reads them after a blank line as indented
  code, and so does this scanner.
* **HTML blocks**, the seven CommonMark kinds. An HTML comment (``<!--`` at the start of a
  line) runs to the line holding ``-->``, whatever it contains (fences too). Inside a raw
  HTML block such as ``<div>``, up to the next blank line, a fence is HTML text, not code.
* **Headings** (ATX ``#`` and setext ``===``/``---``), **thematic breaks**, **tables**
  (a header row and a delimiter row with the same number of cells, then rows up to a blank
  line or another block) and **paragraphs** (prose).

Lines end at ``\\n``, ``\\r\\n`` or ``\\r``, as CommonMark and MkDocs (Python-Markdown)
read them; :func:`split_lines` splits them so. Tabs count to the next multiple of four
columns. The scan does no inline parsing; :func:`code_spans` finds inline code spans.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from typing import NamedTuple

__all__ = [
    "MAX_DEPTH",
    "Block",
    "BlockKind",
    "block_at",
    "code_spans",
    "fenced_blocks",
    "opens_fence",
    "scan_blocks",
    "split_lines",
]

# Containers (block quotes, list items) nested deeper than this are read as text.
# markdown-it's CommonMark preset stops at 20 too; no real page comes near it.
MAX_DEPTH = 20


class BlockKind(StrEnum):
    FRONT_MATTER = "front_matter"
    FENCED_CODE = "fenced_code"
    INDENTED_CODE = "indented_code"
    HTML_COMMENT = "html_comment"  # an HTML block that opens with <!--
    HTML = "html"  # any other HTML block (<div>, <script>, <details> …)
    HEADING = "heading"
    THEMATIC_BREAK = "thematic_break"
    TABLE = "table"
    PARAGRAPH = "paragraph"  # prose


_CODE = frozenset({BlockKind.FENCED_CODE, BlockKind.INDENTED_CODE})


class Block(NamedTuple):
    """A leaf block: its kind and the lines it spans.

    ``start`` and ``end`` index the scanned lines (0-based, ``end`` exclusive); a fenced
    block spans its fences. ``content`` holds the block's lines without the container
    markers and the block's own indentation: the lines between the fences of fenced code;
    the text of a heading (one line for ATX, the paragraph's lines for setext); the lines
    of the other blocks. ``containers`` names the enclosing containers, outermost first:
    ``>`` a block quote, ``*`` a list item (``""`` at the top level).
    """

    kind: BlockKind
    start: int
    end: int
    content: tuple[str, ...] = ()
    containers: str = ""
    info: str = ""  # fenced code: the info string ("bash title=x.sh")
    fence: str = ""  # fenced code: the opening fence ("```", "~~~~")
    closed: bool = True  # fenced code: a closing fence was found
    level: int = 0  # heading: 1–6

    @property
    def lang(self) -> str:
        """Fenced code's language: the info string's first word, lower case
        (``{.python .numbers}`` → ``python``)."""
        if not self.info:
            return ""
        return self.info.split()[0].lstrip("{.").rstrip("}").lower()

    @property
    def text(self) -> str:
        return "\n".join(self.content)

    @property
    def heading_text(self) -> str:
        """A heading's text on one line."""
        return " ".join(part.strip() for part in self.content).strip()

    @property
    def content_start(self) -> int:
        """Index of the first content line (after a fenced block's opening fence)."""
        return self.start + 1 if self.kind is BlockKind.FENCED_CODE else self.start

    @property
    def is_code(self) -> bool:
        return self.kind in _CODE

    @property
    def top_level(self) -> bool:
        return not self.containers


_LINE_BREAK = re.compile(r"\r\n?|\n")


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, ended by ``\\n``, ``\\r\\n`` or ``\\r`` (CommonMark); a line
    break at the very end ends the last line rather than starting an empty one."""
    lines = text.split("\n") if "\r" not in text else _LINE_BREAK.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines


def block_at(blocks: Sequence[Block], index: int) -> Block | None:
    """The block spanning line ``index``, or ``None`` (a blank line, a bare ``>``)."""
    position = bisect_right(blocks, index, key=lambda b: b.start) - 1
    if position >= 0 and blocks[position].end > index:
        return blocks[position]
    return None


def fenced_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """The fenced code blocks, with those in indented blocks read again as Markdown.

    MkDocs sites indent the content of admonitions (``!!! note``), collapsible blocks and
    content tabs by four spaces; there a fenced block is a fenced block, while CommonMark,
    which has no such containers, reads the whole indented block as code. The blocks found
    inside keep line indexes of the scanned lines; indented blocks are read again this way
    up to four levels deep.
    """
    return _fenced_blocks(blocks, 0, _INDENTED_LEVELS)


# Indented blocks read again for fences: admonitions nest a few levels, not more.
_INDENTED_LEVELS = 4


def _fenced_blocks(blocks: Iterable[Block], shift: int, levels: int) -> Iterator[Block]:
    for block in blocks:
        if block.kind is BlockKind.FENCED_CODE:
            yield block._replace(start=block.start + shift, end=block.end + shift)
        elif (
            levels
            and block.kind is BlockKind.INDENTED_CODE
            and any(opens_fence(line) for line in block.content)
        ):
            inner = scan_blocks(block.content)
            yield from _fenced_blocks(inner, shift + block.start, levels - 1)


def opens_fence(line: str) -> bool:
    """Whether ``line``, read at the top level, opens a fenced code block."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or stripped[:3] not in ("```", "~~~"):
        return False
    char = stripped[0]
    run = len(stripped) - len(stripped.lstrip(char))
    return char == "~" or "`" not in stripped[run:]


# --- HTML block starts (CommonMark 4.6) ------------------------------------------------------

_HTML_1 = re.compile(r"<(?:script|pre|style|textarea)(?:[ \t>]|$)", re.IGNORECASE)
_HTML_1_END = re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE)
_HTML_6_NAMES = frozenset(
    (
        *("address", "article", "aside", "base", "basefont", "blockquote", "body", "caption"),
        *("center", "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt"),
        *("fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1"),
        *("h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "iframe", "legend"),
        *("li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol", "optgroup"),
        *("option", "p", "param", "search", "section", "summary", "table", "tbody", "td"),
        *("tfoot", "th", "thead", "title", "tr", "track", "ul"),
    )
)
_HTML_6 = re.compile(r"</?([A-Za-z][A-Za-z0-9]{0,15})(?:[ \t>]|/>|$)")
# A complete open or closing tag alone on its line. Each repetition starts with whitespace
# followed by a name character, values hold no whitespace: one way to match, linear.
_ATTRIBUTE = (
    r"[ \t]+[A-Za-z_:][A-Za-z0-9_.:-]*"
    r"(?:[ \t]*=[ \t]*(?:[^ \t\"'=<>`]+|'[^']*'|\"[^\"]*\"))?"
)
_HTML_7 = re.compile(
    rf"(?:<[A-Za-z][A-Za-z0-9-]*(?:{_ATTRIBUTE})*[ \t]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \t]*>)"
    r"[ \t]*$"
)
_HTML_ENDS = {2: "-->", 3: "?>", 4: ">", 5: "]]>"}


def _html_start(text: str, interrupts_paragraph: bool) -> int:
    """The CommonMark HTML block type (1–7) that ``text`` (starting with ``<``) opens, or 0."""
    if text.startswith("<!--"):
        return 2
    if text.startswith("<?"):
        return 3
    if text.startswith("<![CDATA["):
        return 5
    if text.startswith("<!") and text[2:3].isascii() and text[2:3].isalpha():
        return 4
    if _HTML_1.match(text):
        return 1
    match = _HTML_6.match(text)
    if match and match.group(1).lower() in _HTML_6_NAMES:
        return 6
    if not interrupts_paragraph and _HTML_7.match(text):
        return 7
    return 0


def _html_ends(kind: int, text: str) -> bool:
    if kind == 1:
        return _HTML_1_END.search(text) is not None
    end = _HTML_ENDS.get(kind)
    return end is not None and end in text


# --- other block starts --------------------------------------------------------------------

_ORDERED = re.compile(r"(\d{1,9})([.)])")


def _thematic_break(text: str) -> bool:
    char = text[0]
    if char not in "*-_" or text.count(char) < 3:
        return False
    return not text.replace(char, "").replace(" ", "").replace("\t", "")


def _atx_heading(text: str) -> tuple[int, str] | None:
    """``(level, text)`` of an ATX heading line (``text`` starts at its first ``#``)."""
    level = len(text) - len(text.lstrip("#"))
    if not 1 <= level <= 6 or (len(text) > level and text[level] not in " \t"):
        return None
    rest = text[level:].strip(" \t")
    if rest.strip("#") == "":
        return level, ""
    trimmed = rest.rstrip("#")
    if len(trimmed) < len(rest) and trimmed[-1:] in (" ", "\t"):
        rest = trimmed.rstrip(" \t")
    return level, rest


def _setext_level(text: str) -> int:
    stripped = text.rstrip(" \t")
    if stripped and stripped[0] in "=-" and stripped.count(stripped[0]) == len(stripped):
        return 1 if stripped[0] == "=" else 2
    return 0


def _cells(row: str) -> list[str]:
    """A table row's cells, split at unescaped pipes (outer pipes optional)."""
    text = row.strip(" \t")
    if "\\" in text:
        cells = [cell.replace("\0", "\\|") for cell in text.replace("\\|", "\0").split("|")]
    else:
        cells = text.split("|")
    if text.startswith("|"):
        cells.pop(0)
    if len(text) > 1 and text.endswith("|") and not text.endswith("\\|"):
        cells.pop()
    return cells


_DELIMITER_CELL = re.compile(r"[ \t]*:?-+:?[ \t]*")


def _delimiter_cells(text: str) -> int:
    """The number of cells of a GFM table delimiter row (``| --- | :-: |``), or 0."""
    if "|" not in text or "-" not in text:
        return 0
    stripped = text.strip(" \t")
    if stripped.strip("|-: \t"):
        return 0  # anything else than pipes, dashes, colons and spaces
    cells = _cells(stripped)
    if cells and all(_DELIMITER_CELL.fullmatch(cell) for cell in cells):
        return len(cells)
    return 0


# --- the scanner -----------------------------------------------------------------------------


class _Item:
    """An open list item: the columns its content is indented by, relative to its parent."""

    __slots__ = ("has_child", "width")

    def __init__(self, width: int) -> None:
        self.width = width
        self.has_child = False


class _Quote:
    __slots__ = ("has_child",)

    def __init__(self) -> None:
        self.has_child = False


class _Leaf:
    """The open leaf block (at most one: it sits in the innermost open container)."""

    __slots__ = ("char", "containers", "content", "html", "indent", "info", "kind", "run", "start")

    def __init__(self, kind: BlockKind, start: int, containers: str) -> None:
        self.kind = kind
        self.start = start
        self.containers = containers
        self.content: list[str] = []
        self.char = ""  # fenced code: fence character
        self.run = 0  # fenced code: fence length
        self.indent = 0  # fenced code: the fence's indentation, removed from its lines
        self.info = ""
        self.html = 0  # HTML block type


# First characters after which a line at the top level is paragraph text.
_SPECIAL = frozenset(" \t>-+*#=_`~<|:0123456789")
# First characters that may start a block after a table row (a row may start with anything
# else: "|", ":", "=", a letter).
_BLOCK_START = frozenset(" \t>-+*#_`~<0123456789")
_WHITESPACE = re.compile(r"[ \t]*")
_FENCED = BlockKind.FENCED_CODE
_INDENTED = BlockKind.INDENTED_CODE
_PARAGRAPH = BlockKind.PARAGRAPH
_TABLE = BlockKind.TABLE
_HTML_KINDS = frozenset({BlockKind.HTML, BlockKind.HTML_COMMENT})


class _Scanner:
    """CommonMark's block parsing (the spec's appendix, as commonmark.js does it), keeping
    only what the readers need: leaf blocks with their lines and containers."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.stack: list[_Item | _Quote] = []
        self.marks = ""  # the stack as container marks
        self.leaf: _Leaf | None = None
        # The cursor on the current line (CommonMark's offset, column, partially consumed
        # tab) and what follows it: the next non-space character and the indentation.
        self.line = ""
        self.offset = 0
        self.column = 0
        self.partial = False
        self.next_nonspace = 0
        self.next_column = 0
        self.indent = 0
        self.blank = False
        self.spaces_only = True  # the indentation is spaces (no tab to count in columns)

    # -- cursor ---------------------------------------------------------------------------

    def find_next_nonspace(self) -> None:
        line = self.line
        offset = self.offset
        if offset < len(line) and line[offset] != " " and line[offset] != "\t":
            self.next_nonspace = offset
            self.next_column = self.column
            self.indent = 0
            self.blank = False
            self.spaces_only = not self.partial
            return
        spaces = _WHITESPACE.match(line, offset)
        end = spaces.end() if spaces else offset
        if line.find("\t", self.offset, end) < 0:
            column = self.column + end - self.offset
            self.spaces_only = not self.partial
        else:
            column = self.column
            for char in line[self.offset : end]:
                column += 1 if char == " " else 4 - column % 4
            self.spaces_only = False
        self.next_nonspace = end
        self.next_column = column
        self.indent = column - self.column
        self.blank = end == len(line)

    def advance_next_nonspace(self) -> None:
        self.offset = self.next_nonspace
        self.column = self.next_column
        self.partial = False

    def advance(self, count: int) -> None:
        """Move ``count`` columns on (a tab may be consumed in part)."""
        line = self.line
        length = len(line)
        while count > 0 and self.offset < length:
            if line[self.offset] == "\t":
                to_tab = 4 - self.column % 4
                self.partial = to_tab > count
                step = min(count, to_tab)
                self.column += step
                if not self.partial:
                    self.offset += 1
                count -= step
            else:
                self.partial = False
                self.offset += 1
                self.column += 1
                count -= 1

    def skip_marker(self) -> None:
        """Move past one character (a ``>``) that sits at the next non-space position."""
        self.offset = self.next_nonspace + 1
        self.column = self.next_column + 1
        self.partial = False

    def rest(self) -> str:
        """The line from the cursor (a partly consumed tab becomes spaces)."""
        if self.partial:
            return " " * (4 - self.column % 4) + self.line[self.offset + 1 :]
        return self.line[self.offset :] if self.offset else self.line

    # -- blocks ---------------------------------------------------------------------------

    def open_leaf(self, kind: BlockKind, start: int) -> _Leaf:
        if self.stack:
            self.stack[-1].has_child = True
        leaf = self.leaf = _Leaf(kind, start, self.marks)
        return leaf

    def open_fence(self, index: int, char: str, run: int, indent: int, info: str) -> None:
        self.close_leaf(index)
        fence = self.open_leaf(_FENCED, index)
        fence.char, fence.run, fence.indent = char, run, indent
        fence.info = info.strip(" \t")

    def add(self, block: Block) -> None:
        """A one-line leaf block (heading, thematic break) in the innermost container."""
        if self.stack:
            self.stack[-1].has_child = True
        self.blocks.append(block)

    def close_leaf(self, end: int, closed: bool = False) -> None:
        leaf = self.leaf
        if leaf is None:
            return
        self.leaf = None
        content = leaf.content
        kind = leaf.kind
        if kind is _FENCED:
            fence = leaf.char * leaf.run
            block = Block(
                kind, leaf.start, end, tuple(content), leaf.containers, leaf.info, fence, closed
            )
            self.blocks.append(block)
            return
        if kind is _INDENTED:
            while content and not content[-1].strip(" \t"):
                content.pop()  # trailing blank lines are not part of the block
                end -= 1
        self.blocks.append(Block(kind, leaf.start, end, tuple(content), leaf.containers))

    def close_containers(self, keep: int, end: int) -> None:
        """Close the containers past the first ``keep`` (and the leaf inside them)."""
        if len(self.stack) > keep:
            self.close_leaf(end)
            del self.stack[keep:]
            self.marks = self.marks[:keep]

    def push(self, container: _Item | _Quote) -> None:
        if self.stack:
            self.stack[-1].has_child = True
        self.stack.append(container)
        self.marks += ">" if isinstance(container, _Quote) else "*"

    # -- one line -------------------------------------------------------------------------

    def feed(self, index: int, line: str) -> None:
        """Take one line (:meth:`top_level` has not taken it)."""
        if self.stack and not line.strip(" \t") and self.blank_line(index):
            return
        self.line = line
        self.offset = self.column = 0
        self.partial = False
        self.find_next_nonspace()

        # 1. Which open containers does the line continue?
        matched = 0
        for container in self.stack:
            if isinstance(container, _Quote):
                if self.indent > 3 or self.blank or line[self.next_nonspace] != ">":
                    break
                self.skip_marker()
                after = line[self.offset : self.offset + 1]
                if after == " ":
                    self.offset += 1
                    self.column += 1
                elif after == "\t":
                    self.advance(1)
            elif self.blank:
                if not container.has_child:
                    break  # a list item may begin with one blank line, not two
                self.advance_next_nonspace()
            elif self.indent >= container.width:
                width = container.width
                if self.spaces_only:  # the cursor moves over spaces only
                    self.offset += width
                    self.column += width
                    self.indent -= width
                    matched += 1
                    continue
                self.advance(width)
            else:
                break
            matched += 1
            self.find_next_nonspace()
        all_matched = matched == len(self.stack)

        # 2. Does the open leaf take the line?
        leaf = self.leaf
        if all_matched and leaf is not None:
            kind = leaf.kind
            if kind is _FENCED:
                if self.indent <= 3 and line[self.next_nonspace : self.next_nonspace + 1] == (
                    leaf.char
                ):
                    text = line[self.next_nonspace :]
                    run = len(text) - len(text.lstrip(leaf.char))
                    if run >= leaf.run and not text[run:].strip(" \t"):
                        self.close_leaf(index + 1, closed=True)
                        return
                strip = leaf.indent
                while strip > 0 and line[self.offset : self.offset + 1] in (" ", "\t"):
                    self.advance(1)
                    strip -= 1
                leaf.content.append(self.rest())
                return
            if kind is _INDENTED:
                if self.indent >= 4:
                    self.advance(4)
                    leaf.content.append(self.rest())
                    return
                if self.blank:
                    leaf.content.append("")
                    return
                self.close_leaf(index)
                leaf = None
            elif kind in _HTML_KINDS:
                if self.blank and leaf.html >= 6:
                    self.close_leaf(index)
                    return
                text = self.rest()
                leaf.content.append(text)
                if leaf.html <= 5 and _html_ends(leaf.html, text):
                    self.close_leaf(index + 1)
                return
            elif self.blank:  # a paragraph or a table ends at a blank line
                self.close_leaf(index)
                leaf = None

        # 3. Does a new container or leaf block start here?
        in_paragraph = leaf is not None and leaf.kind is _PARAGRAPH
        continues = all_matched and in_paragraph  # the line would continue the paragraph
        lazy = not all_matched and in_paragraph and not self.blank
        opened = False
        while not self.blank:
            if self.indent >= 4:
                if not in_paragraph:
                    self.advance(4)
                    self.close_containers(matched, index)
                    self.close_leaf(index)
                    self.open_leaf(_INDENTED, index).content.append(self.rest())
                    return
                break
            position = self.next_nonspace
            char = line[position]
            deep = len(self.stack) >= MAX_DEPTH
            if char == ">" and not deep:
                self.close_containers(matched, index)
                self.close_leaf(index)
                self.skip_marker()
                if line[self.offset : self.offset + 1] in (" ", "\t"):
                    self.advance(1)
                self.push(_Quote())
                matched = len(self.stack)
                in_paragraph = continues = lazy = False
                opened = True
                self.find_next_nonspace()
                continue
            if char not in _SPECIAL:
                break
            text = line[position:]
            if char == "#":
                atx = _atx_heading(text)
                if atx is not None:
                    self.close_containers(matched, index)
                    self.close_leaf(index)
                    heading = Block(BlockKind.HEADING, index, index + 1, (atx[1],), level=atx[0])
                    self.add(heading._replace(containers=self.marks))
                    return
            elif (char == "`" or char == "~") and text[:3] == char * 3:
                run = len(text) - len(text.lstrip(char))
                info = text[run:]
                if char == "~" or "`" not in info:
                    self.close_containers(matched, index)
                    self.open_fence(index, char, run, self.indent, info)
                    return
            elif char == "<":
                html = _html_start(text, continues or lazy)
                if html:
                    self.close_containers(matched, index)
                    self.close_leaf(index)
                    kind = BlockKind.HTML_COMMENT if html == 2 else BlockKind.HTML
                    block = self.open_leaf(kind, index)
                    block.html = html
                    rest = self.rest()
                    block.content.append(rest)
                    if html <= 5 and _html_ends(html, rest):
                        self.close_leaf(index + 1)
                    return
            if continues and (char == "=" or char == "-") and (level := _setext_level(text)):
                assert leaf is not None
                self.leaf = None
                content = tuple(leaf.content)
                setext = Block(BlockKind.HEADING, leaf.start, index + 1, content, level=level)
                self.blocks.append(setext._replace(containers=leaf.containers))
                return
            if (char == "*" or char == "-" or char == "_") and _thematic_break(text):
                self.close_containers(matched, index)
                self.close_leaf(index)
                self.add(Block(BlockKind.THEMATIC_BREAK, index, index + 1, (), self.marks))
                return
            if not deep and (char in "*-+" or "0" <= char <= "9"):
                width = self.list_item(text, continues)
                if width:
                    self.close_containers(matched, index)
                    self.close_leaf(index)
                    self.push(_Item(width))
                    matched = len(self.stack)
                    in_paragraph = continues = lazy = False
                    opened = True
                    self.find_next_nonspace()
                    continue
            if continues and (cells := _delimiter_cells(text)):
                assert leaf is not None
                if self.open_table(leaf, index, cells, self.rest()):
                    return
            break

        # 4. The rest of the line is text.
        if lazy and not opened:
            assert leaf is not None
            leaf.content.append(self.rest().lstrip(" \t"))
            return
        if len(self.stack) > matched:
            self.close_containers(matched, index)
        if self.blank:
            return
        leaf = self.leaf
        if leaf is not None and (leaf.kind is _PARAGRAPH or leaf.kind is _TABLE):
            leaf.content.append(self.rest().lstrip(" \t"))
            return
        self.close_leaf(index)
        self.advance_next_nonspace()
        self.open_leaf(_PARAGRAPH, index).content.append(self.rest())

    def top_level(self, index: int, line: str) -> bool:
        """The common lines outside containers, without the cursor; False: not handled."""
        leaf = self.leaf
        if not line:
            if leaf is not None:
                kind = leaf.kind
                if kind is _FENCED or kind is _INDENTED or (kind in _HTML_KINDS and leaf.html <= 5):
                    leaf.content.append("")
                else:
                    self.close_leaf(index)
            return True
        first = line[0]
        if leaf is None:
            if first not in _SPECIAL or first == "|":  # prose
                self.open_leaf(_PARAGRAPH, index).content.append(line)
                return True
            if first == "#" and (atx := _atx_heading(line)) is not None:
                heading = Block(BlockKind.HEADING, index, index + 1, (atx[1],), level=atx[0])
                self.blocks.append(heading)
                return True
            if (first == "`" or first == "~") and line[:3] == first * 3:
                run = len(line) - len(line.lstrip(first))
                if first == "~" or "`" not in line[run:]:
                    self.open_fence(index, first, run, 0, line[run:])
                    return True
            return not line.strip(" \t")  # a blank line; else the general case
        kind = leaf.kind
        if kind is _PARAGRAPH:
            if first not in _SPECIAL or (first.isdigit() and not line.startswith(("1.", "1)"))):
                leaf.content.append(line)  # prose (an ordered list must start at 1 here)
                return True
            if first == "|":
                cells = _delimiter_cells(line)
                if not (cells and self.open_table(leaf, index, cells, line)):
                    leaf.content.append(line)
                return True
            if not line.strip(" \t"):
                self.close_leaf(index)
                return True
            if first == "#" and (atx := _atx_heading(line)) is not None:
                self.close_leaf(index)
                heading = Block(BlockKind.HEADING, index, index + 1, (atx[1],), level=atx[0])
                self.blocks.append(heading)
                return True
            return False
        if kind is _FENCED:
            if "\t" in line[: leaf.indent + 4]:
                return False
            text = line.lstrip(" ")
            indent = len(line) - len(text)
            if indent <= 3 and text[:1] == leaf.char:
                run = len(text) - len(text.lstrip(leaf.char))
                if run >= leaf.run and not text[run:].strip(" \t"):
                    self.close_leaf(index + 1, closed=True)
                    return True
            leaf.content.append(line[min(indent, leaf.indent) :])
            return True
        if kind is _INDENTED:
            if line.startswith("    "):
                leaf.content.append(line[4:])
            elif first == "\t":
                leaf.content.append(line[1:])
            elif not line.strip(" \t"):
                leaf.content.append("")
            else:
                return False
            return True
        if kind in _HTML_KINDS:
            if not line.strip(" \t") and leaf.html >= 6:
                self.close_leaf(index)
                return True
            leaf.content.append(line)
            if leaf.html <= 5 and _html_ends(leaf.html, line):
                self.close_leaf(index + 1)
            return True
        if first not in _BLOCK_START:  # a table row
            leaf.content.append(line)
            return True
        if not line.strip(" \t"):  # the end of a table
            self.close_leaf(index)
            return True
        return False

    def blank_line(self, index: int) -> bool:
        """A blank line in containers, without the cursor; False: not handled."""
        matched = 0
        for container in self.stack:
            if type(container) is _Quote or not container.has_child:
                break
            matched += 1
        leaf = self.leaf
        if matched == len(self.stack) and leaf is not None:
            if leaf.kind is not _PARAGRAPH and leaf.kind is not _TABLE:
                return False  # code and HTML blocks keep their blank lines
            self.close_leaf(index)
        self.close_containers(matched, index)
        return True

    def open_table(self, leaf: _Leaf, index: int, cells: int, row: str) -> bool:
        """Turn the paragraph's last line into a table's header row, if its cells match
        the delimiter ``row``'s."""
        header = leaf.content[-1]
        if len(_cells(header)) != cells:
            return False
        self.leaf = None
        if len(leaf.content) > 1:
            end = leaf.start + len(leaf.content) - 1
            self.blocks.append(
                Block(_PARAGRAPH, leaf.start, end, tuple(leaf.content[:-1]), leaf.containers)
            )
        self.open_leaf(_TABLE, index - 1).content.extend((header, row))
        return True

    def list_item(self, text: str, continues: bool) -> int:
        """The content width of the list item that opens at the cursor, or 0.

        Moves the cursor to the item's content when it opens one.
        """
        char = text[0]
        if char in "*-+":
            marker = 1
            number = ""
        else:
            match = _ORDERED.match(text)
            if match is None:
                return 0
            marker = match.end()
            number = match.group(1)
        if text[marker : marker + 1] not in ("", " ", "\t"):
            return 0
        # Interrupting a paragraph: not an empty item, and an ordered list starts at 1.
        if continues and (not text[marker:].strip(" \t") or (number and number != "1")):
            return 0
        marker_indent = self.indent
        self.advance_next_nonspace()
        self.advance(marker)
        spaces_column, spaces_offset, spaces_partial = self.column, self.offset, self.partial
        line = self.line
        while True:
            self.advance(1)
            if self.column - spaces_column >= 5 or line[self.offset : self.offset + 1] not in (
                " ",
                "\t",
            ):
                break
        spaces = self.column - spaces_column
        if spaces >= 5 or spaces < 1 or self.offset >= len(line):
            padding = marker + 1  # content indented 5+ columns is indented code
            self.column, self.offset, self.partial = spaces_column, spaces_offset, spaces_partial
            if line[self.offset : self.offset + 1] in (" ", "\t"):
                self.advance(1)
        else:
            padding = marker + spaces
        return marker_indent + padding


def scan_blocks(lines: Sequence[str], *, front_matter: bool = False) -> list[Block]:
    """The leaf blocks of ``lines`` (see :func:`split_lines`), in order; linear time.

    With ``front_matter``, a first line ``---`` closed by a later ``---`` or ``...`` line
    is a front-matter block (pass the whole source); otherwise ``---`` is a thematic break.
    Lines that belong to no leaf block (blank lines, a bare ``>``) are in no block.
    """
    return list(_closed_blocks(lines, front_matter=front_matter))


def first_title(lines: Sequence[str]) -> Block | None:
    """The first level-1 heading outside containers, as :func:`scan_blocks` finds it, but
    stopping there (a page's title is near its top; the rest need not be read)."""
    return next(
        (
            b
            for b in _closed_blocks(lines)
            if b.kind is BlockKind.HEADING and b.level == 1 and b.top_level
        ),
        None,
    )


def _closed_blocks(lines: Sequence[str], *, front_matter: bool = False) -> Iterator[Block]:
    """The leaf blocks of ``lines`` as each one closes (a closed block never changes), so a
    reader that needs only the first ones stops early."""
    scanner = _Scanner()
    blocks = scanner.blocks
    first = 0
    if front_matter and lines and lines[0].rstrip(" \t") == "---":
        for index in range(1, len(lines)):
            if lines[index].rstrip(" \t") in ("---", "..."):
                blocks.append(Block(BlockKind.FRONT_MATTER, 0, index + 1, tuple(lines[1:index])))
                first = index + 1
                break
    feed = scanner.feed
    top_level = scanner.top_level
    seen = 0
    for index in range(first, len(lines)):
        line = lines[index]
        if scanner.stack or not top_level(index, line):
            feed(index, line)
        while seen < len(blocks):
            seen += 1
            yield blocks[seen - 1]
    scanner.close_containers(0, len(lines))
    scanner.close_leaf(len(lines))
    yield from blocks[seen:]


def code_spans(text: str) -> dict[int, int]:
    """Start → end of every inline code span of ``text`` (one paragraph's text).

    CommonMark: a backtick run opens a span that the next run of exactly the same length
    closes; a run with no such closer is literal backticks. A backslash before a run makes
    its first backtick literal (outside code only: inside a span a backslash is just a
    character). Linear apart from a binary search per opener.
    """
    runs: list[tuple[int, int]] = []  # (start, length) of every backtick run
    pos = text.find("`")
    while pos >= 0:
        end = pos
        while end < len(text) and text[end] == "`":
            end += 1
        runs.append((pos, end - pos))
        pos = text.find("`", end)
    by_length: dict[int, list[int]] = {}  # run length → indexes of the runs that long
    for index, (_, length) in enumerate(runs):
        by_length.setdefault(length, []).append(index)
    spans: dict[int, int] = {}
    boundary = 0  # backslashes before this offset (inside an earlier span) escape nothing
    index = 0
    while index < len(runs):
        start, length = runs[index]
        escapes = 0
        while start - escapes > boundary and text[start - escapes - 1] == "\\":
            escapes += 1
        if escapes % 2:
            start, length = start + 1, length - 1
        candidates = by_length.get(length, []) if length else []
        found = bisect_right(candidates, index)
        if found == len(candidates):
            index += 1  # no closer: literal backticks
            continue
        closer = candidates[found]
        spans[start] = runs[closer][0] + length
        boundary = spans[start]
        index = closer + 1
    return spans
