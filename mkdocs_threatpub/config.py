"""The plugin's options, validated by MkDocs' own config machinery (the plugin and the CLI
both validate with :class:`ThreatpubConfig`), and turned into the pipeline's plain
:class:`~mkdocs_threatpub.pipeline.options.Options`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c

from mkdocs_threatpub.core.clock import load_timezone, parse_date_in_range
from mkdocs_threatpub.core.context import Blackout, CustomPattern, Settings, include_problem
from mkdocs_threatpub.core.i18n import LANGUAGES, Text, localize, t, zh
from mkdocs_threatpub.core.policy import Policy, PolicyError
from mkdocs_threatpub.core.profiles import PROFILES
from mkdocs_threatpub.pipeline.options import Options
from mkdocs_threatpub.reports.formats import REPORT_EXTENSIONS, format_for_file
from mkdocs_threatpub.rules import RULES_BY_CODE
from mkdocs_threatpub.scanners.custom import compile_pattern

__all__ = ["CustomPatternConfig", "ThreatpubConfig", "options_from", "settings_from"]


def _invalid(en: str, zh_: str) -> base.ValidationError:
    """A configuration error in both languages; :meth:`ThreatpubConfig.validate` shows it
    in the site's ``language``."""
    return base.ValidationError(t(en, zh_))


class _Timezone(c.Type[str]):
    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        name = super().run_validation(value)
        try:
            load_timezone(name)
        except ValueError as exc:
            raise base.ValidationError(str(exc)) from None
        return name


class _Country(c.Type[str]):
    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        code = super().run_validation(value)
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            raise base.ValidationError(
                f"expected an ISO 3166 alpha-2 country code like 'CN', found {code!r}"
            )
        return code.upper()


class _RuleOverrides(c.DictOfItems[str]):
    """`rules: {CODE: fail|hold|warn|off}`; unknown codes get a suggestion."""

    def __init__(self) -> None:
        super().__init__(c.Choice(("fail", "hold", "warn", "off")), default={})

    def run_validation(self, value: object) -> dict[str, str]:
        if isinstance(value, dict):
            # YAML 1.1 reads an unquoted `off` as False; `CAC300: off` means the rule is off.
            value = {key: "off" if item is False else item for key, item in value.items()}
        result = super().run_validation(value)
        try:
            Policy.create(RULES_BY_CODE, result)
        except PolicyError as exc:
            raise base.ValidationError(exc.message) from None
        return result


class _DocsFolder(c.Type[str]):
    """A folder inside ``docs_dir`` with ``/`` separators (``rules``, ``manual/rules``);
    empty means off. Folders MkDocs leaves out by default (``.*``, top-level
    ``templates``) are refused: pages generated there would silently never be built."""

    def __init__(self) -> None:
        super().__init__(str, default="")

    def run_validation(self, value: object) -> str:
        folder = super().run_validation(value).strip()
        if not folder:
            return ""
        parts = folder.rstrip("/").split("/")
        if (
            "\\" in folder
            or folder.startswith("/")
            or re.match(r"[A-Za-z]:", folder)
            or any(not part or part.startswith(".") for part in parts)
            or parts[0] == "templates"
        ):
            raise base.ValidationError(
                "expected a folder relative to docs_dir, written with '/', such as 'rules' or "
                f"'manual/rules' (not hidden, not 'templates', no '..'), found {folder!r}"
            )
        return "/".join(parts)


DEFAULT_CACHE_DIR = ".threatpub/cache"


class _CacheDir(base.BaseConfigOption[str | None]):
    """``cache_dir``: the folder of the judging cache (absolute, or relative to
    ``mkdocs.yml``), ``.threatpub/cache`` by default; ``false`` turns the cache off."""

    def __init__(self) -> None:
        super().__init__()
        self.default = DEFAULT_CACHE_DIR

    def run_validation(self, value: object) -> str | None:
        if value is False:
            return None
        if value is True or value is None:
            return DEFAULT_CACHE_DIR
        if isinstance(value, str) and value.strip():
            return value
        raise _invalid(
            f"expected a folder (absolute, or relative to mkdocs.yml) such as "
            f"'{DEFAULT_CACHE_DIR}', or false to turn the judging cache off, found {value!r}",
            f"应为目录（绝对路径，或相对于 mkdocs.yml），如 '{DEFAULT_CACHE_DIR}'，或设为 false "
            f"以关闭审查缓存；实际为 {value!r}",
        )


