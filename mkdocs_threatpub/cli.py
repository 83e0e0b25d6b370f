"""The ``threatpub`` command: the same core as the plugin, without building the site.

Exit codes (SPEC §4): 0 nothing at or above ``--fail-on``; 1 something is; 2 usage or
configuration error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs_threatpub import __version__
from mkdocs_threatpub.core.context import Settings
from mkdocs_threatpub.core.engine import Judgement
from mkdocs_threatpub.core.findings import Action, Verdict
from mkdocs_threatpub.core.i18n import LANGUAGES, localize
from mkdocs_threatpub.core.rule import Rule
from mkdocs_threatpub.reports.formats import FORMATS

if TYPE_CHECKING:
    from mkdocs_threatpub.core.session import Session
    from mkdocs_threatpub.site import SiteConfig

__all__ = ["CheckResult", "UsageError", "judge_for_check", "main"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A usage or configuration problem: exit code 2."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except UsageError as exc:
        print(f"threatpub: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `threatpub rules | head`
        return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="threatpub",
        description="Judge threat-information pages before they go public.",
    )
    parser.add_argument("--version", action="version", version=f"threatpub {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="judge Markdown pages (pre-commit and CI gate)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="Markdown files or folders")
    check.add_argument(
        "-f",
        "--config-file",
        type=Path,
        help="mkdocs.yml to read docs_dir "
        "and plugin options from (default: ./mkdocs.yml if present)",
    )
    check.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), json (SPEC report), sarif (SARIF 2.1.0), junit "
        "(JUnit XML, one test case per page) or github (Actions annotations)",
    )
    _add_lang(check)
    check.add_argument("--output", type=Path, help="write the report here instead of stdout")
    check.add_argument(
        "--now", help="judge as of this ISO 8601 time (default: SOURCE_DATE_EPOCH, else the clock)"
    )
    check.add_argument(
        "--fail-on",
        choices=("fail", "hold", "warn"),
        default="hold",
        help="exit 1 when any page reaches this level (default: hold)",
    )
    check.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="baseline of accepted content findings (default: the plugin's `baseline` option)",
    )
    _add_jobs(check)
    check.set_defaults(run=_check)

    baseline = sub.add_parser(
        "baseline",
        help="accept every current content finding (CAC401–CAC407) in the baseline file",
        description="Judge the pages and write every unsuppressed Article 4 content finding "
        "to the baseline file as a fingerprint (never the text), replacing stale entries.",
    )
    baseline.add_argument("paths", nargs="*", metavar="PATH", help="Markdown files or folders")
    baseline.add_argument(
        "-f",
        "--config-file",
        type=Path,
        help="mkdocs.yml to read docs_dir "
        "and plugin options from (default: ./mkdocs.yml if present)",
    )
    baseline.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="baseline file to write (default: the plugin's `baseline` "
        f"option, else {_DEFAULT_BASELINE})",
    )
    baseline.add_argument(
        "--now", help="judge as of this ISO 8601 time (default: SOURCE_DATE_EPOCH, else the clock)"
    )
    _add_jobs(baseline)
    baseline.set_defaults(run=_baseline)

    stage = sub.add_parser(
        "stage",
        help="copy docs_dir without held and removed pages (hosts that run no plugins)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Judge the site's pages as `threatpub check -f mkdocs.yml` does and write a copy\n"
            "of docs_dir to DEST without the held and removed pages and their attachments\n"
            "(files in the page's own <page-stem>/ folder, or used only by kept-out pages),\n"
            "with links to them from published pages unlinked in the Markdown (reported as\n"
            "LINK001). For builders that read mkdocs.yml but run no MkDocs plugins\n"
            "(Zensical), or a plain `mkdocs build` without this plugin.\n"
            "\n"
            "If any page fails, its findings are printed, nothing is written and the exit\n"
            "code is 1; usage and configuration errors exit 2. DEST must lie outside\n"
            "docs_dir and site_dir; it is replaced only if it is new, empty or was written by\n"
            "an earlier `threatpub stage` (it then has a .threatpub-stage file, which MkDocs\n"
            "leaves out of the site like every dot-file). The copy is made in a temporary\n"
            "sibling folder and swapped in whole.\n"
            "\n"
            "--config-out FILE writes a complete config for building the copy: the original\n"
            "(INHERIT merged in, !ENV and other tags kept) with docs_dir set to DEST, the\n"
            "kept-out pages pruned from an explicit nav, and the threatpub plugin dropped\n"
            "from plugins (it need not be installed there). FILE must sit beside mkdocs.yml,\n"
            "so that relative paths such as site_dir keep their meaning; a FILE not written\n"
            "by `threatpub stage` is never overwritten. Then:\n"
            "\n"
            "    threatpub stage -f mkdocs.yml build/docs --config-out mkdocs.staged.yml\n"
            "    mkdocs build -f mkdocs.staged.yml    # or: zensical build -f mkdocs.staged.yml\n"
        ),
    )
    stage.add_argument(
        "dest", type=Path, metavar="DEST", help="folder to write the copy to (replaced as a whole)"
    )
    stage.add_argument(
        "-f",
        "--config-file",
        type=Path,
        help="mkdocs.yml to read docs_dir and plugin options from (default: ./mkdocs.yml)",
    )
    stage.add_argument(
        "--config-out",
        type=Path,
        metavar="FILE",
        help="also write a config that builds DEST without this plugin "
        "(beside mkdocs.yml, e.g. mkdocs.staged.yml)",
    )
    stage.add_argument(
        "--now", help="judge as of this ISO 8601 time (default: SOURCE_DATE_EPOCH, else the clock)"
    )
    stage.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="baseline of accepted content findings (default: the plugin's `baseline` option)",
    )
    _add_lang(stage)
    _add_jobs(stage)
    stage.set_defaults(run=_stage)

    explain = sub.add_parser("explain", help="show a rule's documentation")
    explain.add_argument("code", metavar="CODE")
    explain.add_argument("--format", choices=("text", "json"), default="text")
    _add_lang(explain)
    explain.set_defaults(run=_explain)

    rules = sub.add_parser("rules", help="list all rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    _add_lang(rules)
    rules.set_defaults(run=_rules)

    schema = sub.add_parser("schema", help="JSON Schema of the front matter, for editors")
    schema.add_argument("--meta-key", default="threatpub")
    # A file written here is UTF-8 on every platform (a PowerShell `>` would write UTF-16).
    schema.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="write the schema to FILE (UTF-8) instead of stdout",
    )
    schema.set_defaults(run=_schema)

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
    verify.add_argument(
        "-f",
        "--config-file",
        type=Path,
        help="mkdocs.yml to read the `ledger` option from (default: ./mkdocs.yml if present)",
    )
    verify.set_defaults(run=_ledger_verify)
    return parser


def _add_lang(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of messages: en or zh (default: the plugin's `language` option, else en)",
    )


def _language(args: argparse.Namespace, settings: Settings | None = None) -> str:
    chosen = getattr(args, "lang", None)
    if chosen:
        return str(chosen)
    return settings.language if settings is not None else "en"


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return jobs


def _add_jobs(command: argparse.ArgumentParser) -> None:
    from mkdocs_threatpub.core.parallel import MIN_PAGES_PER_WORKER, default_jobs

    cores = default_jobs()
    command.add_argument(
        "-j", "--jobs", type=_jobs, default=cores, metavar="N",
        help=f"judge on N processes (default: the {cores} CPU(s) here); a worker is only "
        f"started per {MIN_PAGES_PER_WORKER} pages, and the report is the same as with -j 1",
    )  # fmt: skip


# -- check ---------------------------------------------------------------------------------


# As mkdocs.utils.markdown_extensions: every suffix MkDocs builds as a page.
_MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


def _markdown_files(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(_MARKDOWN_SUFFIXES):
                yield Path(dirpath) / name


def _collect(
    paths: Sequence[str], docs_dir: Path | None, excluded: Callable[[str], bool]
) -> list[tuple[str, Path]]:
    """(path for the report, absolute path) of every page to judge, each once.

    Inside ``docs_dir`` the path is docs-relative and a page MkDocs excludes (its defaults
    and ``exclude_docs``) is skipped, named or found, since the build never judges it.
    Elsewhere, folders are walked with MkDocs' default exclusions (dot-files, ``templates/``
    at the top) and named files are always judged.
    """
    targets: list[tuple[Path, Path | None]] = []  # (file, folder it was found in)
    if paths:
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                targets.extend((file, path) for file in _markdown_files(path))
            elif path.is_file():
                targets.append((path, None))
            else:
                raise UsageError(f"no such file or folder: {raw}")
    elif docs_dir is not None:
        targets.extend((file, docs_dir) for file in _markdown_files(docs_dir))
    else:
        raise UsageError("give Markdown files or folders, or -f mkdocs.yml")
    out = []
    seen: set[Path] = set()
    roots: dict[Path, Path] = {}  # walked folder → resolved, once (resolve costs syscalls)
    for path, walked in targets:
        if walked is None:
            absolute = path.resolve()
        else:
            root = roots.get(walked) or roots.setdefault(walked, walked.resolve())
            absolute = root / path.relative_to(walked)
        if absolute in seen:
            continue
        seen.add(absolute)
        if docs_dir and absolute.is_relative_to(docs_dir):
            relative = absolute.relative_to(docs_dir).as_posix()
            if excluded(relative):
                continue
        else:
            if walked is not None and _excluded_by_default(path.relative_to(walked).as_posix()):
                continue
            try:
                relative = absolute.relative_to(Path.cwd()).as_posix()
            except ValueError:
                relative = path.as_posix()
        out.append((relative, absolute))
    return out


def _excluded_by_default(relative: str) -> bool:
    """MkDocs' default ``exclude_docs`` (``.*`` and ``/templates/``), relative to a root."""
    parts = relative.split("/")
    return any(part.startswith(".") for part in parts) or parts[0] == "templates"


