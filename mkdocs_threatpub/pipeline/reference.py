"""The rules reference: Markdown pages generated from the rules' own documentation.

An index (every rule, grouped by profile and family) and one page per rule with the
sections ``threatpub explain`` prints. The plugin adds these pages to a build when the
option ``rules_reference`` names a folder; this module only writes Markdown (no MkDocs), so
the manual cannot drift from the rules it documents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby

import yaml

from mkdocs_threatpub import __version__
from mkdocs_threatpub.core.i18n import Text, localize, t
from mkdocs_threatpub.core.profiles import PROFILES
from mkdocs_threatpub.core.rule import Rule, Scope
from mkdocs_threatpub.rules import ALL_RULES

__all__ = ["INDEX", "LABELS", "SECTIONS", "page_name", "reference_pages"]

INDEX = "index.md"

# Every heading and label a rule's documentation is shown under, in both languages, in one
# place: `threatpub explain` (text), `threatpub rules` and the reference pages use these and
# no other wording.
LABELS: dict[str, Text] = {
    # the RuleDoc sections
    "what": t("What it checks", "检查内容"),
    "why": t("Why", "原因"),
    "source": t("Source", "依据"),
    "how": t("How to satisfy it", "如何满足"),
    "example": t("Example", "示例"),
    # a rule's facts
    "code": t("Code", "代码"),
    "name": t("Name", "名称"),
    "action": t("Default action", "默认处理"),
    "summary": t("Summary", "摘要"),
    "profile": t("Profile", "规则集"),
    "locked": t("Locked", "锁定"),
    "suppressible": t("Suppressible", "可豁免"),
    "scope": t("Scope", "适用页面"),
    "always": t("always active", "始终生效"),  # the profile of a rule that belongs to none
    "disagreements": t("Where profiles disagree", "与其他规则集的差异"),
}

# (RuleDoc field, heading): the order `threatpub explain` prints them in.
SECTIONS: tuple[tuple[str, Text], ...] = tuple(
    (field, LABELS[field]) for field in ("what", "why", "source", "how", "example")
)

_TITLE = t("Rules reference", "规则参考")
_INTRO = t(
    "Every rule of mkdocs-threatpub {version}, generated from the rules' own documentation "
    "(`threatpub explain CODE` prints the same text). A rule's action can be changed with "
    "the plugin's `rules:` option, except that locked rules cannot be weakened.",
    "mkdocs-threatpub {version} 的全部规则，由规则自身的文档生成（`threatpub explain CODE` "
    "输出相同内容）。规则的处理方式可以用插件的 `rules:` 选项修改，但锁定的规则不能减弱。",
)
_COLUMNS = tuple(LABELS[key] for key in ("code", "name", "action", "source", "summary", "profile"))
_ALWAYS = LABELS["always"]
_PROFILE_ZH = {
    "cac-2019": "《网络安全威胁信息发布管理办法（征求意见稿）》（2019-11-20）",
    "miit-2021": "《网络产品安全漏洞管理规定》（2021）",
    "iso-29147": "ISO/IEC 29147:2018 漏洞披露",
    "gdpr": "GDPR 数据泄露通知（欧盟第 2016/679 号条例）",
}
# Code prefix → family; prefixes not listed are a family of their own.
_BUILT_SITE = t("The built site", "构建产物")
_FAMILIES = {
    "META": t("Front matter, suppressions and the engine", "前置元数据、豁免与引擎"),
    "LATE": _BUILT_SITE,
    "LEAK": _BUILT_SITE,
    "LINK": _BUILT_SITE,
    "CAC": t("CAC Measures", "网信办《办法》"),
}
_LOCKED = t(
    "yes: it guards fail-closed behaviour, and `rules:` in mkdocs.yml cannot weaken it",
    "是：它保证失败即关闭（无法判定的页面不发布），mkdocs.yml 的 `rules:` 不能减弱它",
)
_SUPPRESSIBLE = t(
    "yes: a reviewer may accept a finding with an `allow` that gives a reason",
    "是：审核人可以用写明理由的 `allow` 接受某条发现",
)
_NO = t("no", "否")
_SCOPES = {
    Scope.ANY: t("every page", "所有页面"),
    Scope.THREAT: t(
        "threat-information pages (a `threatpub:` block, or matched by `include`)",
        "威胁信息页面（有 `threatpub:` 块，或匹配 `include`）",
    ),
    Scope.CONTENT: t(
        "threat-information pages, and every page when `scan_all_pages` is on",
        "威胁信息页面；开启 `scan_all_pages` 时为所有页面",
    ),
}
_BACK = t("All rules", "全部规则")


def page_name(rule: Rule) -> str:
    """The rule's page, relative to the reference folder: ``cac700.md``."""
    return f"{rule.code.lower()}.md"


