"""Patterns compiled on first use.

The detectors hold a few hundred patterns; compiling them all at import took ~0.3 s of every
`mkdocs build` and `threatpub check`, although the keyword prefilter means most of them
never run on a given site. A :class:`LazyPattern` compiles when a method is first used and
then binds the compiled pattern's methods to itself, so later calls cost nothing extra.
"""

from __future__ import annotations

import re
from typing import Any, cast

import re2

__all__ = ["LazyPattern", "lazy_re", "lazy_re2"]

# What detectors call; bound onto the instance after compiling (no __getattr__ per call).
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    def __init__(self, compile_: Any, pattern: str, flags: int = 0) -> None:
        self._compile = compile_
        self.pattern = pattern
        self._flags = flags

    def _compiled(self) -> Any:
        compiled = (
            self._compile(self.pattern, self._flags) if self._flags else self._compile(self.pattern)
        )
        for name in _METHODS:
            if hasattr(compiled, name):
                setattr(self, name, getattr(compiled, name))
        self.__dict__["compiled"] = compiled
        return compiled

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not yet on the instance: the first use of a method.
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = self.__dict__.get("compiled") or self._compiled()
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


def lazy_re2(pattern: str) -> Any:
    """``re2.compile(pattern)``, on first use."""
    return LazyPattern(re2.compile, pattern)


def lazy_re(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, on first use (typed as the pattern it stands for)."""
    return cast("re.Pattern[str]", LazyPattern(re.compile, pattern, flags))
