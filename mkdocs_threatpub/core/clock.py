"""Time: what "now" is, and day arithmetic in the site's timezone.

Rules never read the clock. The adapters resolve ``now`` once per build (build time,
``SOURCE_DATE_EPOCH`` for reproducible builds, or ``--now``) and pass it in.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from collections.abc import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs_threatpub.core.i18n import Text, t, zh

__all__ = [
    "DATE_YEARS",
    "EARLIEST_NOW",
    "LATEST_NOW",
    "InvalidValue",
    "NowError",
    "TimeValue",
    "check_now",
    "load_timezone",
    "local_date",
    "parse_date_in_range",
    "parse_timestamp",
    "resolve_now",
    "start_of_day",
    "to_moment",
]

TimeValue = dt.date | dt.datetime
"""A front-matter time: a calendar date (start of that day, site time) or a datetime."""


class InvalidValue(ValueError):
    """A value that is not what was expected; every part in English and Chinese.

    Raised by :func:`parse_timestamp` and the schema's validators; pydantic keeps the
    exception, so META003 shows ``expected``, ``found`` and, when given, ``problem`` (what
    is wrong, in its message) and ``fix``, in the site's language.
    """

    def __init__(
        self,
        expected: Text,
        found: Text,
        fix: Text | None = None,
        problem: Text | None = None,
    ) -> None:
        super().__init__(
            t(f"expected {expected}, found {found}", f"应为：{zh(expected)}；实际为：{zh(found)}")
        )
        self.expected = expected
        self.found = found
        self.fix = fix
        self.problem = problem  # what is wrong, when "an invalid value" says too little

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.expected, self.found, self.fix, self.problem))


class NowError(ValueError):
    """``--now`` or ``SOURCE_DATE_EPOCH`` cannot be the build's "now" (a configuration
    error). ``message`` names the source, what a valid value looks like and the fix."""

    def __init__(self, message: Text) -> None:
        super().__init__(message)
        self.message = message


# The moments a build may be judged at: from the Unix epoch to the last second an unsigned
# 32-bit timestamp holds (2106-02-07T06:28:15Z). `mkdocs build` writes the build date into
# the gzip header of sitemap.xml.gz, which holds no later second (a later or negative
# SOURCE_DATE_EPOCH crashes MkDocs after the pages are judged), and `--now` judges as a
# build at that moment would. Front-matter dates end in 2199, so the rules' day arithmetic
# ("now" + 30 days, a blackout's last day + 1) stays far from datetime's limit (9999).
EARLIEST_NOW = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LATEST_NOW = dt.datetime.fromtimestamp(2**32 - 1, tz=dt.UTC)


def load_timezone(name: str) -> ZoneInfo:
    """Return the IANA timezone ``name``; raise ``ValueError`` naming it if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown IANA timezone {name!r} (e.g. 'Asia/Shanghai', 'UTC')") from exc


# What an author is told a date looks like, and how to write one.
ISO_EXPECTED = t(
    "an ISO 8601 date such as 2026-11-20, or a date and time with offset such as "
    "2026-11-20T09:00+08:00",
    "ISO 8601 格式的日期（如 2026-11-20），或带时区偏移的日期时间（如 2026-11-20T09:00+08:00）",
)
ISO_FIX = t(
    "write the date as YYYY-MM-DD (2026-11-20), or the date and time as "
    "YYYY-MM-DDTHH:MM±HH:MM (2026-11-20T09:00+08:00)",
    "日期写成 YYYY-MM-DD（如 2026-11-20），日期时间写成 YYYY-MM-DDTHH:MM±HH:MM"
    "（如 2026-11-20T09:00+08:00）",
)

# The parts of an ISO 8601 date or datetime, to say which one is out of range.
_PARTS = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)?)?"
)


def parse_timestamp(value: object) -> TimeValue:
    """Parse a YAML date/datetime or an ISO 8601 string; never guess.

    Strings like ``"next tuesday"`` raise :class:`InvalidValue`: a wrong date is worse than
    none. The error says which part is out of range (month 13, 30 February, hour 25, offset
    +25:00) in the project's own words.
    """
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            if len(text) > 10 and text[10] in "Tt ":
                return dt.datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            pass
    raise InvalidValue(ISO_EXPECTED, _describe(value), ISO_FIX)


