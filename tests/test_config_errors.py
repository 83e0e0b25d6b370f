"""Configuration errors are configuration errors (issue 16, cases 4, 13 and 14, and the
unclear messages about options): `threatpub check` exits 2 naming the option, the
environment variable or the argument, says what a valid value looks like and how to fix
it, in the site's language; no page is judged with a setting that would judge nothing.

In process, through the CLI (``tests.conftest.threatpub``); the real `mkdocs build` of the
same options is in ``tests/test_plugin_config.py`` (slow).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from mkdocs_threatpub.core.context import Context, Settings
from tests.conftest import threatpub

HELD = """\
---
title: Held
threatpub:
  kind: vulnerability
  target:
    operator: Example Power Co.
---

# Held
"""


def site(root: Path, options: Any = None, *, entry: Any = None) -> Path:
    """A site with one held page; ``options`` are the plugin's, ``entry`` replaces the
    whole `plugins:` entry."""
    root.mkdir(parents=True, exist_ok=True)
    plugin = entry if entry is not None else {"threatpub": options or {}}
    config = {"site_name": "t", "plugins": [plugin]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs/held.md").write_text(HELD, encoding="utf-8")
    return root


def refused(root: Path, *args: str, now_epoch: Any = 1795399200) -> str:
    """Run `threatpub check` and return stderr; it must exit 2 without a report."""
    result = threatpub("check", *args, cwd=root, now_epoch=now_epoch)
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "pages judged" not in result.stdout, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr


# -- case 13: SOURCE_DATE_EPOCH and --now --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("", "found an empty value"),
        ("-1", "found -1, which is before 1970-01-01"),
        ("99999999999", "found 99999999999, which is after 2106-02-07"),
        ("253402300799", "found 253402300799, which is after 2106-02-07"),
        ("1.5e9", "found '1.5e9'"),
    ],
    ids=["empty", "negative", "year-5138", "year-9999", "not-whole"],
)
def test_source_date_epoch_out_of_range_is_a_configuration_error(
    tmp_path: Path, value: str, found: str
) -> None:
    """Before, 253402300799 gave META020 OverflowError on every page and '', -1 and
    99999999999 were judged, then crashed `mkdocs build` (see test_plugin_config.py)."""
    stderr = refused(site(tmp_path), now_epoch=value)
    assert "SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01 00:00 UTC" in stderr
    assert "from 0 to 4294967295 (2106-02-07 06:28:15 UTC), such as 1795399200" in stderr
    assert found in stderr
    assert "or unset it" in stderr


@pytest.mark.parametrize("value", ["0", "4294967295"])
def test_source_date_epoch_at_the_ends_of_the_range_is_accepted(tmp_path: Path, value: str) -> None:
    result = threatpub("check", "--format", "json", cwd=site(tmp_path), now_epoch=value)
    assert result.returncode == 1, result.stderr  # judged: the page is held
    now = dt.datetime.fromisoformat(json.loads(result.stdout)["now"])
    assert now == dt.datetime.fromtimestamp(int(value), tz=dt.UTC)


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("9999-12-31T23:59:59-12:00", "found 9999-12-31T23:59:59-12:00, outside that range"),
        ("1969-12-31", "found 1969-12-31T00:00:00+08:00, outside that range"),
        ("2026-13-01", "found '2026-13-01': month 13 does not exist"),
        ("2026-11-20T09:00+25:00", "the offset +25:00 is out of range"),
        ("next tuesday", "found the text 'next tuesday', which is not in that form"),
        ("", "found the text '', which is not in that form"),
    ],
    ids=["year-9999", "before-1970", "month-13", "offset", "words", "empty"],
)
def test_now_errors_name_now_and_show_a_valid_value(tmp_path: Path, value: str, found: str) -> None:
    stderr = refused(site(tmp_path), "--now", value)
    assert stderr.startswith("threatpub: error: --now: expected an ISO 8601 date such as "), stderr
    assert "2026-11-20T09:00+08:00, between 1970-01-01T00:00:00Z and 2106-02-07T06:28:15Z" in (
        stderr
    )
    assert found in stderr
    assert "Fix: give --now such a moment, e.g. --now 2026-11-20T09:00+08:00" in stderr
    for words in ("OverflowError", "must be in", "isoformat", "timedelta"):
        assert words not in stderr


def test_now_errors_follow_lang(tmp_path: Path) -> None:
    stderr = refused(site(tmp_path), "--now", "2026-13-01", "--lang", "zh")
    assert "--now：应为：ISO 8601 格式的日期" in stderr
    assert "不存在 13 月" in stderr


@pytest.mark.parametrize(
    "now",
    [
        dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
        dt.datetime(1969, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 20, 9, 0),  # naive
    ],
    ids=["year-9999", "before-1970", "naive"],
)
def test_the_judging_context_refuses_a_now_its_arithmetic_cannot_use(now: dt.datetime) -> None:
    with pytest.raises(ValueError, match="now must be"):
        Context.create(Settings(), now)
