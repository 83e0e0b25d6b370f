"""Suppressions (SPEC §5): a person accepts an Article 4 content finding, with a reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from mkdocs_threatpub.core.findings import Finding
from mkdocs_threatpub.core.inline_allow import InlineAllow, inline_allows

if TYPE_CHECKING:
    from mkdocs_threatpub.core.context import Context
    from mkdocs_threatpub.core.page import Page
    from mkdocs_threatpub.core.rule import Rule

__all__ = ["AllowOutcome", "apply_allows"]


def _inline_problems(
    page: Page,
    rules: Mapping[str, Rule],
    inline: list[InlineAllow],
    inline_used: list[bool],
) -> list[Finding]:
    """Inline allows that name a non-content rule (META003) or match nothing (META011)."""
    problems = []
    for allow, was_used in zip(inline, inline_used, strict=True):
        rule = rules.get(allow.rule)
        suppressible = rule.suppressible if rule is not None else allow.rule in CONTENT_RULE_CODES
        if not suppressible:
            problems.append(
                Finding(
                    "META003",
                    allow.line,
                    f"the inline allow names {allow.rule}, which cannot be allowed: only "
                    "Article 4 content findings (CAC401–CAC407) may be accepted by a person",
                    expected="a content rule code such as CAC403",
                    found=allow.rule,
                    fix="remove the comment",
                )
            )
        elif not was_used:
            problems.append(
                Finding(
                    "META011",
                    allow.line,
                    f"the inline allow for {allow.rule} covers lines {allow.first}–{allow.last}, "
                    "where there is no such finding",
                    expected=f"a {allow.rule} finding on the comment's line or the block below",
                    found="none",
                    fix="remove the comment, or move it right above the content it accepts",
                )
            )
    return problems

def _inline_reason(
    finding: Finding,
    inline: list[InlineAllow],
    inline_used: list[bool],
    occurrences: Mapping[tuple[str, str], tuple[int, ...]],
) -> tuple[str | None, int | None]:
    """(reason, None) when inline allows cover every line where the finding's content
    occurs; (None, first uncovered line) when they cover only some; (None, None) for none.

    One finding stands for identical content wherever it occurs on the page (findings are
    deduplicated by fingerprint), so a comment above one copy must not accept another copy
    further down that nobody reviewed.
    """
    lines = occurrences.get((finding.code, finding.fingerprint)) if finding.fingerprint else None
    reason: str | None = None
    uncovered: int | None = None
    for line in lines or (finding.line,):
        for index, allow in enumerate(inline):
            if allow.rule == finding.code and allow.covers(line):
                inline_used[index] = True
                reason = reason or allow.reason
                break
        else:
            uncovered = line if uncovered is None else uncovered
    if uncovered is not None:
        return None, uncovered if reason is not None else None
    return reason, None


# The Article 4 content rules (RULES.md). An allow may name one this version does not
# implement yet: it is then valid, matches nothing and is reported as unused (META011).
CONTENT_RULE_CODES = frozenset(f"CAC40{n}" for n in range(1, 8))


@dataclass
class AllowOutcome:
    kept: list[Finding] = field(default_factory=list)
    suppressed: list[tuple[Finding, str]] = field(default_factory=list)


def apply_allows(
    page: Page,
    findings: Iterable[Finding],
    rules: Mapping[str, Rule],
    context: Context,
) -> AllowOutcome:
    """Apply the page's front-matter ``allow`` entries.

    An entry without a reason suppresses nothing (META010 reports it); an expired one stops
    suppressing; one that matches nothing, or has expired, is reported (META011); one that
    names a rule that is not a content rule is an invalid value (META003).
    """
    outcome = AllowOutcome()
    entries = list(page.meta.allow) if page.meta is not None else []
    used = [False] * len(entries)
    usable: dict[str, int] = {}
    for index, entry in enumerate(entries):
        line = page.line_of("allow", index)
        key = page.key("allow", index)
        rule = rules.get(entry.rule or "")
        suppressible = rule.suppressible if rule is not None else entry.rule in CONTENT_RULE_CODES
        if entry.rule and not suppressible:
            outcome.kept.append(
                Finding(
                    "META003",
                    line,
                    f"'{key}.rule' names {entry.rule}, which cannot be allowed: only Article 4 "
                    "content findings (CAC401–CAC407) may be accepted by a person",
                    expected="a content rule code such as CAC403",
                    found=entry.rule,
                    fix="remove the entry; paperwork rules are satisfied by adding the record",
                    key=f"{key}.rule",
                )
            )
            used[index] = True  # reported as invalid, not also as unused
            continue
        if entry.expires is not None and context.moment(entry.expires) <= context.now:
            outcome.kept.append(
                Finding(
                    "META011",
                    line,
                    f"'{key}' for {entry.rule} expired on {context.day(entry.expires)} and no "
                    "longer suppresses anything",
                    expected="an allow entry that has not expired",
                    found=f"expires {context.day(entry.expires)}",
                    fix="review the finding again and renew `expires`, or remove the entry",
                    key=key,
                )
            )
            used[index] = True  # reported as expired, not also as unused
            continue
        if entry.rule and entry.reason:
            usable.setdefault(entry.rule, index)
    inline = [a for a in inline_allows(page) if a.reason]
    inline_used = [False] * len(inline)
    occurrences: Mapping[tuple[str, str], tuple[int, ...]] = page.derived.get(
        ("occurrences", "hits", context.settings.cache_key), {}
    )
    baseline_used: set[str] = set()
    for finding in findings:
        rule = rules.get(finding.code)
        if rule is None or not rule.suppressible:
            # Only Article 4 content findings may be accepted by a person; an inline allow
            # naming any other rule is reported (META003) and suppresses nothing.
            outcome.kept.append(finding)
            continue
        reason, uncovered = _inline_reason(finding, inline, inline_used, occurrences)
        if uncovered is not None:
            # The same content also occurs where no comment covers it: report it there.
            finding = replace(finding, line=uncovered)
        if reason is None and finding.code in usable:
            used[usable[finding.code]] = True
            reason = entries[usable[finding.code]].reason or ""
        if (
            reason is None
            and finding.fingerprint
            and (page.path, finding.fingerprint) in context.baseline
        ):
            baseline_used.add(finding.fingerprint)
            reason = "accepted in the baseline file"
        if reason is None:
            outcome.kept.append(finding)
        else:
            outcome.suppressed.append((finding, reason))
    outcome.kept.extend(_inline_problems(page, rules, inline, inline_used))
    stale = {fp for path, fp in context.baseline if path == page.path} - baseline_used
    if stale:
        outcome.kept.append(
            Finding(
                "META011",
                1,
                f"the baseline accepts {len(stale)} finding(s) on this page that no longer occur",
                expected="baseline entries that match current findings",
                found=f"{len(stale)} stale entr{'y' if len(stale) == 1 else 'ies'}",
                fix="run `threatpub baseline` to rewrite the baseline from the current findings",
            )
        )
    for index, entry in enumerate(entries):
        if not used[index] and entry.rule and entry.reason:
            key = page.key("allow", index)
            outcome.kept.append(
                Finding(
                    "META011",
                    page.line_of("allow", index),
                    f"'{key}' allows {entry.rule} but the page has no such finding",
                    expected=f"a {entry.rule} finding on this page",
                    found="none",
                    fix="remove the entry (the content it accepted is gone)",
                    key=key,
                )
            )
    return outcome
