"""The ``threatpub`` command: the same pipeline as the plugin, without building the site.

One module per command group: :mod:`~mkdocs_threatpub.cli.check` (``check``,
``baseline``), :mod:`~mkdocs_threatpub.cli.stage`, :mod:`~mkdocs_threatpub.cli.docs`
(``explain``, ``rules``, ``schema``), :mod:`~mkdocs_threatpub.cli.ledger` and
:mod:`~mkdocs_threatpub.cli.next_release`.

Exit codes: 0 nothing at or above ``--fail-on``; 1 something is; 2 usage or configuration
error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from mkdocs_threatpub import __version__
from mkdocs_threatpub.cli import check, docs, ledger, next_release, stage
from mkdocs_threatpub.cli.check import CheckResult, judge
from mkdocs_threatpub.cli.common import EXIT_OK, EXIT_USAGE, UsageError, load_site

__all__ = ["CheckResult", "UsageError", "judge_for_check", "main", "parser"]


def main(argv: Sequence[str] | None = None) -> int:
    command_line = parser()
    args = command_line.parse_args(argv)
    if not getattr(args, "command", None):
        command_line.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except UsageError as exc:
        print(f"threatpub: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `threatpub rules | head`
        return EXIT_OK


def parser() -> argparse.ArgumentParser:
    """The command line with every command."""
    command_line = argparse.ArgumentParser(
        prog="threatpub",
        description="Judge threat-information pages before they go public.",
    )
    command_line.add_argument("--version", action="version", version=f"threatpub {__version__}")
    sub = command_line.add_subparsers(dest="command", metavar="COMMAND")
    for group in (check, stage, docs, ledger, next_release):
        group.add_commands(sub)
    return command_line


def judge_for_check(argv: Sequence[str]) -> CheckResult:
    """Judge as ``threatpub check ARGV`` does, without writing the report (the tests render
    both languages from one judgement). Raises :class:`UsageError` where the command exits 2.
    """
    args = parser().parse_args(["check", *argv])
    return judge(args, load_site(args))