_DEFAULT_BASELINE = ".threatpub/baseline.json"


@dataclass
class _Run:
    """What `check` and `baseline` share: the site's options and where the pages are."""

    settings: Settings
    site: SiteConfig | None = None
    docs_dir: Path | None = None
    excluded: Callable[[str], bool] = _excluded_by_default
    titles: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # judged page -> its file

    def locate(self, page: str) -> str:
        """The page's file as CI tools want it: relative to the working directory, ``/``."""
        file = self.files.get(page)
        if file is None:
            return page
        try:
            return Path(os.path.relpath(file)).as_posix()
        except ValueError:  # another drive (Windows)
            return Path(file).as_posix()

    def output_option(self, option: str, value: str | None) -> Path | None:
        """A file option resolved as the plugin does (relative to mkdocs.yml, not in site/)."""
        from mkdocs_threatpub.config import output_path

        if self.site is None:
            return None
        try:
            return output_path(option, value, self.site.config_dir, self.site.site_dir)
        except ValueError as exc:
            raise UsageError(f"{self.site.config_file}: {exc}") from None

    def refuse_in_site_dir(self, path: Path) -> Path:
        """``path`` made absolute; refused inside ``site_dir`` (it would be published)."""
        from mkdocs_threatpub.config import output_path

        absolute = Path(os.path.abspath(path))
        if self.site is not None:
            try:
                output_path("--output", str(absolute), absolute.parent, self.site.site_dir)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
        return absolute


