"""Policy: which action each rule's findings take on this site."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from mkdocs_threatpub.core.findings import Action
from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.rule import Rule

__all__ = ["Policy", "PolicyError"]


class PolicyError(ValueError):
    """An override that cannot be applied; the message (a :class:`Text`, in both
    languages) names the rule and the way out."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message


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
                raise PolicyError(_unknown_code(code, rules))
            try:
                action = Action(value)
            except ValueError:
                raise PolicyError(
                    t(
                        f"rules.{code}: expected one of fail, hold, warn, off; found {value!r}",
                        f"rules.{code}：应为 fail、hold、warn、off 之一；实际为 {value!r}",
                    )
                ) from None
            if rule.locked and action.strength < rule.default_action.strength:
                summary = rule.summary.rstrip(".")
                raise PolicyError(
                    t(
                        f"rules.{code}: {rule.name} is a locked rule ({summary}): what it finds "
                        f"is never published, so it cannot be weakened to {action}; remove the "
                        "override",
                        f"rules.{code}：{rule.name} 是锁定的规则（{zh(rule.summary).rstrip('。')}）"
                        f"：它发现的内容一律不发布，不能降为 {action}；请删除这项设置",
                    )
                )
            checked[code] = action
        if on_hold not in ("hold", "fail"):
            raise PolicyError(
                t(
                    f"on_hold: expected hold or fail, found {on_hold!r}",
                    f"on_hold：应为 hold 或 fail；实际为 {on_hold!r}",
                )
            )
        return cls(overrides=checked, on_hold=on_hold)

    def action_for(self, rule: Rule) -> Action:
        action = self.overrides.get(rule.code, rule.default_action)
        if action is Action.HOLD and self.on_hold == "fail":
            return Action.FAIL
        return action


def _unknown_code(code: object, rules: Mapping[str, Rule]) -> Text:
    """An unknown code in ``rules:``, with the code that was probably meant: the same code
    in another case (``cac500`` → ``CAC500``), else the closest one."""
    shown = repr(code)
    by_upper = {known.upper(): known for known in rules}
    same = by_upper.get(str(code).strip().upper())
    if same is not None:
        return t(
            f"unknown rule code {shown} in 'rules'. Did you mean {same}? Rule codes are "
            f"written in capitals: {same}: off",
            f"'rules' 中的规则代码 {shown} 不存在。是否应为 {same}？规则代码须大写：{same}: off",
        )
    close = difflib.get_close_matches(str(code), list(rules), n=1, cutoff=0.6)
    if close:
        return t(
            f"unknown rule code {shown} in 'rules'. Did you mean {close[0]}?",
            f"'rules' 中的规则代码 {shown} 不存在。是否应为 {close[0]}？",
        )
    return t(
        f"unknown rule code {shown} in 'rules'. `threatpub rules` lists them.",
        f"'rules' 中的规则代码 {shown} 不存在。`threatpub rules` 可列出全部规则代码。",
    )
