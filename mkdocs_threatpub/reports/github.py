"""GitHub Actions workflow commands: one annotation per finding on the file and line.

``::error file=docs/x.md,line=7,title=CAC801 operator-opinion-missing::message`` shows the
finding on the pull request's diff. Values are escaped as the runner expects (``%``, CR and
LF in the message; also ``:`` and ``,`` in properties).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mkdocs_threatpub.core.engine import Judgement
from mkdocs_threatpub.core.findings import Action
from mkdocs_threatpub.core.i18n import localize

__all__ = ["build_annotations", "escape_data", "escape_property"]

_COMMANDS = {Action.FAIL: "error", Action.HOLD: "error", Action.WARN: "warning"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def build_annotations(
    judgements: Iterable[Judgement],
    *,
    locate: Callable[[str], str],
    language: str = "en",
) -> list[str]:
    lines = []
    for judgement in sorted(judgements, key=lambda j: j.path):
        file = escape_property(locate(judgement.path))
        for judged in judgement.findings:
            f = judged.finding
            command = _COMMANDS.get(judged.action, "notice")
            title = escape_property(f"{judged.code} {judged.rule.name} ({judgement.verdict.value})")
            parts = [localize(f.message, language)]
            labels = ("应为", "修改") if language == "zh" else ("Expected", "Fix")
            colon = "：" if language == "zh" else ": "
            if f.expected:
                parts.append(f"{labels[0]}{colon}{localize(f.expected, language)}")
            if f.fix:
                parts.append(f"{labels[1]}{colon}{localize(f.fix, language)}")
            lines.append(
                f"::{command} file={file},line={max(1, f.line)},title={title}::"
                + escape_data("\n".join(parts))
            )
    return lines
