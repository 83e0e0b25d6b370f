"""The one Markdown block scanner (core/blocks.py), which every block reader uses.

Expectations follow the CommonMark spec (0.31) with GFM tables; where markdown-it-py (the
CommonMark parser the project already depends on) follows the spec too, the scanner is also
checked against it, on the tricky cases below and on generated documents.
"""

from __future__ import annotations

import random
import time

import pytest
from markdown_it import MarkdownIt

from mkdocs_threatpub.core.blocks import (
    MAX_DEPTH,
    Block,
    BlockKind,
    block_at,
    code_spans,
    fenced_blocks,
    opens_fence,
    scan_blocks,
    split_lines,
)

FENCED = BlockKind.FENCED_CODE
INDENTED = BlockKind.INDENTED_CODE
PARAGRAPH = BlockKind.PARAGRAPH
HEADING = BlockKind.HEADING
HR = BlockKind.THEMATIC_BREAK
COMMENT = BlockKind.HTML_COMMENT
HTML = BlockKind.HTML
TABLE = BlockKind.TABLE


def scan(text: str) -> list[Block]:
    return scan_blocks(split_lines(text))


def shape(text: str) -> list[tuple[str, int, int, str]]:
    """(kind, first line, end line, containers) of each block, lines 0-based."""
    return [(b.kind.value, b.start, b.end, b.containers) for b in scan(text)]


def only(text: str, kind: BlockKind) -> Block:
    (block,) = [b for b in scan(text) if b.kind is kind]
    return block


# --- fenced code ----------------------------------------------------------------------------


def test_fence_with_backticks_or_tildes_info_string_and_language() -> None:
    block = only("```Bash title=x.sh\nrm -rf /tmp/x\n```\n", FENCED)
    assert (block.start, block.end, block.content_start) == (0, 3, 1)
    assert block.content == ("rm -rf /tmp/x",)
    assert (block.fence, block.info, block.lang, block.closed) == (
        "```",
        "Bash title=x.sh",
        "bash",
        True,
    )
    assert only("~~~~ {.python .numbers}\nx = 1\n~~~~\n", FENCED).lang == "python"


@pytest.mark.parametrize(
    ("closer", "closes"),
    [
        ("```", True),
        ("`````", True),  # at least as long
        ("   ```", True),  # up to three spaces
        ("```   ", True),  # only spaces after
        ("``", False),  # shorter
        ("    ```", False),  # four spaces: content
        ("~~~", False),  # the other character
        ("``` x", False),  # text after the run
    ],
)
def test_closing_fence_rules(closer: str, closes: bool) -> None:
    block = only(f"```\ncode\n{closer}\nafter\n", FENCED)
    assert block.closed is closes
    assert block.content == (("code",) if closes else ("code", closer, "after"))


def test_longer_fence_holds_shorter_fences_and_tildes_hold_backticks() -> None:
    outer = only("````md\n```bash\necho\n```\n````\n", FENCED)
    assert outer.content == ("```bash", "echo", "```")
    tilde = only("~~~\n```\nstill code\n```\n~~~\n", FENCED)
    assert tilde.content == ("```", "still code", "```")


def test_backtick_fence_info_cannot_hold_a_backtick() -> None:
    assert shape("```code``` is inline\n") == [("paragraph", 0, 1, "")]
    assert only("~~~ a`b\nx\n~~~\n", FENCED).info == "a`b"  # tildes may


def test_unterminated_fence_runs_to_the_end_of_the_document_or_its_container() -> None:
    block = only("text\n\n```\ncode\n\n# not a heading\n", FENCED)
    assert (block.start, block.end, block.closed) == (2, 6, False)
    assert block.content == ("code", "", "# not a heading")
    # In a block quote, the fence ends with the quote.
    assert shape("> ```\n> code\nafter\n") == [("fenced_code", 0, 2, ">"), ("paragraph", 2, 3, "")]


def test_fence_indentation_is_removed_from_its_lines() -> None:
    assert only("  ```\n    two\n one\nzero\n  ```\n", FENCED).content == ("  two", "one", "zero")


# --- containers -----------------------------------------------------------------------------


def test_fence_inside_a_blockquote_is_code() -> None:
    block = only("> Quoted:\n>\n> ```bash\n> rm -rf /\n> ```\n", FENCED)
    assert (block.start, block.end, block.containers) == (2, 5, ">")
    assert block.content == ("rm -rf /",)
    assert only(">```\n>code\n>```\n", FENCED).content == ("code",)  # no space after >


