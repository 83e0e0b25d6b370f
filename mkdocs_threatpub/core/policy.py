"""Policy: which action each rule's findings take on this site."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from mkdocs_threatpub.core.findings import Action
from mkdocs_threatpub.core.rule import Rule

__all__ = ["Policy", "PolicyError"]


class PolicyError(ValueError):
    """An override that cannot be applied; the message names the rule and the way out."""


@dataclass(frozen=True)
class Policy:
    """Default actions, per-rule overrides (``rules:``) and ``on_hold: fail``."""

    overrides: Mapping[str, Action]
    on_hold: str = "hold"

    @classmethod
    def create(
        cls, rules: Mapping[str, Rule], overrides: Mapping[str, str], on_hold: str = "hold"
    ) -> Policy:
        """Validate ``overrides`` against the registry; raise :class:`PolicyError`."""
        checked: dict[str, Action] = {}
        for code, value in overrides.items():
            rule = rules.get(code)
            if rule is None:
                close = difflib.get_close_matches(code, list(rules), n=1, cutoff=0.6)
                hint = f" Did you mean {close[0]}?" if close else " `threatpub rules` lists them."
                raise PolicyError(f"unknown rule code {code!r} in 'rules'.{hint}")
            try:
                action = Action(value)
            except ValueError:
                raise PolicyError(
                    f"rules.{code}: expected one of fail, hold, warn, off; found {value!r}"
                ) from None
            if rule.locked and action.strength < rule.default_action.strength:
                raise PolicyError(
                    f"rules.{code}: {rule.name} is a locked rule ({rule.summary.rstrip('.')}): "
                    f"what it finds is never published, so it cannot be weakened to {action}; "
                    "remove the override"
                )
            checked[code] = action
        if on_hold not in ("hold", "fail"):
            raise PolicyError(f"on_hold: expected hold or fail, found {on_hold!r}")
        return cls(overrides=checked, on_hold=on_hold)

    def action_for(self, rule: Rule) -> Action:
        action = self.overrides.get(rule.code, rule.default_action)
        if action is Action.HOLD and self.on_hold == "fail":
            return Action.FAIL
        return action