# A plain YAML key: a letter, then letters, digits, '_' or '-' (what `threatpub:` is).
_PLAIN_KEY = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")


class _MetaKey(c.Type[str]):
    """``meta_key``: the front-matter key of the block. An empty key, one with spaces, or
    a word YAML reads as something else (``yes``, ``null``) would match no page's block,
    so every page would silently be judged without one."""

    def __init__(self) -> None:
        super().__init__(str, default="threatpub")

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise _invalid(
                f"expected a front-matter key such as 'threatpub', found {value!r}; quote it, "
                "or remove the option to use 'threatpub'",
                f"应为 front matter 的键，如 'threatpub'；实际为 {value!r}。请加引号，"
                "或删除该选项以使用默认的 'threatpub'",
            )
        if _PLAIN_KEY.fullmatch(value) and yaml.safe_load(f"{value}: 1") == {value: 1}:
            return value
        raise _invalid(
            "expected a plain YAML key such as 'threatpub' or 'security_advisory' (a letter, "
            "then letters, digits, '_' or '-'; not a word YAML reads as true, false or null, "
            f"such as 'yes' or 'off'), found {value!r}; set meta_key to such a key, or remove "
            "the option to use 'threatpub'",
            "应为普通的 YAML 键，如 'threatpub' 或 'security_advisory'（以字母开头，其后为"
            "字母、数字、'_' 或 '-'；不能是 YAML 读作 true、false 或 null 的词，如 'yes'、"
            f"'off'）；实际为 {value!r}。请将 meta_key 设为这样的键，或删除该选项以使用 "
            "'threatpub'",
        )


class _Profiles(c.ListOfItems[str]):
    """``profiles``: at least one rule book; an empty list would judge by no rules."""

    def __init__(self) -> None:
        super().__init__(c.Choice(tuple(PROFILES)), default=["cac-2019"])

    def run_validation(self, value: object) -> list[str]:
        if value == []:
            known = ", ".join(PROFILES)
            raise _invalid(
                f"expected at least one profile, such as [cac-2019] (known: {known}); an empty "
                "list would judge every page by no rules at all. List the profiles to apply, "
                "or remove the option to use [cac-2019]",
                f"应至少列出一个规则集，如 [cac-2019]（可用：{known}）；空列表意味着不按任何"
                "规则审查页面。请列出要适用的规则集，或删除该选项以使用 [cac-2019]",
            )
        return super().run_validation(value)


class _Include(c.ListOfItems[str]):
    """``include``: gitignore-style patterns, compiled here: a pattern that cannot be
    compiled would make every page an internal error (META020), one that matches nothing
    would include nothing without a word."""

    def __init__(self) -> None:
        super().__init__(c.Type(str), default=[])

    def run_validation(self, value: object) -> list[str]:
        patterns = super().run_validation(value)
        example = "['advisories/**', '!advisories/drafts/**']"
        for index, pattern in enumerate(patterns):
            problem = include_problem(pattern)
            if problem is not None:
                raise _invalid(
                    f"item {index}, {pattern!r}, is {problem}. Expected gitignore-style patterns "
                    f"relative to docs_dir, such as {example}; correct or remove the pattern",
                    f"第 {index} 项模式 {pattern!r}：{zh(problem)}。应为相对于 docs_dir 的 "
                    f"gitignore 风格模式，如 {example}；请更正或删除该模式",
                )
        if patterns and all(p.strip().startswith("!") for p in patterns):
            raise _invalid(
                "every include pattern starts with '!', so it only excludes and no page is "
                f"included; list what to include first, such as {example}",
                "include 的每个模式都以 '!' 开头，只排除而不包含任何页面；请先列出要包含的"
                f"模式，如 {example}",
            )
        return patterns


_KEBAB = re.compile(r"[a-z0-9]{1,64}(?:-[a-z0-9]{1,64}){0,16}")


# MkDocs' Config defines an untyped __init_subclass__; the subclass is fine.
class CustomPatternConfig(base.Config):  # type: ignore[no-untyped-call]
    """One entry of ``custom_patterns``: a site-defined Article 4(7) pattern."""

    name = c.Type(str)
    pattern = c.Type(str)
    description = c.Optional(c.Type(str))
    action = c.Choice(("hold", "warn"), default="hold")


