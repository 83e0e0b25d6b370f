"""``threatpub stage``: a copy of ``docs_dir`` that holds only what may be published.

For hosts that read ``mkdocs.yml`` but run no MkDocs plugins (Zensical). The pages are
judged as ``threatpub check -f mkdocs.yml`` judges them; the copy then leaves out what the
plugin would keep out of a build:

- held and removed pages, and their attachments (files in the page's own folder
  ``<page-stem>/`` or referenced only by kept-out pages: the plugin's rule);
- links to kept-out pages from published pages, unlinked in the Markdown (there is no
  rendering step to do it in), with each one reported as LINK001 does;
- with ``--config-out``, kept-out pages in an explicit ``nav:`` (a plain build would list
  them, or warn that they are missing).

Nothing here imports MkDocs: a Zensical host may not have it.
"""

from __future__ import annotations

import os
import posixpath
import re
import secrets
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs_threatpub.core.engine import JudgedFinding, Judgement
from mkdocs_threatpub.core.findings import Verdict
from mkdocs_threatpub.core.i18n import localize, t
from mkdocs_threatpub.core.links import KeptOutTargets, unlink_markdown
from mkdocs_threatpub.pipeline.build import Build
from mkdocs_threatpub.pipeline.manual import ManualClash, manual_pages
from mkdocs_threatpub.pipeline.options import is_markdown
from mkdocs_threatpub.pipeline.pages import STAGE_MARKER, docs_files
from mkdocs_threatpub.pipeline.siteconfig import tagged_yaml, without_plugin
from mkdocs_threatpub.reports.text import verdict_word

__all__ = [
    "CONFIG_HEADER",
    "MARKER",
    "StageError",
    "StagePlan",
    "check_config_out",
    "check_destination",
    "config_line",
    "plan_stage",
    "remove_leftovers",
    "report_lines",
    "staged_config",
    "summary_line",
    "write_stage",
]

# Written at the top of DEST. Dot-files are left out of MkDocs builds by default, and its
# text names no page, so even a host that published it would show nothing held.
MARKER = STAGE_MARKER
_MARKER_TEXT = (
    "This folder was written by `threatpub stage` (mkdocs-threatpub): a copy of docs_dir\n"
    "without held and removed pages. The next `threatpub stage` replaces all of it.\n"
)
# The first line of a --config-out file; a file without it is never overwritten.
CONFIG_HEADER = "# Written by `threatpub stage`"


class StageError(Exception):
    """A destination or configuration that cannot be used (CLI exit code 2)."""


# -- where the copy goes -----------------------------------------------------------------


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def check_destination(dest: Path, *, docs_dir: Path, site_dir: Path, config_file: Path) -> Path:
    """DEST, resolved; refused where replacing it could lose or publish something."""
    target = Path(os.path.realpath(dest))
    docs, site = docs_dir.resolve(), site_dir.resolve()
    if _inside(target, docs) or _inside(docs, target):
        raise StageError(
            f"DEST {dest} overlaps docs_dir {docs}: give a folder outside it (and not one "
            "that contains it), e.g. a sibling such as build/staged-docs"
        )
    if _inside(target, site) or _inside(site, target):
        raise StageError(
            f"DEST {dest} overlaps site_dir {site}: the next build would delete it, or publish it"
        )
    if _inside(config_file.resolve().parent, target):
        raise StageError(f"DEST {dest} contains the project's {config_file.name}")
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise StageError(f"DEST {dest} exists and is not a folder")
        if any(target.iterdir()) and not (target / MARKER).is_file():
            raise StageError(
                f"DEST {dest} is not empty and was not written by `threatpub stage` (it has "
                f"no {MARKER} file); give a new or empty folder"
            )
    return target


