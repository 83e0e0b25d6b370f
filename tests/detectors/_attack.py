"""Helpers for the CAC401/CAC402 detector tests: the same in-process scan, fence and timing
helpers as the CAC405/CAC407 tests use (one copy, in _network.py)."""

from __future__ import annotations

from tests.detectors._network import LONG, SPACES, fenced, scan, seconds

__all__ = ["LONG", "SPACES", "fenced", "scan", "seconds"]
