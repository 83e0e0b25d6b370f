"""Site settings and the per-build judging context (``now``, timezone, defaults)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import warnings
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pathspec

from mkdocs_threatpub.core.clock import (
    TimeValue,
    check_now,
    load_timezone,
    local_date,
    parse_timestamp,
    to_moment,
)
from mkdocs_threatpub.core.i18n import Text, t

if TYPE_CHECKING:
    from mkdocs_threatpub.core.page import Page

__all__ = ["Blackout", "Context", "CustomPattern", "Settings", "include_problem"]


def include_problem(pattern: str) -> Text | None:
    """Why ``pattern`` cannot be an ``include`` pattern (gitignore syntax, as MkDocs'
    ``exclude_docs``), or ``None``. A pattern that cannot be compiled would make every
    page fail with an internal error; one that matches nothing would silently include
    nothing. The reason is in the project's words, never the pattern library's."""
    text = pattern.strip()
    if not text:
        return t("empty, which matches nothing", "空的模式，不匹配任何文件")
    if text.startswith("#"):
        return t(
            "a comment in gitignore syntax, which matches nothing (write \\# to match a name "
            "that starts with #)",
            "在 gitignore 语法中是注释，不匹配任何文件（要匹配以 # 开头的名称，请写 \\#）",
        )
    if text == "!":
        return t(
            "a lone '!', which negates no pattern ('!' must be followed by the pattern it "
            "excludes, e.g. '!advisories/drafts/**')",
            "单独的 '!' 不否定任何模式（'!' 后面须跟要排除的模式，如 '!advisories/drafts/**'）",
        )
    if _compiles(pattern):
        return None
    if (len(text) - len(text.rstrip("\\"))) % 2:
        return t(
            "a pattern ending in a lone '\\', which escapes nothing",
            "模式以单个 '\\' 结尾，不转义任何字符",
        )
    if "[" in text:
        return t(
            "a pattern with a bracket expression that is not valid (a range such as [a-z] must "
            "run upwards, POSIX classes such as [[:alpha:]] are not supported; write \\[ for a "
            "literal bracket)",
            "模式中的方括号表达式无效（[a-z] 这样的范围须从小到大，不支持 [[:alpha:]] 这样的 "
            "POSIX 字符类；字面的方括号请写 \\[）",
        )
    return t("not a valid gitignore-style pattern", "不是有效的 gitignore 风格模式")


def _compiles(pattern: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # re's FutureWarning about "[[" sets
            pathspec.GitIgnoreSpec.from_lines([pattern]).match_file("advisories/index.md")
    except Exception:  # pathspec's own errors, and re's or re2's for the regex it makes
        return False
    return True


@dataclass(frozen=True)
class CustomPattern:
    """A site-defined Article 4(7) pattern (option ``custom_patterns``), already validated."""

    name: str  # kebab-case
    pattern: str  # RE2 syntax
    description: str = ""  # shown in findings instead of the match
    action: str = "hold"  # hold | warn


@dataclass(frozen=True)
class Blackout:
    """A major-event window (MIIT Art. 9(6), option ``blackouts``), already validated.

    ``start`` and ``end`` are ISO 8601 dates or datetimes; a date ``end`` covers that whole
    day (the window ends at the start of the next day, site timezone).
    """

    name: str
    start: str
    end: str

    def window(self, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
        """``[start, end)`` as aware moments in ``tz``."""
        start = to_moment(parse_timestamp(self.start), tz)
        end_value = parse_timestamp(self.end)
        end = to_moment(end_value, tz)
        if not isinstance(end_value, dt.datetime):
            end = to_moment(end_value + dt.timedelta(days=1), tz)
        return start, end


@dataclass(frozen=True)
class Settings:
    """The plugin options that shape judgement (SPEC §3), host-independent."""

    profiles: tuple[str, ...] = ("cac-2019",)
    jurisdiction: tuple[str, ...] = ("CN",)
    timezone: str = "Asia/Shanghai"
    include: tuple[str, ...] = ()
    scan_all_pages: bool = True
    on_hold: str = "hold"
    rules: Mapping[str, str] = field(default_factory=dict)
    meta_key: str = "threatpub"
    language: str = "en"
    custom_patterns: tuple[CustomPattern, ...] = ()
    blackouts: tuple[Blackout, ...] = ()

    @cached_property
    def include_spec(self) -> pathspec.GitIgnoreSpec:
        return pathspec.GitIgnoreSpec.from_lines(self.include)

    def is_included(self, path: str) -> bool:
        """Whether ``path`` (docs-relative, ``/``-separated) matches ``include``."""
        return bool(self.include) and self.include_spec.match_file(path)

    @cached_property
    def cache_key(self) -> str:
        """:meth:`fingerprint`, computed once."""
        return self.fingerprint()

    def fingerprint(self) -> str:
        """A stable hash of everything that changes a verdict (for caches)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["rules"] = dict(sorted(self.rules.items()))
        data["custom_patterns"] = [asdict(p) for p in self.custom_patterns]
        data["blackouts"] = [asdict(b) for b in self.blackouts]
        blob = json.dumps(data, sort_keys=True, default=list).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


@dataclass(frozen=True)
class Context:
    """What every rule may use besides the page: settings, ``now`` and the site timezone."""

    settings: Settings
    now: dt.datetime
    tz: ZoneInfo
    baseline: frozenset[tuple[str, str]] = frozenset()  # (page path, finding fingerprint)

    @classmethod
    def create(
        cls,
        settings: Settings,
        now: dt.datetime,
        baseline: frozenset[tuple[str, str]] = frozenset(),
    ) -> Context:
        check_now(now)  # aware, and where the rules' day arithmetic cannot overflow
        return cls(settings, now, load_timezone(settings.timezone), baseline)

    def moment(self, value: TimeValue) -> dt.datetime:
        """An aware moment; dates are the start of that day in the site timezone."""
        return to_moment(value, self.tz)

    def day(self, value: TimeValue) -> dt.date:
        """The calendar day of ``value`` in the site timezone."""
        return local_date(value, self.tz)

    def published(self, page: Page) -> dt.datetime:
        """The page's declared publication moment: ``published``, else ``date``, else now."""
        declared = page.declared_published
        return self.moment(declared) if declared is not None else self.now

    def goes_public(self, page: Page) -> dt.datetime:
        """The moment the page would go public if this build included it.

        A page goes public no earlier than the build that includes it (SPEC §2).
        """
        return max(self.published(page), self.now)

    def jurisdictions(self, page: Page) -> frozenset[str]:
        own = page.meta.jurisdiction if page.meta is not None else None
        return frozenset(own) if own else frozenset(self.settings.jurisdiction)
