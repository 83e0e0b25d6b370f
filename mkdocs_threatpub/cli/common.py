"""What the commands share: their common arguments, and reading the site they run on."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from mkdocs_threatpub.cli.site import Site, SiteConfigError, read_site
from mkdocs_threatpub.core.clock import NowError, load_timezone, resolve_now
from mkdocs_threatpub.core.i18n import LANGUAGES, localize
from mkdocs_threatpub.pipeline.build import Build, BuildError
from mkdocs_threatpub.pipeline.options import Options, SiteLayout
from mkdocs_threatpub.pipeline.parallel import MIN_PAGES_PER_WORKER, default_jobs
from mkdocs_threatpub.pipeline.paths import RefusedPath, refuse_published, usable_output

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_USAGE",
    "Site",
    "UsageError",
    "add_cache",
    "add_config_file",
    "add_jobs",
    "add_lang",
    "add_now",
    "language",
    "load_site",
    "make_build",
    "output_target",
    "shown",
]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A usage or configuration problem: exit code 2."""


def add_lang(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of messages: en or zh (default: the plugin's `language` option, else en)",
    )


def add_config_file(
    command: argparse.ArgumentParser, what: str = "docs_dir and plugin options"
) -> None:
    command.add_argument(
        "-f",
        "--config-file",
        type=Path,
        help=f"mkdocs.yml to read {what} from (default: ./mkdocs.yml if present)",
    )


def add_now(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--now",
        help="judge as of this ISO 8601 date or time, e.g. 2026-11-20T09:00+08:00, between "
        "1970-01-01 and 2106-02-07 (default: SOURCE_DATE_EPOCH, else the clock)",
    )


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return jobs


def add_jobs(command: argparse.ArgumentParser) -> None:
    cores = default_jobs()
    command.add_argument(
        "-j", "--jobs", type=_jobs, default=cores, metavar="N",
        help=f"judge on N processes (default: the {cores} CPU(s) here); a worker is only "
        f"started per {MIN_PAGES_PER_WORKER} pages, and the report is the same as with -j 1",
    )  # fmt: skip


def add_cache(command: argparse.ArgumentParser) -> None:
    group = command.add_mutually_exclusive_group()
    group.add_argument(
        "--cache-dir", type=Path, metavar="DIR",
        help="keep the judging cache here (default: the plugin's cache_dir option, "
        ".threatpub/cache beside mkdocs.yml; no cache without mkdocs.yml)",
    )  # fmt: skip
    group.add_argument(
        "--no-cache", action="store_true",
        help="judge every page afresh; neither read nor write the judging cache",
    )  # fmt: skip


def language(args: argparse.Namespace, options: Options | None = None) -> str:
    chosen = getattr(args, "lang", None)
    if chosen:
        return str(chosen)
    return options.language if options is not None else "en"


def shown(path: Path) -> str:
    """``path`` as the user would write it: relative to the working directory if inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def load_site(args: argparse.Namespace, *, required: bool = False) -> Site | None:
    """The site of ``-f mkdocs.yml``, or of ``./mkdocs.yml`` when there is one; ``None``
    without either (unless ``required``)."""
    config_file: Path | None = getattr(args, "config_file", None)
    if config_file is None and Path("mkdocs.yml").is_file():
        config_file = Path("mkdocs.yml")
    if config_file is None:
        if required:
            raise UsageError("give -f mkdocs.yml (or run it where mkdocs.yml is)")
        return None
    try:
        site = read_site(config_file)
    except SiteConfigError as exc:
        raise UsageError(str(exc)) from None
    for warning in site.warnings:
        print(f"threatpub: warning: {config_file}: {warning}", file=sys.stderr)
    if not site.options.enabled:
        print(f"threatpub: the plugin is disabled in {config_file}", file=sys.stderr)
    return site


def make_build(
    args: argparse.Namespace,
    site: Site | None,
    *,
    baseline: Path | None = None,
    with_baseline: bool = True,
) -> Build:
    """The pipeline's :class:`Build` for a command: the site's options (defaults without a
    site), ``--now``, ``--jobs``; ``baseline`` overrides the ``baseline`` option."""
    options = site.options if site is not None else Options()
    layout = site.layout if site is not None else _no_site()
    cache_dir: Path | None = getattr(args, "cache_dir", None)
    if getattr(args, "no_cache", False) or cache_dir is not None:
        options = replace(options, cache_dir=None)  # --cache-dir replaces the option
    try:
        now = resolve_now(getattr(args, "now", None), tz=load_timezone(options.settings.timezone))
        return Build(
            options,
            layout,
            now,
            baseline=baseline,
            use_baseline=with_baseline,
            jobs=getattr(args, "jobs", 1),
            cache_dir=cache_dir.absolute() if cache_dir is not None else None,
        )
    except BuildError as exc:
        raise UsageError(str(exc)) from None
    except NowError as exc:  # --now, SOURCE_DATE_EPOCH: the message names which
        raise UsageError(localize(exc.message, language(args, options))) from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def output_target(
    path: Path, what: str, site: Site | None, example: str = ".threatpub/report.json"
) -> Path:
    """An output file given on the command line, as its real path; refused inside the
    site's ``site_dir`` or ``docs_dir`` (it would be published), when it is not a regular
    file or cannot be written (checked before judging: nothing is written)."""
    try:
        if site is None:
            return usable_output(path, what, str(path), example=example)
        return refuse_published(path, what, site.layout, writing=True, example=example)
    except RefusedPath as exc:
        raise UsageError(str(exc)) from None


def _no_site() -> SiteLayout:
    """Pages judged without a ``mkdocs.yml``: no site folders, no file options."""
    here = Path.cwd()
    return SiteLayout(config_file=here / "mkdocs.yml", docs_dir=here, site_dir=here / "site")
