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
import secrets
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mkdocs_threatpub.core.engine import Judge, JudgedFinding, Judgement
from mkdocs_threatpub.core.findings import Action, Finding, Verdict
from mkdocs_threatpub.core.i18n import localize, t
from mkdocs_threatpub.core.inherit import merge_inherited
from mkdocs_threatpub.core.links import (
    MARKDOWN_SUFFIXES,
    KeptOutTargets,
    local_references,
    page_url,
    unlink_markdown,
)
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.reports.text import verdict_word

__all__ = [
    "CONFIG_HEADER",
    "MARKER",
    "StageError",
    "StagePlan",
    "check_config_out",
    "check_destination",
    "config_line",
    "docs_files",
    "plain_value",
    "plan_stage",
    "read_site_config",
    "report_lines",
    "staged_config",
    "summary_line",
    "write_stage",
]

# Written at the top of DEST. Dot-files are left out of MkDocs builds by default, and its
# text names no page, so even a host that published it would show nothing held.
MARKER = ".threatpub-stage"
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
    real = target.parent.resolve() / target.name
    for folder, what in ((dest, "DEST"), (docs_dir, "docs_dir"), (site_dir, "site_dir")):
        if _inside(real, folder.resolve()):
            raise StageError(f"--config-out {path} is inside {what}")
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


def _is_page(path: str) -> bool:
    return path.endswith(MARKDOWN_SUFFIXES)


def docs_files(
    docs_dir: Path, excluded: Callable[[str], bool], exclude_docs: str = ""
) -> list[str]:
    """Docs-relative paths of the files to consider copying, sorted.

    Every file MkDocs would use (its default exclusions and ``exclude_docs`` respected), and
    also dot-files that are not Markdown and that ``exclude_docs`` itself does not name:
    plugins read them as data (Material's blog ``.authors.yml``, its meta plugin's
    ``.meta.yml``) and a build leaves them out of the site by the same default. Files in
    dot-folders and ``templates/`` at the top stay out, as MkDocs leaves them.
    """
    own_spec = _gitignore(exclude_docs)
    out = []
    for dirpath, dirnames, filenames in os.walk(docs_dir, followlinks=True):
        dirnames.sort()
        folder = Path(dirpath).relative_to(docs_dir).as_posix()
        for name in sorted(filenames):
            rel = name if folder == "." else f"{folder}/{name}"
            used = not excluded(rel)
            if used or (_plugin_data(rel) and not own_spec.match_file(rel)):
                out.append(rel)
    return out


def _plugin_data(rel: str) -> bool:
    *folders, name = rel.split("/")
    return (
        name.startswith(".")
        and rel != MARKER
        and not _is_page(name)
        and not any(part.startswith(".") for part in folders)
        and not (folders and folders[0] == "templates")
    )


def _gitignore(lines: str) -> Any:
    import pathspec  # what MkDocs uses for exclude_docs

    return pathspec.gitignore.GitIgnoreSpec.from_lines(lines.splitlines())


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

    @property
    def held(self) -> int:
        return sum(1 for j in self.kept_out if j.verdict is not Verdict.REMOVED)

    @property
    def removed(self) -> int:
        return sum(1 for j in self.kept_out if j.verdict is Verdict.REMOVED)


def plan_stage(
    files: Sequence[str],
    judgements: Iterable[Judgement],
    read: Callable[[str], Page],
    judge: Judge,
    *,
    site_url: str | None = None,
    directory_urls: bool = True,
    generated: dict[str, str] | None = None,
) -> StagePlan:
    """Decide the copy: ``files`` from :func:`docs_files`, pages judged, ``read`` parses one.

    Pages not judged (none, unless a file appeared meanwhile) are not copied: nothing goes
    out unchecked. ``generated`` are pages the plugin adds to a build (the option
    ``rules_reference``), docs-relative path → Markdown: written too, never judged, as the
    plugin does; one that would replace a file of the site is an error, as in the plugin.
    """
    by_path = {j.path: j for j in judgements}
    plan = StagePlan()
    kept_out = {p for p, j in by_path.items() if j.keeps_out}
    published = [p for p in files if _is_page(p) and p in by_path and p not in kept_out]
    plan.kept_out = sorted((by_path[p] for p in kept_out), key=lambda j: j.path)
    others = [p for p in files if not _is_page(p)]
    left_out = set(_attachments(others, kept_out, published, read))
    plan.attachments = sorted(left_out)
    plan.others = [p for p in others if p not in left_out]
    plan.pages = published
    plan.generated = dict(generated or {})
    _check_generated(plan.generated, files)
    targets = KeptOutTargets(kept_out, site_url, directory_urls)
    if targets:
        for path in published:
            _unlink(path, read(path), targets, judge, plan)
    return plan


def _check_generated(generated: dict[str, str], files: Sequence[str]) -> None:
    urls = {page_url(p): p for p in files if _is_page(p)}
    for path in generated:
        clash = path if path in files else urls.get(page_url(path))
        if clash is not None:
            raise StageError(
                f"the rules reference page {path} would replace {clash} of docs_dir (the "
                "plugin refuses this too): choose another `rules_reference` folder, or "
                "rename that file"
            )


