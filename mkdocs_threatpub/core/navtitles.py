"""Titles that an explicit ``nav:`` gives pages (``- "Title": path.md``)."""

from __future__ import annotations

from typing import Any

__all__ = ["nav_titles"]


def nav_titles(nav: Any) -> dict[str, str]:
    """Map docs-relative paths to the titles ``nav`` gives them (MkDocs' nav syntax)."""
    titles: dict[str, str] = {}
    stack = [nav]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    if isinstance(title, str):
                        titles[value.lstrip("/")] = title
                else:
                    stack.append(value)
    return titles
