"""CAC110 state-secret (Art. 11): a non-public classification or a secrecy marking fails."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from mkdocs_threatpub.core.context import Context, Settings
from mkdocs_threatpub.core.page import read_page
from mkdocs_threatpub.rules.cac110_state_secret import RULE
from tests.conftest import threatpub
from tests.rules.helpers import NOW, check, line_of, page_text


def page(body: str = "Plain advisory text.\n", *, extra: str = "") -> str:
    """A threat-information page; ``extra`` is YAML under `threatpub:` (two-space indent)."""
    return f"---\nthreatpub:\n  kind: general\n{extra}---\n\n{page_text(body)}"


def classified(value: str) -> str:
    return page(extra=f"  classification: {value}\n")


# A word next to each marking that must never reach the report.
CODE_BLOCK = page(
    """
    Recovered file header:

    ```text
    机密★1年 PAYROLL-ZEBRA
    ```
    """
)

MANY = page(
    """
    ★绝密 first
    机密　☆ (ideographic space, outline star)
    機密★ traditional
    Again 机密★ and 机密★.
    """
)

BANNER = page("Header: TOP SECRET//NOFORN ORCHID-LEDGER\n\nAlso (SECRET//REL TO USA) text.\n")

NEAR_MISSES = page(
    """
    国家秘密分为绝密、机密、秘密三级；这是**秘密**花园。
    See https://x.example/secret//y and the path /api/secret//token.
    A Secret// b, SECRET//2, x = TOTAL_SECRET//BLOCK, CLIENT_SECRET//X, TOPSECRET//SI.
    https://EXAMPLE.ORG/SECRET//X and X-SECRET//Y.
    机密 ... ★ too far apart; 秘密*; ＊秘密.
    """
)

NO_BLOCK = "# Notes\n\nA scanned page: 秘密★ stamp.\n"


def test_classification_and_markings(tmp_path: Path) -> None:
    run = check(
        tmp_path,
        {
            "public.md": classified('"Public "'),
            "public-lower.md": classified("public"),
            "no-classification.md": page(),
            "internal.md": classified("internal"),
            "secret.md": classified("SECRET"),
            "empty.md": classified('""'),
            "code-block.md": CODE_BLOCK,
            "many.md": MANY,
            "banner.md": BANNER,
            "near-misses.md": NEAR_MISSES,
            "no-block.md": NO_BLOCK,
            "us.md": page(
                "机密★ TOP SECRET//NOFORN\n",
                extra="  jurisdiction: [US]\n  classification: internal\n",
            ),
            "allowed.md": page(
                "秘密★\n",
                extra='  allow:\n    - rule: CAC110\n      reason: "reviewed"\n',
            ),
        },
        args=["--fail-on", "fail"],
    )
    assert run.returncode == 1
    for path in ("public.md", "public-lower.md", "no-classification.md", "near-misses.md"):
        assert "CAC110" not in run.page(path).codes, (path, run.page(path).findings)
        assert run.page(path).verdict == "publish", path
    # Outside CN the cac-2019 profile does not judge the page at all.
    assert "CAC110" not in run.page("us.md").codes

    for path, shown in (
        ("internal.md", "'internal'"),
        ("secret.md", "'SECRET'"),
        ("empty.md", "empty"),
    ):
        result = run.page(path)
        assert result.verdict == "fail", path
        finding = result.one("CAC110")
        assert finding["line"] == line_of(classified("x"), "classification:")
        assert finding["key"] == "threatpub.classification"
        assert (finding["action"], finding["severity"]) == ("fail", "error")
        assert finding["source"] == "CAC Measures Art. 11"
        assert shown in finding["found"]
        assert "fails the build" in finding["message"]

    code = run.page("code-block.md")
    assert code.verdict == "fail"
    finding = code.one("CAC110")
    line = line_of(CODE_BLOCK, "PAYROLL-ZEBRA")
    assert finding["line"] == line
    assert f"secrecy marking 机密★ on line {line}" in finding["message"]
    # The marking is named; the marked text around it is never quoted.
    for text in (finding["message"], finding["found"], finding["fix"], finding["expected"]):
        assert "PAYROLL" not in text
        assert "1年" not in text

    many = {f["message"].split(" on line")[0]: f for f in run.page("many.md").all("CAC110")}
    assert sorted(many) == ["secrecy marking 机密★", "secrecy marking 绝密★"]
    assert many["secrecy marking 绝密★"]["line"] == line_of(MANY, "★绝密")
    # The outline star after an ideographic space, the traditional 機密★ and two more.
    repeated = many["secrecy marking 机密★"]
    assert repeated["line"] == line_of(MANY, "机密　☆")
    assert "(4 times on the page)" in repeated["message"]

    banner = run.page("banner.md")
    markings = {f["message"].split(" on line")[0]: f for f in banner.all("CAC110")}
    assert sorted(markings) == ["secrecy marking SECRET//", "secrecy marking TOP SECRET//"]
    assert markings["secrecy marking TOP SECRET//"]["line"] == line_of(BANNER, "TOP SECRET")
    assert markings["secrecy marking SECRET//"]["line"] == line_of(BANNER, "(SECRET//")
    for finding in banner.findings:
        assert "NOFORN" not in finding["message"] + finding["found"]
        assert "ORCHID" not in finding["message"] + finding["found"]

    # scan_all_pages is on by default: a page without a `threatpub:` block is scanned.
    no_block = run.page("no-block.md")
    assert no_block.verdict == "fail"
    assert no_block.one("CAC110")["line"] == line_of(NO_BLOCK, "秘密★")

    # Not an Article 4 content rule: an `allow` cannot accept it (META003), it still fails.
    allowed = run.page("allowed.md")
    assert allowed.verdict == "fail"
    assert sorted(allowed.codes) == ["CAC110", "META003"]


@pytest.mark.parametrize(
    ("scan_all_pages", "fires"),
    [(None, True), (False, False)],
    ids=["default-on", "off"],
)
def test_pages_without_a_block_follow_scan_all_pages(
    tmp_path: Path, scan_all_pages: bool | None, fires: bool
) -> None:
    options = {} if scan_all_pages is None else {"scan_all_pages": scan_all_pages}
    run = check(
        tmp_path,
        {"no-block.md": NO_BLOCK, "with-block.md": page("秘密★\n")},
        options=options,
    )
    no_block = run.page("no-block.md")
    assert ("CAC110" in no_block.codes) is fires
    assert no_block.verdict == ("fail" if fires else "publish")
    # A threat-information page is always scanned.
    assert run.page("with-block.md").codes == ["CAC110"]


@pytest.mark.parametrize("action", ["warn", "off"])
def test_locked_rule_cannot_be_weakened(tmp_path: Path, action: str) -> None:
    """Setting CAC110 below `fail` in mkdocs.yml is a configuration error (exit 2)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").write_text(page("机密★\n"), encoding="utf-8")
    config = {"site_name": "x", "plugins": [{"threatpub": {"rules": {"CAC110": action}}}]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = threatpub("check", "-f", "mkdocs.yml", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "CAC110" in result.stderr
    assert "cannot be weakened" in result.stderr


LONG = "SECRET/" * 14_286  # 100k characters of near misses
SPACES = " " * 5_000


def test_long_line_and_many_spaces_are_linear(tmp_path: Path) -> None:
    """A 100,000-character line and 5,000 spaces: found where due, well under a second."""
    pathological = {
        "long-banner.md": page(LONG + " SECRET//NOFORN\n"),  # after "/" it would not count
        "long-stars.md": page("★" * 100_000 + "\n"),
        "long-levels.md": page("机密" * 50_000 + "★\n"),
        "spaces.md": page(f"机密{SPACES}★\n\nTOP{SPACES}SECRET//X\n\n{SPACES}绝密★\n"),
        "letters.md": page("a" * 100_000 + "\n"),
    }
    run = check(tmp_path, pathological, args=["--fail-on", "fail"])
    assert run.seconds < 10, f"threatpub check took {run.seconds:.1f} s"
    assert [f["found"] for f in run.page("long-banner.md").all("CAC110")] == [
        "secrecy marking SECRET// on line 6"
    ]
    assert run.page("long-stars.md").codes == []
    assert run.page("long-levels.md").codes == ["CAC110"]
    # Too many spaces between level and star: no marking; between TOP and SECRET: only
    # the bare banner SECRET//X counts.
    found = sorted(f["message"].split(" on line")[0] for f in run.page("spaces.md").findings)
    assert found == ["secrecy marking SECRET//", "secrecy marking 绝密★"]
    assert run.page("letters.md").codes == []
    context = Context.create(Settings(), NOW)
    for path, text in pathological.items():
        parsed = read_page(path, text.encode())
        started = time.perf_counter()
        assert RULE.check is not None
        list(RULE.check(parsed, context))
        elapsed = time.perf_counter() - started
        assert elapsed < 0.5, f"{path}: CAC110 took {elapsed:.2f} s"
