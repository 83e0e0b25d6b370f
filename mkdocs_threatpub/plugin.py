"""The MkDocs adapter: turns build events into core calls and verdicts into MkDocs actions.

Facts this relies on (mkdocs 1.6.1, ``mkdocs/commands/build.py``):
- ``on_files`` runs after ``get_files`` set every file's inclusion and before the nav is
  built or any page is read; ``set_exclusions`` afterwards only touches ``UNDEFINED`` files,
  so a ``DRAFT`` set here survives. Holds are decided here, and nowhere later: a later hold
  would leak through the nav, blog listings and feeds already made.
- ``build`` renders ``DRAFT`` files only under ``serve`` (``InclusionLevel.is_in_serve``).
- A ``DRAFT`` page listed in an explicit ``nav:`` stays in the nav and prev/next links
  (mkdocs/mkdocs#3971), so held pages are pruned in ``on_nav``.
- ``PluginError`` (a ``BuildError``) makes ``mkdocs build`` exit non-zero, with or without
  ``--strict``; warnings alone are not a gate.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkPage
from mkdocs.utils import get_relative_url

from mkdocs_threatpub.config import ThreatpubConfig, output_path, settings_from
from mkdocs_threatpub.core.baseline import load_baseline
from mkdocs_threatpub.core.clock import resolve_now
from mkdocs_threatpub.core.engine import JudgedFinding, Judgement
from mkdocs_threatpub.core.findings import Action, Finding, Verdict
from mkdocs_threatpub.core.i18n import localize, t, zh
from mkdocs_threatpub.core.leaks import (
    MIN_TITLE,
    Needle,
    NeedleSet,
    distinctive_fragments,
    normalise_url,
    unlink_anchors,
)
from mkdocs_threatpub.core.ledger import Decision, LedgerError
from mkdocs_threatpub.core.ledger import append as ledger_append
from mkdocs_threatpub.core.limits import LimitExceeded
from mkdocs_threatpub.core.navtitles import nav_titles
from mkdocs_threatpub.core.page import Page as CorePage
from mkdocs_threatpub.core.rule import Scope
from mkdocs_threatpub.core.session import PageCache, Session
from mkdocs_threatpub.core.takedowns import (
    Takedown,
    TakedownError,
    apply_takedown,
    load_takedowns,
)
from mkdocs_threatpub.reports.banner import render_banner
from mkdocs_threatpub.reports.formats import format_for_file, render, write_text_atomically
from mkdocs_threatpub.reports.github import build_annotations
from mkdocs_threatpub.reports.text import format_finding, summary_lines

__all__ = ["ThreatpubPlugin"]

log = get_plugin_logger("threatpub")

T = TypeVar("T")


def _guarded(method: Callable[..., T]) -> Callable[..., T]:
    """Under ``serve`` an exception makes the live server look stuck: log it instead.

    Under ``build`` an unexpected error becomes one PluginError (fail closed).
    """

    @functools.wraps(method)
    def wrapper(self: ThreatpubPlugin, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except PluginError:
            raise
        except Exception as exc:
            if self.is_serve:
                log.error(f"internal error in {method.__name__}: {type(exc).__name__}: {exc}")
                return args[0] if args else None  # the event's input, unchanged
            raise PluginError(
                f"threatpub: internal error in {method.__name__} ({type(exc).__name__}: {exc}); "
                "no page was published unchecked"
            ) from exc

    return wrapper


class ThreatpubPlugin(BasePlugin[ThreatpubConfig]):
    """Holds back threat-information pages until the publication rules are met."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.cache = PageCache()  # survives serve rebuilds; keyed by source hash
        self._reset()

    def _reset(self) -> None:
        """Per-build state, fresh on every (re)build."""
        self.session: Session | None = None
        self.judgements: dict[str, Judgement] = {}
        self.kept_out: set[str] = set()
        self.report_paths: list[tuple[Path, str]] = []  # (file, format)
        self.rule_docs: dict[str, str] = {}  # rule code -> URL of its reference page
        self.annotated: set[str] = set()  # GitHub annotations already printed this build
        self.material = False
        self.docs_dir = ""
        # LATE001: pages whose rendered HTML has content the source scan did not see, with
        # their output file, deleted from site_dir before the build fails.
        self.late: dict[str, tuple[Path, list[JudgedFinding]]] = {}
        # Takedowns (CAC900/CAC901) and the ledger (SPEC §6).
        self.takedowns_path: Path | None = None
        self.ledger_path: Path | None = None
        self.removed: set[str] = set()
        # LINK001/LEAK001: the build's files and the kept-out pages' URLs.
        self._files: Files | None = None
        self._held_url_map: dict[str, str] | None = None

    # Defining on_startup keeps this object alive across serve rebuilds (mkdocs docs:
    # "Events → on_startup"), so the page cache survives while per-build state is reset.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"

    @property
    def language(self) -> str:
        """``en`` or ``zh``: the language of logs, the banner and the report's messages."""
        return str(self.config.language)

    def _say(self, en: str, zh: str) -> str:
        """A log or error message in the site's language."""
        return localize(t(en, zh), self.language)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._reset()
        if not self.config.enabled:
            return config
        config_dir = Path(config.config_file_path or ".").resolve().parent
        site_dir = Path(config.site_dir)
        try:
            for name in self.config.report:
                report_path = output_path("report", name, config_dir, site_dir)
                if report_path is not None:
                    self.report_paths.append((report_path, format_for_file(name) or "json"))
            self.ledger_path = output_path("ledger", self.config.ledger, config_dir, site_dir)
            baseline_path = output_path("baseline", self.config.baseline, config_dir, site_dir)
            # Not there yet is an empty baseline; a malformed one is a configuration error
            # (BaselineError, a ValueError, names the file and what is wrong).
            baseline = load_baseline(baseline_path)
            now = resolve_now()
        except ValueError as exc:
            raise PluginError(f"threatpub: {exc}") from None
        self.session = Session(settings_from(self.config), now, cache=self.cache, baseline=baseline)
        self.material = config.theme.name == "material"
        self.docs_dir = os.path.normpath(config.docs_dir)
        if self.config.takedowns:
            self.takedowns_path = Path(os.path.abspath(config_dir / self.config.takedowns))
        return config

    # Priority 100: judge before every plugin that lists pages. mkdocs-material's blog
    # plugin collects posts in on_files at priority -50 and skips files that are not
    # included, so a held post must already be DRAFT when it looks.
    @event_priority(100)
    @_guarded
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # The manual is documentation, not a check: added even with `enabled: false`, so
        # that a `nav:` listing it still resolves.
        manual = self._add_rules_reference(files, config)
        if not self.config.enabled or self.session is None:
            return files
        failing: list[Judgement] = []
        titles = nav_titles(config.nav)  # Article 7 looks at nav titles too
        takedowns = self._load_takedowns(files)
        for file in files:
            if not file.is_documentation_page() or file.inclusion is InclusionLevel.EXCLUDED:
                continue
            if file.src_uri in manual:
                # The tool's own manual names 预警 and describes Article 4 content: judging
                # it would hold the manual for documenting the rules.
                continue
            judgement = self.session.judge(
                file.src_uri, file.content_bytes, titles.get(file.src_uri)
            )
            if file.src_uri in takedowns:
                judgement = self._remove(judgement, takedowns[file.src_uri])
            self.judgements[file.src_uri] = judgement
            if judgement.verdict is Verdict.PUBLISH:
                continue
            if judgement.verdict is Verdict.REMOVED:
                # EXCLUDED, not DRAFT: a removed page is not even previewed under serve.
                file.inclusion = InclusionLevel.EXCLUDED
            else:
                file.inclusion = InclusionLevel.DRAFT
            self.kept_out.add(file.src_uri)
            if judgement.verdict is Verdict.FAIL:
                failing.append(judgement)
        self._hold_attachments(files)
        self._hold_attachments(files, self.removed, InclusionLevel.EXCLUDED)
        self._testing_undo_holds(files)  # test hook; a no-op unless the suite sets it
        self._log_judgements()
        self._log_cache_use()
        self._record_ledger()
        if failing and not self.is_serve:
            self._write_report()
            self._log_summary()
            names = ", ".join(j.path for j in failing)
            raise PluginError(
                self._say(
                    f"threatpub: {len(failing)} page(s) cannot be published: {names}. "
                    "Each finding is listed above with its file, line, rule and fix.",
                    f"threatpub：{len(failing)} 个页面不能发布：{names}。"
                    "每项问题及其文件、行号、规则和修改方法已在上方列出。",
                )
            )
        return files

    def _add_rules_reference(self, files: Files, config: MkDocsConfig) -> set[str]:
        """Option ``rules_reference``: one generated page per rule, plus an index.

        Returns their ``src_uri``s. A clash with a file of the site is a configuration
        error naming both (the site's file would silently replace the manual, or the reverse).
        """
        folder = self.config.rules_reference
        if not folder:
            return set()
        from mkdocs_threatpub.reference import page_name, reference_pages
        from mkdocs_threatpub.rules import ALL_RULES

        generated = [
            File.generated(config, f"{folder}/{name}", content=text)
            for name, text in reference_pages(self.language).items()
        ]
        by_dest = {file.dest_uri: file for file in files}
        for page in generated:
            clash = files.get_file_from_path(page.src_uri) or by_dest.get(page.dest_uri)
            if clash is not None:
                raise PluginError(
                    f"threatpub option 'rules_reference: {folder}': the generated page "
                    f"{page.src_uri} would be written to {page.dest_uri}, as is "
                    f"{_file_name(clash, config)}. Choose another folder for the rules "
                    "reference, or rename that file."
                )
        for page in generated:
            files.append(page)
        # The serve banner links each finding to its rule's page.
        by_name = {page_name(rule): rule.code for rule in ALL_RULES}
        self.rule_docs = {
            by_name[page.src_uri.rsplit("/", 1)[-1]]: page.url
            for page in generated
            if page.src_uri.rsplit("/", 1)[-1] in by_name
        }
        return {page.src_uri for page in generated}

    def _hold_attachments(
        self,
        files: Files,
        pages: set[str] | None = None,
        level: InclusionLevel = InclusionLevel.DRAFT,
    ) -> None:
        """A held page's own files (its folder, files only it links to) are held with it.

        ``pages`` defaults to every page kept out; removed pages pass ``EXCLUDED``.
        """
        pages = self.kept_out if pages is None else pages
        if not pages or self.session is None:
            return
        others = [
            file
            for file in files
            if not file.is_documentation_page()
            and file.inclusion is not InclusionLevel.EXCLUDED
            and file.src_dir is not None
            and os.path.normpath(file.src_dir) == self.docs_dir  # not the theme's files
        ]
        if not others:
            return  # no attachments at all: no need to parse the held pages' links
        held_refs: set[str] = set()
        own_dirs = tuple(posixpath.splitext(p)[0] + "/" for p in pages)
        for path in pages:
            held_refs |= self._references(path, files)
        candidates = [
            file
            for file in others
            if file.src_uri.startswith(own_dirs) or file.src_uri in held_refs
        ]
        if not candidates:
            return
        # Only published pages that mention a candidate's file name can share it; the
        # substring test spares a Markdown parse of every other page.
        names = {posixpath.basename(f.src_uri) for f in candidates}
        published_refs: set[str] = set()
        for path, judgement in self.judgements.items():
            if judgement.verdict is not Verdict.PUBLISH:
                continue
            file = files.get_file_from_path(path)
            if file is not None and any(name in file.content_string for name in names):
                published_refs |= self._references(path, files)
        for file in candidates:
            if file.src_uri not in published_refs:
                file.inclusion = level

    # -- takedowns (CAC900/CAC901) and the ledger (SPEC §6) ---------------------------------

    def _load_takedowns(self, files: Files) -> dict[str, Takedown]:
        """The takedowns file, checked against the pages; a bad file stops the build."""
        if self.takedowns_path is None:
            return {}
        pages = {f.src_uri for f in files if f.is_documentation_page()}
        try:
            entries = load_takedowns(self.takedowns_path, pages)
        except TakedownError as exc:
            for problem in exc.problems:
                log.error(problem)
            # Raised under serve too: without a usable list a taken-down page would show.
            raise PluginError(
                f"threatpub: the takedowns file {self.takedowns_path} cannot be used "
                f"({len(exc.problems)} problem(s), listed above with their lines)"
            ) from None
        return {entry.page: entry for entry in entries}

    def _remove(self, judgement: Judgement, entry: Takedown) -> Judgement:
        assert self.session is not None
        self.removed.add(judgement.path)
        return apply_takedown(judgement, entry, self.session.judge_)

    def _record_ledger(self) -> None:
        """Append this build's keep-out decisions to the ledger.

        Not under ``serve``: a preview publishes nothing, and its rebuilds on every save
        would bury the decisions of real builds. Unchanged decisions are not repeated.
        """
        if self.ledger_path is None or self.session is None or self.is_serve:
            return
        decisions = [
            Decision(j.path, j.verdict.value, tuple(j.codes), j.sha256)
            for j in sorted(self.judgements.values(), key=lambda j: j.path)
            if j.keeps_out
        ]
        # When the decision was recorded (wall clock, UTC), not the judging `now`, which
        # SOURCE_DATE_EPOCH may pin for reproducible builds.
        time = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        try:
            ledger_append(self.ledger_path, decisions, time)
        except (LedgerError, OSError) as exc:
            raise PluginError(f"threatpub: cannot append to the ledger: {exc}") from None

    def _references(self, path: str, files: Files) -> set[str]:
        assert self.session is not None
        file = files.get_file_from_path(path)
        if file is None:
            return set()
        # Shared with `threatpub stage`, which leaves the same attachments out of its copy.
        from mkdocs_threatpub.core.links import local_references

        return local_references(path, self.session.read(path, file.content_bytes).tokens)

    def _log_cache_use(self) -> None:
        """How many pages were scanned and how many came unchanged from the page cache
        (``mkdocs serve`` rebuilds scan only the pages that were edited)."""
        if self.session is None:
            return
        stats = self.session.judge_.stats
        (log.info if self.is_serve else log.debug)(
            "threatpub: judged %d page(s), reused %d unchanged page(s) from the cache",
            stats.judged,
            stats.reused,
        )

    def _log_judgements(self) -> None:
        for path, judgement in sorted(self.judgements.items()):
            for judged in judgement.findings:
                text = format_finding(path, judged, language=self.language)
                if judgement.verdict is Verdict.FAIL and judged.action.value == "fail":
                    log.error(text)
                elif self.is_serve and judgement.verdict is not Verdict.PUBLISH:
                    log.warning(text)
                else:
                    # Holds are a normal outcome of a build and the summary lists them: keep
                    # the details at DEBUG so `--strict` does not fail every scheduled page.
                    log.debug(text)

    @_guarded
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Prune held pages from an explicit ``nav:`` and repair prev/next (mkdocs#3971).

        Under ``serve`` held pages stay (they are previewed with the banner) but removed
        pages go: a takedown is not even previewed.
        """
        if not self.config.enabled or not self.kept_out:
            return nav
        if _protections_off():
            return nav  # test hook: see _testing_undo_holds
        out = self.removed if self.is_serve else self.kept_out
        if not out:
            return nav
        nav.items = self._prune(nav.items, out)
        pages: list[MkPage] = []
        self._collect_pages(nav.items, pages)
        bookended: list[MkPage | None] = [None, *pages, None]
        for index, page in enumerate(pages):
            page.previous_page = bookended[index]
            page.next_page = bookended[index + 2]
        nav.pages = pages
        if nav.homepage is not None and nav.homepage.file.src_uri in out:
            nav.homepage = None
        return nav

    def _prune(self, items: list[Any], out: set[str]) -> list[Any]:
        kept = []
        for item in items:
            if isinstance(item, MkPage) and item.file.src_uri in out:
                continue
            if isinstance(item, Section):
                item.children = self._prune(item.children, out)
                if not item.children:
                    continue
            kept.append(item)
        return kept

    def _collect_pages(self, items: list[Any], out: list[MkPage]) -> None:
        for item in items:
            if isinstance(item, MkPage):
                out.append(item)
            if isinstance(item, Section):
                self._collect_pages(item.children, out)

    # Priority -100: after the other plugins' on_page_content, so that the late scan sees
    # whatever they added to the page too.
    @event_priority(-100)
    @_guarded
    def _page_content(
        self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Build: scan the rendered page (LATE001). Serve: banner on held/failing pages."""
        if not self.config.enabled:
            return html
        if not self.is_serve:
            self._late_scan(page, html)
            return html
        if not self.config.serve_banner:
            return html
        judgement = self.judgements.get(page.file.src_uri)
        if judgement is None:
            return html
        links = {
            code: get_relative_url(url, page.url)
            for code in judgement.codes
            if (url := self.rule_docs.get(code)) is not None
        }
        banner = render_banner(
            judgement, material=self.material, language=self.language, links=links
        )
        return banner + html

    def _late_scan(self, page: MkPage, html: str) -> None:
        """LATE001: content in a published page's HTML that its Markdown source lacked.

        Holds were decided in ``on_files`` from the source; content pulled in while rendering
        (``pymdownx.snippets``, macros, includes) is too late to hold, so it fails the build.
        """
        from mkdocs_threatpub.scanners.rendered import (
            document_from_html,
            late_hits,
            needs_scan,
        )
        from mkdocs_threatpub.scanners.scan import detectors_for, hits_for, scan_document

        session = self.session
        path = page.file.src_uri
        judgement = self.judgements.get(path)
        if session is None or judgement is None or judgement.verdict is not Verdict.PUBLISH:
            return
        source = session.read(path, page.file.content_bytes)
        codes = {
            code
            for rule in session.judge_.applicable(source)
            if rule.scope is Scope.CONTENT
            for code in (rule.code, *rule.detects_as)
        }
        if not codes:
            return  # the source was not content-scanned (scan_all_pages off): nothing to compare
        detectors = [d for d in detectors_for(session.context) if d.rule in codes]
        if not needs_scan(html, source.body, detectors):
            return
        try:
            source_hits = hits_for(source, session.context)
            found = late_hits(scan_document(document_from_html(html), detectors), source_hits)
        except LimitExceeded as exc:
            late = [exc.finding()]
        else:
            line = _include_line(source)
            late = [_late_finding(hit.what, line) for hit in found if hit.rule in codes]
        if not late:
            return
        judge = session.judge_
        judged = [
            JudgedFinding(f, judge.by_code[f.code], judge.action_for(judge.by_code[f.code], f))
            for f in late
        ]
        for item in judged:
            log.error(format_finding(path, item, language=self.language))
        self.late[path] = (Path(page.file.abs_dest_path), judged)

    # Priority 100: fail before other plugins write what would copy a late page's text
    # (the search index, feeds), and delete its output first.
    @event_priority(100)
    @_guarded
    def _fail_late_pages(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or not self.late:
            return
        for path, (output, judged) in sorted(self.late.items()):
            output.unlink(missing_ok=True)
            judgement = self.judgements[path]
            judgement.findings.extend(judged)
            judgement.verdict = Verdict.FAIL
            self.kept_out.add(path)
        self._log_summary()
        self._write_report()
        self._record_ledger()  # the late failures are decisions that keep pages out too
        names = ", ".join(sorted(self.late))
        raise PluginError(
            self._say(
                f"threatpub: {len(self.late)} page(s) got Article 4 content while rendering "
                f"(LATE001), too late to hold: {names}. Their output was deleted from "
                "site_dir; each finding is listed above with its file, line and fix.",
                f"threatpub：{len(self.late)} 个页面在渲染时引入了第四条所列内容（LATE001），"
                f"已来不及暂缓：{names}。其输出已从 site_dir 删除；每项问题及其文件、行号和"
                "修改方法已在上方列出。",
            )
        )

    @_guarded
    def _finish_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.session is None:
            return
        self._log_summary()
        self._write_report()

    # -- LINK001: links from published pages to kept-out pages -----------------------------

    def _held_urls(self, files: Files) -> dict[str, str]:
        """Normalised URL (and source path) of every kept-out page → its source path."""
        if self._held_url_map is None:
            held: dict[str, str] = {}
            for path in self.kept_out:
                file = files.get_file_from_path(path)
                if file is not None and file.url:
                    held[normalise_url(file.url)] = path
                # Links MkDocs could not rewrite (a removed, EXCLUDED page) keep the .md path.
                held.setdefault(path, path)
            self._held_url_map = held
        return self._held_url_map

    # Priority -60: after the content changes of plugins at default priority (so links they
    # add are seen too) and before mkdocs-rss-plugin copies the page HTML at -75; the search
    # index and blog excerpts read page.content later still, so they get the unlinked text.
    @event_priority(-60)
    @_guarded
    def _unlink_held_links(
        self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """LINK001: a published page's links to a kept-out page become plain text.

        MkDocs rewrites such links to the held page's URL and logs that only at INFO.
        """
        if not self.config.enabled or self.is_serve or self.session is None:
            return html
        if not self.kept_out or page.file.src_uri in self.kept_out or _protections_off():
            return html
        held = self._held_urls(files)
        new_html, removed = unlink_anchors(html, page.url, held, config.site_url)
        if not removed:
            return html
        path = page.file.src_uri
        source = page.file.content_string
        judge = self.session.judge_
        rule = judge.by_code["LINK001"]
        judgement = self.judgements.get(path)
        for href, target in removed:
            finding = _link_finding(target, _link_line(source, href, target))
            action = judge.action_for(rule, finding)
            if action is Action.OFF:
                continue
            judged = JudgedFinding(finding, rule, action)
            log.warning(format_finding(path, judged, language=self.language))
            if judgement is not None:
                judgement.findings.append(judged)
        return new_html

    # -- LEAK001: nothing of a kept-out page in site_dir ----------------------------------

    # Priority -100: after every writer. MkDocs writes pages and sitemap.xml(.gz) before
    # on_post_build; the search plugin writes search_index.json and mkdocs-rss-plugin its
    # feeds in their own on_post_build at the default priority 0, so a check at 0 or above
    # could run before them and miss what they write.
    @event_priority(-100)
    @_guarded
    def _verify_no_leaks(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.is_serve or self.session is None:
            return
        if not self.kept_out:
            return
        needles = NeedleSet(self._leak_needles(), config.site_url)
        if not needles:
            return
        site_dir = Path(config.site_dir)
        hits: dict[str, list[tuple[str, Needle]]] = {}
        for rel, needle in needles.search_tree(site_dir):
            hits.setdefault(needle.page, []).append((rel, needle))
        if not hits:
            return
        judge = self.session.judge_
        rule = judge.by_code["LEAK001"]
        for page_path, found in sorted(hits.items()):
            judgement = self.judgements.get(page_path)
            for rel, needle in found:
                finding = _leak_finding(rel, needle)
                judged = JudgedFinding(finding, rule, judge.action_for(rule, finding))
                log.error(format_finding(page_path, judged, language=self.language))
                if judgement is not None:
                    judgement.findings.append(judged)
                    judgement.verdict = Verdict.FAIL
        self._write_report()
        files = sorted({rel for found in hits.values() for rel, _ in found})
        pages = ", ".join(sorted(hits))
        shown = ", ".join(files[:10]) + (" …" if len(files) > 10 else "")
        raise PluginError(
            self._say(
                f"threatpub: LEAK001: {len(hits)} kept-out page(s) left traces in site_dir "
                f"({pages}) in {len(files)} file(s): {shown}. Do not deploy this site; each "
                "hit is listed above.",
                f"threatpub：LEAK001：{len(hits)} 个不应发布的页面在 site_dir 中留下痕迹"
                f"（{pages}），涉及 {len(files)} 个文件：{shown}。不要部署本次构建的站点；"
                "每处痕迹已在上方列出。",
            )
        )

    def _leak_needles(self) -> list[Needle]:
        """URL, title and distinctive sentences of each kept-out page (see LEAK001's docs).

        Titles and sentences that a published page's own Markdown also has (link text kept
        by LINK001, a quoted title) would be false alarms: they are not searched.
        """
        assert self.session is not None
        needles: list[Needle] = []
        for path in sorted(self.kept_out):
            file = self._files.get_file_from_path(path) if self._files is not None else None
            if file is not None and file.url:
                url = normalise_url(file.url)
                if url:
                    needles.append(Needle(path, "url", url))
                    if url.endswith("/"):
                        needles.append(Needle(path, "url", url + "index.html"))
            if file is None:
                continue
            page = self.session.read(path, file.content_bytes)
            title = self.judgements[path].title if path in self.judgements else None
            title = title or page.title
            if title and len(title.strip()) >= MIN_TITLE:
                needles.append(Needle(path, "title", title.strip()))
            needles.extend(Needle(path, "text", t) for t in distinctive_fragments(page.body))
        texts = [n for n in needles if n.kind != "url"]
        if texts and self._files is not None:
            shared = NeedleSet(texts)
            # One search over all published sources (a NUL between them: no needle has
            # one), not one call per page.
            published = "\n\x00\n".join(
                file.content_string
                for file in self._files.documentation_pages()
                if file.src_uri not in self.kept_out
            )
            common = shared.search(published)
            needles = [n for n in needles if n not in common]
        return needles

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Keep the build's files for LEAK001 (on_post_build gets no ``files``)."""
        self._files = files
        return env

    # -- test hook -----------------------------------------------------------------------

    def _testing_undo_holds(self, files: Files) -> None:
        """TEST HOOK ONLY: ``THREATPUB_TESTING_DISABLE_PROTECTIONS=1`` publishes held pages.

        The leak-matrix tests set it to prove that they can see a leak. Pages are still
        judged, reported and checked by LEAK001 (which then fails the build); only the DRAFT
        marking, nav pruning and LINK001 unlinking are skipped. It never weakens a real
        build silently: every build with it set logs a loud WARNING (which also fails
        ``--strict``).
        """
        if not _protections_off():
            return
        log.warning(
            f"!!! {_TEST_SWITCH} is set: held pages are NOT held back in this build. "
            "This is a test hook; never deploy this site. Unset the variable. !!!"
        )
        for file in files:
            if file.is_documentation_page():
                if file.src_uri in self.kept_out:
                    file.inclusion = InclusionLevel.INCLUDED
            elif file.inclusion is InclusionLevel.DRAFT:
                file.inclusion = InclusionLevel.INCLUDED

    on_page_content = CombinedEvent(_unlink_held_links, _page_content)
    on_post_build = CombinedEvent(_fail_late_pages, _finish_build, _verify_no_leaks)

    def _log_summary(self) -> None:
        for line in summary_lines(self.judgements.values(), language=self.language):
            log.info(line.removeprefix("threatpub: ").removeprefix("threatpub："))

    def _write_report(self) -> None:
        """The `report` files (format by extension) and, in GitHub Actions, annotations."""
        if self.session is None:
            return
        context = self.session.context
        for path, kind in self.report_paths:
            text = render(
                kind,
                self.judgements.values(),
                now=context.now,
                profiles=self.session.settings.profiles,
                tz=context.tz,
                language=self.language,
                locate=self._locate,
                fail_on="fail" if self.config.on_hold == "hold" else "hold",
            )
            write_text_atomically(path, text + "\n")
        if self._annotate():
            # Workflow commands are read from the job's output; print each line once even
            # when a failing build writes the report again.
            for line in build_annotations(
                self.judgements.values(), locate=self._locate, language=self.language
            ):
                if line not in self.annotated:
                    self.annotated.add(line)
                    print(line, flush=True)

    def _annotate(self) -> bool:
        setting = self.config.github_annotations
        if self.is_serve or setting == "false":
            return False
        return setting == "true" or os.environ.get("GITHUB_ACTIONS") == "true"

    def _locate(self, page: str) -> str:
        """A page's source file relative to the working directory (as CI tools show it)."""
        file = os.path.join(self.docs_dir, page)
        try:
            return Path(os.path.relpath(file)).as_posix()
        except ValueError:
            return Path(file).as_posix()


def _file_name(file: File, config: MkDocsConfig) -> str:
    """A file as its author knows it: its path from mkdocs.yml, or who generated it."""
    if file.abs_src_path and file.generated_by is None:
        config_dir = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        return os.path.relpath(file.abs_src_path, config_dir).replace(os.sep, "/")
    return f"{file.src_uri} (generated by {file.generated_by or 'another plugin'})"


# Lines that bring other content into a page while it renders: pymdownx.snippets
# (`--8<--`), Jinja macros (`{{ }}`, `{% %}`), markdown-include (`{! !}`).
_INCLUDE = re.compile(r"--8<--|\{\{|\{%|\{!")


def _include_line(page: CorePage) -> int:
    """The source line of the page's first include or macro (1 if it has none)."""
    for index, text in enumerate(page.body.split("\n")):
        if _INCLUDE.search(text):
            return page.body_line(index)
    return 1


def _late_finding(what: str, line: int) -> Finding:
    return Finding(
        "LATE001",
        line,
        t(
            f"{what} in the rendered page, not in its Markdown source: it was pulled in while "
            "rendering (an include such as pymdownx.snippets `--8<--`, a macro or a Markdown "
            "extension), too late to hold the page",
            f"渲染后的页面中出现{zh(what)}，但页面的 Markdown 源文件中没有：它是在渲染时被引入的"
            "（pymdownx.snippets `--8<--` 之类的包含、宏或 Markdown 扩展），已来不及暂缓发布该页",
        ),
        expected=t(
            "the rendered page to carry no Article 4 content that its source lacks",
            "渲染后的页面不含源文件中没有的第四条所列内容",
        ),
        found=what,
        fix=t(
            "remove the include or macro output that brings it in (or the content from the "
            "included file); content a reviewer accepts belongs in the page's own Markdown, "
            "under a reasoned allow",
            "删除引入该内容的包含或宏（或被包含文件中的该内容）；经审核同意发布的内容应写在页面"
            "自己的 Markdown 中，并附带说明理由的 allow 注释",
        ),
    )


# Read only by the test suite (tests/test_leak_matrix.py); see _testing_undo_holds.
_TEST_SWITCH = "THREATPUB_TESTING_DISABLE_PROTECTIONS"


def _protections_off() -> bool:
    return os.environ.get(_TEST_SWITCH, "") not in ("", "0")


def _link_line(source: str, href: str, target: str) -> int:
    """The Markdown line of the link to ``target`` (its file name, else the href), or 1."""
    wanted = [posixpath.basename(target), href.split("#", 1)[0]]
    lines = source.split("\n")
    for needle in wanted:
        if not needle:
            continue
        for index, text in enumerate(lines):
            if needle in text:
                return index + 1
    return 1


def _link_finding(target: str, line: int) -> Finding:
    return Finding(
        "LINK001",
        line,
        t(
            f"links to {target}, which is kept out of this build; the link was removed and its "
            "text kept",
            f"链接指向本次构建中暂缓发布或已下线的页面 {target}；已删除该链接，保留其文字",
        ),
        expected=t("links only to pages that are published", "只链接到已发布的页面"),
        found=t(target, f"指向 {target} 的链接"),
        fix=t(
            "remove the link, or publish the linked page (the link comes back by itself "
            "once it is)",
            "删除该链接，或使被链接的页面满足发布条件（页面发布后链接会自动恢复）",
        ),
    )


def _leak_finding(rel: str, needle: Needle) -> Finding:
    return Finding(
        "LEAK001",
        1,
        t(
            f"{needle.what} was found in site_dir/{rel} although the page is kept out",
            f"在 site_dir/{rel} 中发现{zh(needle.what)}，但该页面不应发布",
        ),
        expected=t(
            "no trace of a kept-out page in the built site",
            "构建出的站点中没有暂缓发布或已下线页面的任何痕迹",
        ),
        found=t(f"site_dir/{rel}", f"构建输出文件 site_dir/{rel}"),
        fix=t(
            f"find what wrote it into {rel} (a theme template, a plugin that ignores MkDocs' "
            "inclusion levels, a page that copies the held text) and remove it; do not deploy "
            "this site",
            f"找出将其写入 {rel} 的来源（主题模板、忽略 MkDocs 包含级别的插件、复制了暂缓页面"
            "文字的页面）并删除；不要部署本次构建的站点",
        ),
    )