# Dates in front matter and in the configuration: far outside this range a date is a typo,
# and day arithmetic on it (adding 30 days, changing timezone) could overflow inside a rule.
DATE_YEARS = range(1970, 2200)


def parse_date_in_range(value: object) -> TimeValue:
    """:func:`parse_timestamp`, and the year within :data:`DATE_YEARS`."""
    parsed = parse_timestamp(value)
    if parsed.year not in DATE_YEARS:
        first, last, shown = DATE_YEARS.start, DATE_YEARS.stop - 1, parsed.isoformat()
        raise InvalidValue(
            t(
                f"{ISO_EXPECTED}, between {first} and {last}",
                f"{zh(ISO_EXPECTED)}，在 {first} 年至 {last} 年之间",
            ),
            t(f"{shown}, in the year {parsed.year}", f"{shown}，在 {parsed.year} 年"),
            t("correct the year", "更正年份"),
        )
    return parsed


def _describe(value: object) -> Text:
    """What was found instead of a date: which part is out of range, or the value."""
    if isinstance(value, str):
        shown = repr(value.strip()[:40])
        why = _out_of_range(value.strip())
        if why is not None:
            return t(f"{shown}: {why}", f"{shown}：{zh(why)}")
        return t(f"the text {shown}, which is not in that form", f"文本 {shown}，不符合该格式")
    if isinstance(value, bool) or value is None:
        return t(f"the value {value!r}", f"值 {value!r}")
    if isinstance(value, int | float):
        return t(f"the number {value!r}", f"数字 {value!r}")
    name = type(value).__name__
    names_zh = {"dict": "一个映射", "list": "一个列表"}
    return t(f"a {name}", names_zh.get(name, f"{name} 类型的值"))


def _out_of_range(text: str) -> Text | None:
    """Which part of a date or datetime shaped ``text`` does not exist, if one does not."""
    match = _PARTS.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, sign, off_hours, off_minutes = match.groups()
    if not 1 <= int(month) <= 12:
        return t(
            f"month {month} does not exist (months run from 01 to 12)",
            f"不存在 {month} 月（月份为 01 至 12）",
        )
    days = calendar.monthrange(int(year), int(month))[1]
    if not 1 <= int(day) <= days:
        return t(
            f"{year}-{month} has {days} days, so day {day} does not exist",
            f"{year}-{month} 只有 {days} 天，不存在 {day} 日",
        )
    for part, name, name_zh, top in (
        (hour, "hour", "小时", 23),
        (minute, "minute", "分钟", 59),
        (second, "second", "秒", 59),
    ):
        if part is not None and int(part) > top:
            return t(
                f"{name} {part} does not exist ({name}s run from 00 to {top})",
                f"{name_zh}数 {part} 不存在（{name_zh}为 00 至 {top}）",
            )
    if sign is not None and (int(off_hours) > 23 or int(off_minutes or 0) > 59):
        offset = f"{sign}{off_hours}:{off_minutes or '00'}"
        return t(
            f"the offset {offset} is out of range (offsets run from -23:59 to +23:59; "
            "China is +08:00)",
            f"时区偏移 {offset} 超出范围（偏移为 -23:59 至 +23:59；中国为 +08:00）",
        )
    return None


def to_moment(value: TimeValue, tz: dt.tzinfo) -> dt.datetime:
    """An aware datetime: a date is the start of that day in ``tz``; naive times are in ``tz``."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=tz)
    return start_of_day(value, tz)


def start_of_day(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """Midnight at the start of ``day`` in ``tz``."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=tz)


def local_date(value: TimeValue, tz: dt.tzinfo) -> dt.date:
    """The calendar date of ``value`` in ``tz``."""
    if isinstance(value, dt.datetime):
        return to_moment(value, tz).astimezone(tz).date()
    return value


