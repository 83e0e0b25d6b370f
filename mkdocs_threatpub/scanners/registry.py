"""Every built-in detector, listed explicitly (each rule takes those with its code)."""

from __future__ import annotations

from mkdocs_threatpub.scanners.base import Detector
from mkdocs_threatpub.scanners.detectors import reverse_shell

__all__ = ["DETECTORS"]

DETECTORS: tuple[Detector, ...] = (
    reverse_shell.DETECTOR,
)