def _load_run(args: argparse.Namespace) -> _Run:
    from mkdocs_threatpub.config import settings_from
    from mkdocs_threatpub.site import SiteConfigError, load_site

    config_file = args.config_file
    if config_file is None and Path("mkdocs.yml").is_file():
        config_file = Path("mkdocs.yml")
    if config_file is None:
        return _Run(Settings())
    try:
        site = load_site(config_file)
    except SiteConfigError as exc:
        raise UsageError(str(exc)) from None
    for warning in site.warnings:
        print(f"threatpub: warning: {config_file}: {warning}", file=sys.stderr)
    if not site.options.enabled:
        print(f"threatpub: the plugin is disabled in {config_file}", file=sys.stderr)
    return _Run(settings_from(site.options), site, site.docs_dir, site.excluded, site.nav_titles)


def _judge_all(
    args: argparse.Namespace, run: _Run, baseline: frozenset[tuple[str, str]]
) -> tuple[Session, list[Judgement]]:
    from mkdocs_threatpub.core.clock import load_timezone, resolve_now
    from mkdocs_threatpub.core.parallel import PageTask, ReadFailure, judge_pages
    from mkdocs_threatpub.core.session import Session

    try:
        now = resolve_now(args.now, tz=load_timezone(run.settings.timezone))
        session = Session(run.settings, now, baseline=baseline)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    tasks = [
        PageTask(relative, str(absolute), run.titles.get(relative))
        for relative, absolute in _collect(args.paths, run.docs_dir, run.excluded)
    ]
    run.files.update((task.path, task.file) for task in tasks)
    judgements: list[Judgement] = []
    for result in judge_pages(session, tasks, args.jobs):
        if isinstance(result, ReadFailure):
            raise UsageError(f"cannot read {result.file}: {result.reason}")
        judgements.append(result)
    _apply_takedowns(run, session, judgements)
    return session, judgements


