"""Run ``threatpub check`` on pages written to a tmp folder; read its JSON report.

Every test in this package goes through the CLI's own argument parsing, site loading,
judging and JSON rendering (``mkdocs_threatpub.cli.judge_for_check``), in this process, never
the engine directly, except META020 (which needs a rule that raises). The English and the
Chinese report are rendered from the same judgements. One run judges several pages; the
console script itself is exercised by ``tests/test_cli.py``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import textwrap
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import yaml

from mkdocs_threatpub.cli import UsageError, judge_for_check
from mkdocs_threatpub.core.i18n import has_chinese
from tests.conftest import NOW_EPOCH

# The moment conftest's SOURCE_DATE_EPOCH stands for, in the default site timezone.
NOW = dt.datetime.fromisoformat("2026-11-23T10:00:00+08:00")
assert int(NOW.timestamp()) == NOW_EPOCH


def page_text(text: str) -> str:
    """Dedent a page written inline in a test (its first line is line 1)."""
    return textwrap.dedent(text).lstrip("\n")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line of the dedented ``text`` containing ``needle``."""
    seen = 0
    for number, line in enumerate(page_text(text).splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in the page")


@dataclass(frozen=True)
class PageResult:
    """One page of the JSON report."""

    data: dict[str, Any]

    @property
    def path(self) -> str:
        return str(self.data["path"])

    @property
    def verdict(self) -> str:
        return str(self.data["verdict"])

    @property
    def release_after(self) -> str | None:
        return self.data["release_after"]

    @property
    def findings(self) -> list[dict[str, Any]]:
        return list(self.data["findings"])

    @property
    def codes(self) -> list[str]:
        """Codes of the page's findings, in report order (with repeats)."""
        return [f["code"] for f in self.findings]

    def all(self, code: str) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["code"] == code]

    def one(self, code: str) -> dict[str, Any]:
        """The single finding with ``code``; fails the test if there is not exactly one."""
        found = self.all(code)
        assert len(found) == 1, f"{self.path}: expected one {code}, got {self.findings}"
        return found[0]


@dataclass(frozen=True)
class Run:
    """A finished ``threatpub check`` run: its exit code, output and JSON report."""

    returncode: int
    stdout: str  # the English JSON report as the CLI prints it
    stderr: str
    report: dict[str, Any]
    seconds: float

    @property
    def pages(self) -> dict[str, PageResult]:
        return {p["path"]: PageResult(p) for p in self.report["pages"]}

    def page(self, path: str) -> PageResult:
        pages = self.pages
        assert path in pages, f"{path} not in report: {sorted(pages)}"
        return pages[path]


def _write(base: Path, pages: Mapping[str, str | bytes]) -> None:
    for rel, content in pages.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(page_text(content), encoding="utf-8")


def check(
    root: Path,
    pages: Mapping[str, str | bytes],
    *,
    now: str | None = None,
    now_epoch: int | None = NOW_EPOCH,
    options: Mapping[str, Any] | None = None,
    args: Sequence[str] = (),
) -> Run:
    """Write ``pages`` and judge them once as ``threatpub check --format json`` does.

    Without ``options`` the pages go to ``root/pages`` and are judged with default settings.
    With ``options`` a ``mkdocs.yml`` carrying them as the plugin's options is written next
    to ``docs/`` and passed with ``-f``. ``now`` is passed as ``--now``; otherwise
    ``SOURCE_DATE_EPOCH`` is ``now_epoch``. Report paths are relative to the pages' folder.
    """
    root.mkdir(parents=True, exist_ok=True)
    if options is None:
        folder = root / "pages"
        folder.mkdir(exist_ok=True)
        _write(folder, pages)
        command = [str(folder)]
    else:
        config = {"site_name": "Rule tests", "plugins": [{"threatpub": dict(options)}]}
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        folder = root / "docs"
        _write(folder, pages)
        command = ["-f", str(root / "mkdocs.yml")]
    command += ["--format", "json", "--jobs", "1", *args]
    if now is not None:
        command += ["--now", now]
    fail_on = args[args.index("--fail-on") + 1] if "--fail-on" in args else "hold"
    environ = {"SOURCE_DATE_EPOCH": str(now_epoch)} if now_epoch is not None else {}
    stderr = io.StringIO()
    started = time.monotonic()
    with mock.patch.dict(os.environ, environ), contextlib.redirect_stderr(stderr):
        if now_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        try:
            result = judge_for_check(command)
        except UsageError as exc:
            raise AssertionError(f"exit 2: {exc}\n{stderr.getvalue()}") from None
    seconds = time.monotonic() - started
    stdout = result.render("json", "en", fail_on)
    report = _relative(json.loads(stdout), folder)
    # Every message a rule test provokes must exist in both languages (the report's words
    # are localized; codes, lines and verdicts are not).
    assert_translated(report, _relative(json.loads(result.render("json", "zh", fail_on)), folder))
    returncode = result.exit_code(fail_on)
    expected_now: dt.datetime | None = None
    if now is not None:
        parsed = dt.datetime.fromisoformat(now)
        expected_now = parsed if parsed.tzinfo is not None else None
    elif now_epoch is not None:
        expected_now = dt.datetime.fromtimestamp(now_epoch, tz=dt.UTC)
    if expected_now is not None:
        assert dt.datetime.fromisoformat(report["now"]) == expected_now, report["now"]
    assert sorted(p["path"] for p in report["pages"]) == sorted(pages), report["pages"]
    if "--fail-on" not in args:
        # Default --fail-on hold: exit 1 exactly when some page is not published.
        kept_out = any(p["verdict"] != "publish" for p in report["pages"])
        assert returncode == (1 if kept_out else 0), stderr.getvalue()
    return Run(returncode, stdout, stderr.getvalue(), report, seconds)


def _relative(report: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Page paths as the CLI reports them when run inside ``folder`` (``check .``)."""
    prefix = f"{folder}/"
    for page in report["pages"]:
        page["path"] = page["path"].removeprefix(prefix)
    return report


_WORDS = ("message", "expected", "found", "fix", "suppressed_by")


def assert_translated(english: dict[str, Any], chinese: dict[str, Any]) -> None:
    """The Chinese report judges alike and words every finding in Chinese."""
    assert chinese["language"] == "zh"
    assert english["language"] == "en"
    for en_page, zh_page in zip(english["pages"], chinese["pages"], strict=True):
        assert (en_page["path"], en_page["verdict"]) == (zh_page["path"], zh_page["verdict"])
        for group in ("findings", "suppressed"):
            for en, zh in zip(en_page[group], zh_page[group], strict=True):
                assert (en["code"], en["line"]) == (zh["code"], zh["line"])
                for word in _WORDS:
                    if en.get(word):
                        assert has_chinese(zh[word]), (
                            f"{en['code']} {word} has no Chinese: {zh[word]!r}"
                        )


def apply_fix(text: str, fix: str) -> str:
    """Paste a finding's YAML example into the page: its entries join `notifications`."""
    intro, _, example = fix.partition("\n")
    assert intro.endswith("for example:"), fix
    assert example.startswith("  notifications:\n    - "), fix
    assert example.count("notifications:") == 1, fix  # pasted as is, no duplicate key
    entries = yaml.safe_load(example)["notifications"]
    assert isinstance(entries, list), fix
    assert entries, fix
    _, front, body = page_text(text).split("---\n", 2)
    data: dict[str, Any] = yaml.safe_load(front)
    meta = data["threatpub"]
    meta["notifications"] = [*(meta.get("notifications") or []), *entries]
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return f"---\n{dumped}---\n{body}"
