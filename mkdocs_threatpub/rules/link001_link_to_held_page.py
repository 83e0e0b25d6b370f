"""LINK001 link-to-held-page (emitted by the MkDocs adapter while rendering)."""

from __future__ import annotations

from mkdocs_threatpub.core.findings import Action
from mkdocs_threatpub.core.i18n import t
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope

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
    check=None,  # emitted by mkdocs_threatpub.plugin when it renders a published page
    doc=RuleDoc(
        what="When a published page is rendered by `mkdocs build`, every `<a href>` in it is "
        "resolved against the page's URL (relative paths, `../`, directory URLs, "
        "`index.html` forms, fragments and absolute links to the site's own `site_url`). A "
        "link whose target is a page held back by threatpub (or a page that fails) is "
        "replaced by its text: the words stay, the link goes. The finding names the "
        "publishing page, the line of the link in its Markdown (1 if it cannot be found) and "
        "the held page.",
        why="MkDocs rewrites a link to a draft page to the draft's URL and logs it only at "
        "INFO, so `--strict` never sees it. Left alone, a published page would point readers "
        "(and crawlers) at the URL of an advisory that is not public yet, and that URL often "
        "names the product or flaw.",
        source="mkdocs-threatpub: a held page leaves no trace in the built site, including links "
        "from published pages, which are unlinked and reported.",
        how=t(
            "Remove the link, or wait until the linked page is published; rebuilding then "
            "restores the link by itself. The link text is published as written, so it should "
            "not name what the held page is about.",
            "删除该链接，或等待被链接页面发布，届时重新构建会自动恢复链接。链接文字会原样发布，"
            "因此不应透露暂缓发布页面的内容。",
        ),
        example="`See [the gateway advisory](advisories/gateway.md).` while "
        "`advisories/gateway.md` is held is rendered as `See the gateway advisory.`",
    ),
)
