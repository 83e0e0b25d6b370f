"""Every report format, behind one function, for the CLI (``--format``) and the plugin
(``report`` files, chosen by extension)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence

from mkdocs_threatpub.core.context import Blackout
from mkdocs_threatpub.core.engine import Judgement
from mkdocs_threatpub.core.i18n import localize
from mkdocs_threatpub.core.ledger import LedgerRecord
from mkdocs_threatpub.core.rule import Rule
from mkdocs_threatpub.reports.text import format_judgements, summary_lines

__all__ = ["FORMATS", "REPORT_EXTENSIONS", "format_for_file", "render"]

FORMATS = ("text", "json", "sarif", "junit", "github", "html")

# Report files of the plugin: the format follows the name (longest suffix first).
REPORT_EXTENSIONS = {
    ".sarif.json": "sarif",
    ".sarif": "sarif",
    ".json": "json",
    ".xml": "junit",
    ".txt": "text",
    ".log": "text",
    ".html": "html",
    ".htm": "html",
}


def format_for_file(name: str) -> str | None:
    """The format a report file named ``name`` gets, or None for an unknown extension."""
    lowered = name.lower()
    for suffix, kind in REPORT_EXTENSIONS.items():
        if lowered.endswith(suffix):
            return kind
    # No extension at all: the JSON report, as before formats existed.
    return "json" if "." not in lowered.rsplit("/", 1)[-1] else None


def render(
    kind: str,
    judgements: Iterable[Judgement],
    *,
    now: dt.datetime,
    profiles: Sequence[str],
    tz: dt.tzinfo | None = None,
    language: str = "en",
    locate: Callable[[str], str] = str,
    fail_on: str = "hold",
    summary: bool = True,
    rules: Sequence[Rule] = (),
    ledger: LedgerRecord | None = None,
    blackouts: Sequence[Blackout] = (),
) -> str:
    """The report in format ``kind`` (one of :data:`FORMATS`), as text without a final newline.

    ``locate`` turns a docs-relative page path into the file path CI tools show (SARIF,
    JUnit, GitHub); ``fail_on`` decides which pages JUnit counts as failures; ``rules`` are
    the rules SARIF describes (its ``tool.driver.rules``); ``ledger`` is what a build
    recorded in its ledger (the JSON report's ``ledger`` object, the text report's last line);
    ``blackouts`` are the site's major-event windows, which the HTML report shows beside the
    coming releases.
    """
    items = list(judgements)
    # Each format's module is imported when that format is asked for (start-up).
    if kind == "json":
        from mkdocs_threatpub.reports.json_report import build_report

        report = build_report(items, now, profiles, tz, language, ledger=ledger)
        return json.dumps(report, ensure_ascii=False, indent=2)
    if kind == "sarif":
        from mkdocs_threatpub.reports.sarif import build_sarif

        log = build_sarif(items, rules, now=now, locate=locate, language=language)
        return json.dumps(log, ensure_ascii=False, indent=2)
    if kind == "junit":
        from mkdocs_threatpub.reports.junit import build_junit

        return build_junit(items, now=now, locate=locate, fail_on=fail_on, language=language)
    if kind == "html":
        from mkdocs_threatpub.reports.status_html import render_status

        return render_status(
            items, now=now, tz=tz, language=language, profiles=profiles, blackouts=blackouts
        )

    tail = summary_lines(items, with_fixes=False, language=language) if summary else []
    if kind == "github":
        from mkdocs_threatpub.reports.github import build_annotations

        return "\n".join([*build_annotations(items, locate=locate, language=language), *tail])
    if kind == "text":
        body = format_judgements(items, language=language)
        if ledger is not None:
            tail = [*tail, localize(ledger.describe(), language)]
        return "\n".join([body, *tail] if body else tail)
    raise ValueError(f"unknown report format {kind!r}; expected one of {', '.join(FORMATS)}")
