"""``read_body`` (LEAK001's text of a page judged in another process) gives exactly the body
``read_page`` gives, or defers to it; never a different text."""

from __future__ import annotations

import pytest

from mkdocs_threatpub.core.page import read_body, read_page
from tests.conftest import REPO

_PAGES = sorted((REPO / "example-site").rglob("*.md")) + sorted(
    (REPO / "tests" / "fixtures").rglob("*.md")
)

_MADE = [
    b"# No front matter\n\ntext\n",
    b"---\ntitle: x\n---\n# Body\n",
    b"---\r\ntitle: x\r\n...\r\n# CRLF body, YAML end marker\r\n",
    b"\xef\xbb\xbf---\ntitle: bom\n---\nbody\n",
    b"---\ntitle: never closed\n# body\n",
    b"---\nbad: [yaml\n---\nbody after unreadable front matter\n",
    b"--- \ntitle: trailing space on the fence\n---   \nbody\n",
    b"----\nnot a fence\n",
    b"---\ntitle: nul\n---\nbody\x00with a NUL\n",
    b"\xff\xfe#\x00 \x00U\x00T\x00F\x00-\x001\x006\x00",
    b"bad \xff byte",
    b"",
]


@pytest.mark.parametrize("raw", [p.read_bytes() for p in _PAGES] + _MADE)
def test_the_body_is_read_pages_body_or_nothing(raw: bytes) -> None:
    body = read_body(raw)
    page = read_page("p.md", raw)
    if body is None:
        return
    unreadable_front_matter = any(issue.code == "META001" for issue in page.issues)
    if not unreadable_front_matter:
        assert body == page.body


def test_pages_with_front_matter_are_split_without_parsing_it() -> None:
    # A body is given for the usual page, so the fallback (a full read) stays rare.
    assert read_body(b"---\ntitle: x\n---\n# Body\n") == "# Body\n"
    assert read_body(b"---\ntitle: never closed\n") is None
    assert len(_PAGES) > 20