def check_config_out(
    path: Path, *, config_file: Path, dest: Path, docs_dir: Path, site_dir: Path
) -> Path:
    """The --config-out file, absolute; it must sit beside ``mkdocs.yml``.

    The original's relative paths (``site_dir``, ``theme.custom_dir``, ``hooks``,
    ``!relative $config_dir``) are relative to the config file's folder, so only there do
    they mean the same.
    """
    target = Path(os.path.abspath(path))
    config_dir = config_file.resolve().parent
    if target.parent.resolve() != config_dir:
        raise StageError(
            f"--config-out {path}: write it in the folder of {config_file.name} ({config_dir}), "
            "so that the relative paths it inherits (site_dir, theme.custom_dir, hooks) mean "
            "the same"
        )
    # A symbolic link is followed when the file is written: decide on where it points.
    real = Path(os.path.realpath(target))
    resolves = (
        f" (which resolves to {real})" if real != target.parent.resolve() / target.name else ""
    )
    for folder, what in ((dest, "DEST"), (docs_dir, "docs_dir"), (site_dir, "site_dir")):
        if _inside(real, folder.resolve()):
            raise StageError(
                f"--config-out {path}{resolves} is inside {what}; write it beside "
                f"{config_file.name}, e.g. mkdocs.staged.yml"
            )
    if real.exists():
        if not real.is_file():
            raise StageError(f"--config-out {path} exists and is not a file")
        with real.open(encoding="utf-8", errors="replace") as handle:
            first = handle.readline()
        if not first.startswith(CONFIG_HEADER):
            raise StageError(
                f"--config-out {path} exists and was not written by `threatpub stage`; "
                "choose another name (e.g. mkdocs.staged.yml)"
            )
    return real


# -- what is copied ------------------------------------------------------------------------


@dataclass
class StagePlan:
    """What goes to DEST, what stays out and why."""

    pages: list[str] = field(default_factory=list)  # published pages, copied
    others: list[str] = field(default_factory=list)  # other files, copied
    kept_out: list[Judgement] = field(default_factory=list)  # held and removed pages
    attachments: list[str] = field(default_factory=list)  # their files, left out
    rewritten: dict[str, str] = field(default_factory=dict)  # page → Markdown with unlinks
    generated: dict[str, str] = field(default_factory=dict)  # rules reference page → Markdown
    unlinked: list[tuple[str, JudgedFinding]] = field(default_factory=list)  # LINK001
    links_removed: int = 0  # with those whose LINK001 is set to `off`
    leftovers: list[Path] = field(default_factory=list)  # of interrupted runs, removed

    @property
    def held(self) -> int:
        return sum(1 for j in self.kept_out if j.verdict is not Verdict.REMOVED)

    @property
    def removed(self) -> int:
        return sum(1 for j in self.kept_out if j.verdict is Verdict.REMOVED)


def plan_stage(build: Build) -> StagePlan:
    """Decide the copy of the judged site: the build's pages are judged already.

    Pages not judged (none, unless a file appeared meanwhile) are not copied: nothing goes
    out unchecked. The rules reference (option ``rules_reference``) is written too, never
    judged, as the plugin adds it to a build; one that would replace a file of the site is
    an error, as in the plugin.
    """
    layout = build.layout
    files = docs_files(layout)
    plan = StagePlan()
    kept_out = build.kept_out
    judged = set(build.judgements)
    published = [p for p in files if is_markdown(p) and p in judged and p not in kept_out]
    plan.kept_out = sorted((build.judgements[p] for p in kept_out), key=lambda j: j.path)
    # Files copied as they are: those judged by content (pipeline.filetypes) stay out when
    # kept out, like pages; the others stay out with the page they belong to.
    others = [p for p in files if not is_markdown(p) and p not in kept_out]
    left_out, _ = build.attachments(others, lambda rel: _read(layout.docs_dir, rel))
    plan.attachments = sorted(left_out)
    plan.others = [p for p in others if p not in left_out]
    plan.pages = published
    try:
        plan.generated = manual_pages(
            build.options.rules_reference,
            build.options.language,
            {path: path for path in files},
            layout.use_directory_urls,
        )
    except ManualClash as exc:
        raise StageError(str(exc)) from None
    targets = build.link_targets()
    if targets:
        for path in published:
            _unlink(path, build, targets, plan)
    return plan


def _read(docs_dir: Path, rel: str) -> bytes | None:
    try:
        return (docs_dir / rel).read_bytes()
    except OSError:
        return None