def _apply_takedowns(run: _Run, session: Session, judgements: list[Judgement]) -> None:
    """The `takedowns` option of mkdocs.yml, as the plugin applies it (bad file: exit 2)."""
    from mkdocs_threatpub.core.takedowns import TakedownError, apply_takedown, load_takedowns

    if run.site is None or not run.site.options.takedowns or run.docs_dir is None:
        return
    path = Path(os.path.abspath(run.site.config_dir / run.site.options.takedowns))
    pages = {rel for rel, _ in _collect([], run.docs_dir, run.excluded)}
    try:
        entries = {e.page: e for e in load_takedowns(path, pages)}
    except TakedownError as exc:
        raise UsageError("the takedowns file cannot be used:\n" + str(exc)) from None
    for judgement in judgements:
        entry = entries.get(judgement.path)
        if entry is not None:
            apply_takedown(judgement, entry, session.judge_)


def _read_baseline(path: Path | None) -> frozenset[tuple[str, str]]:
    from mkdocs_threatpub.core.baseline import BaselineError, load_baseline

    try:
        return load_baseline(path)
    except BaselineError as exc:
        raise UsageError(str(exc)) from None


@dataclass(frozen=True)
class CheckResult:
    """What ``threatpub check`` judged: one set of judgements, rendered in any format or
    language (the report's words are localized at output; verdicts never depend on them)."""

    judgements: list[Judgement]
    session: Session
    run: _Run
    language: str

    def render(self, format: str, language: str | None = None, fail_on: str = "hold") -> str:
        from mkdocs_threatpub.reports.formats import render

        return render(
            format,
            self.judgements,
            now=self.session.context.now,
            profiles=self.run.settings.profiles,
            tz=self.session.context.tz,
            language=language or self.language,
            locate=self.run.locate,
            fail_on=fail_on,
        )

    def exit_code(self, fail_on: str) -> int:
        return EXIT_FINDINGS if _reaches(self.judgements, fail_on) else EXIT_OK


def judge_for_check(argv: Sequence[str]) -> CheckResult:
    """Judge as ``threatpub check ARGV`` does, without writing the report.

    Raises :class:`UsageError` where the command exits 2.
    """
    args = _parser().parse_args(["check", *argv])
    return _judge_for_check(args)


def _judge_for_check(args: argparse.Namespace) -> CheckResult:
    run = _load_run(args)
    if args.baseline is not None:
        if not args.baseline.is_file():
            raise UsageError(f"--baseline: no such file: {args.baseline}")
        baseline_path: Path | None = args.baseline
    else:
        option = run.site.options.baseline if run.site else None
        baseline_path = run.output_option("baseline", option)
    session, judgements = _judge_all(args, run, _read_baseline(baseline_path))
    return CheckResult(judgements, session, run, _language(args, run.settings))


def _check(args: argparse.Namespace) -> int:
    result = _judge_for_check(args)
    text = result.render(args.format, fail_on=args.fail_on)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return result.exit_code(args.fail_on)


def _baseline(args: argparse.Namespace) -> int:
    from mkdocs_threatpub.core.baseline import (
        BaselineEntry,
        BaselineError,
        read_entries,
        write_baseline,
    )

    run = _load_run(args)
    if args.output is not None:
        target = run.refuse_in_site_dir(args.output)
    else:
        option = run.site.options.baseline if run.site else None
        configured = run.output_option("baseline", option or _DEFAULT_BASELINE)
        target = configured or Path(os.path.abspath(_DEFAULT_BASELINE))
    try:
        old = set(read_entries(target))
    except BaselineError as exc:
        raise UsageError(f"{exc} (delete the file to start a new baseline)") from None
    # Judge without the old baseline: what it accepted is current again, and is kept.
    _, judgements = _judge_all(args, run, frozenset())
    judged = {j.path for j in judgements}
    current = {
        BaselineEntry(j.path, f.code, f.finding.fingerprint)
        for j in judgements
        for f in j.findings
        if f.rule.suppressible and f.finding.fingerprint
    }
    # Entries for pages this run did not judge (other PATHs) stay as they were.
    untouched = {e for e in old if e.page not in judged}
    added = current - old
    kept = current & old
    removed = old - current - untouched
    try:
        write_baseline(target, current | untouched)
    except OSError as exc:
        raise UsageError(f"cannot write the baseline file {target}: {exc.strerror}") from None
    shown = _shown(target)
    print(
        f"threatpub: wrote {shown}: {len(added)} added, {len(kept) + len(untouched)} kept, "
        f"{len(removed)} removed ({len(current | untouched)} accepted finding(s) on "
        f"{len({e.page for e in current | untouched})} page(s))"
    )
    return EXIT_OK