def test_fence_inside_list_items() -> None:
    # Indented to the item's content (2 columns for "- ", 3 for "1. "): a fence of the item.
    listed = "- Windows:\n\n    ```ps1\n    $x = 1\n    ```\n"
    block = only(listed, FENCED)
    assert (block.start, block.lang, block.containers, block.content) == (
        2,
        "ps1",
        "*",
        ("$x = 1",),
    )
    assert only("1. step\n   ```\n   code\n   ```\n", FENCED).content == ("code",)
    # In a quote in a list item, and a list item in a quote.
    assert only("- > ```\n  > code\n  > ```\n", FENCED).containers == "*>"
    assert only("> - ```\n>   code\n>   ```\n", FENCED).containers == ">*"


def test_list_item_content_offset_decides_what_belongs_to_it() -> None:
    # Five spaces after the marker: the content is indented code, the item's offset is 2.
    assert shape("-     code\n") == [("indented_code", 0, 1, "*")]
    # Less indented than the content: not part of the item.
    assert shape("- a\n\n b\n") == [("paragraph", 0, 1, "*"), ("paragraph", 2, 3, "")]
    # An item may start with one blank line, not two.
    assert shape("-\n  foo\n") == [("paragraph", 1, 2, "*")]
    assert shape("-\n\n  foo\n") == [("paragraph", 2, 3, "")]


def test_lazy_continuation_keeps_the_paragraph_and_its_containers() -> None:
    assert shape("> quoted\ncontinued\n") == [("paragraph", 0, 2, ">")]
    assert shape("- item\ncontinued\n") == [("paragraph", 0, 2, "*")]
    # Only a paragraph continues lazily; a fence in a quote ends with the quote.
    assert shape("> ```\ncode\n") == [("fenced_code", 0, 1, ">"), ("paragraph", 1, 2, "")]


def test_containers_nested_past_the_limit_are_text() -> None:
    deep = "> " * (MAX_DEPTH + 5) + "```\n"
    (block,) = scan(deep)
    assert block.kind is PARAGRAPH
    assert block.containers == ">" * MAX_DEPTH


# --- indented code --------------------------------------------------------------------------


def test_indented_code_vs_lazy_continuation() -> None:
    # Indented code cannot interrupt a paragraph: the line continues it.
    assert shape("para\n    more\n") == [("paragraph", 0, 2, "")]
    assert shape("> para\n    more\n") == [("paragraph", 0, 2, ">")]
    # After a blank line it is code; blank lines inside belong to it, trailing ones do not.
    block = only("para\n\n    one\n\n    two\n\n\nafter\n", INDENTED)
    assert (block.start, block.end, block.content) == (2, 5, ("one", "", "two"))
    assert only("\tcode\n", INDENTED).content == ("code",)  # a tab is four columns


def test_admonition_bodies_read_as_commonmark_does_and_their_fences_are_found() -> None:
    page = '!!! note "PoC"\n\n    Steps:\n\n    ```bash\n    run\n    ```\n'
    assert shape(page) == [("paragraph", 0, 1, ""), ("indented_code", 2, 7, "")]
    (fence,) = fenced_blocks(scan(page))
    assert (fence.start, fence.end, fence.lang, fence.content) == (4, 7, "bash", ("run",))


# --- headings, breaks, HTML, tables ---------------------------------------------------------


def test_setext_heading_vs_thematic_break() -> None:
    assert shape("Title\nover lines\n===\n") == [("heading", 0, 3, "")]
    assert only("Title\nover lines\n===\n", HEADING).heading_text == "Title over lines"
    assert only("Sub\n---\n", HEADING).level == 2
    assert shape("\n---\n") == [("thematic_break", 1, 2, "")]
    assert shape("* * *\n") == [("thematic_break", 0, 1, "")]  # not a list item
    assert shape("- - -\n") == [("thematic_break", 0, 1, "")]
    # A list item or a quote above: the underline cannot be lazy, so it is a break.
    assert shape("- item\n---\n") == [("paragraph", 0, 1, "*"), ("thematic_break", 1, 2, "")]
    assert shape("> quote\n---\n") == [("paragraph", 0, 1, ">"), ("thematic_break", 1, 2, "")]
    assert shape("> quote\n> ---\n") == [("heading", 0, 2, ">")]
    assert shape("a\n= =\n") == [("paragraph", 0, 2, "")]  # no spaces inside an underline


