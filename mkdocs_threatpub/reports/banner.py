"""The banner shown on held and failing pages under ``mkdocs serve``.

It replaces MkDocs' unstyled DRAFT marker with what the author needs, in this order: the
verdict (a heading), one line saying how many findings and what to do, then each finding
with its rule (linked to the rule's reference page when the site has one), action and line,
the message, what was expected and found, and how to fix it. The line under the verdict
links to the status page of the whole site (:mod:`.status_html`). It is part of the page's HTML
from the server (never inserted by script), so the content below it does not jump.

With Material it uses admonition markup, so it follows the light and dark schemes;
otherwise it carries its own colours, dark text on a light tint (contrast above 7:1), which
read the same on any theme. It is a labelled region whose heading starts the outline, in
the site's language (``lang`` set for Chinese).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from mkdocs_threatpub.core.engine import JudgedFinding, Judgement
from mkdocs_threatpub.core.findings import Verdict
from mkdocs_threatpub.core.i18n import localize, t

__all__ = ["BANNER_CLASS", "finding_item", "render_banner"]

BANNER_CLASS = "threatpub-banner"

_HEADLINES = {
    Verdict.HOLD: t("Held: this page will not be published yet", "暂缓：本页暂不发布"),
    Verdict.FAIL: t("Build failure: this page cannot be published", "构建失败：本页不能发布"),
    Verdict.REMOVED: t("Removed: this page was taken down", "已下线：本页已被撤下"),
}
_EXPECTED = t("Expected", "应为")
_FOUND = t("Found", "实际")
_FIX = t("How to fix", "修改方法")
_ACTIONS = {"fail": t("fail", "失败"), "hold": t("hold", "暂缓"), "warn": t("warn", "警告")}
_STATUS_LINK = t("Publication status of every page of the site.", "查看全站所有页面的发布状态。")

_PLAIN_CSS = f"""
.mkdocs-draft-marker{{display:none}}
.{BANNER_CLASS}{{margin:0 0 1.5em;padding:.8em 1em;border:1px solid #b35c00;
border-left-width:.4em;background:#fff4e5;color:#1f1f1f;border-radius:.2em;font-size:.95em;
line-height:1.45;text-align:left}}
.{BANNER_CLASS}.tp-fail{{border-color:#b00020;background:#fdecee}}
.{BANNER_CLASS} h2{{margin:0 0 .4em;font-size:1.15em;line-height:1.3;color:#1f1f1f;
font-weight:700}}
.{BANNER_CLASS} p{{margin:.2em 0;color:#1f1f1f}}
.{BANNER_CLASS} ol{{margin:.4em 0 0 1.4em;padding:0}}
.{BANNER_CLASS} li{{margin:.6em 0;color:#1f1f1f}}
.{BANNER_CLASS} a{{color:#0b4f91;text-decoration:underline}}
.{BANNER_CLASS} dl{{margin:.2em 0 0;display:grid;grid-template-columns:max-content 1fr;
gap:.1em .6em}}
.{BANNER_CLASS} dt{{font-weight:600;color:#1f1f1f;margin:0}}
.{BANNER_CLASS} dd{{margin:0;color:#1f1f1f;min-width:0}}
.{BANNER_CLASS} code{{background:rgba(0,0,0,.07);color:#1f1f1f;padding:0 .2em}}
.{BANNER_CLASS} pre{{margin:.3em 0;padding:.4em;background:rgba(0,0,0,.06);color:#1f1f1f;
white-space:pre-wrap;overflow-wrap:anywhere}}
.{BANNER_CLASS} .tp-meta{{color:#3d3d3d}}
"""

_MATERIAL_CSS = f"""
.mkdocs-draft-marker{{display:none}}
.md-typeset .{BANNER_CLASS} ol{{margin-top:.3em}}
.md-typeset .{BANNER_CLASS} .tp-rule{{margin:0}}
.md-typeset .{BANNER_CLASS} dl{{margin:.2em 0 0;display:grid;
grid-template-columns:max-content 1fr;gap:.1em .6em}}
.md-typeset .{BANNER_CLASS} dt{{font-weight:700;margin:0}}
.md-typeset .{BANNER_CLASS} dd{{margin:0;min-width:0}}
.md-typeset .{BANNER_CLASS} pre{{white-space:pre-wrap;overflow-wrap:anywhere;margin:.2em 0}}
.md-typeset .{BANNER_CLASS} a.tp-status{{text-decoration:underline}}
"""


def render_banner(
    judgement: Judgement,
    *,
    material: bool,
    language: str = "en",
    links: Mapping[str, str] | None = None,
    status_url: str | None = None,
) -> str:
    """HTML for the top of the page's content; empty for a published page.

    ``links`` maps a rule code to the (page-relative) URL of its documentation;
    ``status_url`` is the (page-relative) URL of the status page of the whole site.
    """
    if judgement.verdict is Verdict.PUBLISH:
        return ""
    verdict = judgement.verdict
    headline = localize(_HEADLINES[verdict], language)
    if judgement.release_after:
        when = judgement.release_after
        headline += localize(
            t(
                f" (publishable from {when} if nothing else is missing)",
                f"（如无其他缺项，自 {when} 起可以发布）",
            ),
            language,
        )
    items = "".join(
        finding_item(f, language, (links or {}).get(f.code)) for f in judgement.findings
    )
    heading_id = "threatpub-banner-title"
    kind = "danger" if verdict is Verdict.FAIL else "warning"
    count = len(judgement.findings)
    path = f"<code>{escape(judgement.path)}</code>"
    intro_text = (
        f"threatpub：{path} 有 {count} 项问题。修改并保存后，预览会自动刷新。"
        if language == "zh"
        else f"threatpub: {count} finding{'s' if count != 1 else ''} on {path}. "
        "Fix them and save; this preview reloads."
    )
    lang_attr = ' lang="zh-CN"' if language == "zh" else ""
    if status_url is not None:
        label = localize(_STATUS_LINK, language)
        intro_text += f' <a class="tp-status" href="{escape(status_url)}">{escape(label)}</a>'
    intro = f'<p class="tp-meta">{intro_text}</p>'
    classes = f"{BANNER_CLASS} tp-{verdict.value}"
    if material:
        return (
            f"<style>{_MATERIAL_CSS}</style>"
            f'<div class="admonition {kind} {classes}"{lang_attr} role="region" '
            f'aria-labelledby="{heading_id}">'
            f'<p class="admonition-title" id="{heading_id}" role="heading" aria-level="2">'
            f"{escape(headline)}</p>{intro}<ol>{items}</ol></div>"
        )
    return (
        f"<style>{_PLAIN_CSS}</style>"
        f'<div class="{classes}"{lang_attr} role="region" aria-labelledby="{heading_id}">'
        f'<h2 id="{heading_id}">{escape(headline)}</h2>{intro}<ol>{items}</ol></div>'
    )


def finding_item(judged: JudgedFinding, language: str, href: str | None) -> str:
    """One finding as a list item: rule (linked to ``href``), action, line and source, the
    message, what was expected and found, and the fix (the banner and the status page)."""
    f = judged.finding
    word = _ACTIONS.get(str(judged.action))
    action = localize(word, language) if word is not None else str(judged.action)
    where = f"第 {f.line} 行" if language == "zh" else f"line {f.line}"
    rule = f"{escape(judged.code)} {escape(judged.rule.name)}"
    if href:
        # The rule's page says what it checks, why, and shows a complete example.
        rule = f'<a href="{escape(href)}">{rule}</a>'
    docs = "" if href else f"; <code>threatpub explain {escape(judged.code)}</code>"
    parts = [
        f'<li class="tp-finding" data-code="{escape(judged.code)}" data-line="{f.line}">'
        f'<p class="tp-rule"><strong>{rule}</strong> '
        f'<span class="tp-meta">({escape(action)}, {escape(where)}; '
        f"{escape(judged.rule.source)}{docs})</span></p>"
        f'<p class="tp-message">{escape(localize(f.message, language))}</p><dl>'
    ]
    if f.expected:
        parts.append(_row(_EXPECTED, localize(f.expected, language), language))
    if f.found:
        parts.append(_row(_FOUND, localize(f.found, language), language))
    if f.fix:
        first, _, example = localize(f.fix, language).partition("\n")
        body = escape(first)
        if example:
            body += f"<pre><code>{escape(example)}</code></pre>"
        parts.append(f"<dt>{escape(localize(_FIX, language))}</dt><dd>{body}</dd>")
    parts.append("</dl></li>")
    return "".join(parts)


def _row(label: str, value: str, language: str) -> str:
    return f"<dt>{escape(localize(label, language))}</dt><dd>{escape(value)}</dd>"
