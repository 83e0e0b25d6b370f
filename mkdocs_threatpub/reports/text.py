"""Plain-text messages: every line names file, line, code, what was expected and found, fix."""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs_threatpub.core.engine import JudgedFinding, Judgement
from mkdocs_threatpub.core.findings import Verdict
from mkdocs_threatpub.core.i18n import localize, t

__all__ = ["format_finding", "format_judgements", "summary_lines", "verdict_word"]

_EXPECTED = t("expected", "应为")
_FOUND = t("found", "实际")
_FIX = t("fix", "修改")
_SUPPRESSED = t("suppressed", "已接受")
_RELEASE = t("release after", "可发布日期")
_VERDICTS = {
    Verdict.PUBLISH: t("publish", "发布"),
    Verdict.HOLD: t("hold", "暂缓"),
    Verdict.FAIL: t("fail", "失败"),
    Verdict.REMOVED: t("removed", "已下线"),
}
_ACTIONS = {"fail": t("fail", "失败"), "hold": t("hold", "暂缓"), "warn": t("warn", "警告")}


def verdict_word(verdict: Verdict, language: str = "en") -> str:
    return localize(_VERDICTS[verdict], language)


def _action(action: object, language: str) -> str:
    word = _ACTIONS.get(str(action))
    return localize(word, language) if word is not None else str(action)


def _label(text: str, language: str) -> str:
    """``text`` with the colon of its language."""
    return localize(text, language) + ("：" if language == "zh" else ": ")


def format_finding(
    path: str, judged: JudgedFinding, indent: str = "    ", language: str = "en"
) -> str:
    f = judged.finding
    head = (
        f"{path}:{f.line}: {judged.code} {judged.rule.name} [{_action(judged.action, language)}] "
        f"{localize(f.message, language)}"
    )
    parts = [head]
    if f.expected:
        parts.append(f"{indent}{_label(_EXPECTED, language)}{localize(f.expected, language)}")
    if f.found:
        parts.append(f"{indent}{_label(_FOUND, language)}{localize(f.found, language)}")
    if f.fix:
        fix_lines = localize(f.fix, language).splitlines()
        label = _label(_FIX, language)
        parts.append(f"{indent}{label}{fix_lines[0]}")
        pad = " " * _width(label)
        parts.extend(f"{indent}{pad}{line}" for line in fix_lines[1:])
    return "\n".join(parts)


def format_judgements(
    judgements: Iterable[Judgement], *, show_publish: bool = False, language: str = "en"
) -> str:
    out = []
    for j in sorted(judgements, key=lambda j: j.path):
        if j.verdict is Verdict.PUBLISH and not j.findings and not show_publish:
            continue
        release = f" ({localize(_RELEASE, language)} {j.release_after})" if j.release_after else ""
        word = verdict_word(j.verdict, language)
        out.append(f"{j.path}: {word.upper() if language == 'en' else word}{release}")
        out.extend(format_finding(j.path, f, language=language) for f in j.findings)
        out.extend(
            f"{j.path}:{f.finding.line}: {f.code} {localize(_SUPPRESSED, language)}: "
            f"{localize(f.suppressed_by or '', language)}"
            for f in j.suppressed
        )
    return "\n".join(out)


def summary_lines(
    judgements: Iterable[Judgement], *, with_fixes: bool = True, language: str = "en"
) -> list[str]:
    """The end-of-build summary: counts, then each page kept out with codes and dates.

    ``with_fixes`` repeats each fix; the CLI prints full findings above and leaves it off.
    """
    items = sorted(judgements, key=lambda j: j.path)
    counts = {v: sum(1 for j in items if j.verdict is v) for v in Verdict}
    n, ok, held, failed, removed = (
        len(items),
        counts[Verdict.PUBLISH],
        counts[Verdict.HOLD],
        counts[Verdict.FAIL],
        counts[Verdict.REMOVED],
    )
    head = t(
        f"threatpub: {n} pages judged: {ok} published, {held} held, {failed} failed, "
        f"{removed} removed",
        f"threatpub：共审查 {n} 个页面：发布 {ok} 个，暂缓 {held} 个，失败 {failed} 个，"
        f"下线 {removed} 个",
    )
    lines = [localize(head, language)]
    release_word = t("release after", "可发布日期")
    line_word = t("line", "第")
    for j in items:
        if j.verdict is Verdict.PUBLISH:
            continue
        release = (
            f", {localize(release_word, language)} {j.release_after}" if j.release_after else ""
        )
        codes = ", ".join(j.codes) or "-"
        word = j.verdict.value if language == "en" else verdict_word(j.verdict, language)
        lines.append(f"  {_pad(word, 7, language)} {j.path} [{codes}{release}]")
        for f in j.findings:
            if f.action.strength < 2 and j.verdict is not Verdict.REMOVED:
                continue  # a removed page's warnings (CAC901: takedown not reported) show
            lines.append(
                f"          {_where(f.finding.line, line_word, language)}: {f.code} "
                f"{localize(f.finding.message, language)}"
            )
            fix = localize(f.finding.fix, language).splitlines() if with_fixes else []
            if fix:
                lines.append(f"            {_label(_FIX, language)}{fix[0]}")
                lines.extend(f"                 {line}" for line in fix[1:])
    warned = [j for j in items if j.verdict is Verdict.PUBLISH and j.findings]
    published = localize(t("published", "已发布"), language)
    warn = "warn" if language == "en" else localize(_ACTIONS["warn"], language)
    for j in warned:
        lines.append(f"  {_pad(warn, 7, language)} {j.path} [{', '.join(j.codes)}] ({published})")
        lines.extend(
            f"          {_where(f.finding.line, line_word, language)}: {f.code} "
            f"{localize(f.finding.message, language)}"
            for f in j.findings
        )
    return lines


def _where(line: int, word: str, language: str) -> str:
    return f"第 {line} 行" if language == "zh" else f"{word} {line}"


def _width(text: str) -> int:
    # A Chinese character (or full-width colon) takes two columns in a terminal.
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _pad(word: str, width: int, language: str) -> str:
    return word + " " * max(0, width - _width(word))