@pytest.mark.parametrize(
    ("line", "level", "text"),
    [
        ("# Title", 1, "Title"),
        ("### Title ###", 3, "Title"),
        ("# Learn C#", 1, "Learn C#"),  # no space before the #: part of the text
        ("#", 1, ""),
        ("   ## x", 2, "x"),
        ("####### seven", 0, ""),
        ("#5 bolts", 0, ""),
        ("    # code", 0, ""),
    ],
)
def test_atx_headings(line: str, level: int, text: str) -> None:
    headings = [b for b in scan(line + "\n") if b.kind is HEADING]
    assert [(h.level, h.heading_text) for h in headings] == ([(level, text)] if level else [])


def test_html_comment_spanning_lines_holds_fences_and_headings() -> None:
    text = "<!--\n```\n# not a heading\n\n```\n-->\n# Heading\n"
    assert shape(text) == [("html_comment", 0, 6, ""), ("heading", 6, 7, "")]
    assert shape("text <!-- inline -->\n") == [("paragraph", 0, 1, "")]
    assert shape("para\n<!-- interrupts -->\nafter\n") == [
        ("paragraph", 0, 1, ""),
        ("html_comment", 1, 2, ""),
        ("paragraph", 2, 3, ""),
    ]
    assert shape("> <!--\n> x\n> -->\n") == [("html_comment", 0, 3, ">")]


def test_raw_html_block_runs_to_a_blank_line() -> None:
    assert shape("<div>\n```\ncode\n```\n</div>\n\n```\nfenced\n```\n") == [
        ("html", 0, 5, ""),
        ("fenced_code", 6, 9, ""),
    ]
    # A lone tag of another name (type 7) cannot interrupt a paragraph.
    assert shape("para\n<custom-tag>\n") == [("paragraph", 0, 2, "")]
    assert shape("<custom-tag>\ntext\n") == [("html", 0, 2, "")]
    assert shape("<script>\n\nalert(1)\n</script>\nafter\n") == [
        ("html", 0, 4, ""),
        ("paragraph", 4, 5, ""),
    ]


def test_tables() -> None:
    text = "Intro line\n| a | b |\n|---|:-:|\n| 1 | 2 |\nno pipes\n\nafter\n"
    assert shape(text) == [("paragraph", 0, 1, ""), ("table", 1, 5, ""), ("paragraph", 6, 7, "")]
    assert only(text, TABLE).content[0] == "| a | b |"
    # The delimiter row must have as many cells as the header row.
    assert shape("| a | b |\n|---|\n") == [("paragraph", 0, 2, "")]
    assert shape("a | b\n--|--\n") == [("table", 0, 2, "")]
    # A table ends at another block.
    assert shape("|a|\n|-|\n|1|\n# h\n") == [("table", 0, 3, ""), ("heading", 3, 4, "")]


def test_front_matter_only_when_asked() -> None:
    lines = split_lines("---\ntitle: x\n---\n# Title\n")
    assert [(b.kind.value, b.start, b.end) for b in scan_blocks(lines, front_matter=True)] == [
        ("front_matter", 0, 3),
        ("heading", 3, 4),
    ]
    assert [b.kind for b in scan_blocks(lines)][:1] == [HR]


# --- lines ----------------------------------------------------------------------------------


def test_line_endings_crlf_and_cr() -> None:
    assert split_lines("a\r\nb\rc\nd\r\n") == ["a", "b", "c", "d"]
    assert split_lines("a\n\n") == ["a", ""]
    assert split_lines("") == []
    block = only("```\r\ncode\r\n```\r\nafter\r\n", FENCED)
    assert (block.end, block.content, block.closed) == (3, ("code",), True)


def test_block_at_and_opens_fence() -> None:
    blocks = scan("para\n\n```\ncode\n```\n")
    assert block_at(blocks, 0) is blocks[0]
    assert block_at(blocks, 1) is None
    assert block_at(blocks, 3) is blocks[1]
    assert opens_fence("   ```py")
    assert opens_fence("~~~ a`b")
    assert not opens_fence("    ```")
    assert not opens_fence("```a`")


# --- code spans -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("a `b` c", ["`b`"]),
        ("``a ` b``", ["``a ` b``"]),
        ("`a\nb`", ["`a\nb`"]),
        ("`unclosed", []),
        ("\\`not` `code`", ["` `"]),  # an escaped backtick is literal
        ("`code\\`", ["`code\\`"]),  # inside a span a backslash is a character
        ("``` `` `", []),
    ],
)
def test_code_spans(text: str, spans: list[str]) -> None:
    assert [text[start:end] for start, end in code_spans(text).items()] == spans


# --- linear time ----------------------------------------------------------------------------

