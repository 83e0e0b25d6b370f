"""LINK001 link-to-held-page: a published page's link to a kept-out page is unlinked.

The pipeline finds such links (in the rendered page under ``mkdocs build``, in the Markdown
under ``threatpub stage``) and calls :func:`finding` for each.
"""

from __future__ import annotations

from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope

__all__ = ["RULE", "finding"]


def finding(target: str, line: int) -> Finding:
    """A link to the kept-out page ``target`` (docs-relative) on ``line`` was unlinked."""
    return Finding(
        "LINK001",
        line,
        t(
            f"links to {target}, which is held or taken down; the link was removed and its "
            "text kept",
            f"链接指向暂缓发布或已下线的页面 {target}；已删除该链接，保留其文字",
        ),
        expected=t("links only to pages that are published", "只链接到已发布的页面"),
        found=t(target, f"指向 {target} 的链接"),
        fix=t(
            "remove the link, or publish the linked page (the next build keeps the link "
            "once it is)",
            "删除该链接，或使被链接的页面满足发布条件（页面发布后，下次构建会保留该链接）",
        ),
    )


RULE = Rule(
    code="LINK001",
    name="link-to-held-page",
    source="mkdocs-threatpub: a held page leaves no trace in the built site",
    default_action=Action.WARN,
    summary=t(
        "A published page links to a held or removed page; the link is unlinked.",
        "已发布页面链接到暂缓发布或已撤下的页面；该链接已被去除。",
    ),
    scope=Scope.ANY,
    check=None,  # made by `finding` where the pipeline unlinks a link
    doc=RuleDoc(
        what=t(
            "When a published page is rendered by `mkdocs build`, every `<a href>` in it is "
            "resolved against the page's URL (relative paths, `../`, directory URLs, "
            "`index.html` forms, fragments and absolute links to the site's own `site_url`). A "
            "link whose target is a page held back by threatpub (or a page that fails) is "
            "replaced by its text: the words stay, the link goes. The finding names the "
            "publishing page, the line of the link in its Markdown (1 if it cannot be found) and "
            "the held page.",
            "`mkdocs build` 渲染已发布的页面时，其中的每个 `<a href>` 都会相对于该页面的 URL "
            "解析（相对路径、`../`、目录形式的 URL、`index.html` 形式、片段标识，以及指向本站 "
            "`site_url` 的绝对链接）。目标是被 threatpub 暂缓发布（或判定失败）的页面的链接，"
            "会被替换为其文字：文字保留，链接去除。发现项写明链接所在的已发布页面、该链接在其 "
            "Markdown 中的行号（找不到时为 1）以及被暂缓发布的页面。",
        ),
        why=t(
            "MkDocs rewrites a link to a draft page to the draft's URL and logs it only at "
            "INFO, so `--strict` never sees it. Left alone, a published page would point readers "
            "(and crawlers) at the URL of an advisory that is not public yet, and that URL often "
            "names the product or flaw.",
            "MkDocs 会把指向草稿页面的链接改写为草稿的 URL，且只在 INFO 级别记录，因此 `--strict` "
            "永远察觉不到。若不处理，已发布页面就会把读者（和爬虫）引向尚未公开的安全公告的 URL，"
            "而这个 URL 往往会透露产品或漏洞的名称。",
        ),
        source=t(
            "mkdocs-threatpub: a held page leaves no trace in the built site, including links "
            "from published pages, which are unlinked and reported.",
            "mkdocs-threatpub 的承诺：暂缓发布的页面在构建出的站点中不留任何痕迹，"
            "包括已发布页面指向它的链接：这些链接会被去除并报告。",
        ),
        how=t(
            "Remove the link, or wait until the linked page is published; rebuilding then "
            "restores the link by itself. The link text is published as written, so it should "
            "not name what the held page is about.",
            "删除该链接，或等待被链接页面发布，届时重新构建会自动恢复链接。链接文字会原样发布，"
            "因此不应透露暂缓发布页面的内容。",
        ),
        example=t(
            "`See [the gateway advisory](advisories/gateway.md).` while "
            "`advisories/gateway.md` is held is rendered as `See the gateway advisory.`",
            "`advisories/gateway.md` 暂缓发布期间，`参见[网关安全公告](advisories/gateway.md)。` "
            "会渲染为 `参见网关安全公告。`",
        ),
    ),
)
