"""Suppressions (SPEC §5): a person accepts an Article 4 content finding, with a reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkdocs_threatpub.core.findings import Finding

if TYPE_CHECKING:
    from mkdocs_threatpub.core.context import Context
    from mkdocs_threatpub.core.page import Page
    from mkdocs_threatpub.core.rule import Rule

__all__ = ["AllowOutcome", "apply_allows"]

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
    for finding in findings:
        match = usable.get(finding.code)
        if match is None:
            outcome.kept.append(finding)
            continue
        used[match] = True
        outcome.suppressed.append((finding, entries[match].reason or ""))
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
