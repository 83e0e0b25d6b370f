"""The takedowns file (SPEC §6, Article 9): pages to remove from the site.

It is validated like front matter: every problem names the file, the line, the key path,
what was expected and what was found. A file that cannot be used stops the build (the
plugin raises ``PluginError``; the CLI exits 2): a takedown that is silently ignored would
republish a page a regulator asked to remove.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from mkdocs_threatpub.core.frontmatter import (
    FrontMatterError,
    KeyPath,
    _Loader,
    _map_lines,
)
from mkdocs_threatpub.core.page import format_key

__all__ = [
    "AUTHORITY_NAMES_ZH",
    "BOTH_AUTHORITIES",
    "Takedown",
    "TakedownError",
    "TakedownReport",
    "load_takedowns",
    "parse_takedowns",
]

if TYPE_CHECKING:
    from pydantic import ValidationError

    from mkdocs_threatpub.core._takedown_models import TakedownReport


def __getattr__(name: str) -> Any:
    # The pydantic model, built on first use (PEP 562): most runs read no takedowns file.
    if name == "TakedownReport":
        from mkdocs_threatpub.core._takedown_models import TakedownReport

        return TakedownReport
    raise AttributeError(name)


# Article 9: the removal is reported to the CAC and to public security.
BOTH_AUTHORITIES = ("cac", "public-security")
AUTHORITY_NAMES_ZH = {"cac": "网信部门", "public-security": "公安机关"}


@dataclass(frozen=True)
class Takedown:
    """A validated entry; ``line`` is where it starts in the takedowns file."""

    page: str
    received: dt.datetime | dt.date
    source: str | None
    reason: str
    reported: tuple[TakedownReport, ...]
    line: int

    @property
    def missing_reports(self) -> list[str]:
        """Authorities of Article 9 that have no ``reported`` record yet."""
        done = {r.authority for r in self.reported}
        return [a for a in BOTH_AUTHORITIES if a not in done]


class TakedownError(ValueError):
    """The takedowns file cannot be used; ``problems`` are ``file:line: key: …`` lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load_takedowns(path: Path, pages: Collection[str] | None = None) -> list[Takedown]:
    """Read and validate ``path``; with ``pages`` (docs-relative), check every page exists."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TakedownError(
            [f"{path}: takedowns file not found (the `takedowns` option names it)"]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TakedownError([f"{path}: cannot read the takedowns file: {exc}"]) from None
    return parse_takedowns(text, str(path), pages)


def parse_takedowns(text: str, name: str, pages: Collection[str] | None = None) -> list[Takedown]:
    """Validate the text of a takedowns file; raise :class:`TakedownError` with every problem."""
    from pydantic import ValidationError

    from mkdocs_threatpub.core import _takedown_models as models

    data, lines = _load_yaml(text, name)
    if data is None:
        return []
    if not isinstance(data, list):
        raise TakedownError(
            [
                f"{name}:1: expected a list of takedown entries (`- page: …`), "
                f"found a YAML {type(data).__name__}"
            ]
        )
    problems: list[str] = []
    entries: list[Takedown] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(data):
        line = lines.get((index,), 1)
        if not isinstance(raw, dict):
            problems.append(
                f"{name}:{line}: [{index}]: expected a mapping with page, received, source, "
                f"reason, reported; found a {type(raw).__name__}"
            )
            continue
        page_problem = None
        raw_page = raw.get("page")
        page = raw_page.strip().lstrip("/").replace("\\", "/") if isinstance(raw_page, str) else ""
        if page and page in seen:
            page_problem = (
                f"{name}:{line}: [{index}].page: '{page}' is already listed on line "
                f"{seen[page]}; expected each page once"
            )
        elif page and pages is not None and page not in pages:
            close = difflib.get_close_matches(page, sorted(pages), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "check the path"
            page_problem = (
                f"{name}:{lines.get((index, 'page'), line)}: [{index}].page: no page "
                f"'{page}' in docs_dir ({hint}); expected a docs-relative path of an "
                "existing page"
            )
        if page:
            seen.setdefault(page, line)
        if page_problem:
            problems.append(page_problem)
        try:
            entry = models._Entry.model_validate(raw)
        except ValidationError as exc:
            problems.extend(_problems(name, index, exc, lines))
            continue
        if page_problem:
            continue
        entries.append(
            Takedown(
                page=page,
                received=entry.received,
                source=entry.source,
                reason=entry.reason,
                reported=tuple(entry.reported),
                line=line,
            )
        )
    if problems:
        raise TakedownError(problems)
    return entries


def _load_yaml(text: str, name: str) -> tuple[Any, dict[KeyPath, int]]:
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}
            lines, _duplicates = _map_lines(node, first_line=1)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = 1 + (mark.line if mark else 0)
        problem = exc.problem or "invalid YAML"
        raise TakedownError([f"{name}:{line}: YAML error: {problem}"]) from None
    except FrontMatterError as exc:
        raise TakedownError([f"{name}:{exc.line}: {exc.message}"]) from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as exc:
        raise TakedownError([f"{name}:1: YAML error: {type(exc).__name__}"]) from None
    return data, lines


def _problems(
    name: str, index: int, exc: ValidationError, lines: Mapping[KeyPath, int]
) -> list[str]:
    from mkdocs_threatpub.core import _takedown_models as models

    out = []
    for error in exc.errors(include_url=False):
        loc: KeyPath = (
            index,
            *(p for p in error["loc"] if isinstance(p, int) or "[" not in str(p)),
        )
        probe = loc
        line = 1
        while probe:
            if probe in lines:
                line = lines[probe]
                break
            probe = probe[:-1]
        key = format_key(loc)
        value = error.get("input")
        if error["type"] == "missing":
            expected, found = "this key (required)", "nothing"
        elif error["type"] == "extra_forbidden":
            known = sorted(
                models.TakedownReport.model_fields
                if "reported" in loc
                else models._Entry.model_fields
            )
            close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            expected, found = f"one of: {', '.join(known)}", f"unknown key{hint}"
        else:
            expected = str(error["msg"]).removeprefix("Value error, ")
            found = repr(value) if not isinstance(value, dict | list) else type(value).__name__
            if expected.startswith("expected ") and ", found " in expected:
                expected, found = expected.removeprefix("expected ").split(", found ", 1)
            expected = expected.removeprefix("Input should be ")
        out.append(f"{name}:{line}: {key}: expected {expected}; found {found}")
    return out
