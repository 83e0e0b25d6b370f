"""Site-defined patterns (option ``custom_patterns``) as detectors for CAC407."""

from __future__ import annotations

from mkdocs_threatpub.core.context import Settings
from mkdocs_threatpub.scanners.base import Detector

__all__ = ["custom_detectors"]


def custom_detectors(settings: Settings) -> tuple[Detector, ...]:
    """Detectors for the site's ``custom_patterns`` (none until configured)."""
    return ()