def _attachments(
    others: list[str], kept_out: set[str], published: list[str], read: Callable[[str], Page]
) -> Iterator[str]:
    """As the plugin's ``_hold_attachments``: a kept-out page's own folder and the files it
    references, unless a published page references them too."""
    if not others or not kept_out:
        return
    own_dirs = tuple(posixpath.splitext(p)[0] + "/" for p in kept_out)
    held_refs: set[str] = set()
    for path in sorted(kept_out):
        held_refs |= local_references(path, read(path).tokens)
    candidates = [f for f in others if f.startswith(own_dirs) or f in held_refs]
    if not candidates:
        return
    # Only published pages that mention a candidate's file name can share it.
    names = {posixpath.basename(f) for f in candidates}
    shared: set[str] = set()
    for path in published:
        page = read(path)
        if any(name in page.source for name in names):
            shared |= local_references(path, page.tokens)
    yield from (f for f in candidates if f not in shared)


def _unlink(path: str, page: Page, targets: KeptOutTargets, judge: Judge, plan: StagePlan) -> None:
    if not page.source or not targets.may_link(page.body):
        return
    body, removed = unlink_markdown(page.body, page.tokens, lambda href: targets.target(href, path))
    if not removed:
        return
    prefix = page.source[: len(page.source) - len(page.body)]
    plan.rewritten[path] = prefix + body
    plan.links_removed += len(removed)
    rule = judge.by_code["LINK001"]
    for item in removed:
        finding = _link_finding(item.target, page.body_line(item.line))
        action = judge.action_for(rule, finding)
        if action is not Action.OFF:  # as in the plugin: unlinked, just not reported
            plan.unlinked.append((path, JudgedFinding(finding, rule, action)))


def _link_finding(target: str, line: int) -> Finding:
    return Finding(
        "LINK001",
        line,
        t(
            f"links to {target}, which is left out of the staged copy; the link was removed "
            "and its text kept",
            f"链接到 {target}，该页面未复制到待发布副本；链接已去除，文字保留",
        ),
        expected=t("links only to pages that are published", "只链接到已发布的页面"),
        found=target,
        fix=t(
            "remove the link, or publish the linked page (the next `threatpub stage` keeps "
            "the link once it is)",
            "删除该链接，或发布被链接的页面（页面发布后，下次 `threatpub stage` 会保留链接）",
        ),
    )


# -- writing the copy ----------------------------------------------------------------------


def write_stage(plan: StagePlan, docs_dir: Path, dest: Path) -> None:
    """Write the copy to a new sibling of ``dest``, then swap it in: never half a copy."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    stem = f".{dest.name}.threatpub-{os.getpid()}-{secrets.token_hex(4)}"
    fresh = dest.parent / stem
    fresh.mkdir()  # the umask applies, as it would to a folder the user made
    old: Path | None = None
    try:
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
        (fresh / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
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


# -- the config for building the copy ------------------------------------------------------


class _Tagged:
    """A YAML value with a tag MkDocs resolves (``!ENV``, ``!relative``,
    ``!!python/name:``): written back as found, for the build to resolve."""

    def __init__(self, tag: str, kind: str, value: Any) -> None:
        self.tag, self.kind, self.value = tag, kind, value


class _Loader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.MappingNode):
        return _Tagged(node.tag, "mapping", loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, "sequence", loader.construct_sequence(node, deep=True))
    return _Tagged(node.tag, "scalar", loader.construct_scalar(node))  # type: ignore[arg-type]


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if data.kind == "mapping":
        return dumper.represent_mapping(data.tag, data.value)
    if data.kind == "sequence":
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Dumper.add_representer(_Tagged, _represent_tagged)


def read_site_config(config_file: Path) -> dict[str, Any]:
    """``mkdocs.yml`` with ``INHERIT`` merged as MkDocs merges it (mergedeep: mappings
    merge, anything else is replaced), tags kept for writing back."""
    return _read_chain(Path(os.path.abspath(config_file)), ())


def _read_chain(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    if path in seen:
        raise StageError(f"{path}: INHERIT loops back to itself")
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except OSError as exc:
        raise StageError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise StageError(f"{path}: invalid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise StageError(f"{path}: expected a mapping of options")
    parent = data.pop("INHERIT", None)
    if parent:
        base = _read_chain(Path(os.path.normpath(path.parent / str(parent))), (*seen, path))
        data = merge_inherited(base, data)
    return data


def plain_value(value: Any) -> Any:
    """A config value as MkDocs reads it, for the few ``stage`` needs (``!ENV`` resolved)."""
    if isinstance(value, _Tagged) and value.tag == "!ENV":
        names = value.value if isinstance(value.value, list) else [value.value]
        *keys, default = names if len(names) > 1 else (*names, None)
        for key in keys:
            if str(key) in os.environ:
                return yaml.safe_load(os.environ[str(key)])
        return default
    return None if isinstance(value, _Tagged) else value


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
        data["plugins"] = _without_threatpub(data["plugins"])
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
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


def _without_threatpub(plugins: Any) -> Any:
    if isinstance(plugins, dict):
        items = list(plugins.items())
    elif isinstance(plugins, list):
        items = [
            next(iter(entry.items()))
            if isinstance(entry, dict) and len(entry) == 1
            else (entry, None)
            for entry in plugins
        ]
    else:
        raise StageError(
            "cannot drop the threatpub plugin from `plugins:` (neither a list nor a mapping)"
        )
    out: list[Any] = []
    for name, options in items:
        if isinstance(name, str) and name.split("/")[-1] == "threatpub":
            continue
        out.append(name if options is None else {name: options})
    return out


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
