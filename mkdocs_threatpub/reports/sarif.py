"""SARIF 2.1.0 (OASIS), for code-scanning dashboards such as GitHub's.

One run; the driver lists every rule with its documentation as help text (so a dashboard can
explain a result without this tool); one result per finding, located by file and line.
Accepted (suppressed) findings are kept with a ``suppressions`` entry, as SARIF intends, so a
dashboard shows them as dismissed rather than forgetting them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from mkdocs_threatpub import __version__
from mkdocs_threatpub.core.engine import JudgedFinding, Judgement
from mkdocs_threatpub.core.findings import Action
from mkdocs_threatpub.core.i18n import localize
from mkdocs_threatpub.core.rule import Rule

__all__ = ["SARIF_SCHEMA", "build_sarif"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/mkdocs-threatpub/mkdocs-threatpub"

# A held page is kept out of the site: for a reviewer that is as blocking as an error.
_LEVELS = {Action.FAIL: "error", Action.HOLD: "error", Action.WARN: "warning"}


def build_sarif(
    judgements: Iterable[Judgement],
    rules: Sequence[Rule],
    *,
    now: dt.datetime,
    locate: Callable[[str], str],
    language: str = "en",
) -> dict[str, Any]:
    """The SARIF log; ``locate`` turns a docs-relative page path into the file's URI."""
    index = {rule.code: i for i, rule in enumerate(rules)}
    results = []
    for judgement in sorted(judgements, key=lambda j: j.path):
        uri = locate(judgement.path)
        for judged in judgement.findings:
            results.append(_result(judged, judgement, uri, index, language))
        for judged in judgement.suppressed:
            result = _result(judged, judgement, uri, index, language)
            result["suppressions"] = [
                {
                    "kind": "external" if _by_baseline(judged) else "inSource",
                    "justification": localize(judged.suppressed_by or "", language),
                }
            ]
            results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "threatpub",
                        "fullName": "mkdocs-threatpub",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule, language) for rule in rules],
                    }
                },
                "language": "zh-CN" if language == "zh" else "en-US",
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "endTimeUtc": now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    }
                ],
                "results": results,
            }
        ],
    }


def _result(
    judged: JudgedFinding, judgement: Judgement, uri: str, index: dict[str, int], language: str
) -> dict[str, Any]:
    f = judged.finding
    region: dict[str, Any] = {"startLine": max(1, f.line)}
    result: dict[str, Any] = {
        "ruleId": judged.code,
        "level": _LEVELS.get(judged.action, "note"),
        "message": {"text": _message(judged, language)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": region,
                }
            }
        ],
        "properties": {
            "page": judgement.path,
            "verdict": judgement.verdict.value,
            "action": str(judged.action),
            "source": judged.rule.source,
        },
    }
    if judged.code in index:
        result["ruleIndex"] = index[judged.code]
    if f.fingerprint:
        # Stable across moved lines: rule, detector and normalised match (never the text).
        result["partialFingerprints"] = {"threatpubFinding/v1": f.fingerprint}
    if f.release_after is not None:
        result["properties"]["release_after"] = f.release_after.isoformat()
    return result


def _by_baseline(judged: JudgedFinding) -> bool:
    # The baseline file lives outside the page; an allow comment or front matter is in it.
    return str(judged.suppressed_by or "").startswith("accepted in the baseline")


def _message(judged: JudgedFinding, language: str) -> str:
    f = judged.finding
    labels = ("应为", "实际", "修改") if language == "zh" else ("Expected", "Found", "Fix")
    colon = "：" if language == "zh" else ": "
    parts = [localize(f.message, language)]
    for label, value in zip(labels, (f.expected, f.found, f.fix), strict=True):
        if value:
            parts.append(f"{label}{colon}{localize(value, language)}")
    return "\n".join(parts)


def _rule(rule: Rule, language: str) -> dict[str, Any]:
    doc = rule.doc
    zh = language == "zh"
    headings = (
        ("检查内容", "原因", "依据", "如何满足", "示例")
        if zh
        else ("What it checks", "Why", "Source", "How to satisfy it", "Example")
    )
    sections = (doc.what, doc.why, doc.source, localize(doc.how, language))
    text = "\n\n".join(
        f"{heading}: {body}" for heading, body in zip(headings, sections, strict=False)
    )
    markdown = "\n\n".join(
        f"**{heading}**\n\n{body}" for heading, body in zip(headings, sections, strict=False)
    )
    if doc.example:
        text += f"\n\n{headings[4]}:\n{doc.example}"
        markdown += f"\n\n**{headings[4]}**\n\n```yaml\n{doc.example}\n```"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": localize(rule.summary, language)},
        "fullDescription": {"text": localize(rule.summary, language) + " " + rule.source},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {
            "level": _LEVELS.get(rule.default_action, "note"),
            "enabled": rule.default_action is not Action.OFF,
        },
        "properties": {
            "tags": ["security", "publication", rule.profile or "threatpub"],
            "source": rule.source,
            "profile": rule.profile,
            "locked": rule.locked,
            "suppressible": rule.suppressible,
        },
    }
