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


# -- case 4: meta_key and profiles ---------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["", "   ", " threatpub", "threat pub", "yes", "null", "1abc", 5], ids=repr
)
def test_a_meta_key_that_is_not_a_plain_yaml_key_is_refused(tmp_path: Path, value: Any) -> None:
    """An empty key (or one YAML reads as something else) matches no page's block: every
    block would silently be off."""
    stderr = refused(site(tmp_path, {"meta_key": value}))
    assert "invalid 'threatpub' plugin options: meta_key: " in stderr
    assert "such as 'threatpub'" in stderr
    assert "remove the option to use 'threatpub'" in stderr


def test_a_plain_meta_key_is_accepted(tmp_path: Path) -> None:
    root = site(tmp_path, {"meta_key": "security_advisory-v2"})
    (root / "docs/held.md").write_text(HELD.replace("threatpub:", "security_advisory-v2:"))
    result = threatpub("check", cwd=root)
    assert result.returncode == 1, result.stderr  # the block is read: the page is held
    assert "CAC801" in result.stdout


def test_an_empty_profiles_list_is_refused(tmp_path: Path) -> None:
    """`profiles: []` would judge every page by no rules and hold nothing."""
    stderr = refused(site(tmp_path, {"profiles": []}))
    assert "invalid 'threatpub' plugin options: profiles: " in stderr
    assert "expected at least one profile, such as [cac-2019]" in stderr


# -- case 14: include patterns -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patterns", "words"),
    [
        (["!"], "item 0, '!', is a lone '!'"),
        (["advisories/**", "a/[z-a]"], "item 1, 'a/[z-a]', is a pattern with a bracket"),
        (["\\"], "a pattern ending in a lone '\\'"),
        ([""], "item 0, '', is empty"),
        (["#advisories"], "a comment in gitignore syntax"),
        (["!drafts/**"], "every include pattern starts with '!'"),
    ],
    ids=["lone-bang", "bad-range", "trailing-backslash", "empty", "comment", "only-negations"],
)
def test_an_include_pattern_that_cannot_match_is_a_configuration_error(
    tmp_path: Path, patterns: list[str], words: str
) -> None:
    """Before, `include: ["!"]` made every page META020 ("rule engine raised
    GitIgnorePatternError … report this to the developers")."""
    stderr = refused(site(tmp_path, {"include": patterns}))
    assert "invalid 'threatpub' plugin options: include: " in stderr
    assert words in stderr
    assert "such as ['advisories/**', '!advisories/drafts/**']" in stderr
    assert "GitIgnorePatternError" not in stderr
    assert "META020" not in stderr


def test_include_errors_are_in_the_sites_language(tmp_path: Path) -> None:
    stderr = refused(site(tmp_path, {"include": ["!"], "language": "zh"}))
    assert "单独的 '!' 不否定任何模式" in stderr
    assert "gitignore 风格模式" in stderr


# -- unclear messages: rules, the plugins entry ------------------------------------------------


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Did you mean CAC500? Rule codes are written in capitals"), ("zh", "是否应为 CAC500")],
)
def test_a_rule_code_in_lower_case_suggests_the_code(
    tmp_path: Path, language: str, words: str
) -> None:
    stderr = refused(site(tmp_path, {"rules": {"cac500": False}, "language": language}))
    assert "'cac500'" in stderr
    assert words in stderr


@pytest.mark.parametrize("value", [True, "x", ["language"]], ids=repr)
def test_a_plugin_entry_that_is_not_a_mapping_is_refused(tmp_path: Path, value: Any) -> None:
    """MkDocs refuses `- threatpub: yes` ("Invalid config options for the 'threatpub'
    plugin."); `check` used to judge with the defaults instead."""
    stderr = refused(site(tmp_path, entry={"threatpub": value}))
    assert "plugins: invalid config options for the 'threatpub' plugin" in stderr
    assert "expected its options as a mapping, or nothing" in stderr
    assert "Write `- threatpub` for the defaults" in stderr
    if value is True:
        assert "found true (YAML reads an unquoted yes or on as true)" in stderr


@pytest.mark.parametrize("value", [None, False, {}], ids=repr)
def test_an_empty_plugin_entry_means_the_defaults_as_in_mkdocs(tmp_path: Path, value: Any) -> None:
    result = threatpub("check", cwd=site(tmp_path, entry={"threatpub": value}))
    assert result.returncode == 1, result.stderr  # judged with the defaults: held
    assert "CAC801" in result.stdout


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


def test_blackouts_beyond_2199_are_refused(tmp_path: Path) -> None:
    """A blackout ending 9999-12-31 crashed the option's own check (its last day + 1)."""
    options = {"blackouts": [{"from": "2026-01-01", "to": "9999-12-31", "name": "forever"}]}
    stderr = refused(site(tmp_path, options))
    assert "blackouts: blackouts[0]: expected an ISO 8601 date" in stderr
    assert "between 1970 and 2199, found 9999-12-31, in the year 9999" in stderr


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
