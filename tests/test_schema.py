"""`threatpub schema`: the JSON Schema editors use to check a page's `threatpub:` block.

The front matter is read the way an editor's YAML language server reads it: YAML 1.2 has no
timestamp type, so `published: 2026-11-20T09:00+08:00` is the string typed, not a datetime.
yaml-language-server implements JSON Schema draft-07, so every verdict is checked with a
draft-07 validator too, besides the 2020-12 one the schema declares.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from jsonschema.exceptions import best_match

from tests.conftest import EXAMPLE_SITE, threatpub

VALIDATORS = (jsonschema.Draft202012Validator, jsonschema.Draft7Validator)


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor sees it: dates and datetimes stay the strings they are typed as."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def front_matter(text: str) -> str | None:
    """The YAML between the opening and closing `---` lines, if the page has any."""
    if not text.startswith("---\n"):
        return None
    block, closed, _ = text[4:].partition("\n---")
    return block if closed else None


def as_editor_sees(block: str) -> Any:
    return yaml.load(block, Loader=EditorLoader)  # a SafeLoader: no arbitrary objects


def as_json(block: str) -> Any:
    """`yaml.safe_load`, then dates as ISO 8601 strings: what a JSON document would hold."""

    def iso(value: object) -> str:
        if isinstance(value, dt.date):  # datetime is a date too
            return value.isoformat()
        raise TypeError(type(value).__name__)

    return json.loads(json.dumps(yaml.safe_load(block), default=iso))


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("schema")
    written = threatpub("schema", "--output", "editor/threatpub.schema.json", cwd=folder)
    assert written.returncode == 0, written.stderr
    assert written.stdout == ""
    text = (folder / "editor/threatpub.schema.json").read_text(encoding="utf-8")
    printed = threatpub("schema", cwd=folder)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == text, "--output writes what stdout prints"
    data = json.loads(text)
    assert isinstance(data, dict)
    return data


def test_schema_is_valid_for_both_drafts(schema: dict[str, Any]) -> None:
    for validator in VALIDATORS:
        validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


PAGES = sorted(
    path
    for docs in ("docs", "docs-intl")  # mkdocs.yml and mkdocs-intl.yml
    for path in (EXAMPLE_SITE / docs).rglob("*.md")
    if front_matter(path.read_text(encoding="utf-8")) is not None
)


def test_example_pages_have_threatpub_blocks() -> None:
    """The acceptance test below is not vacuous: most example pages carry a block."""
    blocks = [front_matter(p.read_text(encoding="utf-8")) or "" for p in PAGES]
    assert sum("threatpub" in (as_editor_sees(b) or {}) for b in blocks) >= 10


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(EXAMPLE_SITE).as_posix())
def test_schema_accepts_every_example_page(schema: dict[str, Any], page: Path) -> None:
    block = front_matter(page.read_text(encoding="utf-8"))
    assert block is not None
    for document in (as_editor_sees(block), as_json(block)):
        for validator in VALIDATORS:
            errors = [
                f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                for e in validator(schema).iter_errors(document)
            ]
            assert errors == [], f"{validator.__name__}: {errors}"


# (front matter, where the editor should point: the key path of the best error)
INVALID: dict[str, tuple[str, tuple[str | int, ...]]] = {
    "unknown-key": (
        """
        threatpub:
          kind: vulnerability
          embargo_untl: 2026-12-01
        """,
        ("threatpub",),
    ),
    "bad-kind": (
        """
        threatpub:
          kind: rumour
        """,
        ("threatpub", "kind"),
    ),
    "notification-bad-authority": (
        """
        threatpub:
          kind: incident
          notifications:
            - authority: police
              level: prefecture
              region: "440300"
              date: 2026-10-02
        """,
        ("threatpub", "notifications", 0, "authority"),
    ),
    "date-in-words": (
        """
        threatpub:
          kind: vulnerability
          published: last week
        """,
        ("threatpub", "published"),
    ),
    "region-five-digits": (
        """
        threatpub:
          kind: incident
          incident:
            region: "44030"
        """,
        ("threatpub", "incident", "region"),
    ),
    "region-out-of-range": (
        """
        threatpub:
          kind: incident
          incident:
            region: 999999
        """,
        ("threatpub", "incident", "region"),
    ),
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_schema_rejects_invalid_front_matter(schema: dict[str, Any], name: str) -> None:
    text, where = INVALID[name]
    block = textwrap.dedent(text)
    for document in (as_editor_sees(block), as_json(block)):
        for validator in VALIDATORS:
            error = best_match(validator(schema).iter_errors(document))
            assert error is not None, f"{validator.__name__} accepted {name}"
            assert tuple(error.absolute_path)[: len(where)] == where, (
                validator.__name__,
                list(error.absolute_path),
                error.message,
            )
            if name == "unknown-key":
                # The schema's own keyword refuses the key (the validator's wording is its own).
                assert error.validator == "additionalProperties", error.message
                unknown = set(error.instance) - set(error.schema["properties"])
                assert unknown == {"embargo_untl"}, error.message
