"""``threatpub ledger verify``: check the audit ledger's hash chain (Article 9 records)."""

from __future__ import annotations

import argparse
from pathlib import Path

from mkdocs_threatpub.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    add_config_file,
    load_site,
    shown,
)
from mkdocs_threatpub.core.ledger import verify
from mkdocs_threatpub.pipeline.paths import RefusedPath, output_file

__all__ = ["add_commands"]


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ledger = sub.add_parser("ledger", help="the audit ledger of pages kept out (Article 9)")
    ledger_sub = ledger.add_subparsers(dest="ledger_command", metavar="ACTION", required=True)
    verify = ledger_sub.add_parser(
        "verify",
        help="check the ledger's hash chain",
        description="Check every line's `prev` hash; print 'ledger OK: N entries' (exit 0) "
        "or the first broken line and why (exit 1).",
    )
    verify.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help="ledger file (default: the `ledger` option of mkdocs.yml)",
    )
    add_config_file(verify, "the `ledger` option")
    verify.set_defaults(run=_ledger_verify)


def _ledger_verify(args: argparse.Namespace) -> int:
    path: Path | None = args.file
    if path is None:
        site = load_site(args)
        if site is None:
            raise UsageError("give the ledger FILE, or -f mkdocs.yml with a `ledger` option")
        try:
            path = output_file("ledger", site.options.ledger, site.layout)
        except RefusedPath as exc:
            raise UsageError(str(exc)) from None
        if path is None:
            raise UsageError(f"{site.config_file}: the plugin has no `ledger` option")
    if not path.is_file():
        raise UsageError(f"no such ledger file: {path}")
    try:
        result = verify(path)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    if result.ok:
        print(f"ledger OK: {result.entries} entries ({shown(path)})")
        return EXIT_OK
    print(
        f"ledger BROKEN: {shown(path)}:{result.line}: {result.reason} "
        f"({result.entries} valid entries before it)"
    )
    return EXIT_FINDINGS
