"""Suppressions (SPEC §5): a person accepts an Article 4 content finding, with a reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from mkdocs_threatpub.core.findings import Finding
from mkdocs_threatpub.core.i18n import Text, t
from mkdocs_threatpub.core.inline_allow import InlineAllow

if TYPE_CHECKING:
    from mkdocs_threatpub.core.context import Context
    from mkdocs_threatpub.core.page import Page
    from mkdocs_threatpub.core.rule import Rule

__all__ = ["AllowOutcome", "UnusedAllow", "accepted_codes", "apply_allows"]


def _inline_problems(
    page: Page,
    rules: Mapping[str, Rule],
    inline: list[InlineAllow],
    inline_used: list[bool],
    unused: list[UnusedAllow],
) -> list[Finding]:
    """Inline allows that name a non-content rule (META003); those that match nothing are
    added to ``unused`` (META011)."""
    problems = []
    for allow, was_used in zip(inline, inline_used, strict=True):
        rule = rules.get(allow.rule)
        suppressible = rule.suppressible if rule is not None else allow.rule in CONTENT_RULE_CODES
        if not suppressible:
            problems.append(
                Finding(
                    "META003",
                    allow.line,
                    t(
                        f"the inline allow names {allow.rule}, which cannot be allowed: only "
                        "Article 4 content findings (CAC401–CAC407) may be accepted by a person",
                        f"行内 allow 指定了 {allow.rule}，该规则不能被接受：只有第四条所列内容的"
                        "发现项（CAC401–CAC407）可以由人工接受",
                    ),
                    expected=_CONTENT_CODE,
                    found=t(allow.rule, f"规则 {allow.rule}"),
                    fix=t("remove the comment", "删除该注释"),
                )
            )
        elif not was_used:
            unused.append(
                UnusedAllow("inline", allow.line, allow.rule, first=allow.first, last=allow.last)
            )
    return problems


def _inline_reason(
    finding: Finding,
    inline: list[InlineAllow],
    inline_used: list[bool],
    occurrences: Mapping[str, tuple[int, ...]],
) -> tuple[Text | None, int | None]:
    """(reason, None) when inline allows cover every line where the finding's content
    occurs; (None, first uncovered line) when they cover only some; (None, None) for none.

    One finding stands for identical content wherever it occurs on the page (findings are
    deduplicated by fingerprint), so a comment above one copy must not accept another copy
    further down that nobody reviewed.
    """
    lines = occurrences.get(finding.fingerprint) if finding.fingerprint else None
    reason: Text | None = None
    uncovered: int | None = None
    for line in lines or (finding.line,):
        for index, allow in enumerate(inline):
            if allow.rule == finding.code and allow.covers(line):
                inline_used[index] = True
                reason = reason or _reviewed(allow.reason)
                break
        else:
            uncovered = line if uncovered is None else uncovered
    if uncovered is not None:
        return None, uncovered if reason is not None else None
    return reason, None


# The Article 4 content rules (RULES.md). An allow may name one this version does not
# implement yet: it is then valid, matches nothing and is reported as unused (META011).
CONTENT_RULE_CODES = frozenset(f"CAC40{n}" for n in range(1, 8))

_CONTENT_CODE = t("a content rule code such as CAC403", "内容类规则代码，如 CAC403")


def _reviewed(reason: str) -> Text:
    """A person's reason for accepting a finding: their words, introduced in Chinese."""
    return t(reason, f"人工复核理由：{reason}")


@dataclass(frozen=True)
class UnusedAllow:
    """An acceptance that accepts nothing (META011 words it): an ``allow`` entry with no
    finding (``entry``) or past its ``expires`` (``expired``), an inline allow with no
    finding in the lines it covers (``inline``), or baseline entries for this page that
    match no current finding (``baseline``, ``count`` of them)."""

    kind: str  # entry | expired | inline | baseline
    line: int
    rule: str
    key: str = ""  # the front-matter key of an entry
    expired: dt.date | None = None
    first: int = 0  # the lines an inline allow covers
    last: int = 0
    count: int = 0


@dataclass
class AllowOutcome:
    kept: list[Finding] = field(default_factory=list)
    suppressed: list[tuple[Finding, Text]] = field(default_factory=list)
    unused: list[UnusedAllow] = field(default_factory=list)


def accepted_codes(page: Page, context: Context) -> frozenset[str]:
    """The content rules the page's front matter accepts for the whole page: ``allow``
    entries with a rule and a reason that have not expired (as :func:`apply_allows` uses
    them). LATE001 honours them: the rendered page repeats what the reviewer accepted."""
    entries = page.meta.allow if page.meta is not None else ()
    return frozenset(
        entry.rule
        for entry in entries
        if entry.rule
        and entry.reason
        and entry.rule in CONTENT_RULE_CODES
        and (entry.expires is None or context.moment(entry.expires) > context.now)
    )


def apply_allows(
    page: Page,
    findings: Iterable[Finding],
    rules: Mapping[str, Rule],
    context: Context,
) -> AllowOutcome:
    """Apply the page's front-matter ``allow`` entries.

    An entry without a reason suppresses nothing (META010 reports it); an expired one stops
    suppressing; one that matches nothing, or has expired, is in ``unused`` (the engine has
    META011 word it); one that names a rule that is not a content rule is an invalid value
    (META003).
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
                    t(
                        f"'{key}.rule' names {entry.rule}, which cannot be allowed: only "
                        "Article 4 content findings (CAC401–CAC407) may be accepted by a person",
                        f"'{key}.rule' 指定了 {entry.rule}，该规则不能被接受：只有第四条所列内容"
                        "的发现项（CAC401–CAC407）可以由人工接受",
                    ),
                    expected=_CONTENT_CODE,
                    found=t(entry.rule, f"规则 {entry.rule}"),
                    fix=t(
                        "remove the entry; paperwork rules are satisfied by adding the record",
                        "删除该条目；程序性规则须通过补充相应记录来满足",
                    ),
                    key=f"{key}.rule",
                )
            )
            used[index] = True  # reported as invalid, not also as unused
            continue
        if entry.expires is not None and context.moment(entry.expires) <= context.now:
            expired = context.day(entry.expires)
            outcome.unused.append(
                UnusedAllow("expired", line, entry.rule or "", key=key, expired=expired)
            )
            used[index] = True  # reported as expired, not also as unused
            continue
        if entry.rule and entry.reason:
            usable.setdefault(entry.rule, index)
    inline = [a for a in page.analysis.inline_allows if a.reason]
    inline_used = [False] * len(inline)
    # Where each finding's content occurs (content scan findings carry a hit's fingerprint).
    occurrences = page.analysis.occurrences(context.settings.cache_key)
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
            reason = _reviewed(entries[usable[finding.code]].reason or "")
        if (
            reason is None
            and finding.fingerprint
            and (page.path, finding.fingerprint) in context.baseline
        ):
            baseline_used.add(finding.fingerprint)
            reason = t("accepted in the baseline file", "已列入基线文件")
        if reason is None:
            outcome.kept.append(finding)
        else:
            outcome.suppressed.append((finding, reason))
    outcome.kept.extend(_inline_problems(page, rules, inline, inline_used, outcome.unused))
    stale = {fp for path, fp in context.baseline if path == page.path} - baseline_used
    if stale:
        outcome.unused.append(UnusedAllow("baseline", 1, "", count=len(stale)))
    for index, entry in enumerate(entries):
        if not used[index] and entry.rule and entry.reason:
            key = page.key("allow", index)
            line = page.line_of("allow", index)
            outcome.unused.append(UnusedAllow("entry", line, entry.rule, key=key))
    return outcome
