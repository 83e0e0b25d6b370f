"""LEAK001 held-content-in-output (emitted by the MkDocs adapter after the build)."""

from __future__ import annotations

from mkdocs_threatpub.core.findings import Action
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope

RULE = Rule(
    code="LEAK001",
    name="held-content-in-output",
    source=(
        "mkdocs-threatpub: a held page leaves no trace in the built site "
        "(verified after every build)"
    ),
    default_action=Action.FAIL,
    summary=t(
        "After the build, a held or removed page's URL or text is found in site_dir.",
        "构建完成后，在 site_dir 中发现暂缓发布或已撤下页面的 URL 或文字。",
    ),
    scope=Scope.ANY,
    locked=True,
    check=None,  # emitted by mkdocs_threatpub.plugin after every plugin has written its files
    doc=RuleDoc(
        what="After `mkdocs build` and every other plugin have written the site, each file "
        "under `site_dir` is read once (`.gz` files decompressed) and searched in one pass "
        "for every page that was kept out: its URL (`advisories/x/`, `advisories/x/index.html`), "
        "its title (12 characters or more) and up to three distinctive sentences of its body "
        "(40 characters or more, plain prose, none that a published page's source also has). "
        "HTML- and JSON-escaped forms are searched too. Any hit fails the build; the log names "
        "the output file and the kept-out page (path and what matched: URL, title or a body "
        "sentence), never quoting the page's text.",
        why="A held page must leave nothing behind: not its file, nav entry, search index "
        "entry, sitemap entry, blog excerpt, tag listing or feed item. The plugin prevents "
        "each known path, but themes and plugins change; this check catches the ones nobody "
        "foresaw, before the site is deployed.",
        source="mkdocs-threatpub: a held page leaves no trace in the built site; the plugin "
        "verifies this after every build (fail closed).",
        how=t(
            "Find what wrote the held page's URL or text into the named file (a theme "
            "template, a plugin that ignores MkDocs' inclusion levels, a page that copies the "
            "held text). Remove it, or disable that plugin for held pages. Published pages that "
            "quote the held page's title in prose are not flagged: sentences and titles that a "
            "published page's Markdown also contains are not searched.",
            "查明是什么把暂缓发布页面的 URL 或文字写入了所列文件（主题模板、忽略 MkDocs "
            "收录级别的插件、复制了该文字的页面），将其删除，或对暂缓发布的页面停用该插件。"
            "已发布页面在正文中引用暂缓发布页面标题的不会被标记：已发布页面的 Markdown 中"
            "也有的句子和标题不在搜索范围内。",
        ),
        example="A feed plugin that reads every Markdown file writes `advisories/x/` into "
        "`feed_rss_created.xml` although the page is held: the build fails with LEAK001 "
        "naming `feed_rss_created.xml` and `advisories/x.md`.",
    ),
)
