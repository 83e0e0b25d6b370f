"""Findings, actions and verdicts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Action", "Finding", "Verdict"]


class Action(StrEnum):
    """What a finding does to its page; ``off`` disables the rule."""

    FAIL = "fail"
    HOLD = "hold"
    WARN = "warn"
    OFF = "off"

    @property
    def strength(self) -> int:
        return _STRENGTH[self]


_STRENGTH = {Action.OFF: 0, Action.WARN: 1, Action.HOLD: 2, Action.FAIL: 3}


class Verdict(StrEnum):
    """A page's fate (SPEC §1)."""

    PUBLISH = "publish"
    HOLD = "hold"
    FAIL = "fail"
    REMOVED = "removed"

    @classmethod
    def from_action(cls, action: Action | None) -> Verdict:
        if action is Action.FAIL:
            return cls.FAIL
        if action is Action.HOLD:
            return cls.HOLD
        return cls.PUBLISH


@dataclass(frozen=True)
class Finding:
    """One thing a rule found on one page.

    ``message`` says what is wrong in plain words; ``expected``/``found`` make it precise;
    ``fix`` says how to satisfy the rule. None of them may quote flagged content (leaked
    data, exploit code): they describe it. ``release_after`` marks a time-based hold that
    lifts by itself on that date. ``max_action`` caps this one finding: the engine gives it
    the weaker of the site's action for the rule and this cap (``None``: no cap). A rule uses
    it when one of its triggers is only ever a warning (CAC700: a URL slug alone).
    """

    code: str
    line: int
    message: str
    expected: str = ""
    found: str = ""
    fix: str = ""
    key: str = ""
    release_after: dt.date | None = None
    max_action: Action | None = None
    fingerprint: str = ""  # content findings: hash of rule, detector and normalised match
