"""``threatpub stage``: a copy of ``docs_dir`` holding only what may be published, for
hosts that run no MkDocs plugins (the decisions: :mod:`mkdocs_threatpub.pipeline.stage`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from mkdocs_threatpub.cli.check import judge_pages
from mkdocs_threatpub.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    add_config_file,
    add_jobs,
    add_lang,
    add_now,
    language,
    load_site,
    make_build,
    shown,
)
from mkdocs_threatpub.core.files import write_text_atomically
from mkdocs_threatpub.pipeline import stage
from mkdocs_threatpub.pipeline.siteconfig import ConfigFileError, read_config_keeping_tags
from mkdocs_threatpub.reports.text import format_finding, format_judgements, summary_lines

__all__ = ["add_commands"]


_DESCRIPTION = (
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
)


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    stage = sub.add_parser(
        "stage",
        help="copy docs_dir without held and removed pages (hosts that run no plugins)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_DESCRIPTION,
    )
    stage.add_argument(
        "dest", type=Path, metavar="DEST", help="folder to write the copy to (replaced as a whole)"
    )
    add_config_file(stage)
    stage.add_argument(
        "--config-out",
        type=Path,
        metavar="FILE",
        help="also write a config that builds DEST without this plugin "
        "(beside mkdocs.yml, e.g. mkdocs.staged.yml)",
    )
    add_now(stage)
    stage.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="baseline of accepted content findings (default: the plugin's `baseline` option)",
    )
    add_lang(stage)
    add_jobs(stage)
    stage.set_defaults(run=_stage)


def _stage(args: argparse.Namespace) -> int:
    site = load_site(args, required=True)
    assert site is not None
    layout = site.layout
    places = {"docs_dir": layout.docs_dir, "site_dir": layout.site_dir}
    try:
        dest = stage.check_destination(args.dest, config_file=layout.config_file, **places)
        config_out: Path | None = None
        config = None
        if args.config_out is not None:
            config_out = stage.check_config_out(
                args.config_out, config_file=layout.config_file, dest=dest, **places
            )
            config = read_config_keeping_tags(layout.config_file)
    except (stage.StageError, ConfigFileError) as exc:
        raise UsageError(str(exc)) from None
    if args.baseline is not None and not args.baseline.is_file():
        raise UsageError(f"--baseline: no such file: {args.baseline}")
    build = make_build(args, site, baseline=args.baseline)
    args.paths = []  # always the whole docs_dir of mkdocs.yml
    judge_pages(args, site, build)
    lang = language(args, site.options)
    judgements = list(build.judgements.values())
    if build.failing:
        body = format_judgements(judgements, language=lang)
        print("\n".join([body, *summary_lines(judgements, with_fixes=False, language=lang)]))
        print(f"threatpub: nothing was staged to {shown(dest)}: a page fails (listed above)")
        return EXIT_FINDINGS
    try:
        plan = stage.plan_stage(build)
        text = None
        if config_out is not None and config is not None:
            # Made before DEST is replaced: an error changes nothing.
            kept_out = [j.path for j in plan.kept_out]
            text = stage.staged_config(config, layout.config_file, dest, config_out, kept_out)
        stage.write_stage(plan, layout.docs_dir, dest)
        if config_out is not None and text is not None:
            write_text_atomically(config_out, text)
    except (stage.StageError, ConfigFileError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot stage to {shown(dest)}: {exc}") from None
    for line in stage.report_lines(plan, lang):
        print(line)
    for path, judged in plan.unlinked:
        print(format_finding(path, judged, language=lang))
    if config_out is not None:
        print(stage.config_line(shown(config_out), lang))
    print(stage.summary_line(plan, shown(dest), lang))
    return EXIT_OK
