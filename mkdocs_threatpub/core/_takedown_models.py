"""The takedowns file's pydantic models (:mod:`core.takedowns`), imported when a takedowns
file is read: building them (and pydantic) is most of a one-page run's start-up."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mkdocs_threatpub.core.schema import Authority, Level, Text, Timestamp

__all__ = ["TakedownReport"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class TakedownReport(_Model):
    """One report of the takedown to an authority."""

    authority: Authority
    level: Level | None = None
    date: Timestamp | None = None
    reference: Text | None = None


class _Entry(_Model):
    page: str = Field(min_length=1)
    received: Timestamp
    source: Literal["regulator", "user", "self"] | None = None
    reason: Text = Field(min_length=1)
    reported: list[TakedownReport] = Field(default_factory=list)
