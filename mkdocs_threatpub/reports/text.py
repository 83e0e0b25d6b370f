"""Plain-text messages: every line names file, line, code, what was expected and found, fix."""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs_threatpub.core.engine import JudgedFinding, Judgement
from mkdocs_threatpub.core.findings import Verdict

__all__ = ["format_finding", "format_judgements", "summary_lines"]


def format_finding(path: str, judged: JudgedFinding, indent: str = "    ") -> str:
    f = judged.finding
    head = f"{path}:{f.line}: {judged.code} {judged.rule.name} [{judged.action}] {f.message}"
    parts = [head]
    if f.expected:
        parts.append(f"{indent}expected: {f.expected}")
    if f.found:
        parts.append(f"{indent}found: {f.found}")
    if f.fix:
        fix_lines = f.fix.splitlines()
        parts.append(f"{indent}fix: {fix_lines[0]}")
        parts.extend(f"{indent}     {line}" for line in fix_lines[1:])
    return "\n".join(parts)


def format_judgements(judgements: Iterable[Judgement], *, show_publish: bool = False) -> str:
    out = []
    for j in sorted(judgements, key=lambda j: j.path):
        if j.verdict is Verdict.PUBLISH and not j.findings and not show_publish:
            continue
        release = f" (release after {j.release_after})" if j.release_after else ""
        out.append(f"{j.path}: {j.verdict.value.upper()}{release}")
        out.extend(format_finding(j.path, f) for f in j.findings)
        out.extend(
            f"{j.path}:{f.finding.line}: {f.code} suppressed: {f.suppressed_by}"
            for f in j.suppressed
        )
    return "\n".join(out)


def summary_lines(judgements: Iterable[Judgement], *, with_fixes: bool = True) -> list[str]:
    """The end-of-build summary: counts, then each page kept out with codes and dates.

    ``with_fixes`` repeats each fix; the CLI prints full findings above and leaves it off.
    """
    items = sorted(judgements, key=lambda j: j.path)
    counts = {v: sum(1 for j in items if j.verdict is v) for v in Verdict}
    lines = [
        f"threatpub: {len(items)} pages judged: {counts[Verdict.PUBLISH]} published, "
        f"{counts[Verdict.HOLD]} held, {counts[Verdict.FAIL]} failed, "
        f"{counts[Verdict.REMOVED]} removed"
    ]
    for j in items:
        if j.verdict is Verdict.PUBLISH:
            continue
        release = f", release after {j.release_after}" if j.release_after else ""
        codes = ", ".join(j.codes) or "-"
        lines.append(f"  {j.verdict.value:<7} {j.path} [{codes}{release}]")
        for f in j.findings:
            if f.action.strength < 2 and j.verdict is not Verdict.REMOVED:
                continue  # a removed page's warnings (CAC901: takedown not reported) show
            lines.append(f"          line {f.finding.line}: {f.code} {f.finding.message}")
            fix = f.finding.fix.splitlines() if with_fixes else []
            if fix:
                lines.append(f"            fix: {fix[0]}")
                lines.extend(f"                 {line}" for line in fix[1:])
    warned = [j for j in items if j.verdict is Verdict.PUBLISH and j.findings]
    for j in warned:
        lines.append(f"  warn    {j.path} [{', '.join(j.codes)}] (published)")
        lines.extend(
            f"          line {f.finding.line}: {f.code} {f.finding.message}" for f in j.findings
        )
    return lines
