"""Which filed notifications satisfy a reporting duty (SPEC §2, RULES.md cac-2019).

A notification counts only for its own authority, at or above the required level, in a
region that contains the one concerned (national ones cover everywhere), for the sector
concerned, and dated on or before the moment the page goes public.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.i18n import Text, t, zh
from mkdocs_threatpub.core.page import Page
from mkdocs_threatpub.core.regions import LEVEL_NAMES_ZH, covers, level_of, level_rank

if TYPE_CHECKING:
    from mkdocs_threatpub.core.schema import Notification

__all__ = ["Duty", "counting", "why_not"]


@dataclass(frozen=True)
class Duty:
    """One report the page needs: to ``authority``, at ``min_level`` or higher, for
    ``region`` and/or ``sector`` when given."""

    authority: str
    min_level: str = "county"
    region: str | None = None
    sector: str | None = None

    def lowest_level(self) -> str:
        """The lowest level that can satisfy the duty.

        Only a bureau at the region's own level or higher contains it: a whole province
        (110000) needs a provincial one, whatever the rule's minimum.
        """
        level = self.min_level
        if self.region:
            named = level_of(self.region)
            if level_rank(named) > level_rank(level):
                level = named
        return level

    def entry(self, day: str) -> str:
        """An example notification that satisfies the duty, as one flow-style list item."""
        level = self.lowest_level()
        if level == "county":
            # Sector regulators are usually ministries; other duties name their level.
            level = "national" if self.sector else "prefecture"
        parts = [f"authority: {self.authority}", f"level: {level}"]
        if self.region and level != "national":
            parts.append(f'region: "{_at_level(self.region, level)}"')
        if self.sector:
            parts.append(f"sector: {self.sector}")
        parts += [f"date: {day}", 'reference: "…"']
        return "- {" + ", ".join(parts) + "}"


def _at_level(region: str, level: str) -> str:
    if level == "provincial":
        return region[:2] + "0000"
    if level == "prefecture" and region[2:4] != "00":
        return region[:4] + "00"
    return region


def _listed(page: Page) -> Iterator[tuple[int, Notification]]:
    if page.meta is not None:
        yield from enumerate(page.meta.notifications)


def why_not(note: Notification, duty: Duty, page: Page, context: Context) -> Text | None:
    """Why ``note`` does not satisfy ``duty`` (``None`` when it does)."""
    if note.authority != duty.authority:
        return t("another authority", "报告对象是其他部门")
    if note.date is None:
        return t("no date", "没有日期")
    if context.moment(note.date) > context.goes_public(page):
        day = context.day(note.date)
        return t(f"dated {day}, after the page goes public", f"日期为 {day}，晚于页面公开时间")
    level = note.level or "county"
    if note.level is None and duty.min_level != "county":
        return t("no level", "没有级别")
    if level_rank(level) < level_rank(duty.min_level):
        return t(
            f"level {level} is below {duty.min_level}",
            f"级别 {level}（{LEVEL_NAMES_ZH[level]}）低于 {duty.min_level}"
            f"（{LEVEL_NAMES_ZH[duty.min_level]}）",
        )
    if duty.region and level != "national":
        if not note.region:
            return t("no region", "没有地区代码")
        if not covers(note.region, duty.region):
            return t(
                f"region {note.region} does not contain {duty.region}",
                f"地区 {note.region} 不包含 {duty.region}",
            )
    if duty.sector and note.sector != duty.sector:
        return t(
            f"sector {note.sector or '(none)'} is not {duty.sector}",
            f"行业 {note.sector or '（无）'} 不是 {duty.sector}",
        )
    return None


def counting(page: Page, context: Context, duty: Duty) -> tuple[list[int], list[Text]]:
    """Indices of notifications that satisfy ``duty``, and why the near misses do not.

    Near misses are notifications to the right authority that fail another condition;
    naming them tells the author exactly what to correct.
    """
    good: list[int] = []
    misses: list[Text] = []
    for index, note in _listed(page):
        reason = why_not(note, duty, page, context)
        if reason is None:
            good.append(index)
        elif note.authority == duty.authority:
            key = page.key("notifications", index)
            misses.append(t(f"{key}: {reason}", f"{key}：{zh(reason)}"))
    return good, misses
