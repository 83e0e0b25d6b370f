"""``threatpub check`` (the pre-commit and CI gate) and ``threatpub baseline``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mkdocs_threatpub.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    add_cache,
    add_config_file,
    add_jobs,
    add_lang,
    add_now,
    language,
    load_site,
    make_build,
    output_target,
    shown,
)
from mkdocs_threatpub.cli.site import Site
from mkdocs_threatpub.core.baseline import (
    BaselineEntry,
    BaselineError,
    read_entries,
    write_baseline,
)
from mkdocs_threatpub.core.engine import Judgement
from mkdocs_threatpub.core.files import write_text_atomically
from mkdocs_threatpub.core.findings import Action, Verdict
from mkdocs_threatpub.core.i18n import localize
from mkdocs_threatpub.pipeline.build import Build, BuildError
from mkdocs_threatpub.pipeline.pages import NoSuchPath, collect_pages
from mkdocs_threatpub.pipeline.paths import (
    RefusedPath,
    cannot_write,
    option_name,
    output_file,
    usable_output,
)
from mkdocs_threatpub.pipeline.session import SUPPRESSIBLE
from mkdocs_threatpub.reports.formats import FORMATS

__all__ = ["CheckResult", "add_commands", "judge", "judge_pages"]

_DEFAULT_BASELINE = ".threatpub/baseline.json"


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = sub.add_parser("check", help="judge Markdown pages (pre-commit and CI gate)")
    check.add_argument("paths", nargs="*", metavar="PATH", help="Markdown files or folders")
    add_config_file(check)
    check.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), json (the JSON report), sarif (SARIF 2.1.0), junit "
        "(JUnit XML, one test case per page), github (Actions annotations) or html (the "
        "status of every page and the coming releases, one self-contained HTML file)",
    )
    add_lang(check)
    check.add_argument(
        "--output",
        type=Path,
        help="write the report here instead of stdout (refused inside docs_dir or site_dir)",
    )
    add_now(check)
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
    add_jobs(check)
    add_cache(check)
    check.set_defaults(run=_check)

    baseline = sub.add_parser(
        "baseline",
        help="accept every current content finding (CAC401–CAC407) in the baseline file",
        description="Judge the pages and write every unsuppressed Article 4 content finding "
        "to the baseline file as a fingerprint (never the text), replacing stale entries.",
    )
    baseline.add_argument("paths", nargs="*", metavar="PATH", help="Markdown files or folders")
    add_config_file(baseline)
    baseline.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="baseline file to write (default: the plugin's `baseline` "
        f"option, else {_DEFAULT_BASELINE}; refused inside docs_dir or site_dir)",
    )
    add_now(baseline)
    add_jobs(baseline)
    add_cache(baseline)
    baseline.set_defaults(run=_baseline)


@dataclass(frozen=True)
class CheckResult:
    """What ``threatpub check`` judged: one set of judgements, rendered in any format or
    language (the report's words are localized at output; verdicts never depend on them)."""

    build: Build
    language: str

    @property
    def judgements(self) -> list[Judgement]:
        return list(self.build.judgements.values())

    def render(self, format: str, language: str | None = None, fail_on: str = "hold") -> str:
        return self.build.render(format, language or self.language, fail_on)

    def exit_code(self, fail_on: str) -> int:
        return EXIT_FINDINGS if reaches(self.judgements, fail_on) else EXIT_OK


def judge_pages(args: argparse.Namespace, site: Site | None, build: Build) -> None:
    """Judge the pages ``args.paths`` names (else all of ``docs_dir``), then apply the
    takedowns file as the plugin does."""
    try:
        pages = collect_pages(getattr(args, "paths", []), site.layout if site else None)
        build.judge(pages.pages)
        for warning in build.warnings:  # the judging cache could not be used
            print(f"threatpub: warning: {localize(warning, language(args, build.options))}",
                  file=sys.stderr)  # fmt: skip
        if site is not None:
            build.take_down(pages.all_markdown)
    except NoSuchPath as exc:
        raise UsageError(str(exc)) from None
    except BuildError as exc:
        problems = "".join(f"\n{problem}" for problem in exc.problems)
        raise UsageError(f"{exc}{problems}") from None


def judge(args: argparse.Namespace, site: Site | None) -> CheckResult:
    """Judge as ``threatpub check`` does, without writing the report."""
    if args.baseline is not None and not args.baseline.is_file():
        raise UsageError(f"--baseline: no such file: {args.baseline}")
    build = make_build(args, site, baseline=args.baseline)
    judge_pages(args, site, build)
    return CheckResult(build, language(args, site.options if site else None))


def _check(args: argparse.Namespace) -> int:
    site = load_site(args)
    # The report names held pages: never where the site would publish it.
    target = output_target(args.output, "--output", site) if args.output else None
    result = judge(args, site)
    text = result.render(args.format, fail_on=args.fail_on)
    if target is None:
        print(text)
        return result.exit_code(args.fail_on)
    try:
        write_text_atomically(target, text + "\n")
    except OSError as exc:
        raise UsageError(cannot_write("--output", args.output, exc)) from None
    return result.exit_code(args.fail_on)


def _baseline(args: argparse.Namespace) -> int:
    site = load_site(args)
    # Judge without the old baseline: what it accepted is current again, and is kept.
    build = make_build(args, site, with_baseline=False)
    what = "--output"
    if args.output is not None:
        target = output_target(args.output, what, site, example=_DEFAULT_BASELINE)
    else:
        what = option_name("baseline")
        try:
            if site is not None:
                option = site.options.baseline or _DEFAULT_BASELINE
                target = output_file("baseline", option, site.layout, writing=True) or Path(option)
            else:
                target = usable_output(Path(_DEFAULT_BASELINE), what, _DEFAULT_BASELINE)
        except RefusedPath as exc:
            raise UsageError(str(exc)) from None
    try:
        old = set(read_entries(target, SUPPRESSIBLE))
    except BaselineError as exc:
        raise UsageError(f"{exc} (delete the file to start a new baseline)") from None
    judge_pages(args, site, build)
    judgements = list(build.judgements.values())
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
        raise UsageError(cannot_write(what, target, exc)) from None
    print(
        f"threatpub: wrote {shown(target)}: {len(added)} added, "
        f"{len(kept) + len(untouched)} kept, {len(removed)} removed "
        f"({len(current | untouched)} accepted finding(s) on "
        f"{len({e.page for e in current | untouched})} page(s))"
    )
    return EXIT_OK


def reaches(judgements: Sequence[Judgement], level: str) -> bool:
    """Whether any page reaches ``level`` (``fail``, ``hold`` or ``warn``)."""
    if level == "fail":
        return any(j.verdict is Verdict.FAIL for j in judgements)
    if level == "hold":
        return any(j.verdict is not Verdict.PUBLISH for j in judgements)
    return any(
        j.verdict is not Verdict.PUBLISH or any(f.action is Action.WARN for f in j.findings)
        for j in judgements
    )
