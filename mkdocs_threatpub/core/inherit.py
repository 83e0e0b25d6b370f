"""MkDocs' ``INHERIT`` merge, for readers of ``mkdocs.yml`` that do not load MkDocs.

A child config's mappings are merged into the parent's key by key, recursively; any other
value (a list, a scalar) replaces the parent's. Shared by ``site.py`` (the CLI reading
options) and ``stage.py`` (writing the staged config).
"""

from __future__ import annotations

from typing import Any

__all__ = ["merge_inherited"]


def merge_inherited(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_inherited(out[key], value)
        else:
            out[key] = value
    return out