def _custom_pattern(index: int, value: object, config_file: str | None) -> CustomPatternConfig:
    """Validate one entry, reporting every problem with the entry's index and name."""
    where = f"custom_patterns[{index}]"
    if not isinstance(value, dict):
        raise base.ValidationError(
            f"{where}: expected a mapping with 'name' and 'pattern', found a {type(value).__name__}"
        )
    name = value.get("name")
    if isinstance(name, str) and name:
        where += f" ({name!r})"
    entry = CustomPatternConfig(config_file_path=config_file)
    entry.load_dict(value)
    failed, _warnings = entry.validate()
    problems = [f"{key}: {error}" for key, error in failed]
    known = sorted(
        key
        for key, option in vars(CustomPatternConfig).items()
        if isinstance(option, base.BaseConfigOption)
    )
    for key in value:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            problems.append(f"unknown key '{key}'.{hint} Known: {', '.join(known)}")
    failed_keys = {key for key, _ in failed}
    if "name" not in failed_keys and not _KEBAB.fullmatch(entry.name):
        problems.append(
            f"name: expected a kebab-case identifier such as 'internal-project', "
            f"found {entry.name!r}"
        )
    if "pattern" not in failed_keys:
        try:
            compile_pattern(entry.pattern)
        except ValueError as exc:
            problems.append(f"pattern: {exc}")
    if problems:
        raise base.ValidationError(f"{where}: " + "; ".join(problems))
    return entry


class _CustomPatterns(c.ListOfItems[CustomPatternConfig]):
    """`custom_patterns`: a list of {name, pattern, description, action}; every entry is
    checked (RE2 syntax, length, kebab-case unique names) and every problem reported."""

    def __init__(self) -> None:
        super().__init__(c.SubConfig(CustomPatternConfig), default=[])

    def run_validation(self, value: object) -> list[CustomPatternConfig]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise base.ValidationError(
                "expected a list of entries with 'name', 'pattern', 'description' and "
                f"'action', found a {type(value).__name__}"
            )
        config = getattr(self, "_config", None)
        config_file = getattr(config, "config_file_path", None)
        entries: list[CustomPatternConfig] = []
        problems: list[str] = []
        first_use: dict[str, int] = {}
        for index, item in enumerate(value):
            try:
                entry = _custom_pattern(index, item, config_file)
            except base.ValidationError as exc:
                problems.append(str(exc))
                continue
            if entry.name in first_use:
                problems.append(
                    f"custom_patterns[{index}] ({entry.name!r}): name already used by "
                    f"custom_patterns[{first_use[entry.name]}]"
                )
            first_use.setdefault(entry.name, index)
            entries.append(entry)
        if problems:
            raise base.ValidationError("; ".join(problems))
        return entries


class _Blackouts(base.BaseConfigOption[list[Blackout]]):
    """``blackouts``: major-event windows (MIIT Art. 9(6)), ``[{from, to, name}]``."""

    def __init__(self) -> None:
        super().__init__()
        self.default: list[Any] = []

    def run_validation(self, value: object) -> list[Blackout]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise base.ValidationError(f"expected a list of {{from, to, name}}, found {value!r}")
        out = []
        for index, entry in enumerate(value):
            where = f"blackouts[{index}]"
            if not isinstance(entry, dict) or set(entry) - {"from", "to", "name"}:
                raise base.ValidationError(
                    f"{where}: expected a mapping with keys from, to and name, found {entry!r}"
                )
            missing = [k for k in ("from", "to", "name") if not entry.get(k)]
            if missing:
                raise base.ValidationError(f"{where}: missing {', '.join(missing)}")
            try:
                start, end = (parse_date_in_range(entry[k]) for k in ("from", "to"))
            except ValueError as exc:
                raise base.ValidationError(
                    t(f"{where}: {exc}", f"{where}：{zh(exc.args[0])}")
                ) from None
            blackout = Blackout(str(entry["name"]), start.isoformat(), end.isoformat())
            first, last = blackout.window(dt.UTC)
            if last <= first:
                raise base.ValidationError(
                    f"{where} ({entry['name']!r}): `to` ({end}) is not after `from` ({start})"
                )
            out.append(blackout)
        return out