def _unlink(path: str, build: Build, targets: KeptOutTargets, plan: StagePlan) -> None:
    raw = _read(build.layout.docs_dir, path)
    if raw is None:
        return
    page = build.read(path, raw)
    if not page.source or not targets.may_link(page.body):
        return
    body, removed = unlink_markdown(page.body, lambda href: targets.target(href, path))
    if not removed:
        return
    prefix = page.source[: len(page.source) - len(page.body)]
    plan.rewritten[path] = prefix + body
    plan.links_removed += len(removed)
    links = [(item.target, page.body_line(item.line)) for item in removed]
    plan.unlinked.extend((path, judged) for judged in build.unlinked(path, links))


# -- writing the copy ----------------------------------------------------------------------


def write_stage(plan: StagePlan, docs_dir: Path, dest: Path) -> None:
    """Write the copy to a new sibling of ``dest``, then swap it in: never half a copy.

    The sibling carries the marker from the start, so that a run killed mid-copy leaves a
    folder the next run recognises as its own and removes (:func:`remove_leftovers`, listed
    in ``plan.leftovers``).
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    plan.leftovers = remove_leftovers(dest)
    stem = f".{dest.name}.threatpub-{os.getpid()}-{secrets.token_hex(4)}"
    fresh = dest.parent / stem
    fresh.mkdir()  # the umask applies, as it would to a folder the user made
    old: Path | None = None
    try:
        (fresh / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        for rel in [*plan.pages, *plan.others]:
            target = fresh / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            text = plan.rewritten.get(rel)
            if text is None:
                shutil.copy2(docs_dir / rel, target)
            else:
                target.write_text(text, encoding="utf-8", newline="")
                shutil.copystat(docs_dir / rel, target)
        for rel, text in plan.generated.items():
            target = fresh / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if dest.exists():
            old = dest.parent / f"{stem}-old"
            os.replace(dest, old)
        os.replace(fresh, dest)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        if old is not None and not dest.exists():
            os.replace(old, dest)  # put the previous copy back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def remove_leftovers(dest: Path) -> list[Path]:
    """Remove what earlier runs killed mid-copy left beside ``dest``; returns what went.

    Only folders this module makes are touched: named ``.<DEST>.threatpub-<pid>-<8 hex>``
    (``-old`` for a previous copy being swapped out), real folders (not links), holding the
    marker file this module writes, and made by a process that is no longer running (a
    concurrent run's copy is left alone). Anything else beside DEST is never touched.
    """
    removed: list[Path] = []
    try:
        siblings = list(dest.parent.iterdir())
    except OSError:
        return removed
    for path in sorted(siblings):
        match = _LEFTOVER.fullmatch(path.name)
        if match is None or match["dest"] != dest.name or path.is_symlink():
            continue
        if not path.is_dir() or not _has_marker(path) or _running(int(match["pid"]), path):
            continue
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            removed.append(path)
    return removed


# The temporary folders of write_stage: `.<dest>.threatpub-<pid>-<token>[-old]`.
_LEFTOVER = re.compile(r"\.(?P<dest>.+)\.threatpub-(?P<pid>[0-9]+)-[0-9a-f]{8}(?:-old)?")
# A leftover on a system where a process cannot be asked whether it runs: old enough.
_STALE_SECONDS = 24 * 3600


def _has_marker(folder: Path) -> bool:
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return False
    try:
        with marker.open(encoding="utf-8", errors="replace") as handle:
            first = handle.readline()
    except OSError:
        return False
    return first == _MARKER_TEXT.splitlines(keepends=True)[0]


def _running(pid: int, folder: Path) -> bool:
    """Whether the run that made ``folder`` (process ``pid``) may still be writing it."""
    if pid == os.getpid():
        return True  # this very run's (never a leftover)
    if os.name != "posix":
        # os.kill would end the process on Windows: judge by age instead.
        try:
            age = time.time() - folder.stat().st_mtime
        except OSError:
            return True
        return age < _STALE_SECONDS
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists (another user's): leave it
    return True


# -- the config for building the copy ------------------------------------------------------


def staged_config(
    config: dict[str, Any], config_file: Path, dest: Path, out: Path, kept_out: Iterable[str]
) -> str:
    """The text of a config that builds the staged copy without this plugin.

    It is the original, ``INHERIT`` merged in and tags kept, with ``docs_dir`` set to DEST,
    kept-out pages pruned from ``nav:`` and the ``threatpub`` plugin dropped from
    ``plugins:`` (it need not be installed where the copy is built). A self-contained file
    rather than one that inherits: hosts that read ``mkdocs.yml`` may not follow
    ``INHERIT``, and one that ignored it would build the original ``docs_dir``.
    """
    data = dict(config)
    data["docs_dir"] = Path(os.path.relpath(dest, out.parent)).as_posix()
    if "nav" in data and isinstance(data["nav"], list):
        data["nav"] = _prune_nav(data["nav"], set(kept_out))
    if "plugins" in data:
        data["plugins"] = without_plugin(data["plugins"])
    body = tagged_yaml(data)
    header = (
        f"{CONFIG_HEADER} from {config_file.name}: build the staged copy in "
        f"{data['docs_dir']} with\n"
        f"#   mkdocs build -f {out.name}    (or: zensical build -f {out.name})\n"
        "# Held and removed pages are left out of docs_dir and nav; the threatpub plugin is\n"
        "# not listed (it already judged the pages). The next `threatpub stage --config-out`\n"
        "# replaces this file: edit the original instead.\n"
    )
    return header + body


def _nav_target(value: Any) -> str | None:
    return posixpath.normpath(value.lstrip("/")) if isinstance(value, str) else None


def _prune_nav(items: list[Any], kept_out: set[str]) -> list[Any]:
    kept: list[Any] = []
    for item in items:
        if isinstance(item, dict) and len(item) == 1:
            title, value = next(iter(item.items()))
            if isinstance(value, list):
                children = _prune_nav(value, kept_out)
                if children:
                    kept.append({title: children})
                continue
            if _nav_target(value) in kept_out:
                continue
        elif _nav_target(item) in kept_out:
            continue
        kept.append(item)
    return kept


# -- what the command prints -----------------------------------------------------------------


def report_lines(plan: StagePlan, language: str = "en") -> list[str]:
    """What was left out and why (verdict and rule codes, never content), then a summary.

    The unlinked links (LINK001) are printed by the caller, as findings.
    """
    lines = []
    for judgement in plan.kept_out:
        codes = ", ".join(judgement.codes) or "-"
        verdict = verdict_word(judgement.verdict, language)
        lines.append(
            localize(
                t(
                    f"threatpub: left out {judgement.path}: {verdict} [{codes}]",
                    f"threatpub：未复制 {judgement.path}：{verdict} [{codes}]",
                ),
                language,
            )
        )
    for folder in plan.leftovers:
        lines.append(
            localize(
                t(
                    f"threatpub: removed {folder.name}, left beside DEST by an earlier "
                    "`threatpub stage` that was interrupted",
                    f"threatpub：已删除 {folder.name}，这是此前一次中断的 `threatpub stage` "
                    "留在 DEST 旁的临时文件夹",
                ),
                language,
            )
        )
    for path in plan.attachments:
        lines.append(
            localize(
                t(
                    f"threatpub: left out {path}: attachment of a kept-out page",
                    f"threatpub：未复制 {path}：属于未发布页面的附件",
                ),
                language,
            )
        )
    return lines


def config_line(config_out: str, language: str = "en") -> str:
    return localize(
        t(
            f"threatpub: wrote {config_out}: build the copy with `mkdocs build -f {config_out}` "
            f"(or `zensical build -f {config_out}`)",
            f"threatpub：已写入 {config_out}：用 `mkdocs build -f {config_out}`"
            f"（或 `zensical build -f {config_out}`）构建副本",
        ),
        language,
    )


def summary_line(plan: StagePlan, dest: str, language: str = "en") -> str:
    n_pages = len(plan.pages) + len(plan.generated)
    n_others, n_links = len(plan.others), plan.links_removed
    return localize(
        t(
            f"threatpub: staged {n_pages} page(s) and {n_others} other file(s) to {dest}; "
            f"left out: {plan.held} held, {plan.removed} removed, "
            f"{len(plan.attachments)} attachment(s); unlinked {n_links} link(s)",
            f"threatpub：已将 {n_pages} 个页面和 {n_others} 个其他文件复制到 {dest}；"
            f"未复制：暂缓 {plan.held} 个，下线 {plan.removed} 个，附件 "
            f"{len(plan.attachments)} 个；去除链接 {n_links} 个",
        ),
        language,
    )
