"""META010 suppression-without-reason."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.inline_allow import inline_allows
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope


def check(page: Page, context: Context) -> Iterator[Finding]:
    for allow in inline_allows(page):
        if not allow.reason:
            yield Finding(
                "META010",
                allow.line,
                f"the inline allow for {allow.rule} does not say why",
                expected='a reason: <!-- threatpub: allow CODE reason="…" -->',
                found="no reason",
                fix=f'write it as <!-- threatpub: allow {allow.rule} reason="why this is '
                'acceptable, and who reviewed it" -->',
            )
    if page.meta is None:
        return
    for index, entry in enumerate(page.meta.allow):
        if not (entry.reason or "").strip():
            key = page.key("allow", index)
            yield Finding(
                "META010",
                page.line_of("allow", index),
                f"'{key}' accepts {entry.rule or 'a finding'} without saying why",
                expected="a `reason` written by the person who reviewed the finding",
                found="no reason",
                fix=f'add a reason, for example:\n  allow:\n    - rule: {entry.rule or "CAC403"}\n'
                '      reason: "steps stop before code execution; reviewed with the vendor"',
                key=f"{key}.reason",
            )


RULE = Rule(
    code="META010",
    name="suppression-without-reason",
    source="SPEC §5",
    default_action=Action.FAIL,
    summary="An `allow` with no reason.",
    scope=Scope.ANY,
    locked=True,
    check=check,
    reads_clock=False,  # page and settings only: cached by source hash
    doc=RuleDoc(
        what="That every `allow` entry (and, later, every inline allow comment) gives a reason.",
        why="Accepting content that the Measures forbid is a person's decision; the reason is "
        "the record of it. An unexplained suppression is indistinguishable from a mistake.",
        source="SPEC §5: a suppression without a reason is itself an error.",
        how="Write why publishing the flagged content is acceptable, and who approved it.",
        example='threatpub:\n  allow:\n    - rule: CAC403\n      reason: "steps stop before '
        'code execution"\n      approved_by: security-review\n      expires: 2027-06-01',
    ),
)
