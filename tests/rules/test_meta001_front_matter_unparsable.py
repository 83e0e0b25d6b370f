"""META001 front-matter-unparsable: a page that cannot be read fails closed."""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import check, line_of

UNCLOSED = """
---
title: Router advisory
threatpub:
  kind: general

The closing fence was forgotten.
"""

# Line 5: a second ': ' on the line is not valid YAML.
SYNTAX = """
---
title: Router advisory
threatpub:
  kind: general
  published: 2026-11-20: morning
---

Text.
"""

# Line 4 is dedented by one space: the block mapping breaks there.
BAD_INDENT = """
---
threatpub:
  kind: general
 published: 2026-11-20
---
"""

SEQUENCE = """
---
- kind
- general
---

Text.
"""

SCALAR = """
---
just a sentence between fences
---

Text.
"""

# No threatpub block: META001 applies to every page, not only threat pages.
PLAIN_BROKEN = """
---
title: [unclosed
---

Text.
"""


def test_unreadable_front_matter_fails(tmp_path: Path) -> None:
    """Unclosed block, YAML errors and non-mappings fail, with the offending line."""
    run = check(
        tmp_path,
        {
            "unclosed.md": UNCLOSED,
            "syntax.md": SYNTAX,
            "indent.md": BAD_INDENT,
            "sequence.md": SEQUENCE,
            "scalar.md": SCALAR,
            "plain.md": PLAIN_BROKEN,
        },
    )
    expected_lines = {
        "unclosed.md": 1,
        "syntax.md": line_of(SYNTAX, "2026-11-20: morning"),
        "indent.md": line_of(BAD_INDENT, " published"),
        "sequence.md": 2,
        "scalar.md": 2,
    }
    for path, line in expected_lines.items():
        page = run.page(path)
        assert page.verdict == "fail", path
        finding = page.one("META001")
        assert finding["line"] == line, (path, finding)
        assert finding["action"] == "fail"
        assert finding["expected"], path
        assert finding["found"], path
    assert "never closed" in run.page("unclosed.md").one("META001")["message"]
    assert "mapping" in run.page("sequence.md").one("META001")["message"]
    plain = run.page("plain.md")
    assert plain.verdict == "fail"
    assert plain.codes == ["META001"]


def test_invalid_utf8_fails_at_the_bad_byte_line(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 fail; the line is where the bad byte sits."""
    head = b"---\ntitle: Advisory\nthreatpub:\n  kind: general\n---\n\n"
    run = check(
        tmp_path,
        {
            "latin1.md": head + b"Caf\xe9 ownership of the gateway\n",
            "latin1-in-yaml.md": b"---\ntitle: Caf\xe9\nthreatpub:\n  kind: general\n---\n",
            "ok.md": head + "Café ownership\n".encode(),
        },
    )
    bad = run.page("latin1.md")
    assert bad.verdict == "fail"
    assert bad.one("META001")["line"] == 7
    assert "UTF-8" in bad.one("META001")["message"]
    assert run.page("latin1-in-yaml.md").one("META001")["line"] == 2
    assert run.page("ok.md").verdict == "publish"


def test_alias_bomb_ends_quickly(tmp_path: Path) -> None:
    """A billion-laughs block (9^9 strings) and a self-containing alias are refused."""
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    lines += ["threatpub:", "  kind: general", "---", "", "Text."]
    run = check(
        tmp_path,
        {
            "bomb.md": "\n".join(lines) + "\n",
            # A recursive alias: a structure that contains itself, nested without end.
            "recursive.md": "---\nthreatpub: &a\n  kind: general\n  target: [*a, *a]\n---\n",
        },
    )
    for path in ("bomb.md", "recursive.md"):
        page = run.page(path)
        assert page.verdict == "fail", path
        assert page.codes == ["META001"], path
    assert run.seconds < 8, f"alias bombs took {run.seconds:.1f} s"


def test_near_misses_are_not_unparsable(tmp_path: Path) -> None:
    """Well-formed variants: no front matter, `...` fence, BOM, anchors, a `----` rule."""
    run = check(
        tmp_path,
        {
            "no-front-matter.md": "# Title\n\nText with a --- dash line below.\n\n---\n\nMore.\n",
            "dots.md": "---\nthreatpub:\n  kind: general\n...\n\nText.\n",
            "empty.md": "---\n---\n\nText.\n",
            "four-dashes.md": "----\n\nA thematic break, not front matter.\n",
            "bom.md": "\ufeff---\nthreatpub:\n  kind: general\n---\n\nText.\n".encode(),
            # A byte-order mark before the fence does not hide a block from judgement.
            "bom-bad.md": "\ufeff---\nthreatpub:\n  kind: nonsense\n---\n\nText.\n".encode(),
            "anchors.md": (
                "---\n"
                "x-target: &t\n  operator: Example Power Co.\n"
                "threatpub:\n  kind: vulnerability\n  target: *t\n"
                "  repair:\n    status: fixed\n"
                "---\n\nText.\n"
            ),
        },
    )
    pages = run.pages
    bom_bad = pages.pop("bom-bad.md")
    assert (bom_bad.verdict, bom_bad.codes) == ("fail", ["META003"])
    assert bom_bad.one("META003")["line"] == 3
    assert len(pages) == 6
    for path, page in pages.items():
        assert page.verdict == "publish", (path, page.findings)


def test_an_unclosed_bracket_or_quote_is_reported_where_it_opened(tmp_path: Path) -> None:
    """YAML notices an unclosed bracket or quote only lines later; the finding points at the
    line where it opened and says where it was noticed."""
    bracket = "---\ntitle: Advisory\ntags: [one, two,\n  three\nthreatpub:\n  kind: general\n---\n"
    quote = '---\ntitle: "Advisory\nthreatpub:\n  kind: general\n---\n'
    run = check(tmp_path, {"bracket.md": bracket, "quote.md": quote})
    for path, opened in (("bracket.md", line_of(bracket, "tags:")), ("quote.md", 2)):
        finding = run.page(path).one("META001")
        assert finding["line"] == opened, (path, finding)
        assert f"on line {opened}:" in finding["message"], finding["message"]
        assert "(noticed on line " in finding["message"], finding["message"]