# Generous: each input takes well under 0.1 s; a quadratic pass would take minutes.
SECONDS = 2.0


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a" * 100_000, id="100k-character line"),
        pytest.param("> " * 50_000 + "x", id="100k-character line of quote markers"),
        pytest.param("<a" + " b" * 50_000, id="100k-character unclosed tag"),
        pytest.param("`" * 100_000 + "\n" + "x`" * 50_000, id="backtick runs"),
        pytest.param(" " * 5_000 + "x", id="5k spaces"),
        pytest.param((" " * 5_000 + "x\n") * 1_000, id="5k spaces on 1k lines"),
        pytest.param("- a\n" + (" " * 5_000 + "x\n") * 1_000, id="5k spaces in a list item"),
        pytest.param("|a|b|\n" + "|-" * 50_000, id="100k-character delimiter row"),
        pytest.param(
            "".join("  " * i + "- x\n" for i in range(MAX_DEPTH)) + "\n" * 100_000,
            id="blank lines in deep lists",
        ),
        pytest.param("```\n" + "`" * 100_000 + "\n" * 100_000, id="unclosed fence"),
    ],
)
def test_hostile_input_is_scanned_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    scan(text)
    code_spans(text)
    assert time.perf_counter() - started < SECONDS


# --- against markdown-it-py -----------------------------------------------------------------

_REFERENCE = MarkdownIt("commonmark").enable("table")
_KINDS = {
    "fence": FENCED,
    "code_block": INDENTED,
    "hr": HR,
    "paragraph_open": PARAGRAPH,
    "heading_open": HEADING,
    "table_open": TABLE,
}


def reference(text: str) -> list[tuple[str, int, int, str]]:
    """The same shape from markdown-it-py's tokens."""
    out = []
    containers = ""
    for token in _REFERENCE.parse(text):
        if token.type in ("blockquote_open", "list_item_open"):
            containers += ">" if token.type == "blockquote_open" else "*"
        elif token.type in ("blockquote_close", "list_item_close"):
            containers = containers[:-1]
        elif token.type == "html_block":
            kind = COMMENT if token.content.lstrip(" \t").startswith("<!--") else HTML
            out.append((kind.value, token.map[0], token.map[1], containers))
        elif token.type in _KINDS:
            out.append((_KINDS[token.type].value, token.map[0], token.map[1], containers))
    return out


TRICKY = [
    "> ```bash\n> rm -rf /\n> ```\n",
    "- item\n\n    ```ps1\n    $x\n    ```\n\n- next\n",
    "1. a\n   > ```\n   > b\n   > ```\n",
    "````\n```\n````\n",
    "~~~\n```\n~~~\n",
    "```\nunclosed\n\n",
    "para\n    not code\n\n    code\n",
    "Title\n=====\n\n---\n\nSub\n---\n- a\n---\n",
    "<!--\n```\n# x\n-->\n# y\n",
    "<div>\n```\n</div>\n\ntext\n",
    "| a | b |\n| - | - |\n| 1 | 2 |\n\n| x |\n| - | - |\n",
    "* * *\n- - -\n_ _ _\n",
    "- a\n  - b\n    - c\n\n      code?\n",
    "> a\n>\n> b\nlazy\n\n> ```\n> x\n",
    "#5\n# a #\n## b#\n",
    "text\r\n```\r\ncode\r\n```\r\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_agrees_with_markdown_it_on_tricky_cases(text: str) -> None:
    assert shape(text) == reference(text)


# markdown-it-py departs from the spec in a few corners, which the generator leaves out (the
# scanner follows the spec there, as cmark and commonmark.js do): a ">" indented four or more
# columns continuing a quote, an indented line as lazy continuation, tabs after markers, and
# a GFM table whose delimiter row is a lazy line.
_PREFIXES = ["", "", "", "> ", ">", "- ", "* ", "1. ", "2) ", "  ", "   ", "-    ", "- > ", "> - "]
_LINES = [
    *("text", "more text", "```", "```py", "~~~", "````", "``` x`y", "<!--", "-->"),
    *("<!-- c -->", "<div>", "</div>", "# h", "## h ##", "#nope", "===", "---", "- - -"),
    *("***", "", "", "", "<?php", "?>", "1. x", "3. y", "-", "    code"),
]


def test_agrees_with_markdown_it_on_generated_documents() -> None:
    rng = random.Random(1)
    for _ in range(1_500):
        lines = []
        for _ in range(rng.randint(1, 10)):
            prefix = "".join(rng.choice(_PREFIXES) for _ in range(rng.choice((0, 1, 1, 2))))
            lines.append(prefix + rng.choice(_LINES))
        text = "\n".join(lines) + "\n"
        assert shape(text) == reference(text), text
