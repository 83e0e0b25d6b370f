"""``threatpub explain``, ``rules`` and ``schema``: the rules' documentation and the
front-matter schema, without judging anything."""

from __future__ import annotations

import argparse
import difflib
import json
from pathlib import Path
from typing import Any

from mkdocs_threatpub.cli.common import EXIT_OK, UsageError, add_lang
from mkdocs_threatpub.cli.common import language as chosen_language
from mkdocs_threatpub.core.i18n import localize
from mkdocs_threatpub.core.profiles import disagreements_of
from mkdocs_threatpub.core.rule import Rule
from mkdocs_threatpub.pipeline.reference import LABELS, SECTIONS
from mkdocs_threatpub.rules import ALL_RULES, RULES_BY_CODE

__all__ = ["add_commands"]


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    explain = sub.add_parser("explain", help="show a rule's documentation")
    explain.add_argument("code", metavar="CODE")
    explain.add_argument("--format", choices=("text", "json"), default="text")
    add_lang(explain)
    explain.set_defaults(run=_explain)

    rules = sub.add_parser("rules", help="list all rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    add_lang(rules)
    rules.set_defaults(run=_rules)

    schema = sub.add_parser("schema", help="JSON Schema of the front matter, for editors")
    schema.add_argument("--meta-key", default="threatpub")
    # A file written here is UTF-8 on every platform (a PowerShell `>` would write UTF-16).
    schema.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="write the schema to FILE (UTF-8) instead of stdout",
    )
    schema.set_defaults(run=_schema)


# The JSON keys of the documentation sections (reference.SECTIONS), in the same order.
_DOC_KEYS = {
    "what": "what_it_checks",
    "why": "why",
    "source": "source",
    "how": "how_to_satisfy_it",
    "example": "example",
}


def _rule_dict(rule: Rule, language: str = "en") -> dict[str, Any]:
    return {
        "code": rule.code,
        "name": rule.name,
        "profile": rule.profile,
        "source": localize(rule.source, language),
        "default_action": str(rule.default_action),
        "summary": localize(rule.summary, language),
        "locked": rule.locked,
        "suppressible": rule.suppressible,
        "docs": {_DOC_KEYS[key]: localize(getattr(rule.doc, key), language) for key, _ in SECTIONS},
    }


def _disagreements(code: str, language: str) -> list[dict[str, Any]]:
    """The rules of other profiles this rule conflicts or overlaps with (RULES.md)."""
    out = []
    for item in disagreements_of(code):
        other = next(c for c in item.codes if c != code)
        rule = RULES_BY_CODE.get(other)
        if rule is None:
            continue
        out.append(
            {
                "with": f"{rule.code} {rule.name}",
                "profile": rule.profile,
                "kind": item.kind,
                "text": localize(item.text, language),
            }
        )
    return out


def _find_rule(code: str) -> Rule:
    rule = RULES_BY_CODE.get(code.upper())
    if rule is None:
        by_name = {r.name: r for r in RULES_BY_CODE.values()}
        rule = by_name.get(code.lower())
    if rule is None:
        names = [r.name for r in RULES_BY_CODE.values()]
        close = difflib.get_close_matches(code.upper(), list(RULES_BY_CODE), n=1, cutoff=0.5)
        close = close or difflib.get_close_matches(code.lower(), names, n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]}?" if close else " `threatpub rules` lists them."
        raise UsageError(f"unknown rule {code!r}.{hint}")
    return rule


def _explain(args: argparse.Namespace) -> int:
    rule = _find_rule(args.code)
    language = chosen_language(args)
    if args.format == "json":
        data = _rule_dict(rule, language)
        data["disagreements"] = _disagreements(rule.code, language)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK

    def say(text: str) -> str:
        return localize(text, language)

    profile = rule.profile or say(LABELS["always"])
    action = say(LABELS["action"])
    action = action[:1].lower() + action[1:]  # inside the line: "default action"
    facts = (
        f"（{profile}；{action}：{rule.default_action}）"
        if language == "zh"
        else f" ({profile}; {action}: {rule.default_action})"
    )
    sections = [
        f"{rule.code} {rule.name}{facts}",
        "",
        say(rule.summary),
    ]
    for key, heading in SECTIONS:
        sections += ["", say(heading), _indent(say(getattr(rule.doc, key)))]
    meets = _disagreements(rule.code, language)
    if meets:
        sections += ["", say(LABELS["disagreements"])]
        sections += [
            _indent(f"{item['with']} ({item['profile']}, {item['kind']}): {item['text']}")
            for item in meets
        ]
    print("\n".join(sections))
    return EXIT_OK


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def _rules(args: argparse.Namespace) -> int:
    language = chosen_language(args)
    if args.format == "json":
        rules = [_rule_dict(r, language) for r in ALL_RULES]
        print(json.dumps(rules, ensure_ascii=False, indent=2))
        return EXIT_OK
    for rule in ALL_RULES:
        profile = rule.profile or "always"
        print(
            f"{rule.code:<8} {rule.name:<30} {profile:<10} {rule.default_action!s:<5} "
            f"{localize(rule.summary, language)}"
        )
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    # pydantic builds the schema: imported only by this command.
    from mkdocs_threatpub.core.schema import front_matter_json_schema

    text = json.dumps(front_matter_json_schema(args.meta_key), ensure_ascii=False, indent=2)
    if args.output is None:
        print(text)
        return EXIT_OK
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    return EXIT_OK
