"""META004 missing-field: a field the page's kind (or a record) needs is absent."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Action, Finding
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.rule import Rule, RuleDoc


def _missing(page: Page, path: tuple[str | int, ...], what: str, example: str) -> Finding:
    key = page.key(*path)
    return Finding(
        "META004",
        page.line_of(*path),
        f"'{key}' is missing: {what}",
        expected=f"'{key}'",
        found="nothing",
        fix=f"add it, for example:\n{example}",
        key=key,
    )


def check(page: Page, context: Context) -> Iterator[Finding]:
    meta = page.meta
    if meta is None:
        if page.has_block:
            return  # schema errors already fail the page
        yield Finding(
            "META004",
            1,
            "this page matches the `include` option but has no `threatpub:` block, so "
            "nothing says what it is or what was reported",
            expected=f"a '{page.meta_key}:' block with at least `kind`",
            found="no block",
            fix=f"add to the front matter:\n{page.meta_key}:\n  kind: vulnerability",
            key=page.meta_key,
        )
        return
    if meta.kind is None:
        yield _missing(page, ("kind",), "what the page is decides which rules apply",
                       "  kind: vulnerability   # incident | analysis | malware | breach | general")
    if meta.kind == "incident" and (meta.incident is None or meta.incident.region is None):
        yield _missing(page, ("incident", "region"), "where the incident happened decides "
                       "which public security organ must be told (Art. 5)",
                       '  incident:\n    region: "110105"   # GB/T 2260 code')
    if meta.kind == "analysis" and (
        meta.scope is None
        or not (meta.scope.regions or meta.scope.sectors or meta.scope.national)
    ):
        yield _missing(page, ("scope",), "the regions and sectors an analysis covers decide "
                       "who must be told (Art. 6)",
                       '  scope:\n    regions: ["110000"]\n    sectors: [energy]')
    if meta.target is not None and not meta.target.operator:
        yield _missing(page, ("target", "operator"), "whose network or system is concerned",
                       "  target:\n    operator: Example Power Co.")
    for index, note in enumerate(meta.notifications):
        for name in ("authority", "date"):
            if getattr(note, name) is None:
                yield _missing(page, ("notifications", index, name),
                               "a notification without it counts for nothing",
                               "  notifications:\n    - authority: public-security\n"
                               "      level: prefecture\n      date: 2026-10-02")
    if meta.operator_opinion is not None and meta.operator_opinion.status is None:
        yield _missing(page, ("operator_opinion", "status"), "requested, received or refused",
                       "  operator_opinion:\n    status: received\n    date: 2026-10-01")
    if meta.repair is not None and meta.repair.status is None:
        yield _missing(page, ("repair", "status"), "unfixed, mitigated or fixed",
                       "  repair:\n    status: fixed\n    date: 2026-10-15")
    for index, allow in enumerate(meta.allow):
        if not allow.rule:
            yield _missing(page, ("allow", index, "rule"), "which content finding is accepted",
                           "  allow:\n    - rule: CAC403\n      reason: \"...\"")


RULE = Rule(
    code="META004",
    name="missing-field",
    source="mkdocs-threatpub front-matter schema (SPEC §2)",
    default_action=Action.HOLD,
    summary="A field the page's `kind` or one of its records needs is absent.",
    check=check,
    reads_clock=False,  # page and settings only: cached by source hash
    doc=RuleDoc(
        what="That a threat-information page says what it is (`kind`) and carries the fields "
        "its kind needs: `incident.region` for incidents, `scope` for analyses, "
        "`target.operator` when a target is named, and `authority` and `date` on every "
        "notification. A page matched by `include` without any `threatpub:` block is held "
        "here too.",
        why="Without these fields the paperwork rules cannot tell whom the page had to be "
        "reported to, so the page waits until the author says.",
        source="SPEC §2; CAC Measures Art. 5, 6, 8, 12.",
        how="Add the field named in the message, with the value that is true for the page.",
        example="threatpub:\n  kind: incident\n  incident:\n    region: \"440305\"",
    ),
)
