"""custom patterns (CAC407): the site's RE2 patterns as detectors; validation, descriptions
instead of matches, warn-only patterns, compile-once caching. In process."""

from __future__ import annotations

import re

import pytest

from mkdocs_threatpub.core.context import CustomPattern, Settings
from mkdocs_threatpub.scanners.custom import (
    MAX_MATCHES,
    MAX_PATTERN_LENGTH,
    CustomDetector,
    compile_pattern,
    custom_detectors,
)
from mkdocs_threatpub.scanners.document import Document, document_from_text
from tests.detectors._network import (
    LONG,
    SPACES,
    assert_quiet,
    fenced,
    scan,
    seconds,
    translated,
)

PROJECT = CustomPattern("internal-project", r"(?i)project\s+bluefin", "internal project name")


def test_match_is_described_not_quoted() -> None:
    detector = CustomDetector(PROJECT)
    prose = scan(detector, "Status of Project  BLUEFIN.\n")
    code = scan(detector, fenced("deploy project bluefin"))
    assert [(h.rule, h.line, h.strong, h.what) for h in prose + code] == [
        ("CAC407", 1, True, "internal project name in prose"),
        ("CAC407", 4, True, "internal project name in a code block"),
    ]
    assert_quiet(prose + code, "bluefin")
    assert prose[0].detector == "custom-internal-project"
    # The same words, however spaced or cased, are one finding (one fingerprint).
    assert prose[0].fingerprint == code[0].fingerprint


def test_without_description_the_name_is_shown() -> None:
    hits = scan(CustomDetector(CustomPattern("ticket-ids", r"JIRA-\d{3,6}")), "See JIRA-1234.")
    assert [h.what for h in hits] == ["site pattern 'ticket-ids' in prose"]


def test_warn_action_gives_weak_hits() -> None:
    spec = CustomPattern("ticket-ids", r"JIRA-\d{3,6}", action="warn")
    assert [h.strong for h in scan(CustomDetector(spec), "See JIRA-1234.")] == [False]


def test_decoded_views_are_matched() -> None:
    hidden = "".join(f"&#{ord(ch)};" for ch in "project bluefin")
    hits = scan(CustomDetector(PROJECT), f"<span>{hidden}</span>")
    assert [h.what for h in hits] == ["internal project name in prose (HTML-entity-encoded)"]


def test_near_misses() -> None:
    detector = CustomDetector(PROJECT)
    assert scan(detector, "project blue fin; projects bluefin? projectbluefin") == []
    # Zero-length matches are never findings.
    assert scan(CustomDetector(CustomPattern("edges", r"\b")), "some words here") == []


def test_matches_per_view_are_bounded() -> None:
    hits = translated(list(CustomDetector(CustomPattern("digit", r"\d")).scan(_doc("1 " * 500))))
    assert len(hits) == MAX_MATCHES


@pytest.mark.parametrize(
    ("pattern", "fragment"),
    [
        (r"(?<=secret)\w+", "not valid RE2 syntax"),
        (r"(unclosed", "not valid RE2 syntax"),  # RE2's own detail follows, in its words
        (r"(a)\1", "not valid RE2 syntax"),
        ("x" * (MAX_PATTERN_LENGTH + 1), f"at most {MAX_PATTERN_LENGTH}"),
        ("", "empty"),
        (r"a*", "matches empty text"),
    ],
)
def test_unusable_patterns_are_refused(pattern: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=re.escape(fragment)):
        compile_pattern(pattern)


def test_detectors_are_compiled_once_per_set_of_patterns() -> None:
    patterns = (PROJECT, CustomPattern("ticket-ids", r"JIRA-\d{3,6}", action="warn"))
    first = custom_detectors(Settings(custom_patterns=patterns))
    again = custom_detectors(Settings(custom_patterns=tuple(patterns), language="zh"))
    assert first is again
    assert [d.name for d in first] == ["custom-internal-project", "custom-ticket-ids"]
    assert custom_detectors(Settings()) == ()


def test_settings_fingerprint_covers_the_patterns() -> None:
    plain = Settings().fingerprint()
    one = Settings(custom_patterns=(PROJECT,)).fingerprint()
    warn = Settings(custom_patterns=(CustomPattern(PROJECT.name, PROJECT.pattern, action="warn"),))
    assert len({plain, one, warn.fingerprint()}) == 3


def test_linear_on_pathological_input() -> None:
    # Catastrophic for a backtracking engine; linear in RE2.
    evil = CustomDetector(CustomPattern("nested", r"(a+)+$"))
    assert seconds(evil, "a" * LONG + "b", kind="prose") < 1.0
    assert (
        seconds(CustomDetector(CustomPattern("spaces", r"\s+x")), SPACES + "y", kind="prose") < 1.0
    )


def _doc(text: str) -> Document:
    return document_from_text(text)
