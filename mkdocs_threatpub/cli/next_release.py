"""``threatpub next-release``: when a scheduled CI build should run next.

The pages are judged as ``threatpub check -f mkdocs.yml`` judges them (the same pipeline,
takedowns included); the answer is read from the judgements by
:func:`mkdocs_threatpub.reports.schedule.next_release`, as the status page reads it.
"""

from __future__ import annotations

import argparse

from mkdocs_threatpub.cli.check import judge_pages
from mkdocs_threatpub.cli.common import (
    EXIT_OK,
    add_cache,
    add_config_file,
    add_jobs,
    add_now,
    load_site,
    make_build,
)
from mkdocs_threatpub.core.clock import load_timezone, start_of_day

__all__ = ["add_commands"]

_DESCRIPTION = """\
Print the earliest moment at which a held page becomes publishable, as an ISO 8601 date and
time with the offset of the site's `timezone` option (e.g. 2026-12-02T00:00:00+08:00), or
nothing when no held page will become publishable by itself. Exit 0 either way; 2 for a
usage or configuration error.

"Becomes publishable" means that every hold on the page has lifted by then. A hold that
lifts by itself carries a `release_after` day in the JSON report: a scheduled page or an
embargo (META006), a 30-day clock (CAC801), a major-event blackout (MIIT096). For each held
page whose every hold (each finding with action hold or fail) has one, the page becomes
publishable at the start of the latest of those days, in the site's timezone (the day
boundary the rules count in); pages with any hold that waits on a person (a missing record,
content to change) do not count. The earliest such moment over all pages is printed.

The pages are judged as `threatpub check -f mkdocs.yml` judges them, as of --now, else
SOURCE_DATE_EPOCH, else the clock. A page scheduled at a time of day (`published:
2026-12-02T09:00+08:00`) is publishable from that time: a build earlier that day still holds
it, and until then this command prints the start of that day, already past.
"""


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = sub.add_parser(
        "next-release",
        help="print when the next held page becomes publishable (for scheduled CI builds)",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_config_file(command)
    add_now(command)
    add_jobs(command)
    add_cache(command)
    command.set_defaults(run=_next_release)


def _next_release(args: argparse.Namespace) -> int:
    # Imported here: only this command reads the schedule (start-up).
    from mkdocs_threatpub.reports.schedule import next_release

    site = load_site(args, required=True)
    build = make_build(args, site)
    judge_pages(args, site, build)
    day = next_release(build.judgements.values())
    if day is not None:
        tz = load_timezone(build.settings.timezone)
        print(start_of_day(day, tz).isoformat())
    return EXIT_OK