def resolve_now(
    explicit: str | None = None,
    environ: Mapping[str, str] | None = None,
    tz: dt.tzinfo = dt.UTC,
) -> dt.datetime:
    """The build's "now": ``--now`` if given, else ``SOURCE_DATE_EPOCH``, else the clock.

    Raises :class:`NowError` for a value that is not a moment between
    :data:`EARLIEST_NOW` and :data:`LATEST_NOW`, naming ``--now`` or ``SOURCE_DATE_EPOCH``.
    A ``SOURCE_DATE_EPOCH`` that is set but empty is refused too: MkDocs reads it as well
    and crashes on it after the pages are judged.
    """
    env = os.environ if environ is None else environ
    if explicit is not None:
        return _explicit_now(explicit, tz)
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        return _epoch_now(epoch)
    return dt.datetime.now(tz=dt.UTC)


_EPOCH_EXPECTED = t(
    f"whole seconds since 1970-01-01 00:00 UTC, from 0 to {2**32 - 1} "
    f"({LATEST_NOW:%Y-%m-%d %H:%M:%S} UTC), such as 1795399200",
    f"自 1970-01-01 00:00 UTC 起的整秒数，取值 0 至 {2**32 - 1}"
    f"（{LATEST_NOW:%Y-%m-%d %H:%M:%S} UTC），如 1795399200",
)
_EPOCH_FIX = t(
    "set SOURCE_DATE_EPOCH to such a number (`date +%s` prints the current one), or unset it "
    "to judge as of the clock",
    "将 SOURCE_DATE_EPOCH 设为这样的数字（`date +%s` 可输出当前值），或删除该变量以按当前时间审查",
)


def _now_error(source: str, expected: Text, found: Text, fix: Text) -> NowError:
    return NowError(
        t(
            f"{source}: expected {expected}; found {found}. Fix: {fix}",
            f"{source}：应为：{zh(expected)}；实际为：{zh(found)}。修改方法：{zh(fix)}",
        )
    )


def _epoch_now(epoch: str) -> dt.datetime:
    text = epoch.strip()
    if not text:
        found = t("an empty value", "空值")
    elif re.fullmatch(r"-[0-9]{1,20}", text):
        first = f"{EARLIEST_NOW:%Y-%m-%d}"
        found = t(f"{text}, which is before {first}", f"{text}，早于 {first}")
    elif not re.fullmatch(r"[0-9]{1,20}", text):
        found = t(repr(text[:20]), f"文本 {text[:20]!r}")
    elif int(text) > 2**32 - 1:
        last = f"{LATEST_NOW:%Y-%m-%d}"
        found = t(f"{text}, which is after {last}", f"{text}，晚于 {last}")
    else:
        return dt.datetime.fromtimestamp(int(text), tz=dt.UTC)
    raise _now_error("SOURCE_DATE_EPOCH", _EPOCH_EXPECTED, found, _EPOCH_FIX)


def _explicit_now(explicit: str, tz: dt.tzinfo) -> dt.datetime:
    first, last = f"{EARLIEST_NOW:%Y-%m-%dT%H:%M:%SZ}", f"{LATEST_NOW:%Y-%m-%dT%H:%M:%SZ}"
    expected = t(
        f"{ISO_EXPECTED}, between {first} and {last}",
        f"{zh(ISO_EXPECTED)}，介于 {first} 与 {last} 之间",
    )
    fix = t(
        "give --now such a moment, e.g. --now 2026-11-20T09:00+08:00",
        "将 --now 设为这样的时刻，如 --now 2026-11-20T09:00+08:00",
    )
    try:
        moment = to_moment(parse_timestamp(explicit), tz)
    except InvalidValue as exc:
        raise _now_error("--now", expected, exc.found, fix) from None
    if EARLIEST_NOW <= moment <= LATEST_NOW:
        return moment
    shown = moment.isoformat()
    raise _now_error(
        "--now", expected, t(f"{shown}, outside that range", f"{shown}，超出该范围"), fix
    )


def check_now(now: dt.datetime) -> None:
    """Raise ``ValueError`` unless ``now`` is aware and within the range a build may use."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if not EARLIEST_NOW <= now <= LATEST_NOW:
        raise ValueError(
            f"now must be between {EARLIEST_NOW.isoformat()} and {LATEST_NOW.isoformat()}, "
            f"found {now.isoformat()}"
        )
