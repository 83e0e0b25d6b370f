"""`threatpub next-release`: the earliest moment at which a held page becomes publishable.

The expectation is derived from what the test writes (the hand-made site) or from the JSON
report of `threatpub check` on the same site (the example site), never hard-coded: a page
counts when every finding that keeps it out carries a `release_after`, at the start of the
latest of those days in the site's timezone; the earliest over pages is printed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from tests.conftest import EXAMPLE_SITE, Site, epoch, make_site, threatpub, threatpub_process


def scheduled(title: str, published: str, extra: str = "") -> str:
    return (
        f"---\ntitle: {title}\nthreatpub:\n  kind: general\n  published: {published}\n"
        f"{extra}---\n\n# {title}\n"
    )


# Scheduled for 2026-11-30, but it names a target without any of Article 8's paperwork: its
# CAC801 hold has no date, so the page never becomes publishable by itself.
WAITING = """\
---
title: Scheduled, but waiting on the operator
threatpub:
  kind: vulnerability
  published: 2026-11-30
  target:
    operator: Example Power Co.
    system: SCADA gateway
---

# Scheduled, but waiting on the operator
"""

GENERAL = "---\nthreatpub:\n  kind: general\n---\n\n# News\n"


def two_scheduled(root: Path, timezone: str = "Asia/Shanghai") -> Site:
    return make_site(
        root,
        {
            "index.md": GENERAL,
            "later.md": scheduled("Later", "2026-12-05"),
            "earlier.md": scheduled("Earlier", "2026-12-03"),
            "waiting.md": WAITING,
        },
        {"timezone": timezone},
    )


def next_release(site: Site, *args: str, now_epoch: int | None = None) -> str:
    kwargs: dict[str, Any] = {} if now_epoch is None else {"now_epoch": now_epoch}
    result = threatpub("next-release", "-f", "mkdocs.yml", *args, cwd=site.root, **kwargs)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_earlier_of_two_scheduled_pages_and_not_a_page_waiting_on_a_record(
    tmp_path: Path,
) -> None:
    site = two_scheduled(tmp_path / "s")
    # Judged as of 2026-11-23 10:00 +08:00 (the fixtures' now): waiting.md's date is earlier
    # than both, but its CAC801 hold has none.
    assert next_release(site) == "2026-12-03T00:00:00+08:00"
    report = json.loads(threatpub("check", "--format", "json", cwd=site.root).stdout)
    pages = {p["path"]: p for p in report["pages"]}
    assert pages["waiting.md"]["verdict"] == "hold"
    assert pages["waiting.md"]["release_after"] == "2026-11-30"  # dated holds lift then …
    assert any("release_after" not in f for f in pages["waiting.md"]["findings"])  # … not all


def test_once_the_first_is_out_the_second(tmp_path: Path) -> None:
    site = two_scheduled(tmp_path / "s")
    assert next_release(site, "--now", "2026-12-03T00:00+08:00") == "2026-12-05T00:00:00+08:00"
    assert next_release(site, "--now", "2026-12-02T23:59:59+08:00") == "2026-12-03T00:00:00+08:00"


def test_nothing_and_exit_0_when_no_held_page_has_a_date(tmp_path: Path) -> None:
    site = two_scheduled(tmp_path / "s")
    assert next_release(site, "--now", "2026-12-06") == ""
    only_waiting = make_site(tmp_path / "w", {"index.md": GENERAL, "waiting.md": WAITING})
    assert next_release(only_waiting) == ""


def test_the_day_boundary_is_the_sites_timezone(tmp_path: Path) -> None:
    utc = two_scheduled(tmp_path / "utc", timezone="UTC")
    assert next_release(utc) == "2026-12-03T00:00:00+00:00"
    west = two_scheduled(tmp_path / "west", timezone="America/Los_Angeles")
    assert next_release(west) == "2026-12-03T00:00:00-08:00"


def test_a_time_of_day_schedule_prints_its_day_until_the_time_has_passed(tmp_path: Path) -> None:
    site = make_site(
        tmp_path / "s",
        {"index.md": GENERAL, "morning.md": scheduled("Morning", "2026-12-03T09:00+08:00")},
    )
    assert next_release(site) == "2026-12-03T00:00:00+08:00"
    # Already that day, before the time: still held, its day (already begun) is printed.
    morning = epoch("2026-12-03T08:00:00+08:00")
    assert next_release(site, now_epoch=morning) == "2026-12-03T00:00:00+08:00"
    assert next_release(site, now_epoch=epoch("2026-12-03T09:00:00+08:00")) == ""


def test_a_removed_page_never_counts(tmp_path: Path) -> None:
    site = two_scheduled(tmp_path / "s")
    takedowns = [
        {
            "page": "earlier.md",
            "received": "2026-11-21T14:00+08:00",
            "source": "self",
            "reason": "withdrawn",
        }
    ]
    (site.root / "takedowns.yml").write_text(yaml.safe_dump(takedowns), encoding="utf-8")
    config = yaml.safe_load(site.config_file.read_text(encoding="utf-8"))
    config["plugins"][-1]["threatpub"]["takedowns"] = "takedowns.yml"
    site.config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    assert next_release(site) == "2026-12-05T00:00:00+08:00"


def expected_from_report(report: dict[str, Any], timezone: str) -> str:
    """What next-release must print, read from the JSON report of `check`."""
    days = []
    for page in report["pages"]:
        if page["verdict"] not in ("hold", "fail"):
            continue
        holds = [f for f in page["findings"] if f["action"] in ("hold", "fail")]
        if holds and all(f.get("release_after") for f in holds):
            days.append(max(dt.date.fromisoformat(f["release_after"]) for f in holds))
    if not days:
        return ""
    start = dt.datetime.combine(min(days), dt.time(0), tzinfo=ZoneInfo(timezone))
    return start.isoformat()


def test_example_site_prints_the_day_its_own_front_matter_gives(example_site: Site) -> None:
    result = threatpub("check", "-f", "mkdocs.yml", "--format", "json", cwd=example_site.root)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    config = yaml.safe_load((EXAMPLE_SITE / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p["threatpub"] for p in config["plugins"] if isinstance(p, dict))
    expected = expected_from_report(report, options["timezone"])
    assert expected  # the example site has scheduled pages, clocks and a blackout
    assert next_release(example_site) == expected
    # A week later the next one is read from that day's report, again.
    later = ["--now", "2026-12-03T12:00+08:00"]
    result = threatpub(
        "check", "-f", "mkdocs.yml", "--format", "json", *later, cwd=example_site.root
    )
    report = json.loads(result.stdout)
    expected_later = expected_from_report(report, options["timezone"])
    assert expected_later > expected
    assert next_release(example_site, *later) == expected_later


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = threatpub("next-release", cwd=tmp_path)  # no mkdocs.yml here
    assert result.returncode == 2
    assert "mkdocs.yml" in result.stderr
    site = two_scheduled(tmp_path / "s")
    bad = threatpub("next-release", "--now", "next tuesday", cwd=site.root)
    assert bad.returncode == 2
    assert "--now" in bad.stderr


def test_help_says_what_becomes_publishable_means(tmp_path: Path) -> None:
    result = threatpub_process("next-release", "--help", cwd=tmp_path)
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "every hold on the page has lifted" in text
    assert "release_after" in text
    assert "timezone" in text
    site = two_scheduled(tmp_path / "s")
    real = threatpub_process("next-release", cwd=site.root)  # the console script
    assert (real.returncode, real.stdout) == (0, "2026-12-03T00:00:00+08:00\n")