def reference_pages(language: str = "en", rules: Sequence[Rule] | None = None) -> dict[str, str]:
    """Page name (relative to the reference folder) → Markdown; the index comes first."""
    if rules is None:
        rules = ALL_RULES
    ordered = sorted(rules, key=_order)
    pages = {INDEX: _index(ordered, language)}
    pages.update((page_name(rule), _rule_page(rule, language)) for rule in ordered)
    return pages


def _index(rules: Sequence[Rule], language: str) -> str:
    def say(text: str) -> str:
        return localize(text, language)

    lines = [f"# {say(_TITLE)}", "", say(_INTRO).format(version=__version__), ""]
    for profile, in_profile in groupby(rules, key=lambda rule: rule.profile):
        lines += [f"## {_profile_heading(profile, language)}", ""]
        for family, members in groupby(in_profile, key=lambda rule: _family(rule.code)):
            group = list(members)
            prefixes = ", ".join(dict.fromkeys(_prefix(rule.code) for rule in group))
            label = say(family)
            lines += [f"### {label}" if label == prefixes else f"### {label} ({prefixes})", ""]
            lines.append("| " + " | ".join(say(column) for column in _COLUMNS) + " |")
            lines.append("|" + "---|" * len(_COLUMNS))
            for rule in group:
                cells = (
                    f"[{rule.code}]({page_name(rule)})",
                    f"`{rule.name}`",
                    f"`{rule.default_action}`",
                    say(rule.source),
                    say(rule.summary),
                    f"`{rule.profile}`" if rule.profile else say(_ALWAYS),
                )
                lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
            lines.append("")
    return "\n".join(lines)


def _rule_page(rule: Rule, language: str) -> str:
    def say(text: str) -> str:
        return localize(text, language)

    profile = say(_ALWAYS)
    if rule.profile:
        title = _profile_title(rule.profile, language)
        title = f"（{title}）" if language == "zh" else f" ({title})"
        profile = f"`{rule.profile}`{title}"
    facts = (
        ("action", f"`{rule.default_action}`"),
        ("profile", profile),
        ("locked", say(_LOCKED if rule.locked else _NO)),
        ("suppressible", say(_SUPPRESSIBLE if rule.suppressible else _NO)),
        ("scope", say(_SCOPES[rule.scope])),
        ("source", say(rule.source)),
    )
    colon = "：" if language == "zh" else ":"
    lines = [f"# {rule.code} {rule.name}", "", say(rule.summary), ""]
    lines += [f"- **{say(LABELS[key])}{colon}** {value}" for key, value in facts]
    for field, heading in SECTIONS:
        text = say(getattr(rule.doc, field)).strip("\n")
        lines += ["", f"## {say(heading)}", ""]
        lines += [_fenced(text)] if field == "example" else [text]
    lines += ["", f"[← {say(_BACK)}]({INDEX})"]
    return "\n".join(lines) + "\n"


def _fenced(example: str) -> str:
    """The example in a code block: ``yaml`` when it is YAML data, else ``text``.

    The fence is longer than any backtick run inside, so an example that itself shows a
    fenced block stays whole.
    """
    longest = max((len(run) for run in re.findall(r"`+", example)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{'yaml' if _is_yaml(example) else 'text'}\n{example}\n{fence}"


def _is_yaml(text: str) -> bool:
    try:
        documents = list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return False
    data = [d for d in documents if d is not None]
    return bool(data) and all(isinstance(d, dict | list) for d in data)


def _cell(text: str) -> str:
    """Text that stays inside one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _prefix(code: str) -> str:
    return code.rstrip("0123456789")


def _family(code: str) -> str:
    """The family label (a Text) of a code; unknown prefixes are their own family."""
    prefix = _prefix(code)
    return _FAMILIES.get(prefix, prefix)


def _order(rule: Rule) -> tuple[int, int, str]:
    """Profiles in PROFILES order (always-active first), then families, then codes."""
    profiles, families = list(PROFILES), list(_FAMILIES)
    prefix = _prefix(rule.code)
    return (
        -1 if rule.profile is None else [*profiles, rule.profile].index(rule.profile),
        [*families, prefix].index(prefix),
        rule.code,
    )


def _profile_title(profile: str, language: str) -> str:
    if language == "zh" and profile in _PROFILE_ZH:
        return _PROFILE_ZH[profile]
    return PROFILES[profile].title if profile in PROFILES else profile


def _profile_heading(profile: str | None, language: str) -> str:
    if profile is None:
        text = localize(_ALWAYS, language)
        return text[:1].upper() + text[1:]
    return f"{profile}: {_profile_title(profile, language)}"
