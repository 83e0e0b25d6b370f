"""``first_title`` (the page title without scanning the whole page) finds exactly the block
the full block scan finds: on real pages and on generated Markdown."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mkdocs_threatpub.core.blocks import BlockKind, first_title, scan_blocks, split_lines
from tests.conftest import REPO, shared_path


def _full(text: str) -> object:
    blocks = scan_blocks(split_lines(text))
    return next(
        (b for b in blocks if b.kind is BlockKind.HEADING and b.level == 1 and b.top_level),
        None,
    )


def test_real_pages() -> None:
    pages = [
        *sorted(shared_path("corpus-scale").rglob("*.md")),
        *(REPO / "example-site").rglob("*.md"),
    ]
    assert len(pages) > 1000
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        assert first_title(split_lines(text)) == _full(text), page


_LINES = st.sampled_from(
    [
        "# Title", "## Section", "Title", "=====", "-----", "---", "```", "~~~", "    code",
        "> # quoted", "> text", "- # in a list", "- item", "  continued", "", "text",
        "<div>", "</div>", "<!--", "-->", "1. # numbered", "#not a heading", "# ", "\t# tab",
        "   # indented three", "!!! note", "    # in an admonition",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINES, max_size=30))
def test_generated_markdown(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    assert first_title(split_lines(text)) == _full(text)
