"""When held pages become publishable: the coming releases, read from the judgements.

Nothing is decided here. The judge gives each finding its action and, for a hold that lifts
by itself (a scheduled page, a 30-day clock, a blackout), the finding's ``release_after``: a
calendar day in the site's ``timezone`` (``Context.day``), from which that hold no longer
applies. A page *becomes publishable* on a day when every finding that keeps it out (action
``hold`` or ``fail``) has such a day: the latest of them, which is the judgement's own
``release_after``. A page with one hold that waits on a person (a missing record, content to
remove) does not become publishable by itself, whatever its dated holds say.

Used by the status page and the HTML report (:mod:`.status_html`) and by
``threatpub next-release``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from mkdocs_threatpub.core.engine import JudgedFinding, Judgement
from mkdocs_threatpub.core.findings import Action, Verdict

__all__ = ["Lift", "holding", "lifts", "next_release", "publishable_from", "waiting_on"]

_KEEPS_OUT = (Action.HOLD, Action.FAIL)


def holding(judgement: Judgement) -> list[JudgedFinding]:
    """The findings that keep the page out (action ``hold`` or ``fail``)."""
    return [f for f in judgement.findings if f.action in _KEEPS_OUT]


def publishable_from(judgement: Judgement) -> dt.date | None:
    """The day (site timezone) from which every hold on the page has lifted by itself, or
    ``None``: the page is published or removed, or one of its holds carries no date."""
    if judgement.verdict not in (Verdict.HOLD, Verdict.FAIL) or judgement.release_after is None:
        return None
    if any(f.finding.release_after is None for f in holding(judgement)):
        return None
    return judgement.release_after


def waiting_on(judgement: Judgement) -> list[str]:
    """The codes of the holds that carry no date (they lift only when someone acts)."""
    if judgement.verdict is Verdict.REMOVED:
        return []
    return sorted({f.code for f in holding(judgement) if f.finding.release_after is None})


def next_release(judgements: Iterable[Judgement]) -> dt.date | None:
    """The earliest day on which a held page becomes publishable, or ``None``."""
    days = [day for j in judgements if (day := publishable_from(j)) is not None]
    return min(days, default=None)


@dataclass(frozen=True)
class Lift:
    """On ``day``, the page's holds of ``codes`` lift; ``publishes`` when they are its last
    ones (the page becomes publishable that day), else ``remaining`` are the codes that still
    hold it after that day (dated later, or waiting on a person)."""

    day: dt.date
    judgement: Judgement
    codes: tuple[str, ...]
    publishes: bool
    remaining: tuple[str, ...]

    @property
    def path(self) -> str:
        return self.judgement.path


def lifts(judgements: Iterable[Judgement]) -> list[Lift]:
    """Every dated hold of every page kept out (not removed), by day then page."""
    out: list[Lift] = []
    for judgement in judgements:
        if judgement.verdict not in (Verdict.HOLD, Verdict.FAIL):
            continue
        held = holding(judgement)
        days = sorted({d for f in held if (d := f.finding.release_after) is not None})
        final = publishable_from(judgement)
        for day in days:
            codes = sorted({f.code for f in held if f.finding.release_after == day})
            after = sorted(
                {
                    f.code
                    for f in held
                    if f.finding.release_after is None or f.finding.release_after > day
                }
            )
            out.append(Lift(day, judgement, tuple(codes), day == final, tuple(after)))
    out.sort(key=lambda lift: (lift.day, lift.path))
    return out