def _stage(args: argparse.Namespace) -> int:
    """``threatpub stage``: see mkdocs_threatpub/stage.py."""
    from mkdocs_threatpub import stage
    from mkdocs_threatpub.reports.text import format_finding, format_judgements, summary_lines

    args.paths = []  # always the whole docs_dir of mkdocs.yml
    run = _load_run(args)
    site = run.site
    if site is None or run.docs_dir is None:
        raise UsageError("give -f mkdocs.yml (or run it where mkdocs.yml is)")
    places = {"docs_dir": site.docs_dir, "site_dir": site.site_dir}
    try:
        dest = stage.check_destination(args.dest, config_file=site.config_file, **places)
        config_out: Path | None = None
        if args.config_out is not None:
            config_out = stage.check_config_out(
                args.config_out, config_file=site.config_file, dest=dest, **places
            )
        config = stage.read_site_config(site.config_file)
    except stage.StageError as exc:
        raise UsageError(str(exc)) from None
    if args.baseline is not None:
        if not args.baseline.is_file():
            raise UsageError(f"--baseline: no such file: {args.baseline}")
        baseline_path: Path | None = args.baseline
    else:
        baseline_path = run.output_option("baseline", site.options.baseline)
    session, judgements = _judge_all(args, run, _read_baseline(baseline_path))
    language = _language(args, run.settings)
    if any(j.verdict is Verdict.FAIL for j in judgements):
        body = format_judgements(judgements, language=language)
        print("\n".join([body, *summary_lines(judgements, with_fixes=False, language=language)]))
        print(f"threatpub: nothing was staged to {_shown(dest)}: a page fails (listed above)")
        return EXIT_FINDINGS

    def read(rel: str) -> Any:
        return session.read(rel, (site.docs_dir / rel).read_bytes())

    site_url = stage.plain_value(config.get("site_url"))
    directory_urls = stage.plain_value(config.get("use_directory_urls", True))
    generated = {}
    if site.options.rules_reference:  # the plugin adds the manual to every build
        from mkdocs_threatpub.reference import reference_pages

        folder = site.options.rules_reference
        pages = reference_pages(str(site.options.language))
        generated = {f"{folder}/{name}": text for name, text in pages.items()}
    try:
        plan = stage.plan_stage(
            stage.docs_files(site.docs_dir, site.excluded, site.exclude_docs),
            judgements,
            read,
            session.judge_,
            site_url=site_url if isinstance(site_url, str) else None,
            directory_urls=directory_urls is not False,
            generated=generated,
        )
        text = None
        if config_out is not None:  # made before DEST is replaced: an error changes nothing
            kept_out = [j.path for j in plan.kept_out]
            text = stage.staged_config(config, site.config_file, dest, config_out, kept_out)
        stage.write_stage(plan, site.docs_dir, dest)
        if config_out is not None and text is not None:
            stage.write_config(config_out, text)
    except stage.StageError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot stage to {_shown(dest)}: {exc}") from None
    for line in stage.report_lines(plan, language):
        print(line)
    for path, judged in plan.unlinked:
        print(format_finding(path, judged, language=language))
    if config_out is not None:
        print(stage.config_line(_shown(config_out), language))
    print(stage.summary_line(plan, _shown(dest), language))
    return EXIT_OK


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _reaches(judgements: Sequence[Judgement], level: str) -> bool:
    if level == "fail":
        return any(j.verdict is Verdict.FAIL for j in judgements)
    if level == "hold":
        return any(j.verdict is not Verdict.PUBLISH for j in judgements)
    return any(
        j.verdict is not Verdict.PUBLISH or any(f.action is Action.WARN for f in j.findings)
        for j in judgements
    )


# -- ledger ----------------------------------------------------------------------------------


def _ledger_verify(args: argparse.Namespace) -> int:
    from mkdocs_threatpub.core.ledger import verify

    path: Path | None = args.file
    if path is None:
        run = _load_run(args)
        if run.site is None:
            raise UsageError("give the ledger FILE, or -f mkdocs.yml with a `ledger` option")
        path = run.output_option("ledger", run.site.options.ledger)
        if path is None:
            raise UsageError(f"{run.site.config_file}: the plugin has no `ledger` option")
    if not path.is_file():
        raise UsageError(f"no such ledger file: {path}")
    try:
        result = verify(path)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    if result.ok:
        print(f"ledger OK: {result.entries} entries ({_shown(path)})")
        return EXIT_OK
    print(
        f"ledger BROKEN: {_shown(path)}:{result.line}: {result.reason} "
        f"({result.entries} valid entries before it)"
    )
    return EXIT_FINDINGS


