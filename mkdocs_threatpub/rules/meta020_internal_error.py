"""META020 internal-error (emitted by the engine when a rule raises)."""

from __future__ import annotations

from mkdocs_threatpub.core.findings import Action
from mkdocs_threatpub.core.rule import Rule, RuleDoc, Scope

RULE = Rule(
    code="META020",
    name="internal-error",
    source="mkdocs-threatpub engine (fail closed)",
    default_action=Action.FAIL,
    summary="The engine raised while judging the page (fail closed).",
    scope=Scope.ANY,
    locked=True,
    check=None,  # emitted by mkdocs_threatpub.core.engine around every rule
    doc=RuleDoc(
        what="Nothing on the page itself: this finding appears when a rule raised an "
        "exception while judging it.",
        why="A page that could not be judged is never published unchecked (fail closed).",
        source="SPEC §1: the plugin fails closed.",
        how="Report the rule code and location in the message to the developers. The page "
        "fails until the rule is fixed, or until a non-locked rule is set to `off`.",
        example="plugins:\n  - threatpub:\n      rules:\n        CAC801: warn   # stopgap only",
    ),
)
