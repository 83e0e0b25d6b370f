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

import functools
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page as MkPage

from mkdocs_threatpub.config import ThreatpubConfig, output_path, settings_from
from mkdocs_threatpub.core.baseline import load_baseline
from mkdocs_threatpub.core.clock import resolve_now
from mkdocs_threatpub.core.engine import JudgedFinding, Judgement
from mkdocs_threatpub.core.findings import Finding, Verdict
from mkdocs_threatpub.core.limits import LimitExceeded
from mkdocs_threatpub.core.navtitles import nav_titles
from mkdocs_threatpub.core.page import Page as CorePage
from mkdocs_threatpub.core.rule import Scope
from mkdocs_threatpub.core.session import PageCache, Session
from mkdocs_threatpub.reports.banner import render_banner
from mkdocs_threatpub.reports.json_report import build_report, write_report
from mkdocs_threatpub.reports.text import format_finding, summary_lines

__all__ = ["ThreatpubPlugin"]

log = get_plugin_logger("threatpub")

T = TypeVar("T")

# Raw HTML references in Markdown (`<img src=…>`, `<a href=…>`); bounded, no nesting.
_HTML_REF = re.compile(r"""(?:src|href)\s*=\s*["']([^"'<>\s]{1,2048})["']""", re.IGNORECASE)


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
        self.report_path: Path | None = None
        self.material = False
        # LATE001: pages whose rendered HTML has content the source scan did not see, with
        # their output file, deleted from site_dir before the build fails.
        self.late: dict[str, tuple[Path, list[JudgedFinding]]] = {}

    # Defining on_startup keeps this object alive across serve rebuilds (mkdocs docs:
    # "Events → on_startup"), so the page cache survives while per-build state is reset.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self._reset()
        if not self.config.enabled:
            return config
        config_dir = Path(config.config_file_path or ".").resolve().parent
        site_dir = Path(config.site_dir)
        try:
            self.report_path = output_path("report", self.config.report, config_dir, site_dir)
            output_path("ledger", self.config.ledger, config_dir, site_dir)
            baseline_path = output_path("baseline", self.config.baseline, config_dir, site_dir)
            # Not there yet is an empty baseline; a malformed one is a configuration error
            # (BaselineError, a ValueError, names the file and what is wrong).
            baseline = load_baseline(baseline_path)
            now = resolve_now()
        except ValueError as exc:
            raise PluginError(f"threatpub: {exc}") from None
        self.session = Session(
            settings_from(self.config), now, cache=self.cache, baseline=baseline
        )
        self.material = config.theme.name == "material"
        return config

    # Priority 100: judge before every plugin that lists pages. mkdocs-material's blog
    # plugin collects posts in on_files at priority -50 and skips files that are not
    # included, so a held post must already be DRAFT when it looks.
    @event_priority(100)
    @_guarded
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled or self.session is None:
            return files
        failing: list[Judgement] = []
        titles = nav_titles(config.nav)  # Article 7 looks at nav titles too
        for file in files:
            if not file.is_documentation_page() or file.inclusion is InclusionLevel.EXCLUDED:
                continue
            judgement = self.session.judge(
                file.src_uri, file.content_bytes, titles.get(file.src_uri)
            )
            self.judgements[file.src_uri] = judgement
            if judgement.verdict is Verdict.PUBLISH:
                continue
            file.inclusion = InclusionLevel.DRAFT
            self.kept_out.add(file.src_uri)
            if judgement.verdict is Verdict.FAIL:
                failing.append(judgement)
        self._hold_attachments(files)
        self._log_judgements()
        if failing and not self.is_serve:
            self._write_report()
            self._log_summary()
            names = ", ".join(j.path for j in failing)
            raise PluginError(
                f"threatpub: {len(failing)} page(s) cannot be published: {names}. "
                "Each finding is listed above with its file, line, rule and fix."
            )
        return files

    def _hold_attachments(self, files: Files) -> None:
        """A held page's own files (its folder, files only it links to) are held with it."""
        if not self.kept_out or self.session is None:
            return
        held_refs: set[str] = set()
        own_dirs = tuple(posixpath.splitext(p)[0] + "/" for p in self.kept_out)
        for path in self.kept_out:
            held_refs |= self._references(path, files)
        candidates = [
            file
            for file in files
            if not file.is_documentation_page()
            and file.inclusion is not InclusionLevel.EXCLUDED
            and (file.src_uri.startswith(own_dirs) or file.src_uri in held_refs)
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
                file.inclusion = InclusionLevel.DRAFT

    def _references(self, path: str, files: Files) -> set[str]:
        assert self.session is not None
        file = files.get_file_from_path(path)
        if file is None:
            return set()
        page = self.session.read(path, file.content_bytes)
        urls: list[str] = []
        stack = list(page.tokens)
        while stack:
            token = stack.pop()
            if token.children:
                stack.extend(token.children)
            for attr in ("href", "src"):
                value = token.attrGet(attr) if token.attrs else None
                if isinstance(value, str):
                    urls.append(value)
            if token.type in ("html_block", "html_inline"):
                urls.extend(_HTML_REF.findall(token.content))
        base = posixpath.dirname(path)
        out = set()
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = unquote(parts.path)
            resolved = posixpath.normpath(
                target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            )
            out.add(resolved)
        return out

    def _log_judgements(self) -> None:
        for path, judgement in sorted(self.judgements.items()):
            for judged in judgement.findings:
                text = format_finding(path, judged)
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
        """Prune held pages from an explicit ``nav:`` and repair prev/next (mkdocs#3971)."""
        if not self.config.enabled or self.is_serve or not self.kept_out:
            return nav
        nav.items = self._prune(nav.items)
        pages: list[MkPage] = []
        self._collect_pages(nav.items, pages)
        bookended: list[MkPage | None] = [None, *pages, None]
        for index, page in enumerate(pages):
            page.previous_page = bookended[index]
            page.next_page = bookended[index + 2]
        nav.pages = pages
        if nav.homepage is not None and nav.homepage.file.src_uri in self.kept_out:
            nav.homepage = None
        return nav

    def _prune(self, items: list[Any]) -> list[Any]:
        kept = []
        for item in items:
            if isinstance(item, MkPage) and item.file.src_uri in self.kept_out:
                continue
            if isinstance(item, Section):
                item.children = self._prune(item.children)
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
    def on_page_content(
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
        return render_banner(judgement, material=self.material) + html

    def _late_scan(self, page: MkPage, html: str) -> None:
        """LATE001: content in a published page's HTML that its Markdown source lacked.

        Holds were decided in ``on_files`` from the source; content pulled in while rendering
        (``pymdownx.snippets``, macros, includes) is too late to hold, so it fails the build.
        """
        from mkdocs_threatpub.rules._content import detectors_for, hits_for, scan_document
        from mkdocs_threatpub.scanners.rendered import (
            document_from_html,
            late_hits,
            needs_scan,
        )

        session = self.session
        path = page.file.src_uri
        judgement = self.judgements.get(path)
        if session is None or judgement is None or judgement.verdict is not Verdict.PUBLISH:
            return
        source = session.read(path, page.file.content_bytes)
        codes = {
            rule.code
            for rule in session.judge_.applicable(source)
            if rule.scope is Scope.CONTENT
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
            log.error(format_finding(path, item))
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
        names = ", ".join(sorted(self.late))
        raise PluginError(
            f"threatpub: {len(self.late)} page(s) got Article 4 content while rendering "
            f"(LATE001), too late to hold: {names}. Their output was deleted from site_dir; "
            "each finding is listed above with its file, line and fix."
        )

    @_guarded
    def _finish_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.session is None:
            return
        self._log_summary()
        self._write_report()

    on_post_build = CombinedEvent(_fail_late_pages, _finish_build)

    def _log_summary(self) -> None:
        for line in summary_lines(self.judgements.values()):
            log.info(line.removeprefix("threatpub: "))

    def _write_report(self) -> None:
        if self.report_path is None or self.session is None:
            return
        report = build_report(
            self.judgements.values(),
            self.session.context.now,
            self.session.settings.profiles,
            self.session.context.tz,
        )
        write_report(report, self.report_path)


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
        f"{what} in the rendered page, not in its Markdown source: it was pulled in while "
        "rendering (an include such as pymdownx.snippets `--8<--`, a macro or a Markdown "
        "extension), too late to hold the page",
        expected="the rendered page to carry no Article 4 content that its source lacks",
        found=what,
        fix="remove the include or macro output that brings it in (or the content from the "
        "included file); content a reviewer accepts belongs in the page's own Markdown, "
        "under a reasoned allow",
    )

