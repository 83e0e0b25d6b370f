"""The page model: what the rules see of a Markdown source."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from pydantic import ValidationError

from mkdocs_threatpub.core.clock import TimeValue, parse_timestamp
from mkdocs_threatpub.core.findings import Finding
from mkdocs_threatpub.core.frontmatter import (
    FrontMatter,
    FrontMatterError,
    KeyPath,
    split_front_matter,
)
from mkdocs_threatpub.core.schema import ThreatpubMeta, model_at

__all__ = ["Heading", "Page", "format_key", "read_page"]


@dataclass(frozen=True)
class Heading:
    text: str
    line: int


def format_key(path: KeyPath) -> str:
    """``('threatpub', 'notifications', 0, 'date')`` → ``threatpub.notifications[0].date``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class Page:
    """A Markdown page as the rules see it.

    ``path`` is relative to ``docs_dir`` with ``/`` separators. ``issues`` are the problems
    found while reading it (META001–META003), turned into findings by those rules.
    ``meta`` is ``None`` when there is no valid ``threatpub:`` block.
    """

    path: str
    source: str
    sha256: str
    meta_key: str = "threatpub"
    front_matter: FrontMatter = field(default_factory=lambda: FrontMatter({}, {}))
    body: str = ""
    meta: ThreatpubMeta | None = None
    has_block: bool = False
    included: bool = False
    issues: list[Finding] = field(default_factory=list)
    nav_title: str | None = None
    # Derived data computed once per page (the scanned document), keyed by its producer.
    derived: dict[Hashable, Any] = field(default_factory=dict, repr=False)

    @property
    def is_threat_page(self) -> bool:
        """A threat-information page: it has a ``threatpub:`` block or matches ``include``."""
        return self.has_block or self.included

    def line_of(self, *path: str | int) -> int:
        """The line of the deepest key of ``path`` under the meta key that exists."""
        full: KeyPath = (self.meta_key, *path)
        while full:
            line = self.front_matter.lines.get(full)
            if line is not None:
                return line
            full = full[:-1]
        return 1

    def key(self, *path: str | int) -> str:
        return format_key((self.meta_key, *path))

    @property
    def slug(self) -> str:
        """The last part of the page's URL: front-matter ``slug`` (Material blog), else the
        file name without suffix (the folder's name for ``index.md`` / ``README.md``)."""
        value = self.front_matter.data.get("slug")
        if isinstance(value, str) and value.strip():
            return value.strip()
        parts = self.path.rsplit("/", 2)
        stem = parts[-1].rsplit(".", 1)[0]
        if stem.lower() in ("index", "readme") and len(parts) > 1:
            return parts[-2]
        return stem

    def body_line(self, offset: int) -> int:
        """File line number of the body's 0-based line ``offset``."""
        return offset + self.front_matter.body_start

    @property
    def title(self) -> str | None:
        value = self.front_matter.data.get("title")
        return value if isinstance(value, str) else None

    @property
    def declared_published(self) -> TimeValue | None:
        """``threatpub.published``, else MkDocs/Material ``date`` (never validated here)."""
        if self.meta is not None and self.meta.published is not None:
            return self.meta.published
        value = self.front_matter.data.get("date")
        if isinstance(value, dict):  # Material blog: date: {created: …}
            value = value.get("created")
        try:
            return parse_timestamp(value) if value is not None else None
        except ValueError:
            return None

    @cached_property
    def tokens(self) -> list[Any]:
        return _markdown_parser().parse(self.body)

    @cached_property
    def first_h1(self) -> Heading | None:
        """The first level-1 heading (ATX or setext), found by a linear line scan.

        Cheaper than a full Markdown parse, which most pages never need.
        """
        found = first_h1(self.body)
        if found is None:
            return None
        text, index = found
        return Heading(text, index + self.front_matter.body_start)


def first_h1(body: str) -> tuple[str, int] | None:
    """``(text, 0-based line)`` of the first H1 outside fenced code, or ``None``."""
    fence = ""
    previous = ""
    for index, raw in enumerate(body.splitlines()):
        line = raw.rstrip()
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if fence:
            if stripped.startswith(fence) and not stripped[len(fence):].strip():
                fence = ""
            previous = ""
            continue
        if indent <= 3 and stripped[:3] in ("```", "~~~"):
            marker = stripped[0]
            fence = marker * (len(stripped) - len(stripped.lstrip(marker)))
            previous = ""
            continue
        if indent <= 3 and (stripped == "#" or stripped.startswith(("# ", "#\t"))):
            text = stripped[1:].strip()
            text = text.rstrip("#").rstrip() if text.endswith("#") else text
            return text, index
        if indent <= 3 and stripped and set(stripped) == {"="} and previous.strip():
            return previous.strip(), index - 1
        previous = line if indent < 4 else ""
    return None


