"""CAC300 speculative-wording (Art. 3): hype in the title or body warns; plain words do not."""

from __future__ import annotations

import re
import time
from pathlib import Path

from mkdocs_threatpub.core.context import Context, Settings
from mkdocs_threatpub.core.page import read_page
from mkdocs_threatpub.rules.cac300_speculative_wording import RULE
from tests.conftest import threatpub
from tests.rules.helpers import NOW, check, line_of, page_text


def page(body: str, *, title: str = "", extra: str = "") -> str:
    """A threat-information page (it has a `threatpub:` block) with ``body`` after it."""
    title_line = f"title: {title}\n" if title else ""
    return f"---\n{title_line}threatpub:\n  kind: vulnerability\n{extra}---\n\n{page_text(body)}"


ZH = page(
    """
    # 某网关认证绕过漏洞

    这是今年最严重的一次数据泄露。
    后续分析中，最严重的一次仍是这一起。
    """,
    title="史上最危险的核弹级漏洞",
)

EN = page(
    """
    # The most dangerous bug ever

    Researchers called the flaw apocalyptic: a **nuclear-grade** hole, a
    Cyber-Armageddon. Apocalyptic headlines aside, it is the worst
    ransomware campaign we have ever seen, and the largest botnet in history.
    """,
    title="Heap overflow in the Example gateway",
)

# Dramatic-sounding technical words and superlatives without "ever": no warning.
QUIET = page(
    """
    # Catastrophic backtracking in the URI parser (critical severity, CVSS 10.0)

    A crafted URI causes catastrophic backtracking. In the worst case, and in a
    worst-case configuration, the process hangs. The most dangerous setting is running the
    parser as root. The biggest problem is whether the user ever clicks the link.
    PrintNightmare and Meltdown are unrelated. However, the fix is simple: upgrade to 2.4.1.

    该漏洞可导致灾难性回溯，触发致命错误；CVSS 评分为严重。
    """
)

# Hype only where it is not the author's tone: code, comments, link targets.
QUOTED = page(
    """
    The attacker's log says:

    ```text
    [*] deploying the most dangerous payload ever -- doomsday mode
    ```

    ~~~
    史上最强 核弹级 apocalypse
    ~~~

    1. Run:

        ```bash
        echo "cyber pearl harbor"
        ```

    > ```
    > armageddon
    > ```

    The banner reads `APOCALYPSE NOW` and `` `doomsday` `` in inline code.
    <!-- reviewer note: do not call this the worst bug ever -->
    See the [press coverage](https://news.example/worst-bug-ever-apocalypse).
    """
)

# No `threatpub:` block and no `include`: not a threat-information page.
PLAIN = "# Site news\n\nOur most dangerous bug ever? A doomsday typo.\n"


def test_hype_warns_and_quiet_words_do_not(tmp_path: Path) -> None:
    run = check(
        tmp_path,
        {
            "zh.md": ZH,
            "en.md": EN,
            "quiet.md": QUIET,
            "quoted.md": QUOTED,
            "us.md": page("The most dangerous bug ever.\n", extra="  jurisdiction: [US]\n"),
            "plain.md": PLAIN,
        },
    )
    # Chinese: the title line, one finding per distinct phrase, first line and count.
    zh = run.page("zh.md")
    assert zh.verdict == "publish"
    by_phrase = {f["found"].split("'")[1]: f for f in zh.findings}
    assert sorted(by_phrase) == ["史上最", "最严重", "核弹级"]
    assert by_phrase["史上最"]["line"] == line_of(ZH, "title:")
    assert by_phrase["核弹级"]["line"] == line_of(ZH, "title:")
    serious = by_phrase["最严重"]
    assert serious["line"] == line_of(ZH, "最严重的一次")
    assert "2 times" in serious["message"]
    assert serious["message"].startswith("superlative hype: '最严重'")
    assert by_phrase["核弹级"]["message"].startswith("weapon or war metaphor: '核弹级'")
    for finding in zh.findings:
        assert (finding["code"], finding["action"], finding["severity"]) == (
            "CAC300",
            "warn",
            "warning",
        )
        assert finding["source"] == "CAC Measures Art. 3"

    en = run.page("en.md")
    assert en.verdict == "publish"
    found = {f["found"].split("'")[1]: f for f in en.all("CAC300")}
    assert sorted(found) == [
        "apocalyptic",
        "cyber armageddon",
        "largest in history",
        "most dangerous ever",
        "nuclear grade",
        "worst ever",
    ]
    assert found["most dangerous ever"]["line"] == line_of(EN, "# The most dangerous")
    assert found["apocalyptic"]["line"] == line_of(EN, "called the flaw apocalyptic")
    assert "2 times" in found["apocalyptic"]["message"]
    assert "once" in found["nuclear grade"]["message"]
    # "the worst\nransomware campaign we have ever seen" spans a soft line break.
    assert found["worst ever"]["line"] == line_of(EN, "it is the worst")
    assert found["cyber armageddon"]["message"].startswith("apocalyptic hype:")

    for path in ("quiet.md", "quoted.md", "us.md", "plain.md"):
        assert "CAC300" not in run.page(path).codes, run.page(path).findings
        assert run.page(path).verdict == "publish", path


