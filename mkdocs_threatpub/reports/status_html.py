"""The reviewer's view: every page's publication status on one HTML page.

One renderer for two places: the status page that ``mkdocs serve`` shows at
``<base>/_threatpub/`` (the plugin writes it into the server's temporary site folder after
each build, never in ``mkdocs build``) and the HTML report (a ``report`` file ending in
``.html``, ``threatpub check --format html``).

What it shows comes from the judgements alone (nothing is decided here): a summary of the
verdicts, the coming releases by day (:mod:`.schedule`: scheduled pages, 30-day clocks,
blackouts, embargoes, anything with a ``release_after``), the configured blackout windows,
then every page grouped by verdict — failing, held, removed, published with warnings,
published — with its rules, the day it becomes publishable and its findings, worded as in
the banner (which never quotes flagged content). Every value from a page (title, path) is
escaped.

It is a complete document: inline CSS, no external request, no script needed to read it.
The filters (by verdict and by rule) are radio buttons and CSS (``:has``); the status page
adds a small script that sets them from ``?verdict=…&rule=…`` and keeps the address in step,
and follows the theme's colour scheme chosen by the reader (Material's palette toggle, the
``mkdocs`` theme's colour mode). Without a script the page follows the theme's configured
scheme, else the system's (``prefers-color-scheme``). English or Chinese (``lang="zh-CN"``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from mkdocs_threatpub import __version__
from mkdocs_threatpub.core.clock import load_timezone
from mkdocs_threatpub.core.context import Blackout
from mkdocs_threatpub.core.engine import Judgement
from mkdocs_threatpub.core.findings import Verdict
from mkdocs_threatpub.core.i18n import Text, localize, t
from mkdocs_threatpub.reports.banner import finding_item
from mkdocs_threatpub.reports.schedule import Lift, lifts, next_release, publishable_from
from mkdocs_threatpub.reports.schedule import waiting_on as untimed_holds

__all__ = ["GROUPS", "STATUS_DIR", "group_of", "render_status"]

# Where the status page is served, below the site's base path (never a `mkdocs build` output).
STATUS_DIR = "_threatpub"

# The groups of pages, in the order shown.
GROUPS = ("fail", "hold", "removed", "warn", "publish")

_GROUP_TITLES = {
    "fail": t("Build failures", "构建失败"),
    "hold": t("Held", "暂缓发布"),
    "removed": t("Removed", "已下线"),
    "warn": t("Published with warnings", "已发布（有警告）"),
    "publish": t("Published", "已发布"),
}
_GROUP_WORDS = {
    "fail": t("failing", "构建失败"),
    "hold": t("held", "暂缓"),
    "removed": t("removed", "已下线"),
    "warn": t("warnings only", "仅有警告"),
    "publish": t("published", "已发布"),
}
_GROUP_NOTES = {
    "fail": t(
        "These pages cannot be published: `mkdocs build` stops until each finding is fixed.",
        "这些页面不能发布：在修复每项问题之前，`mkdocs build` 会中止。",
    ),
    "hold": t(
        "Left out of the site and every listing until every requirement is met; a dated hold "
        "lifts by itself on its day.",
        "在满足全部要求之前，这些页面不会出现在站点和任何列表中；有日期的暂缓到期后自动解除。",
    ),
    "removed": t(
        "Taken down by the takedowns file (Article 9); not even previewed.",
        "已根据下线清单（第九条）撤下；预览中也不显示。",
    ),
    "warn": t(
        "Published; their warnings do not hold them back.",
        "已发布；其警告不影响发布。",
    ),
    "publish": t("Published, with no finding.", "已发布，没有任何问题。"),
}
_NONE = t("No page.", "没有页面。")
_TITLE = t("Publication status", "发布状态")
_SUMMARY = t("Summary", "概况")
_NEXT = t("Coming releases", "即将发布")
_FILTER = t("Filter", "筛选")
_BY_VERDICT = t("Verdict", "判定结果")
_BY_RULE = t("Rule", "规则")
_ALL = t("All", "全部")
_NO_MATCH = t(
    "No page has both the chosen verdict and the chosen rule.",
    "没有页面同时符合所选的判定结果和规则。",
)
_PAGE = t("Page", "页面")
_RULES = t("Rules", "规则")
_RELEASE = t("Publishable from", "可发布日期")
_FINDINGS = t("Findings", "问题")
_BLACKOUTS = t("Major-event blackout windows (MIIT096)", "重大活动期间（MIIT096）")
_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}


def group_of(judgement: Judgement) -> str:
    """The group a page is shown in: its verdict, and ``warn`` for a published page with
    warnings."""
    if judgement.verdict is Verdict.PUBLISH:
        return "warn" if judgement.findings else "publish"
    return judgement.verdict.value


@dataclass(frozen=True)
class _View:
    language: str
    today: dt.date
    page_links: Mapping[str, str]
    rule_links: Mapping[str, str]
    serve: bool

    def say(self, text: str) -> str:
        return escape(localize(text, self.language))

    def prose(self, text: str) -> str:
        """:meth:`say`, with `code` set as code (the page's own notes, never a page's
        words)."""
        return _BACKTICKS.sub(r"<code>\1</code>", self.say(text))


def render_status(
    judgements: Iterable[Judgement],
    *,
    now: dt.datetime,
    tz: dt.tzinfo | None = None,
    language: str = "en",
    profiles: Sequence[str] = (),
    blackouts: Sequence[Blackout] = (),
    site_name: str | None = None,
    page_links: Mapping[str, str] | None = None,
    rule_links: Mapping[str, str] | None = None,
    scheme: str | None = None,
    theme: str | None = None,
    serve: bool = False,
) -> str:
    """The whole HTML document.

    ``page_links`` maps a page's path to its URL relative to the status page (the status
    page links each page, whose banner has the details; the report file links none);
    ``rule_links`` maps a rule code to its reference page, likewise. ``scheme`` is the
    colour scheme the theme is configured with (``light``, ``dark``; ``None``: the
    system's); ``theme`` (``material``, ``mkdocs``) says whose stored choice the status
    page's script reads. ``serve`` makes the status page (its script, its note) rather than
    the report file.
    """
    zone = tz or load_timezone("UTC")
    items = sorted(judgements, key=lambda j: j.path)
    view = _View(
        language=language,
        today=now.astimezone(zone).date(),
        page_links=page_links or {},
        rule_links=rule_links or {},
        serve=serve,
    )
    groups: dict[str, list[Judgement]] = {name: [] for name in GROUPS}
    for judgement in items:
        groups[group_of(judgement)].append(judgement)
    codes = sorted({code for j in items for code in j.codes})
    title = localize(_TITLE, language)
    if site_name:
        title = f"{title} — {site_name}"
    lang = "zh-CN" if language == "zh" else "en"
    scheme_attr = f' data-scheme="{scheme}"' if scheme in ("light", "dark") else ""
    theme_attr = f' data-theme="{_token(theme)}"' if theme else ""
    head_script = f"<script>{_SCHEME_SCRIPT}</script>" if serve else ""
    tail_script = f"<script>{_FILTER_SCRIPT}</script>" if serve else ""
    body = [
        _header(view, title, items, groups, now, zone, profiles),
        '<main id="tp-main">',
        _filters(view, items, groups, codes),
        _timeline(view, items, blackouts, zone),
        *(_group(view, name, groups[name]) for name in GROUPS),
        "</main>",
        _footer(view),
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"{scheme_attr}{theme_attr}>\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{escape(title)}</title>\n{head_script}"
        f"<style>{_CSS}{_filter_css(groups, codes)}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f"\n{tail_script}</body>\n</html>"
    )


# -- the parts ---------------------------------------------------------------------------------


def _header(
    view: _View,
    title: str,
    items: list[Judgement],
    groups: Mapping[str, list[Judgement]],
    now: dt.datetime,
    tz: dt.tzinfo,
    profiles: Sequence[str],
) -> str:
    local = now.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    zone = str(tz)
    shown = ", ".join(profiles) or "—"
    count = len(items)
    meta = t(
        f"Judged as of {local} ({zone}); profiles: {shown}; {count} page(s).",
        f"审查时间：{local}（{zone}）；规则集：{shown}；共 {count} 个页面。",
    )
    counts = "".join(
        f'<li><a href="#verdict-{name}"><span class="tp-chip tp-c-{name}">'
        f"{view.say(_GROUP_TITLES[name])}</span> {len(groups[name])}</a></li>"
        for name in GROUPS
    )
    upcoming = next_release(items)
    if upcoming is not None:
        pages = [j for j in items if publishable_from(j) == upcoming]
        names = ", ".join(_title(j) for j in pages)
        when = _day_text(view, upcoming)
        next_text = t(
            f"Next release: {when}: {names} becomes publishable.",
            f"下一次发布：{when}：{names} 届时可以发布。",
        )
    elif any(j.verdict in (Verdict.HOLD, Verdict.FAIL) for j in items):
        next_text = t(
            "No held page becomes publishable by itself: each waits on a record or a fix.",
            "没有会自动解除暂缓的页面：每个页面都在等待补充记录或修改。",
        )
    else:
        next_text = t("No page is held.", "没有暂缓发布的页面。")
    return (
        f'<header><h1>{escape(title)}</h1>\n<p class="tp-meta">{view.say(meta)}</p>\n'
        f'<nav aria-label="{view.say(_SUMMARY)}"><ul class="tp-counts">{counts}</ul></nav>\n'
        f'<p class="tp-next" id="tp-next-release">{view.say(next_text)}</p>\n</header>'
    )


def _filters(
    view: _View,
    items: list[Judgement],
    groups: Mapping[str, list[Judgement]],
    codes: list[str],
) -> str:
    verdicts = [_radio("tp-fv", "all", f"{localize(_ALL, view.language)} ({len(items)})", True)]
    verdicts += [
        _radio("tp-fv", name, f"{localize(_GROUP_TITLES[name], view.language)} ({len(pages)})")
        for name, pages in groups.items()
    ]
    rules = [_radio("tp-fr", "all", localize(_ALL, view.language), True)]
    for code in codes:
        count = sum(1 for j in items if code in j.codes)
        rules.append(_radio("tp-fr", code, f"{code} ({count})"))
    return (
        '<section class="tp-filters" aria-labelledby="tp-filters-title">'
        f'<h2 id="tp-filters-title">{view.say(_FILTER)}</h2>'
        f"<fieldset><legend>{view.say(_BY_VERDICT)}</legend>{''.join(verdicts)}</fieldset>"
        f"<fieldset><legend>{view.say(_BY_RULE)}</legend>{''.join(rules)}</fieldset>"
        f'<p class="tp-none">{view.say(_NO_MATCH)}</p></section>'
    )


def _radio(name: str, value: str, label: str, checked: bool = False) -> str:
    ident = f"{name}-{_token(value)}"
    on = " checked" if checked else ""
    return (
        f'<span class="tp-option"><input type="radio" name="{name}" id="{ident}" '
        f'value="{escape(value)}"{on}><label for="{ident}">{escape(label)}</label></span>'
    )


def _timeline(
    view: _View, items: list[Judgement], blackouts: Sequence[Blackout], tz: dt.tzinfo
) -> str:
    coming = lifts(items)
    parts = [
        '<section class="tp-timeline" aria-labelledby="tp-timeline-title">',
        f'<h2 id="tp-timeline-title">{view.say(_NEXT)}</h2>',
    ]
    if coming:
        parts.append('<ol class="tp-days">')
        by_day: dict[dt.date, list[Lift]] = {}
        for lift in coming:
            by_day.setdefault(lift.day, []).append(lift)
        for day, day_lifts in by_day.items():
            classes = {"tp-day"}
            for lift in day_lifts:
                classes.add(f"tp-dv-{group_of(lift.judgement)}")
                classes.update(f"tp-dr-{_token(code)}" for code in lift.judgement.codes)
            entries = "".join(_lift(view, lift) for lift in day_lifts)
            parts.append(
                f'<li class="{" ".join(sorted(classes))}"><h3>{_day_html(view, day)}</h3>'
                f"<ul>{entries}</ul></li>"
            )
        parts.append("</ol>")
    else:
        none = t(
            "No dated hold: no page is waiting for a day (a schedule, an embargo, a 30-day "
            "clock or a blackout).",
            "没有带日期的暂缓：没有页面在等待某个日期"
            "（定时发布、保密期、30 日期限或重大活动期间）。",
        )
        parts.append(f"<p>{view.say(none)}</p>")
    windows = [b for b in blackouts if _window(b, tz) is not None]
    if windows:
        parts.append(f'<h3>{view.say(_BLACKOUTS)}</h3><ul class="tp-blackouts">')
        for blackout in windows:
            span = _window(blackout, tz)
            assert span is not None
            start, end = span
            if end.date() < view.today or (end.date() == view.today and end.time() == dt.time(0)):
                state = t("ended", "已结束")
            elif start.date() <= view.today:
                state = t("in progress", "正在进行")
            else:
                state = _relative(view, start.date())
            window = t(
                f"{blackout.start} to {blackout.end}",
                f"{blackout.start} 至 {blackout.end}",
            )
            parts.append(
                f"<li><strong>{escape(blackout.name)}</strong>: {view.say(window)} "
                f'<span class="tp-rel">({view.say(state)})</span></li>'
            )
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def _window(blackout: Blackout, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime] | None:
    try:
        return blackout.window(tz)
    except ValueError:  # validated with the options; never fail the report on one
        return None


def _lift(view: _View, lift: Lift) -> str:
    judgement = lift.judgement
    names = ", ".join(f"{code} {_rule_name(judgement, code)}".strip() for code in lift.codes)
    if lift.publishes:
        what = t(
            f"becomes publishable ({names} lifts)",
            f"届时可以发布（{names} 解除）",
        )
    else:
        still = ", ".join(lift.remaining)
        what = t(
            f"{names} lifts; still held by {still}",
            f"{names} 解除；仍因 {still} 暂缓",
        )
    classes = ["tp-lift", f"tp-v-{group_of(judgement)}"]
    classes += [f"tp-r-{_token(code)}" for code in judgement.codes]
    if lift.publishes:
        classes.append("tp-publishes")
    return (
        f'<li class="{" ".join(classes)}">{_page_link(view, judgement)} '
        f'<span class="tp-path"><code>{escape(judgement.path)}</code></span>: '
        f"{'<strong>' if lift.publishes else ''}{view.say(what)}"
        f"{'</strong>' if lift.publishes else ''}</li>"
    )


def _rule_name(judgement: Judgement, code: str) -> str:
    """The name of the rule ``code`` on the page (\"\" if none of its findings has it)."""
    for judged in judgement.findings:
        if judged.code == code:
            return judged.rule.name
    return ""


def _group(view: _View, name: str, pages: list[Judgement]) -> str:
    codes = sorted({code for j in pages for code in j.codes})
    classes = ["tp-group", f"tp-g-{name}", *(f"tp-has-{_token(code)}" for code in codes)]
    heading = f"verdict-{name}-title"
    head = (
        f'<section id="verdict-{name}" class="{" ".join(classes)}" aria-labelledby="{heading}">'
        f'<h2 id="{heading}"><span class="tp-chip tp-c-{name}">{view.say(_GROUP_TITLES[name])}'
        f'</span> <span class="tp-count">{len(pages)}</span></h2>'
        f'<p class="tp-note">{view.prose(_GROUP_NOTES[name])}</p>'
    )
    if not pages:
        return f"{head}<p>{view.say(_NONE)}</p></section>"
    if name == "publish":
        rows = "".join(
            f'<li class="tp-row" id="{_anchor(j.path)}">{_page_cell(view, j)}</li>' for j in pages
        )
        return f'{head}<ul class="tp-published">{rows}</ul></section>'
    dated = name in ("fail", "hold")
    columns = [_PAGE, _RULES, *([_RELEASE] if dated else [])]
    header = "".join(f'<th scope="col">{view.say(c)}</th>' for c in columns)
    rows = "".join(_rows(view, j, dated, len(columns)) for j in pages)
    return (
        f'{head}<table aria-labelledby="{heading}"><thead><tr>{header}</tr></thead>'
        f"{rows}</table></section>"
    )


def _rows(view: _View, judgement: Judgement, dated: bool, width: int) -> str:
    """A page's rows, in a ``tbody`` of its own (the filters hide it whole): its name, rules
    and day, then its findings across the table."""
    classes = ["tp-row", *(f"tp-r-{_token(code)}" for code in judgement.codes)]
    rules = " ".join(_rule_chip(view, judgement, code) for code in judgement.codes)
    cells = [
        f'<th scope="row">{_page_cell(view, judgement)}</th>',
        f'<td class="tp-rules">{rules}</td>',
    ]
    if dated:
        cells.append(f"<td>{_release_cell(view, judgement)}</td>")
    return (
        f'<tbody class="{" ".join(classes)}" id="{_anchor(judgement.path)}">'
        f'<tr>{"".join(cells)}</tr><tr class="tp-more"><td colspan="{width}">'
        f"{_findings_cell(view, judgement)}</td></tr></tbody>"
    )


def _page_cell(view: _View, judgement: Judgement) -> str:
    path = f'<span class="tp-path"><code>{escape(judgement.path)}</code></span>'
    href = view.page_links.get(judgement.path)
    if judgement.title:
        name = escape(judgement.title)
        label = f'<a href="{_href(href)}">{name}</a>' if href is not None else name
        return f"{label}<br>{path}"
    if href is not None:
        return f'<a href="{_href(href)}"><code>{escape(judgement.path)}</code></a>'
    return path


def _page_link(view: _View, judgement: Judgement) -> str:
    """The page's name, linked to the page (status page) or to its row (report file)."""
    href = view.page_links.get(judgement.path)
    target = _href(href) if href is not None else f"#{_anchor(judgement.path)}"
    return f'<a href="{target}">{escape(_title(judgement))}</a>'


def _rule_chip(view: _View, judgement: Judgement, code: str) -> str:
    name = _rule_name(judgement, code)
    label = f"{escape(code)}"
    title = f' title="{escape(name)}"' if name else ""
    href = view.rule_links.get(code)
    if href is not None:
        return f'<a class="tp-code" href="{_href(href)}"{title}>{label}</a>'
    return f'<code class="tp-code"{title}>{label}</code>'


def _release_cell(view: _View, judgement: Judgement) -> str:
    day = publishable_from(judgement)
    if day is not None:
        return _day_html(view, day)
    waiting = ", ".join(untimed_holds(judgement))
    if judgement.release_after is not None:
        text = t(
            f"dated holds lift on {judgement.release_after}; {waiting} needs action",
            f"带日期的暂缓于 {judgement.release_after} 解除；{waiting} 需要处理",
        )
    else:
        text = t(f"needs action ({waiting})", f"需要处理（{waiting}）")
    return f'<span class="tp-waiting">{view.say(text)}</span>'


def _findings_cell(view: _View, judgement: Judgement) -> str:
    count = len(judgement.findings)
    summary = t(f"{count} finding{'s' if count != 1 else ''}", f"{count} 项问题")
    items = "".join(
        finding_item(f, view.language, view.rule_links.get(f.code)) for f in judgement.findings
    )
    accepted = ""
    if judgement.suppressed:
        note = t(
            f"{len(judgement.suppressed)} accepted finding(s) not shown",
            f"另有 {len(judgement.suppressed)} 项已接受的问题未列出",
        )
        accepted = f'<p class="tp-note">{view.say(note)}</p>'
    return (
        f"<details><summary>{view.say(summary)}</summary>"
        f'<ol class="tp-findings">{items}</ol>{accepted}</details>'
    )


def _footer(view: _View) -> str:
    if view.serve:
        note = t(
            "Shown by `mkdocs serve` only, from the judgements of its last build: "
            "`mkdocs build` never writes this page. Each held page is previewed with a banner "
            "listing its findings.",
            "本页仅由 `mkdocs serve` 根据最近一次构建的判定结果显示，`mkdocs build` 从不生成本页。"
            "每个暂缓发布的页面在预览时都带有列出其问题的横幅。",
        )
    else:
        note = t(
            f"Written by threatpub {__version__}. This report makes no network request and "
            "needs no script; it never quotes the content it flags.",
            f"由 threatpub {__version__} 生成。本报告不发出任何网络请求，也不需要脚本；"
            "报告从不引用被标记的内容。",
        )
    return f'<footer><p class="tp-meta">{view.prose(note)}</p></footer>'


# -- small helpers -------------------------------------------------------------------------------


def _title(judgement: Judgement) -> str:
    return judgement.title or judgement.path


def _day_text(view: _View, day: dt.date) -> str:
    weekday = _WEEKDAYS["zh" if view.language == "zh" else "en"][day.weekday()]
    return f"{day.isoformat()} ({weekday}, {localize(_relative(view, day), view.language)})"


def _day_html(view: _View, day: dt.date) -> str:
    weekday = _WEEKDAYS["zh" if view.language == "zh" else "en"][day.weekday()]
    relative = escape(localize(_relative(view, day), view.language))
    return (
        f'<time datetime="{day.isoformat()}">{day.isoformat()}</time> '
        f'<span class="tp-rel">{escape(weekday)} · {relative}</span>'
    )


def _relative(view: _View, day: dt.date) -> Text:
    days = (day - view.today).days
    if days == 0:
        return t("today", "今天")
    if days == 1:
        return t("tomorrow", "明天")
    if days == -1:
        return t("yesterday", "昨天")
    if days > 1:
        return t(f"in {days} days", f"{days} 天后")
    return t(f"{-days} days ago", f"{-days} 天前")


_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_BACKTICKS = re.compile(r"`([^`<>]+)`")


def _token(value: str) -> str:
    """``value`` as a class or id part (rule codes, verdicts: already safe)."""
    return _UNSAFE.sub("-", value)


def _anchor(path: str) -> str:
    """A stable id for a page's row, whatever its path holds."""
    digest = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"page-{_token(path)[:60]}-{digest}"


def _href(href: str | None) -> str:
    """A relative URL, escaped; anything with a scheme is made relative (``./``)."""
    value = href or ""
    head = value.split("/", 1)[0]
    if ":" in head:
        value = "./" + value
    return escape(value)


_VARIABLES_LIGHT = (
    "color-scheme:light;--tp-bg:#ffffff;--tp-fg:#1f1f1f;--tp-muted:#4d4d4d;--tp-link:#0b4f91;"
    "--tp-line:#c9c9c9;--tp-soft:#f3f4f6;--tp-fail-bg:#fdecee;--tp-fail-fg:#8a0016;"
    "--tp-hold-bg:#fff1dc;--tp-hold-fg:#6b3600;--tp-removed-bg:#ebebeb;--tp-removed-fg:#303030;"
    "--tp-warn-bg:#fff6cc;--tp-warn-fg:#524200;--tp-publish-bg:#e3f3e7;--tp-publish-fg:#1a5a29"
)
_VARIABLES_DARK = (
    "color-scheme:dark;--tp-bg:#1e2129;--tp-fg:#e6e6e6;--tp-muted:#babdc5;--tp-link:#90c6ff;"
    "--tp-line:#4a4f5c;--tp-soft:#272b35;--tp-fail-bg:#4d1520;--tp-fail-fg:#ffccd3;"
    "--tp-hold-bg:#47300f;--tp-hold-fg:#ffdcad;--tp-removed-bg:#3a3d46;--tp-removed-fg:#e6e6e6;"
    "--tp-warn-bg:#3f3810;--tp-warn-fg:#fff0a8;--tp-publish-bg:#173d24;--tp-publish-fg:#c0f0cd"
)

_CSS = f"""
:root{{{_VARIABLES_LIGHT}}}
@media (prefers-color-scheme: dark){{:root:not([data-scheme=light]){{{_VARIABLES_DARK}}}}}
:root[data-scheme=dark]{{{_VARIABLES_DARK}}}
html{{background:var(--tp-bg);color:var(--tp-fg)}}
body{{margin:0 auto;max-width:76rem;padding:1rem 1.25rem 3rem;font:16px/1.5 system-ui,
-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC",
"Microsoft YaHei",sans-serif;background:var(--tp-bg);color:var(--tp-fg)}}
a{{color:var(--tp-link)}}
h1{{font-size:1.7rem;margin:.5rem 0}}
h2{{font-size:1.3rem;margin:2rem 0 .5rem}}
h3{{font-size:1.05rem;margin:1rem 0 .3rem}}
code{{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;
background:var(--tp-soft);padding:0 .2em;border-radius:.2em;overflow-wrap:anywhere}}
pre{{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--tp-soft);padding:.4em;
margin:.3em 0}}
pre code{{padding:0}}
.tp-meta,.tp-note,.tp-rel,.tp-path{{color:var(--tp-muted)}}
.tp-counts{{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0;margin:.5rem 0}}
.tp-counts a{{text-decoration:none;color:var(--tp-fg)}}
.tp-counts a:hover span,.tp-counts a:focus span{{text-decoration:underline}}
.tp-chip{{display:inline-block;padding:.05em .55em;border-radius:1em;font-weight:600}}
.tp-c-fail{{background:var(--tp-fail-bg);color:var(--tp-fail-fg)}}
.tp-c-hold{{background:var(--tp-hold-bg);color:var(--tp-hold-fg)}}
.tp-c-removed{{background:var(--tp-removed-bg);color:var(--tp-removed-fg)}}
.tp-c-warn{{background:var(--tp-warn-bg);color:var(--tp-warn-fg)}}
.tp-c-publish{{background:var(--tp-publish-bg);color:var(--tp-publish-fg)}}
.tp-next{{font-size:1.05rem;padding:.5rem .8rem;border-left:.3rem solid var(--tp-link);
background:var(--tp-soft)}}
.tp-filters fieldset{{border:1px solid var(--tp-line);border-radius:.3rem;margin:.5rem 0;
padding:.3rem .8rem .6rem}}
.tp-filters legend{{font-weight:600;padding:0 .3rem}}
.tp-option{{display:inline-flex;align-items:center;margin:.2rem .8rem .2rem 0;
white-space:nowrap}}
.tp-option input{{margin:0 .3rem 0 0;accent-color:var(--tp-link)}}
.tp-none{{display:none;font-weight:600}}
.tp-days{{list-style:none;padding:0;margin:0}}
.tp-day{{border-left:.25rem solid var(--tp-line);padding:.1rem 0 .3rem .9rem;margin:.4rem 0}}
.tp-day h3{{margin:.2rem 0}}
.tp-day ul,.tp-blackouts{{margin:.2rem 0;padding-left:1.2rem}}
table{{border-collapse:collapse;width:100%;margin:.5rem 0}}
th,td{{padding:.45rem .5rem;text-align:left;vertical-align:top}}
tbody.tp-row{{border-top:1px solid var(--tp-line)}}
.tp-more td{{padding-top:0}}
thead th{{border-bottom:2px solid var(--tp-line);font-weight:600}}
tbody th{{font-weight:400;min-width:14rem}}
.tp-rules{{min-width:6rem}}
.tp-code{{display:inline-block;margin:0 .25rem .2rem 0}}
details summary{{cursor:pointer;color:var(--tp-link)}}
.tp-findings{{margin:.4rem 0;padding-left:1.2rem}}
.tp-finding{{margin:.5rem 0}}
.tp-finding p{{margin:.15rem 0}}
.tp-finding dl{{margin:.2rem 0 0;display:grid;grid-template-columns:max-content 1fr;
gap:.1rem .6rem}}
.tp-finding dt{{font-weight:600;margin:0}}
.tp-finding dd{{margin:0;min-width:0}}
.tp-published{{columns:22rem;padding-left:1.2rem}}
.tp-published li{{break-inside:avoid;margin:0 0 .35rem}}
footer{{margin-top:3rem;border-top:1px solid var(--tp-line)}}
"""


def _filter_css(groups: Mapping[str, list[Judgement]], codes: list[str]) -> str:
    """The filters as CSS: a checked radio hides what does not match (no script)."""
    hide: list[str] = []
    for name in GROUPS:
        on = f"body:has(#tp-fv-{name}:checked)"
        hide += [
            f"{on} .tp-group:not(.tp-g-{name})",
            f"{on} .tp-lift:not(.tp-v-{name})",
            f"{on} .tp-day:not(.tp-dv-{name})",
        ]
    for code in codes:
        token = _token(code)
        on = f"body:has(#tp-fr-{token}:checked)"
        hide += [
            f"{on} .tp-row:not(.tp-r-{token})",
            f"{on} .tp-group:not(.tp-has-{token})",
            f"{on} .tp-lift:not(.tp-r-{token})",
            f"{on} .tp-day:not(.tp-dr-{token})",
        ]
    empty = [
        f"body:has(#tp-fv-{name}:checked):has(#tp-fr-{_token(code)}:checked) .tp-none"
        for name in GROUPS
        for code in codes
        if not any(code in j.codes for j in groups[name])
    ]
    css = ",\n".join(hide) + "{display:none}\n"
    if empty:
        css += ",\n".join(empty) + "{display:block}\n"
    return css


# The status page only: the reader's colour scheme as the theme stored it (Material's palette
# toggle, the mkdocs theme's colour mode), before the page is painted.
_SCHEME_SCRIPT = """(function(){var r=document.documentElement,s=null;try{
if(r.getAttribute("data-theme")==="material"){var p=JSON.parse(localStorage.getItem(
new URL("..",location.href).pathname+".__palette")||"null");if(p&&p.color&&p.color.scheme){
s=p.color.scheme==="slate"?"dark":"light";}}else if(r.getAttribute("data-theme")==="mkdocs"){
var m=localStorage.getItem("mkdocs-colormode");if(m==="light"||m==="dark"){s=m;}
else if(m==="auto"){r.removeAttribute("data-scheme");}}}catch(e){}
if(s){r.setAttribute("data-scheme",s);}})();"""

# The status page only: ?verdict=…&rule=… sets the filters, and choosing one updates the
# address (a link to a filtered view). Without it the radio buttons filter all the same.
_FILTER_SCRIPT = """(function(){var q=new URLSearchParams(location.search);
[["verdict","tp-fv"],["rule","tp-fr"]].forEach(function(k){var v=q.get(k[0]);if(!v){return;}
var b=document.getElementById(k[1]+"-"+v.replace(/[^A-Za-z0-9_-]/g,"-"));
if(b&&b.name===k[1]){b.checked=true;}});
document.addEventListener("change",function(e){var b=e.target;
if(!b||(b.name!=="tp-fv"&&b.name!=="tp-fr")){return;}
var p=new URLSearchParams(location.search),k=b.name==="tp-fv"?"verdict":"rule";
if(b.value==="all"){p.delete(k);}else{p.set(k,b.value);}var s=p.toString();
history.replaceState(null,"",location.pathname+(s?"?"+s:"")+location.hash);});})();"""
