"""What a rule is: a small declarative unit with its documentation beside it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import TYPE_CHECKING

from mkdocs_threatpub.core.findings import Action, Finding

if TYPE_CHECKING:
    from mkdocs_threatpub.core.context import Context
    from mkdocs_threatpub.core.page import Page

__all__ = ["Check", "Rule", "RuleDoc", "Scope", "register"]

Check = Callable[["Page", "Context"], Iterable[Finding]]


class Scope(StrEnum):
    """Which pages a rule looks at."""

    ANY = "any"  # every page (front matter must parse everywhere)
    THREAT = "threat"  # threat-information pages: a `threatpub:` block or matched by `include`
    CONTENT = "content"  # threat pages, and every page when `scan_all_pages` is on


@dataclass(frozen=True)
class RuleDoc:
    """The fixed documentation sections every rule carries (``threatpub explain``)."""

    what: str
    why: str
    source: str
    how: str
    example: str


@dataclass(frozen=True)
class Rule:
    """A rule: code, name, source, default action, docs and a check.

    ``check`` is ``None`` for findings the engine itself emits (META011, META020).
    ``locked`` rules guard fail-closed behaviour and may not be weakened in ``mkdocs.yml``.
    ``suppressible`` rules (Article 4 content) may be accepted with an ``allow``.
    ``reads_clock`` is ``False`` for rules whose findings depend only on the page and the
    settings, never on ``now``: their findings are cached with the page (by source hash),
    so a ``mkdocs serve`` rebuild does not scan an unchanged page again. The default is
    ``True`` (re-run every build), the safe choice for a rule that compares dates.
    """

    code: str
    name: str
    source: str
    default_action: Action
    summary: str
    doc: RuleDoc
    check: Check | None
    profile: str | None = None
    scope: Scope = Scope.THREAT
    locked: bool = False
    suppressible: bool = False
    reads_clock: bool = True
    # A finding of this rule takes the page down: its verdict is `removed` whatever the
    # page's other findings say (CAC900, a takedown).
    removes: bool = False
    # Content rules that judge another rule's detector hits (MIIT094 reads CAC401/CAC402's):
    # the codes whose detectors it needs, for LATE001's rendered-HTML scan.
    detects_as: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[object, ...]:
        # Judgements cross process boundaries (``--jobs``); a registered rule travels as
        # its code, since its check may be a closure that pickle cannot carry.
        if _REGISTERED.get(self.code) is self:
            return (_registered, (self.code,))
        return (Rule, tuple(getattr(self, f.name) for f in fields(self)))


# The rule registry (mkdocs_threatpub.rules) registers its rules here, so that the core can
# find a rule by code without importing the rules, which import the core.
_REGISTERED: dict[str, Rule] = {}


def register(rules: Iterable[Rule]) -> None:
    """Make ``rules`` known by code (called once by :mod:`mkdocs_threatpub.rules`)."""
    for rule in rules:
        _REGISTERED[rule.code] = rule


def _registered(code: str) -> Rule:
    try:
        return _REGISTERED[code]
    except KeyError:
        raise LookupError(
            f"rule {code} is not registered in this process (import mkdocs_threatpub.rules)"
        ) from None