class _ReportFiles(base.BaseConfigOption[list[str]]):
    """``report``: one file or a list; each file's format follows its extension."""

    def __init__(self) -> None:
        super().__init__()
        self.default: list[Any] = []

    def run_validation(self, value: object) -> list[str]:
        if value is None:
            return []
        files = [value] if isinstance(value, str) else value
        if not isinstance(files, list) or not all(isinstance(f, str) and f for f in files):
            raise base.ValidationError(
                f"expected a file name or a list of file names, found {value!r}"
            )
        for name in files:
            if format_for_file(name) is None:
                known = ", ".join(f"{ext} ({kind})" for ext, kind in REPORT_EXTENSIONS.items())
                raise base.ValidationError(
                    f"cannot tell the format of {name!r} from its extension. Expected one of: "
                    f"{known}"
                )
        return list(files)


class ThreatpubConfig(base.Config):  # type: ignore[no-untyped-call]  # see above
    """Options of the `threatpub` plugin; see the README's configuration section."""

    enabled = c.Type(bool, default=True)
    profiles = _Profiles()
    jurisdiction = c.ListOfItems(_Country(), default=["CN"])
    timezone = _Timezone(default="Asia/Shanghai")
    include = _Include()
    scan_all_pages = c.Type(bool, default=True)
    on_hold = c.Choice(("hold", "fail"), default="hold")
    rules = _RuleOverrides()
    takedowns = c.Optional(c.Type(str))
    ledger = c.Optional(c.Type(str))
    report = _ReportFiles()
    github_annotations = c.Choice(("auto", "true", "false"), default="auto")
    baseline = c.Optional(c.Type(str))
    serve_banner = c.Type(bool, default=True)
    language = c.Choice(("en", "zh"), default="en")
    meta_key = _MetaKey()
    custom_patterns = _CustomPatterns()
    blackouts = _Blackouts()
    # Docs-relative folder for the generated rules reference (one page per rule).
    rules_reference = _DocsFolder()
    # The judging cache across builds (pipeline/cache.py); false turns it off.
    cache_dir = _CacheDir()

    def validate(self) -> tuple[base.ConfigErrors, base.ConfigWarnings]:
        """Validate as MkDocs does, but an unknown option is an error, not a warning.

        MkDocs only warns about unrecognised plugin options (``Config._validate``), so a
        misspelt ``on_hold`` or ``rules`` would silently judge with the defaults and a plain
        ``mkdocs build`` would pass. A bad option fails the build, naming it. Errors written
        in both languages are shown in the site's ``language``.
        """
        failed, warnings = super().validate()
        known = {
            name
            for klass in type(self).__mro__
            for name, value in vars(klass).items()
            if isinstance(value, base.BaseConfigOption)
        }
        unknown = sorted(str(key) for key in self.keys() if key not in known)
        for key in unknown:
            close = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            message = f"unknown option '{key}'.{hint} Known: {', '.join(sorted(known))}."
            failed.append((key, base.ValidationError(message)))
        language = self.get("language")
        language = language if language in LANGUAGES else "en"
        failed = [(key, _localized(error, language)) for key, error in failed]
        return failed, [(key, text) for key, text in warnings if key not in unknown]


def _localized(error: Exception, language: str) -> Exception:
    message = error.args[0] if len(error.args) == 1 else None
    if isinstance(message, Text):
        return base.ValidationError(localize(message, language))
    return error


def options_from(config: ThreatpubConfig) -> Options:
    """The validated options as the pipeline takes them (no MkDocs object)."""
    return Options(
        settings=settings_from(config),
        enabled=config.enabled,
        report=tuple(config.report),
        ledger=config.ledger,
        takedowns=config.takedowns,
        baseline=config.baseline,
        rules_reference=config.rules_reference,
        serve_banner=config.serve_banner,
        github_annotations=config.github_annotations,
        cache_dir=config.cache_dir,
    )


def settings_from(options: ThreatpubConfig) -> Settings:
    return Settings(
        profiles=tuple(options.profiles),
        jurisdiction=tuple(options.jurisdiction),
        timezone=options.timezone,
        include=tuple(options.include),
        scan_all_pages=options.scan_all_pages,
        on_hold=options.on_hold,
        rules=dict(options.rules),
        meta_key=options.meta_key,
        language=options.language,
        custom_patterns=tuple(
            CustomPattern(e.name, e.pattern, e.description or "", e.action)
            for e in options.custom_patterns
        ),
        blackouts=tuple(options.blackouts),
    )