# -- explain, rules, schema ------------------------------------------------------------------


# The JSON keys of the documentation sections (reference.SECTIONS), in the same order.
_DOC_KEYS = {
    "what": "what_it_checks",
    "why": "why",
    "source": "source",
    "how": "how_to_satisfy_it",
    "example": "example",
}


def _rule_dict(rule: Rule, language: str = "en") -> dict[str, Any]:
    from mkdocs_threatpub.reference import SECTIONS

    return {
        "code": rule.code,
        "name": rule.name,
        "profile": rule.profile,
        "source": localize(rule.source, language),
        "default_action": str(rule.default_action),
        "summary": localize(rule.summary, language),
        "locked": rule.locked,
        "suppressible": rule.suppressible,
        "docs": {_DOC_KEYS[key]: localize(getattr(rule.doc, key), language) for key, _ in SECTIONS},
    }


def _disagreements(code: str, language: str) -> list[dict[str, Any]]:
    """The rules of other profiles this rule conflicts or overlaps with (RULES.md)."""
    from mkdocs_threatpub.core.profiles import disagreements_of
    from mkdocs_threatpub.rules import RULES_BY_CODE

    out = []
    for item in disagreements_of(code):
        other = next(c for c in item.codes if c != code)
        rule = RULES_BY_CODE.get(other)
        if rule is None:
            continue
        out.append(
            {
                "with": f"{rule.code} {rule.name}",
                "profile": rule.profile,
                "kind": item.kind,
                "text": localize(item.text, language),
            }
        )
    return out


def _find_rule(code: str) -> Rule:
    import difflib

    from mkdocs_threatpub.rules import RULES_BY_CODE

    rule = RULES_BY_CODE.get(code.upper())
    if rule is None:
        by_name = {r.name: r for r in RULES_BY_CODE.values()}
        rule = by_name.get(code.lower())
    if rule is None:
        names = [r.name for r in RULES_BY_CODE.values()]
        close = difflib.get_close_matches(code.upper(), list(RULES_BY_CODE), n=1, cutoff=0.5)
        close = close or difflib.get_close_matches(code.lower(), names, n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]}?" if close else " `threatpub rules` lists them."
        raise UsageError(f"unknown rule {code!r}.{hint}")
    return rule


def _explain(args: argparse.Namespace) -> int:
    rule = _find_rule(args.code)
    language = _language(args)
    if args.format == "json":
        data = _rule_dict(rule, language)
        data["disagreements"] = _disagreements(rule.code, language)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    from mkdocs_threatpub.reference import LABELS, SECTIONS

    def say(text: str) -> str:
        return localize(text, language)

    profile = rule.profile or say(LABELS["always"])
    action = say(LABELS["action"])
    action = action[:1].lower() + action[1:]  # inside the line: "default action"
    facts = (
        f"（{profile}；{action}：{rule.default_action}）"
        if language == "zh"
        else f" ({profile}; {action}: {rule.default_action})"
    )
    sections = [
        f"{rule.code} {rule.name}{facts}",
        "",
        say(rule.summary),
    ]
    for key, heading in SECTIONS:
        sections += ["", say(heading), _indent(say(getattr(rule.doc, key)))]
    meets = _disagreements(rule.code, language)
    if meets:
        sections += ["", say(LABELS["disagreements"])]
        sections += [
            _indent(f"{item['with']} ({item['profile']}, {item['kind']}): {item['text']}")
            for item in meets
        ]
    print("\n".join(sections))
    return EXIT_OK


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def _rules(args: argparse.Namespace) -> int:
    from mkdocs_threatpub.rules import ALL_RULES

    language = _language(args)
    if args.format == "json":
        rules = [_rule_dict(r, language) for r in ALL_RULES]
        print(json.dumps(rules, ensure_ascii=False, indent=2))
        return EXIT_OK
    for rule in ALL_RULES:
        profile = rule.profile or "always"
        print(
            f"{rule.code:<8} {rule.name:<30} {profile:<10} {rule.default_action!s:<5} "
            f"{localize(rule.summary, language)}"
        )
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from mkdocs_threatpub.core.schema import front_matter_json_schema

    text = json.dumps(front_matter_json_schema(args.meta_key), ensure_ascii=False, indent=2)
    if args.output is None:
        print(text)
        return EXIT_OK
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    return EXIT_OK