def test_text_summary_lists_the_warning(tmp_path: Path) -> None:
    """Text format: the warning is printed in full and the summary lists the page."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "en.md").write_text(EN, encoding="utf-8")
    (pages / "quiet.md").write_text(QUIET, encoding="utf-8")
    result = threatpub("check", ".", "--format", "text", "--fail-on", "warn", cwd=pages)
    assert result.returncode == 1, result.stderr  # --fail-on warn: a warning fails CI
    out = result.stdout
    assert "en.md:" in out
    assert "CAC300 speculative-wording [warn]" in out
    assert "superlative hype: 'most dangerous ever'" in out
    summary = out[out.index("pages judged") :]
    assert re.search(r"^\s+warn\s+en\.md \[[^\]]*CAC300", summary, re.MULTILINE), summary
    assert "quiet.md" not in summary


def test_rule_can_be_switched_off(tmp_path: Path) -> None:
    run = check(tmp_path, {"en.md": EN}, options={"rules": {"CAC300": "off"}})
    assert "CAC300" not in run.page("en.md").codes


LONG_LINE = "most dangerous " * 6_666 + "bug ever"  # 100k characters, one match at the end
SPACES = " " * 5_000


def test_long_line_and_many_spaces_are_linear(tmp_path: Path) -> None:
    """A 100,000-character line and 5,000 spaces: found where due, well under a second."""
    pathological = {
        "long-line.md": page(LONG_LINE + "\n"),
        "letters.md": page("a" * 100_000 + " doomsday\n"),
        "worst.md": page("worst " * 16_667 + "\n"),
        "spaces.md": page(f"most dangerous{SPACES}bug ever\n\nx{SPACES}doomsday\n"),
        "backticks.md": page("` `` ``` " * 11_112 + "\n"),
        "comments.md": page("<!-- " * 20_000 + "\n"),
        "fences.md": page("```\n" * 5_000),
        "dashes.md": page("nuclear" + "-" * 100_000 + "grade\n"),
    }
    run = check(tmp_path, pathological)
    assert run.seconds < 10, f"threatpub check took {run.seconds:.1f} s"
    # Only the last few superlatives have "ever" within six words.
    (long_line,) = run.page("long-line.md").all("CAC300")
    assert long_line["found"].startswith("'most dangerous ever'")
    assert long_line["line"] == line_of(pathological["long-line.md"], "bug ever")
    assert run.page("letters.md").codes == ["CAC300"]
    assert run.page("worst.md").codes == []
    # Runs of spaces collapse: the superlative and its "ever" are two words apart.
    assert sorted(f["found"].split("'")[1] for f in run.page("spaces.md").findings) == [
        "doomsday",
        "most dangerous ever",
    ]
    # A separator run joins "nuclear" and "grade" like a hyphen does.
    assert run.page("dashes.md").codes == ["CAC300"]
    for path in ("backticks.md", "comments.md", "fences.md"):
        assert run.page(path).codes == [], path
    # The rule alone, in process (the CLI time above includes start-up and other rules).
    context = Context.create(Settings(), NOW)
    for path, text in pathological.items():
        parsed = read_page(path, text.encode())
        started = time.perf_counter()
        assert RULE.check is not None
        list(RULE.check(parsed, context))
        elapsed = time.perf_counter() - started
        assert elapsed < 0.5, f"{path}: CAC300 took {elapsed:.2f} s"
