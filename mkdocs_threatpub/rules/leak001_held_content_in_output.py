"""LEAK001 held-content-in-output: a kept-out page's trace found in the built site.

The pipeline searches ``site_dir`` after every plugin has written it and calls
:func:`finding` for each trace.
"""

from __future__ import annotations

from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope

__all__ = ["RULE", "describe", "finding"]

# What was found, by core.leaks' kind of needle. Never the text itself: the page's path is
# all a log or report quotes of a kept-out page.
_WHAT = {
    "url": t("a link to it (its URL, in some form)", "指向该页面的链接（某种形式的 URL）"),
    "source": t("a link to its Markdown source file", "指向其 Markdown 源文件的链接"),
    "anchor": t("an anchor named after it", "以该页面命名的锚点"),
    "file": t(
        "its own output file (left from an earlier build)", "它自己的输出文件（之前构建遗留）"
    ),
    "attachment": t(
        "a file kept out with it (an attachment), or a link to one",
        "随其一并暂缓发布的附件文件，或指向该附件的链接",
    ),
    "title": t("its title", "其标题"),
    "heading": t("a heading of it", "其中的一个标题"),
    "cell": t("a table cell of it", "其中的一个表格单元格"),
    "item": t("a list item of it", "其中的一个列表项"),
    "text": t(
        "a run of words of its body (a sentence n-gram)", "其正文中连续的一串词（句子 n 元组）"
    ),
    "pdf": t("its text, in the text of a PDF", "其文字（出现在 PDF 的文本中）"),
}

# How to remove each kind of trace.
_FILES = t(
    "delete site_dir and build again (`mkdocs build --clean`, never `--dirty`): a file left "
    "by an earlier build, or one a plugin copied, is deployed with the site",
    "删除 site_dir 后重新构建（`mkdocs build --clean`，不要使用 `--dirty`）：之前构建遗留"
    "或插件复制的文件会随站点一起部署",
)
_LINKS = t(
    "find what wrote the link into {output} (a feed or blog plugin that renders raw "
    "Markdown, raw HTML `href`/`src` in a page, a nav file such as `.pages`, a print page) "
    "and remove the link or keep that plugin away from kept-out pages; do not deploy this "
    "site",
    "找出将该链接写入 {output} 的来源（渲染原始 Markdown 的订阅源或博客插件、页面中原始 HTML 的 "
    "`href`/`src`、`.pages` 等导航文件、打印页面），删除该链接或让该插件不处理暂缓发布的页面；"
    "不要部署本次构建的站点",
)
_TEXT = t(
    "find what copied the text into {output} (an include such as pymdownx.snippets "
    "`--8<--`, mkdocs-include-markdown-plugin or a macro that pulls in the kept-out page, a "
    "theme template, a plugin that ignores MkDocs' inclusion levels) and remove it; do not "
    "deploy this site",
    "找出将这些文字复制到 {output} 的来源（引入暂缓发布页面的 pymdownx.snippets `--8<--`、"
    "mkdocs-include-markdown-plugin 或宏，主题模板，忽略 MkDocs 包含级别的插件）并删除；"
    "不要部署本次构建的站点",
)


def _fix(kind: str, output: str) -> Text:
    links = t(_LINKS.format(output=output), zh(_LINKS).format(output=output))
    if kind == "file":
        return _FILES
    if kind in ("url", "source", "anchor"):
        return links
    if kind == "attachment":
        return t(f"{_FILES}; or {links}", f"{zh(_FILES)}；或{zh(links)}")
    return t(_TEXT.format(output=output), zh(_TEXT).format(output=output))


def describe(kind: str) -> Text:
    """What a trace of ``kind`` is, in both languages (never the text that was found)."""
    return _WHAT.get(kind, _WHAT["text"])


def finding(output: str, kind: str) -> Finding:
    """A trace of ``kind`` (core.leaks: url, source, anchor, file, attachment, title,
    heading, cell, item, text, pdf) was found in ``output``, a file of the built site
    relative to ``site_dir``."""
    what = describe(kind)
    return Finding(
        "LEAK001",
        1,
        t(
            f"{what} was found in site_dir/{output} although the page is kept out",
            f"在 site_dir/{output} 中发现{zh(what)}，但该页面不应发布",
        ),
        expected=t(
            "no trace of a kept-out page in the built site",
            "构建出的站点中没有暂缓发布或已下线页面的任何痕迹",
        ),
        found=t(f"site_dir/{output}: {what}", f"构建输出文件 site_dir/{output}：{zh(what)}"),
        fix=_fix(kind, output),
    )


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
    check=None,  # made by `finding` when the pipeline searches the built site
    doc=RuleDoc(
        what=t(
            "After `mkdocs build` and every other plugin have written the site, each file under "
            "`site_dir` is read once (`.gz` files decompressed) and searched in one pass for "
            "every page that was kept out: its URL (`advisories/x/`, `advisories/x/index.html`), "
            "its title (12 characters or more) and up to three distinctive sentences of its body "
            "(40 characters or more, plain prose, none that a published page's source also has). "
            "HTML- and JSON-escaped forms are searched too. Any hit fails the build; the log "
            "names the output file and the kept-out page (path and what matched: URL, title or a "
            "body sentence), never quoting the page's text.",
            "`mkdocs build` 及其他所有插件写完站点后，逐一读取 `site_dir` 下的每个文件（`.gz` "
            "文件先解压），一次性查找每个未发布的页面（暂缓发布或已撤下）：其 "
            "URL（`advisories/x/`、`advisories/x/index.html`）、标题（12 个字符及以上）"
            "以及正文中至多三个有辨识度的句子（40 个字符及以上的纯文字，且不出现在任何已发布页面的"
            "源文件中）。HTML 和 JSON 转义后的形式也在查找之列。任何命中都会使构建失败；"
            "日志写明输出文件和未发布的页面（路径及匹配到的内容：URL、标题或正文句子），"
            "但绝不引用页面文字。",
        ),
        why=t(
            "A held page must leave nothing behind: not its file, nav entry, search index "
            "entry, sitemap entry, blog excerpt, tag listing or feed item. The plugin prevents "
            "each known path, but themes and plugins change; this check catches the ones nobody "
            "foresaw, before the site is deployed.",
            "暂缓发布的页面不得留下任何痕迹：不能有它的文件、导航条目、搜索索引条目、"
            "站点地图条目、博客摘要、标签列表或订阅源条目。插件会堵住每一条已知的途径，"
            "但主题和插件会变化；这项检查能在站点部署之前发现无人预料到的途径。",
        ),
        source=t(
            "mkdocs-threatpub: a held page leaves no trace in the built site; the plugin verifies "
            "this after every build (fail closed).",
            "mkdocs-threatpub 的承诺：暂缓发布的页面在构建出的站点中不留任何痕迹；"
            "插件在每次构建后都会验证这一点（失败即关闭）。",
        ),
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
        example=t(
            "A feed plugin that reads every Markdown file writes `advisories/x/` into "
            "`feed_rss_created.xml` although the page is held: the build fails with LEAK001 "
            "naming `feed_rss_created.xml` and `advisories/x.md`.",
            "某个读取所有 Markdown 文件的订阅源插件把 `advisories/x/` 写入了 "
            "`feed_rss_created.xml`，而该页面正处于暂缓发布状态：构建以 LEAK001 失败，并指出 "
            "`feed_rss_created.xml` 和 `advisories/x.md`。",
        ),
    ),
)
