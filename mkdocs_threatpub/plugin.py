"""The MkDocs door: turns build events into pipeline calls and decisions into MkDocs actions.

What is judged, kept out, unlinked, reported and recorded is decided by
:class:`mkdocs_threatpub.pipeline.build.Build`, the same for ``threatpub check`` and
``threatpub stage``; this module only knows MkDocs. Facts it relies on (mkdocs 1.6.1,
``mkdocs/commands/build.py``):

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
import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page as MkPage
from mkdocs.utils import get_relative_url, is_markdown_file

from mkdocs_threatpub.config import ThreatpubConfig, options_from
from mkdocs_threatpub.core.clock import NowError, resolve_now
from mkdocs_threatpub.core.findings import Verdict
from mkdocs_threatpub.core.i18n import localize, t
from mkdocs_threatpub.core.leaks import normalise_url, unlink_anchors
from mkdocs_threatpub.core.links import KeptOutTargets, unlink_markdown
from mkdocs_threatpub.core.navtitles import nav_titles
from mkdocs_threatpub.pipeline.build import Build, BuildError, PageSource, link_line
from mkdocs_threatpub.pipeline.filetypes import judged_kind
from mkdocs_threatpub.pipeline.manual import ManualClash, manual_pages, rule_pages
from mkdocs_threatpub.pipeline.options import SiteLayout
from mkdocs_threatpub.pipeline.parallel import PageTask, overlap_wanted
from mkdocs_threatpub.pipeline.session import PageCache
from mkdocs_threatpub.reports.banner import render_banner
from mkdocs_threatpub.reports.text import format_finding

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


# MkDocs' BasePlugin defines an untyped __init_subclass__; the subclass is fine.
class ThreatpubPlugin(BasePlugin[ThreatpubConfig]):  # type: ignore[no-untyped-call]
    """Holds back threat-information pages until the publication rules are met."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.cache = PageCache()  # survives serve rebuilds; keyed by source hash
        self.status_logged = False  # the status page's address, logged once per serve
        self._reset()

    def _reset(self) -> None:
        """Per-build state, fresh on every (re)build."""
        self._stop_helper()
        self.build: Build | None = None
        self.material = False
        self.manual: set[str] = set()  # the generated rules reference (never judged)
        self.rule_docs: dict[str, str] = {}  # rule code → URL of its reference page
        self.annotated: set[str] = set()  # GitHub annotations already printed this build
        self.cache_warned = 0  # the judging cache's warnings already logged this build
        # LATE001: published pages whose rendered HTML failed, and their output file,
        # deleted from site_dir before the build fails.
        self.late: dict[str, Path] = {}
        self._files: Files | None = None  # the build's files, for LINK001 and LEAK001
        self._targets: KeptOutTargets | None = None  # where links to kept-out pages point
        self._held: tuple[frozenset[str], Files, dict[str, str]] | None = None
        self._outputs: dict[str, Path] = {}  # page → its output file (LATE001 with a helper)

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
        self.material = config.theme.name == "material"
        if not self.config.enabled:
            return config
        layout = SiteLayout(
            config_file=Path(os.path.abspath(config.config_file_path or "mkdocs.yml")),
            docs_dir=Path(os.path.abspath(config.docs_dir)),
            site_dir=Path(os.path.abspath(config.site_dir)),
            site_url=config.site_url,
            use_directory_urls=config.use_directory_urls,
            nav_titles=nav_titles(config.nav),  # Article 7 looks at nav titles too
        )
        try:
            self.build = Build(
                options_from(self.config),
                layout,
                resolve_now(),
                cache=self.cache,
                writes_outputs=True,
            )
        except NowError as exc:  # SOURCE_DATE_EPOCH, refused before MkDocs crashes on it
            raise PluginError(f"threatpub: {localize(exc.message, self.language)}") from None
        except BuildError as exc:
            raise PluginError(f"threatpub: {localize(exc.args[0], self.language)}") from None
        except ValueError as exc:
            raise PluginError(f"threatpub: {exc}") from None
        if not self.is_serve and overlap_wanted():
            # The second CPU judges the pages of docs_dir from now on, while MkDocs loads the
            # other plugins and lists the files; on_files judges the rest and takes the
            # helper's verdicts (pipeline.build.Build.start_helper). Not under serve: its
            # rebuilds reuse the page cache of this process.
            self.build.start_helper(_docs_tasks(layout))
        self._log_cache_warnings()
        return config

    def _stop_helper(self) -> None:
        build = getattr(self, "build", None)
        if build is not None:
            build.stop_helper()

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_helper()

    def on_shutdown(self) -> None:
        self._stop_helper()

    def _log_cache_warnings(self) -> None:
        """The judging cache on disk could not be used (read in on_config, written after
        judging): said once each."""
        build = self.build
        warnings = build.warnings if build is not None else []
        for warning in warnings[self.cache_warned :]:
            log.warning("%s", localize(warning, self.language))
        self.cache_warned = len(warnings)

    # Priority 100: judge before every plugin that lists pages. mkdocs-material's blog
    # plugin collects posts in on_files at priority -50 and skips files that are not
    # included, so a held post must already be DRAFT when it looks.
    @event_priority(100)
    @_guarded
    def _judge_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # The manual is documentation, not a check: added even with `enabled: false`, so
        # that a `nav:` listing it still resolves.
        self._add_rules_reference(files, config)
        build = self.build
        if build is None:
            return files
        build.judge(self._sources(files, build))
        try:
            # Every page of docs_dir, excluded ones too: a takedown may name any of them.
            build.take_down({f.src_uri for f in files if f.is_documentation_page()})
        except BuildError as exc:
            for problem in exc.problems:
                log.error(problem)
            if not self.is_serve:
                raise PluginError(f"threatpub: {exc}, listed above with their lines") from None
            # An error would stop the live server until a page is touched; without a usable
            # list a taken-down page must not show either: every page fails, saying why.
            what = t("the takedowns file", "下线清单（takedowns 文件）")
            build.cannot_judge_any(what, exc.problems or [str(exc)])
        self._keep_out(files)
        return files

    # Priority -200: after every plugin that adds files in on_files (mkdocs-gen-files at 0,
    # the blog's views at -50, plugins that "run last" at -100), so that a page another
    # plugin adds is judged too, whatever the order of `plugins:`.
    @event_priority(-200)
    @_guarded
    def _judge_added_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        build = self.build
        if build is None:
            return files
        added = [s for s in self._sources(files, build) if s.path not in build.judgements]
        if added:
            build.judge(added)
            self._keep_out(files)
        self._targets = build.link_targets()
        _drop_blog_links(files, build.kept_out)
        self._refuse_strict_awesome_pages(files, config, build.kept_out)
        self._log_judgements()
        self._log_cache_warnings()
        stats = build.judge_.stats
        # `mkdocs serve` rebuilds, and builds with the judging cache on disk, scan only the
        # pages that were edited: say so.
        (log.info if self.is_serve or build.stored is not None else log.debug)(
            "judged %d page(s), reused %d unchanged page(s) from the cache",
            stats.judged,
            stats.reused,
        )
        if build.judged_by_helper:
            log.debug("the helper process judged %d of the pages", build.judged_by_helper)
        if not self.is_serve:
            self._record_ledger()
        failing = build.failing
        if failing and not self.is_serve:
            self._finish()
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

    on_files = CombinedEvent(_judge_files, _judge_added_files)

    def _refuse_strict_awesome_pages(
        self, files: Files, config: MkDocsConfig, out: set[str]
    ) -> None:
        """mkdocs-awesome-pages-plugin (``strict: true``, its default) stops the build with
        its own traceback when a ``.pages`` file names, by file name, a page it cannot find,
        and it never sees a held page. Say so first, with the two configurations that work."""
        plugin = config.plugins.get("awesome-pages")
        if plugin is None or not out or not getattr(plugin, "config", {}).get("strict", True):
            return
        name = getattr(plugin, "config", {}).get("filename", ".pages")
        for file in files:
            if posixpath.basename(file.src_uri) != name:
                continue
            folder = posixpath.dirname(file.src_uri)
            try:
                data = yaml.safe_load(file.content_string)
            except (OSError, ValueError, yaml.YAMLError):
                continue
            entries = data.get("nav") if isinstance(data, dict) else None
            for entry in entries if isinstance(entries, list) else []:
                page = posixpath.join(folder, entry) if isinstance(entry, str) else ""
                if page in out:
                    raise PluginError(
                        self._say(
                            f"threatpub: {file.src_uri} lists the held page {entry} by its file "
                            "name, and awesome-pages (strict) stops the build on an entry it "
                            f'cannot find. Give the entry a title (- "Title": {entry}), which '
                            "threatpub prunes while the page is held, or set awesome-pages' "
                            "`strict: false`.",
                            f"threatpub：{file.src_uri} 以文件名列出了暂缓发布的页面 {entry}，"
                            "而 awesome-pages（strict）在找不到条目时会中止构建。请为该条目加上"
                            f'标题（- "标题": {entry}），页面暂缓期间 threatpub 会将其移出导航；'
                            "或将 awesome-pages 的 `strict` 设为 false。",
                        )
                    )

    def _sources(self, files: Files, build: Build) -> list[PageSource]:
        """What to judge: every page, and every file of docs_dir that MkDocs copies as it is
        but that is judged by its content (an HTML proof of concept, a script, a copy of a
        page saved as `.MD` or `.md~`); never the generated rules reference."""
        docs_dir = os.path.normpath(build.layout.docs_dir)
        sources = []
        for file in files:
            if file.inclusion is InclusionLevel.EXCLUDED or file.src_uri in self.manual:
                continue
            if file.is_documentation_page():
                title = build.layout.nav_titles.get(file.src_uri)
                sources.append(PageSource(file.src_uri, raw=_read(file), nav_title=title))
            elif file.src_dir is not None and os.path.normpath(file.src_dir) == docs_dir:
                kind = judged_kind(file.src_uri)
                if kind is not None:
                    sources.append(PageSource(file.src_uri, raw=_read(file), kind=kind))
        return sources

    def _keep_out(self, files: Files) -> None:
        """Held and failing pages become DRAFT (previewed under serve, never built), removed
        ones EXCLUDED; their attachments follow them."""
        assert self.build is not None
        for path, judgement in self.build.judgements.items():
            file = files.get_file_from_path(path)
            if file is None or not judgement.keeps_out:
                continue
            taken_down = judgement.verdict is Verdict.REMOVED
            file.inclusion = InclusionLevel.EXCLUDED if taken_down else InclusionLevel.DRAFT
        docs_dir = os.path.normpath(self.build.layout.docs_dir)
        others = {
            file.src_uri: file
            for file in files
            if not file.is_documentation_page()
            and file.inclusion is not InclusionLevel.EXCLUDED
            and file.src_dir is not None
            and os.path.normpath(file.src_dir) == docs_dir  # not the theme's files
        }
        held, removed = self.build.attachments(others, self._source(files))
        for path in held:
            others[path].inclusion = (
                InclusionLevel.EXCLUDED if path in removed else InclusionLevel.DRAFT
            )

    def _add_rules_reference(self, files: Files, config: MkDocsConfig) -> None:
        """Option ``rules_reference``: one generated page per rule, plus an index."""
        existing = {file.src_uri: _file_name(file, config) for file in files}
        try:
            pages = manual_pages(
                self.config.rules_reference, self.language, existing, config.use_directory_urls
            )
        except ManualClash as exc:
            raise PluginError(str(exc)) from None
        generated = [File.generated(config, path, content=text) for path, text in pages.items()]
        for file in generated:
            files.append(file)
        self.manual = set(pages)
        # The serve banner links each finding to its rule's page.
        urls = {file.src_uri: file.url for file in generated}
        self.rule_docs = {code: urls[path] for code, path in rule_pages(pages).items()}

    def _record_ledger(self) -> None:
        """Append this build's keep-out decisions to the ledger. Not under ``serve``: a
        preview publishes nothing, and its rebuilds on every save would bury the decisions
        of real builds."""
        assert self.build is not None
        try:
            record = self.build.record_ledger()
        except BuildError as exc:
            raise PluginError(f"threatpub: {localize(exc.args[0], self.language)}") from None
        if record is not None:  # the head, for the log (the report files record it too)
            log.info(localize(record.describe(), self.language))

    def _log_judgements(self) -> None:
        assert self.build is not None
        for path, judgement in sorted(self.build.judgements.items()):
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

    def _prune_nav(self, nav: Navigation) -> Navigation:
        """Prune kept-out pages from the nav and repair prev/next (mkdocs#3971): by file,
        whatever title a nav plugin gave them. Under ``serve`` held pages stay (they are
        previewed with the banner) but removed pages go: a takedown is not even previewed.
        """
        if self.build is None:
            return nav
        out = self.build.removed if self.is_serve else self.build.kept_out
        if not out:
            return nav
        nav.items = _pruned(nav.items, out)
        pages: list[MkPage] = []
        _collect_pages(nav.items, pages)
        bookended: list[MkPage | None] = [None, *pages, None]
        for index, page in enumerate(pages):
            page.previous_page = bookended[index]
            page.next_page = bookended[index + 2]
        nav.pages = pages
        if nav.homepage is not None and nav.homepage.file.src_uri in out:
            nav.homepage = None
        return nav

    # Priority 100: before the plugins that read the nav at the default priority (print-site
    # collects its pages there) ...
    @event_priority(100)
    @_guarded
    def _prune_nav_first(
        self, nav: Navigation, *, config: MkDocsConfig, files: Files
    ) -> Navigation:
        return self._prune_nav(nav)

    # ... and -200: after every plugin that builds or rewrites the nav (awesome-pages,
    # awesome-nav, literate-nav, section-index at 0, the blog at -50), which may put a
    # kept-out page back under any title.
    @event_priority(-200)
    @_guarded
    def _prune_nav_last(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        return self._prune_nav(nav)

    on_nav = CombinedEvent(_prune_nav_first, _prune_nav_last)

    # Priority 200: before any plugin reads or changes a page's Markdown.
    @event_priority(200)
    @_guarded
    def _judge_at_render(
        self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """A page another plugin added after every on_files pass (the blog's archive and
        category views are made in its on_nav) is judged here. Too late to hold it (the nav,
        listings and feeds are made): if it may not be published, the build fails, naming
        the page and the plugin that added it."""
        build = self.build
        path = page.file.src_uri
        if build is None or path in build.judgements or path in self.manual:
            return markdown
        judgement = build.judge_late(path, _read(page.file))
        if judgement is None:
            return markdown  # publishable: a listing page, say, of pages judged already
        for judged in judgement.findings:
            log.error(format_finding(path, judged, language=self.language))
        adder = page.file.generated_by or "a plugin"
        message = self._say(
            f"threatpub: {path} (added by {adder} after the pages were judged) may not be "
            f"published ({', '.join(judgement.codes)}) and it is too late to hold it. Have "
            f"{adder} add its files in on_files, or keep the content out of the page.",
            f"threatpub：{path}（在页面判定之后由 {adder} 添加）不得发布"
            f"（{', '.join(judgement.codes)}），且已来不及暂缓。请让 {adder} 在 on_files 中"
            "添加文件，或将该内容移出页面。",
        )
        if self.is_serve:
            log.error(message)
            return markdown
        raise PluginError(message)

    # Priority -40: after plugins that pull content into the Markdown at the default
    # priority (include-markdown, macros, snippets run while rendering), before the blog
    # takes excerpts (-50) and long before feeds and print pages copy the page: every one
    # of them sees the page without its links to kept-out pages.
    @event_priority(-40)
    @_guarded
    def _unlink_in_markdown(
        self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """LINK001 at the source: Markdown links, raw HTML ``<a href>`` and embeds
        (``<iframe src>`` …) that point at a kept-out page, resolved from the page's source
        folder and from its URL; a list item that is only such a link goes whole."""
        build = self.build
        targets = self._targets
        path = page.file.src_uri
        if build is None or self.is_serve or targets is None or not targets:
            return markdown
        if path in targets.pages:
            return markdown
        new, removed = unlink_markdown(markdown, lambda href: targets.target(href, path))
        if not removed:
            return markdown
        source = page.file.content_string if page.file.abs_src_path else markdown
        links = [(item.target, link_line(source, item.href, item.target)) for item in removed]
        for judged in build.unlinked(path, links):
            log.warning(format_finding(path, judged, language=self.language))
        return new

    on_page_markdown = CombinedEvent(_judge_at_render, _unlink_in_markdown)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Callable[[], None]) -> Any:
        """Rebuild the preview when the takedowns file or the baseline changes too (MkDocs
        watches docs_dir and mkdocs.yml only)."""
        if self.build is not None:
            for path in (self.build.takedowns_file, self.build.baseline_file):
                if path is not None:
                    server.watch(str(path))
        return server

    @_guarded
    def on_page_read_source(self, *, page: MkPage, config: MkDocsConfig) -> str | None:
        """A page whose bytes are not the text MkDocs would show (UTF-16 without a byte-order
        mark, not UTF-8) is not rendered from them, even in a preview: the banner says why."""
        judgement = self.build.judgements.get(page.file.src_uri) if self.build else None
        if judgement is None or not judgement.unreadable:
            return None
        return self._say(
            f"# {page.file.src_uri}\n\nThis page cannot be shown: its file is not UTF-8 text.\n",
            f"# {page.file.src_uri}\n\n无法显示本页：其文件不是 UTF-8 文本。\n",
        )

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Keep the build's files for LINK001 and LEAK001 (later events get no ``files``);
        with a helper process, have it make LEAK001's search while MkDocs renders."""
        self._files = files
        build = self.build
        if build is not None and not self.is_serve and build.helper is not None:
            build.start_leak_search(_url_of(files), self._source(files), unjudged=self.manual)
        return env

    # Priority -1000: the page as MkDocs writes it, after every other plugin's changes.
    @event_priority(-1000)
    @_guarded
    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str | None:
        """With a helper process, LEAK001 searches each page's output there as it is
        written; the files written later (and any page rewritten since) in on_post_build."""
        build = self.build
        if build is not None and build.helper is not None and output.strip():
            site_dir = Path(os.path.abspath(config.site_dir))
            dest = Path(os.path.abspath(page.file.abs_dest_path))
            try:
                rel = dest.relative_to(site_dir).as_posix()
            except ValueError:
                return output  # written outside site_dir: not searched there either
            build.search_output(site_dir, rel, output)
        return output

    # Priority -60: after the content changes of plugins at default priority (so links they
    # add are seen too) and before mkdocs-rss-plugin copies the page HTML at -75; the search
    # index and blog excerpts read page.content later still, so they get the unlinked text.
    @event_priority(-60)
    @_guarded
    def _unlink_held_links(
        self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """LINK001: a published page's links to a kept-out page become plain text. MkDocs
        rewrites such links to the held page's URL and logs that only at INFO."""
        build = self.build
        if build is None or self.is_serve:
            return html
        kept_out = frozenset(build.kept_out)
        if not kept_out or page.file.src_uri in kept_out:
            return html
        held = self._held_urls(kept_out, files)
        new_html, removed = unlink_anchors(html, page.url, held, config.site_url)
        if not removed:
            return html
        source = page.file.content_string
        links = [(target, link_line(source, href, target)) for href, target in removed]
        for judged in build.unlinked(page.file.src_uri, links):
            log.warning(format_finding(page.file.src_uri, judged, language=self.language))
        return new_html

    def _held_urls(self, kept_out: frozenset[str], files: Files) -> dict[str, str]:
        """Normalised URL (and source path) → kept-out page; made once per set of kept-out
        pages (it is the same for every page of a build)."""
        cached = self._held
        if cached is not None and cached[0] == kept_out and cached[1] is files:
            return cached[2]
        held: dict[str, str] = {}
        for path in kept_out:
            file = files.get_file_from_path(path)
            if file is not None and file.url:
                held[normalise_url(file.url)] = path
            # Links MkDocs could not rewrite (a removed, EXCLUDED page) keep the .md path.
            held.setdefault(path, path)
        self._held = (kept_out, files, held)
        return held

    # Priority -100: after the other plugins' on_page_content, so that the late scan sees
    # whatever they added to the page too.
    @event_priority(-100)
    @_guarded
    def _page_content(
        self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Build: scan the rendered page (LATE001). Serve: banner on held/failing pages."""
        build = self.build
        if build is None:
            return html
        path = page.file.src_uri
        if not self.is_serve:
            self._outputs[path] = Path(page.file.abs_dest_path)
            late = build.late_content(path, html, page.file.content_bytes)
            for judged in late:
                log.error(format_finding(path, judged, language=self.language))
            if late:
                self.late[path] = Path(page.file.abs_dest_path)
            return html
        judgement = build.judgements.get(path)
        if not self.config.serve_banner or judgement is None:
            return html
        links = {
            code: get_relative_url(url, page.url)
            for code in judgement.codes
            if (url := self.rule_docs.get(code)) is not None
        }
        banner = render_banner(
            judgement,
            material=self.material,
            language=self.language,
            links=links,
            status_url=get_relative_url(_status_url(config), page.url),
        )
        return banner + html

    on_page_content = CombinedEvent(_unlink_held_links, _page_content)

    # Priority 100: fail before other plugins write what would copy a late page's text
    # (the search index, feeds), and delete its output first.
    @event_priority(100)
    @_guarded
    def _fail_late_pages(self, *, config: MkDocsConfig) -> None:
        if self.build is None:
            return
        # The pages the helper process searched (LATE001), recorded in the order they rendered.
        for path, late in self.build.collect_late().items():
            for judged in late:
                log.error(format_finding(path, judged, language=self.language))
            self.late[path] = self._outputs[path]
        self.build.save_cache()
        self._log_cache_warnings()
        if not self.late:
            return
        for output in self.late.values():
            output.unlink(missing_ok=True)
        # The late failures are decisions that keep pages out too; recorded before the
        # reports are written, so that they carry the ledger's new head.
        self._record_ledger()
        self._finish()
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
        if self.build is not None:
            self._finish()

    # Priority -100: after every writer. MkDocs writes pages and sitemap.xml(.gz) before
    # on_post_build; the search plugin writes search_index.json and mkdocs-rss-plugin its
    # feeds in their own on_post_build at the default priority 0, so a check at 0 or above
    # could run before them and miss what they write.
    @event_priority(-100)
    @_guarded
    def _verify_no_leaks(self, *, config: MkDocsConfig) -> None:
        build = self.build
        if build is None or self.is_serve or not build.kept_out or self._files is None:
            self._stop_helper()
            return
        files = self._files
        try:
            traces = build.leaks(
                Path(config.site_dir), _url_of(files), self._source(files), unjudged=self.manual
            )
        finally:
            self._stop_helper()  # the helper's last work: no process outlives the build
        if not traces:
            return
        for page in sorted({trace.page for trace in traces}):
            for judged in build.judgements[page].findings:
                if judged.code == "LEAK001":
                    log.error(format_finding(page, judged, language=self.language))
        self._write_reports()
        outputs = sorted({trace.output for trace in traces})
        pages = ", ".join(sorted({trace.page for trace in traces}))
        count = len({trace.page for trace in traces})
        shown = ", ".join(outputs[:10]) + (" …" if len(outputs) > 10 else "")
        raise PluginError(
            self._say(
                f"threatpub: LEAK001: {count} kept-out page(s) left traces in site_dir "
                f"({pages}) in {len(outputs)} file(s): {shown}. Do not deploy this site; each "
                "hit is listed above.",
                f"threatpub：LEAK001：{count} 个不应发布的页面在 site_dir 中留下痕迹"
                f"（{pages}），涉及 {len(outputs)} 个文件：{shown}。不要部署本次构建的站点；"
                "每处痕迹已在上方列出。",
            )
        )

    # Priority -1000: under serve, after every other writer (the search index, the sitemap,
    # feeds are written before it, and never list it).
    @event_priority(-1000)
    @_guarded
    def _write_status_page(self, *, config: MkDocsConfig) -> None:
        """Under ``serve`` only: the status page of every page, from this build's
        judgements, into the server's temporary site folder (``mkdocs serve`` builds into a
        folder of its own and serves it; ``mkdocs build`` never runs this)."""
        build = self.build
        if build is None or not self.is_serve:
            return
        # Imported here: only a preview needs it (start-up, tests/test_startup.py).
        from mkdocs_threatpub.reports.status_html import STATUS_DIR, render_status

        url = _status_url(config)
        files = self._files
        target = f"{STATUS_DIR}/index.html"
        if files is not None and any(f.dest_uri == target for f in files):
            log.warning(
                self._say(
                    f"the status page is not shown: the site has its own {target}",
                    f"未显示发布状态页面：站点自身已有 {target}",
                )
            )
            return
        links: dict[str, str] = {}
        for path in build.judgements:
            file = files.get_file_from_path(path) if files is not None else None
            if file is not None and file.inclusion is not InclusionLevel.EXCLUDED:
                links[path] = get_relative_url(file.url, url)  # removed pages are not served
        scheme, theme = _colour_scheme(config)
        context = build.session.context
        html = render_status(
            build.judgements.values(),
            now=context.now,
            tz=context.tz,
            language=self.language,
            profiles=build.settings.profiles,
            blackouts=build.settings.blackouts,
            site_name=config.site_name,
            page_links=links,
            rule_links={code: get_relative_url(u, url) for code, u in self.rule_docs.items()},
            scheme=scheme,
            theme=theme,
            serve=True,
        )
        output = Path(config.site_dir) / STATUS_DIR / "index.html"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(html, encoding="utf-8")
        if not self.status_logged:
            self.status_logged = True
            log.info(
                self._say(
                    "the publication status of every page: %s",
                    "全站所有页面的发布状态：%s",
                ),
                (config.site_url or "/") + url,
            )

    on_post_build = CombinedEvent(
        _fail_late_pages, _finish_build, _verify_no_leaks, _write_status_page
    )

    def _finish(self) -> None:
        """The summary, the report files and (in GitHub Actions) the annotations."""
        assert self.build is not None
        for line in self.build.summary():
            log.info(line.removeprefix("threatpub: ").removeprefix("threatpub："))
        self._write_reports()

    def _write_reports(self) -> None:
        assert self.build is not None
        try:
            self.build.write_reports()
        except BuildError as exc:  # a report file that cannot be written: name the option
            raise PluginError(f"threatpub: {localize(exc.args[0], self.language)}") from None
        if self._annotate():
            # Workflow commands are read from the job's output; print each line once even
            # when a failing build writes the report again.
            for line in self.build.annotations():
                if line not in self.annotated:
                    self.annotated.add(line)
                    print(line, flush=True)

    def _annotate(self) -> bool:
        setting = self.config.github_annotations
        if self.is_serve or setting == "false":
            return False
        return setting == "true" or os.environ.get("GITHUB_ACTIONS") == "true"

    def _source(self, files: Files) -> Callable[[str], bytes | None]:
        """A file's bytes: as judged (another plugin may have deleted a generated file by
        the time LEAK001 runs), else read now."""
        judged = self.build.raw if self.build is not None else {}

        def source(path: str) -> bytes | None:
            if path in judged:
                return judged[path]
            file = files.get_file_from_path(path)
            if file is None:
                return None
            try:
                return file.content_bytes
            except OSError:
                return None

        return source


def _status_url(config: MkDocsConfig) -> str:
    """Where ``mkdocs serve`` shows the status page, relative to the site's base path (which
    the server mounts at site_url's path)."""
    return "_threatpub/" if config.use_directory_urls else "_threatpub/index.html"


def _colour_scheme(config: MkDocsConfig) -> tuple[str | None, str | None]:
    """The colour scheme the site's theme is configured with (``light``, ``dark``, or
    ``None`` when it follows the system), and the theme whose stored reader's choice the
    status page follows (Material's palette toggle, the mkdocs theme's colour mode)."""
    theme = config.theme.name
    if theme == "material":
        palette = config.theme.get("palette")
        entries = palette if isinstance(palette, list) else [palette]
        options = [entry for entry in entries if isinstance(entry, dict)]
        if any("prefers-color-scheme" in str(entry.get("media") or "") for entry in options):
            return None, theme
        first = options[0].get("scheme") if options else None
        return ("dark" if first == "slate" else "light"), theme
    if theme == "mkdocs":
        mode = config.theme.get("color_mode")
        return (mode if mode in ("light", "dark") else None), theme
    return None, theme


def _file_name(file: File, config: MkDocsConfig) -> str:
    """A file as its author knows it: its path from mkdocs.yml, or who generated it."""
    if file.abs_src_path and file.generated_by is None:
        config_dir = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        return os.path.relpath(file.abs_src_path, config_dir).replace(os.sep, "/")
    return f"{file.src_uri} (generated by {file.generated_by or 'another plugin'})"


def _docs_tasks(layout: SiteLayout) -> list[PageTask]:
    """What on_files will judge, listed from docs_dir before MkDocs lists it: its Markdown
    pages and the files judged by their content (not in hidden folders)."""
    docs_dir = str(layout.docs_dir)
    tasks: list[PageTask] = []
    for folder, dirs, names in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = os.path.relpath(folder, docs_dir).replace(os.sep, "/")
        for name in sorted(names):
            path = name if rel == "." else f"{rel}/{name}"
            file = os.path.join(folder, name)
            if is_markdown_file(path):
                tasks.append(PageTask(path, file, layout.nav_titles.get(path)))
            elif (kind := judged_kind(path)) is not None:
                tasks.append(PageTask(path, file, kind=kind))
    return tasks


def _drop_blog_links(files: Files, out: set[str]) -> None:
    """A Material blog post's related links (front matter ``links:``) without entries for a
    kept-out page. The blog reads them into ``post.config.links`` in its on_files (-50) and
    renders them in on_env, so they are pruned here, between the two."""
    if not out:
        return
    for file in files:
        config = getattr(file.page, "config", None) if file.page is not None else None
        links = getattr(config, "links", None)
        items = getattr(links, "items", None)
        if links is not None and isinstance(items, list):
            links.items = _pruned_blog_links(items, out)


def _pruned_blog_links(items: list[Any], out: set[str]) -> list[Any]:
    kept: list[Any] = []
    for item in items:
        children = getattr(item, "children", None)
        if isinstance(children, list):
            item.children = _pruned_blog_links(children, out)
            if item.children:
                kept.append(item)
        elif not (isinstance(getattr(item, "url", None), str) and urlsplit(item.url).path in out):
            kept.append(item)
    return kept


def _read(file: File) -> bytes:
    """A file's bytes; one that cannot be read stops the build naming it (never judged
    as empty, never published unread)."""
    try:
        return file.content_bytes
    except OSError as exc:
        raise PluginError(
            f"threatpub: cannot read {file.src_uri} ({exc.strerror or type(exc).__name__}): "
            "no page is published unjudged. Fix the file's permissions or remove it."
        ) from None


def _url_of(files: Files) -> Callable[[str], str | None]:
    def url_of(path: str) -> str | None:
        file = files.get_file_from_path(path)
        return file.url if file is not None and file.url else None

    return url_of


def _pruned(items: list[Any], out: set[str]) -> list[Any]:
    """``items`` without kept-out pages. A section keeps its published pages; a page that is
    also a section (mkdocs-section-index's SectionPage) and is kept out leaves a plain section
    of its published children; an empty plain section goes."""
    kept: list[Any] = []
    for item in items:
        if isinstance(item, Link) and _names_kept_out(item.url, out):
            continue  # a nav plugin's entry (awesome-pages, awesome-nav) made into a Link
        kept_out = isinstance(item, MkPage) and item.file.src_uri in out
        children = getattr(item, "children", None)
        if children is None:
            if not kept_out:
                kept.append(item)
            continue
        published = _pruned(children, out)
        if kept_out:
            if published:
                kept.append(Section(item.title or "", published))
        elif published or isinstance(item, MkPage):
            item.children = published
            kept.append(item)
    return kept


def _names_kept_out(url: str, out: set[str]) -> bool:
    """Whether a nav link's ``url`` names a kept-out page: its source path (as written in a
    nav file, relative to some folder, so its last parts), or its URL."""
    path = urlsplit(url).path.strip("/").removeprefix("./")
    if not path or urlsplit(url).scheme:
        return False
    for page in out:
        stem = posixpath.splitext(page)[0]
        forms = {page, stem, stem + "/", stem + "/index.html", stem + ".html"}
        if stem.endswith(("/index", "/README")) or stem in ("index", "README"):
            folder = posixpath.dirname(stem)
            forms |= {folder, folder + "/"}
        if path in forms or page.endswith("/" + path):
            return True
    return False


def _collect_pages(items: list[Any], out: list[MkPage]) -> None:
    for item in items:
        if isinstance(item, MkPage):
            out.append(item)
        if isinstance(item, Section):
            _collect_pages(item.children, out)
