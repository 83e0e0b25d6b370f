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
        "After the build, a held or removed page's text, a link or anchor to it, or one of "
        "its files is found in site_dir.",
        "构建完成后，在 site_dir 中发现暂缓发布或已撤下页面的文字、指向它的链接或锚点，"
        "或它的文件。",
    ),
    scope=Scope.ANY,
    locked=True,
    check=None,  # made by `finding` when the pipeline searches the built site
    doc=RuleDoc(
        what=t(
            "After `mkdocs build` and every other plugin have written the site, each file under "
            "`site_dir` is read once (`.gz` files decompressed, JSON decoded to its strings, "
            "escaped markup in XML feeds dropped, PDFs read for their text) and searched for "
            "every page that was kept out: any run of 8 words of its body (headings, table "
            "cells, list items, sentences, code) and each heading, table cell, list item, title "
            "or description shorter than that, compared as words (case, HTML tags and entities, "
            "JSON escapes and line breaks do not matter; each Chinese character is a word); "
            "links to it, to its Markdown source or to its attachments in any form (`held/`, "
            "`../held/`, `held/index.html`, `held.md`, root-relative, absolute with "
            "`site_url`), resolved from the file that holds them; anchors named after it "
            "(`#advisories-held`, as print pages name a page's section); its own output file "
            "and its attachments left in `site_dir`. Runs of words that a published page's "
            "Markdown or title also has, or that the theme writes on every page (`404.html`), "
            "are not searched. Any hit fails the build; the log names the output file, the "
            "kept-out page and the kind of trace, never quoting the page's text.",
            "`mkdocs build` 及其他所有插件写完站点后，逐一读取 `site_dir` 下的每个文件一次"
            "（`.gz` 先解压，JSON 解码为其中的字符串，XML 订阅源中转义的标记被去除，"
            "PDF 读取其文字），"
            "查找每个未发布页面（暂缓发布或已撤下）的任何痕迹：其正文中任意连续 8 个词"
            "（标题、表格单元格、列表项、句子、代码），以及不足 8 个词的每个标题、表格单元格、"
            "列表项、页面标题或描述，按词比较（大小写、HTML 标签和实体、JSON 转义和换行均不影响；"
            "每个汉字算一个词）；指向该页面、其 Markdown 源文件或其附件的任何形式的链接"
            "（`held/`、`../held/`、`held/index.html`、`held.md`、根相对路径、带 `site_url` "
            "的绝对地址），按所在文件的位置解析；以其命名的锚点（`#advisories-held`，打印页面"
            "这样命名页面的章节）；留在 `site_dir` 中的它自己的输出文件和附件。已发布页面的 "
            "Markdown 或标题中也有的连续词语，以及主题在每个页面都写入的内容（`404.html`），"
            "不在查找范围内。任何命中都会使构建失败；日志写明输出文件、未发布的页面和痕迹的种类，"
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
            "The message names the kind of trace. Text (a run of words, a heading, a table cell, "
            "a list item): find what copied it into the named file — an include that pulls the "
            'kept-out page in (pymdownx.snippets `--8<-- "held.md:section"`, '
            "mkdocs-include-markdown-plugin, a macro), a theme template, a plugin that ignores "
            "MkDocs' inclusion levels — and remove it. A link or anchor: a feed or blog plugin "
            "that renders raw Markdown, raw HTML `href`/`src`, a nav file (`.pages`, "
            "`.nav.yml`) or a print page still points at the page; remove the link or keep "
            "that plugin away from kept-out pages. A file: build with `--clean` (never "
            "`--dirty`) so that files of an earlier build do not stay. Published pages that "
            "quote the kept-out page's title or sentences are not flagged: what a published "
            "page's Markdown also has is not searched.",
            "消息会写明痕迹的种类。文字（连续的词、标题、表格单元格、列表项）：找出把它复制到所列"
            '文件中的来源——引入该页面的 include（pymdownx.snippets `--8<-- "held.md:section"`、'
            "mkdocs-include-markdown-plugin、宏）、主题模板、忽略 MkDocs 收录级别的插件——"
            "并将其删除。链接或锚点：渲染原始 Markdown 的订阅源或博客插件、原始 HTML 的 "
            "`href`/`src`、导航文件（`.pages`、`.nav.yml`）或打印页面仍指向该页面；删除该链接，"
            "或让该插件不处理暂缓发布的页面。文件：使用 `--clean`（不要用 `--dirty`）构建，"
            "以免之前构建的文件留下。已发布页面引用暂缓发布页面的标题或句子不会被标记："
            "已发布页面 Markdown 中也有的内容不在查找范围内。",
        ),
        example=t(
            "A published page includes a section of a held advisory with pymdownx.snippets "
            '(`--8<-- "advisories/x.md:details"`): the build fails with LEAK001 naming '
            "`index.html` and `search/search_index.json`, the page `advisories/x.md` and "
            '"a heading of it" / "a run of words of its body". A feed plugin that writes '
            '`href="x.md"` into `feed_rss_created.xml` fails it too, as "a link to its '
            'Markdown source file".',
            '某个已发布页面用 pymdownx.snippets（`--8<-- "advisories/x.md:details"`）引入了'
            "一篇暂缓发布公告的一节：构建以 LEAK001 失败，指出 `index.html` 和 "
            "`search/search_index.json`、页面 `advisories/x.md` 以及“其中的一个标题”/"
            '“其正文中连续的一串词”。订阅源插件把 `href="x.md"` 写入 `feed_rss_created.xml` '
            "同样会使构建失败，痕迹种类为“指向其 Markdown 源文件的链接”。",
        ),
    ),
)
