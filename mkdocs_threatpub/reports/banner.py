"""The banner shown on held and failing pages under ``mkdocs serve``.

It replaces MkDocs' unstyled DRAFT marker with what the author needs: the verdict, then each
finding with its line, code, message, what was expected and how to fix it. With Material
it uses admonition markup (so it follows the light and dark schemes); otherwise it carries
its own styles, with colours chosen for contrast on light and dark backgrounds.
"""

from __future__ import annotations

from html import escape

from mkdocs_threatpub.core.engine import Judgement
from mkdocs_threatpub.core.findings import Verdict
from mkdocs_threatpub.core.i18n import localize, t

__all__ = ["BANNER_CLASS", "render_banner"]

BANNER_CLASS = "threatpub-banner"

_HEADLINES = {
    Verdict.HOLD: t("Held: this page will not be published yet", "暂缓：本页暂不发布"),
    Verdict.FAIL: t("Build failure: this page cannot be published", "构建失败：本页不能发布"),
    Verdict.REMOVED: t("Removed: this page was taken down", "已下线：本页已被撤下"),
}
_EXPECTED = t("Expected:", "应为：")
_FOUND = t("Found:", "实际：")
_FIX = t("How to fix:", "修改方法：")
_ACTIONS = {"fail": t("fail", "失败"), "hold": t("hold", "暂缓"), "warn": t("warn", "警告")}

_PLAIN_CSS = f"""
.mkdocs-draft-marker{{display:none}}
.{BANNER_CLASS}{{margin:0 0 1.5em;padding:.8em 1em;border-left:.4em solid #b35c00;
background:#fff4e5;color:#1f1f1f;border-radius:.2em;font-size:.95em;line-height:1.45}}
.{BANNER_CLASS}.tp-fail{{border-left-color:#b00020;background:#fdecee}}
.{BANNER_CLASS} h2{{margin:0 0 .4em;font-size:1.1em;color:#1f1f1f}}
.{BANNER_CLASS} ol{{margin:.3em 0 0 1.2em;padding:0}}
.{BANNER_CLASS} li{{margin:.4em 0}}
.{BANNER_CLASS} code{{background:rgba(0,0,0,.07);color:#1f1f1f;padding:0 .2em}}
.{BANNER_CLASS} pre{{margin:.3em 0;padding:.4em;background:rgba(0,0,0,.06);color:#1f1f1f;
white-space:pre-wrap}}
.{BANNER_CLASS} .tp-meta{{color:#444}}
"""

_MATERIAL_CSS = f"""
.mkdocs-draft-marker{{display:none}}
.{BANNER_CLASS} ol{{margin-top:.3em}}
.{BANNER_CLASS} pre{{white-space:pre-wrap}}
"""


def render_banner(judgement: Judgement, *, material: bool, language: str = "en") -> str:
    """HTML for the top of the page's content; empty for a published page."""
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
    items = "".join(_item(judgement.path, f, language) for f in judgement.findings)
    heading_id = "threatpub-banner-title"
    kind = "danger" if verdict is Verdict.FAIL else "warning"
    count = len(judgement.findings)
    path = f"<code>{escape(judgement.path)}</code>"
    intro_text = (
        f"threatpub：{path} 有 {count} 项问题。修改并保存后，预览会自动刷新。"
        if language == "zh"
        else f'threatpub: {count} finding{"s" if count != 1 else ""} on {path}. '
        "Fix them and save; this preview reloads."
    )
    lang_attr = ' lang="zh-CN"' if language == "zh" else ""
    intro = f'<p class="tp-meta">{intro_text}</p>'
    if material:
        return (
            f"<style>{_MATERIAL_CSS}</style>"
            f'<div class="admonition {kind} {BANNER_CLASS} tp-{verdict.value}"{lang_attr} '
            'role="region" '
            f'aria-labelledby="{heading_id}">'
            f'<p class="admonition-title" id="{heading_id}" role="heading" aria-level="2">'
            f"{escape(headline)}</p>{intro}<ol>{items}</ol></div>"
        )
    return (
        f"<style>{_PLAIN_CSS}</style>"
        f'<div class="{BANNER_CLASS} tp-{verdict.value}"{lang_attr} role="region" '
        f'aria-labelledby="{heading_id}">'
        f'<h2 id="{heading_id}">{escape(headline)}</h2>{intro}<ol>{items}</ol></div>'
    )


def _item(path: str, judged: object, language: str) -> str:
    from mkdocs_threatpub.core.engine import JudgedFinding

    assert isinstance(judged, JudgedFinding)
    f = judged.finding
    word = _ACTIONS.get(str(judged.action))
    action = localize(word, language) if word is not None else str(judged.action)
    where = f"第 {f.line} 行" if language == "zh" else f"line {f.line}"

    def label(text: str) -> str:
        return escape(localize(text, language))

    parts = [
        f'<li class="tp-finding" data-code="{escape(judged.code)}" data-line="{f.line}">'
        f"<strong>{escape(judged.code)} {escape(judged.rule.name)}</strong> "
        f'<span class="tp-meta">({escape(action)}, {escape(where)})</span><br>'
        f"{escape(localize(f.message, language))}"
    ]
    if f.expected:
        parts.append(f"<br><em>{label(_EXPECTED)}</em> {escape(localize(f.expected, language))}")
    if f.found:
        parts.append(f"<br><em>{label(_FOUND)}</em> {escape(localize(f.found, language))}")
    if f.fix:
        fix_lines = localize(f.fix, language).split("\n", 1)
        parts.append(f"<br><em>{label(_FIX)}</em> {escape(fix_lines[0])}")
        if len(fix_lines) > 1:
            parts.append(f"<pre><code>{escape(fix_lines[1])}</code></pre>")
    parts.append(f' <span class="tp-meta">— {escape(judged.rule.source)}</span></li>')
    return "".join(parts)