def read_page(
    path: str,
    raw: bytes,
    *,
    meta_key: str = "threatpub",
    included: bool = False,
) -> Page:
    """Build the page model from raw bytes; problems become ``issues``, never exceptions."""
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        page = Page(path=path, source="", sha256=digest, meta_key=meta_key, included=included)
        page.issues.append(
            Finding(
                "META001",
                raw[: exc.start].count(b"\n") + 1,
                f"the file is not valid UTF-8 text (bad byte at offset {exc.start})",
                expected="UTF-8 encoded Markdown",
                found=f"an invalid byte sequence at offset {exc.start}",
                fix="re-save the file as UTF-8",
            )
        )
        return page
    page = Page(path=path, source=text, sha256=digest, meta_key=meta_key, included=included)
    try:
        front_matter, body = split_front_matter(text)
    except FrontMatterError as exc:
        page.body = text
        page.issues.append(
            Finding(
                "META001",
                exc.line,
                f"front matter cannot be read: {exc.message}",
                expected="a YAML mapping between '---' lines",
                found=exc.found,
                fix="correct the YAML (a YAML linter shows the exact problem)",
            )
        )
        return page
    page.front_matter = front_matter
    page.body = body
    _read_meta(page)
    return page


def _read_meta(page: Page) -> None:
    data = page.front_matter.data
    if page.meta_key not in data:
        return
    page.has_block = True
    for dup_path, line in page.front_matter.duplicates:
        if dup_path and dup_path[0] == page.meta_key:
            page.issues.append(
                Finding(
                    "META003",
                    line,
                    f"key '{format_key(dup_path)}' appears twice; YAML keeps only the last one",
                    expected="each key once",
                    found="a duplicate key",
                    fix="merge the two entries into one",
                    key=format_key(dup_path),
                )
            )
    raw_meta = data[page.meta_key]
    if raw_meta is None:
        raw_meta = {}
    if not isinstance(raw_meta, dict):
        page.issues.append(
            Finding(
                "META003",
                page.line_of(),
                f"'{page.meta_key}:' must be a mapping of keys",
                expected="a mapping such as `kind: vulnerability`",
                found=f"a {type(raw_meta).__name__}",
                fix=f"indent the fields under '{page.meta_key}:'",
                key=page.meta_key,
            )
        )
        return
    try:
        page.meta = ThreatpubMeta.model_validate(raw_meta)
    except ValidationError as exc:
        page.issues.extend(_schema_findings(page, exc))
    if page.issues:
        page.meta = None  # fail closed: rules never see half-valid metadata


def _schema_findings(page: Page, exc: ValidationError) -> list[Finding]:
    findings = []
    for error in exc.errors(include_url=False):
        loc: KeyPath = tuple(
            part for part in error["loc"] if isinstance(part, int) or "[" not in str(part)
        )
        key = page.key(*loc)
        line = page.line_of(*loc)
        if error["type"] == "extra_forbidden":
            findings.append(_unknown_key(page, loc, key, line))
            continue
        found = _describe(error.get("input"))
        expected = str(error["msg"]).removeprefix("Value error, ")
        # Our validators say "expected X, found Y"; keep the parts apart.
        if expected.startswith("expected ") and ", found " in expected:
            expected, found = expected.removeprefix("expected ").split(", found ", 1)
        expected = expected.removeprefix("Input should be ")
        findings.append(
            Finding(
                "META003",
                line,
                f"'{key}' has an invalid value; expected {expected}",
                expected=expected,
                found=found,
                fix=f"correct '{key}' (see `threatpub schema` for allowed values)",
                key=key,
            )
        )
    return findings


def _unknown_key(page: Page, loc: KeyPath, key: str, line: int) -> Finding:
    parent = model_at(loc[:-1])
    known = sorted(parent.model_fields) if parent else []
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"known keys here: {', '.join(known)}"
    return Finding(
        "META002",
        line,
        f"unknown key '{key}' ({hint})",
        expected=f"one of: {', '.join(known)}" if known else "no keys here",
        found=f"'{loc[-1]}'",
        fix=f"rename it to '{close[0]}'" if close else "remove it or fix its spelling",
        key=key,
    )


def _describe(value: object) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, dt.datetime | dt.date | bool | int | float) or value is None:
        return repr(value) if not isinstance(value, dt.date) else value.isoformat()
    return f"a {type(value).__name__}"


@lru_cache(maxsize=1)
def _markdown_parser() -> Any:
    # Imported on first use: only held pages' attachments need a full Markdown parse, and
    # markdown-it-py costs ~0.1 s to import in every build.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")
