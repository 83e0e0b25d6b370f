"""Time: what "now" is, and day arithmetic in the site's timezone.

Rules never read the clock. The adapters resolve ``now`` once per build (build time,
``SOURCE_DATE_EPOCH`` for reproducible builds, or ``--now``) and pass it in.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mkdocs_threatpub.core.i18n import Text, t, zh

__all__ = [
    "InvalidValue",
    "TimeValue",
    "load_timezone",
    "local_date",
    "parse_timestamp",
    "resolve_now",
    "start_of_day",
    "to_moment",
]

TimeValue = dt.date | dt.datetime
"""A front-matter time: a calendar date (start of that day, site time) or a datetime."""


class InvalidValue(ValueError):
    """A value that is not what was expected; both parts in English and Chinese.

    Raised by :func:`parse_timestamp` and the schema's validators; pydantic keeps the
    exception, so META003 shows ``expected`` and ``found`` in the site's language.
    """

    def __init__(self, expected: Text, found: Text) -> None:
        super().__init__(
            t(f"expected {expected}, found {found}", f"应为：{zh(expected)}；实际为：{zh(found)}")
        )
        self.expected = expected
        self.found = found

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.expected, self.found))


def load_timezone(name: str) -> ZoneInfo:
    """Return the IANA timezone ``name``; raise ``ValueError`` naming it if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown IANA timezone {name!r} (e.g. 'Asia/Shanghai', 'UTC')") from exc


def parse_timestamp(value: object) -> TimeValue:
    """Parse a YAML date/datetime or an ISO 8601 string; never guess.

    Strings like ``"next tuesday"`` raise ``ValueError``: a wrong date is worse than none.
    """
    if isinstance(value, dt.datetime | dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        if len(text) > 10 and text[10] in "Tt ":
            return dt.datetime.fromisoformat(text.replace("z", "Z"))
    raise InvalidValue(
        t(
            "an ISO 8601 date (2026-11-20) or datetime (2026-11-20T09:00+08:00)",
            "ISO 8601 格式的日期（2026-11-20）或日期时间（2026-11-20T09:00+08:00）",
        ),
        _describe(value),
    )


def _describe(value: object) -> Text:
    if isinstance(value, str):
        return t(f"the text {value[:40]!r}", f"文本 {value[:40]!r}")
    name = type(value).__name__
    return t(f"a {name}", f"{name} 类型的值")


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
    """The build's "now": ``--now`` if given, else ``SOURCE_DATE_EPOCH``, else the clock."""
    env = os.environ if environ is None else environ
    if explicit:
        value = parse_timestamp(explicit)
        return to_moment(value, tz)
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError) as exc:
            raise ValueError(
                f"SOURCE_DATE_EPOCH must be whole seconds since 1970, found {epoch[:20]!r}"
            ) from exc
    return dt.datetime.now(tz=dt.UTC)
