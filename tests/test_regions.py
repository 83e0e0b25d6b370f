"""Pure unit tests of GB/T 2260 regions and authority levels, and of critical sectors."""

from __future__ import annotations

import pytest

from mkdocs_threatpub.core.regions import (
    LEVELS,
    PROVINCES,
    covers,
    describe,
    level_of,
    level_rank,
    province_of,
    region_problem,
)
from mkdocs_threatpub.core.sectors import CRITICAL_SECTORS, normalize_sector, sector_problem


def test_levels_are_ordered_county_to_national() -> None:
    assert LEVELS == ("county", "prefecture", "provincial", "national")
    ranks = [level_rank(level) for level in LEVELS]
    assert ranks == sorted(ranks)
    assert len(set(ranks)) == 4
    assert level_rank("county") < level_rank("prefecture") < level_rank("provincial")
    assert level_rank("provincial") < level_rank("national")


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("440000", "provincial"),
        ("110000", "provincial"),
        ("440300", "prefecture"),
        ("110100", "prefecture"),
        ("440305", "county"),
        ("110105", "county"),
        ("820001", "county"),
    ],
)
def test_level_of(code: str, level: str) -> None:
    assert level_of(code) == level


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        # The region itself, its prefecture, its province.
        ("440305", "440305", True),
        ("440300", "440305", True),
        ("440000", "440305", True),
        ("440000", "440300", True),
        ("440300", "440300", True),
        ("440000", "440000", True),
        # Elsewhere: another province, another prefecture of the same province.
        ("310100", "440305", False),
        ("310000", "440305", False),
        ("440400", "440305", False),
        ("440306", "440305", False),
        # A smaller region never contains a bigger one.
        ("440305", "440300", False),
        ("440300", "440000", False),
        ("110100", "110000", False),
        ("440305", "440000", False),
        # Prefixes compare whole administrative parts, not characters that happen to match.
        ("440300", "443005", False),
        ("410000", "440305", False),
    ],
)
def test_covers(outer: str, inner: str, expected: bool) -> None:
    assert covers(outer, inner) is expected


@pytest.mark.parametrize("code", ["110000", "110100", "110105", "440305", "650000", "820000"])
def test_valid_codes_have_no_problem(code: str) -> None:
    assert region_problem(code) is None


@pytest.mark.parametrize(
    ("code", "needle"),
    [
        ("990000", "province prefix '99'"),
        ("000000", "province prefix '00'"),
        ("100000", "province prefix '10'"),
        ("830000", "province prefix '83'"),
        ("440005", "county part without a prefecture part"),
    ],
)
def test_region_problems(code: str, needle: str) -> None:
    problem = region_problem(code)
    assert problem is not None
    assert needle in problem
    assert code in problem


def test_province_table() -> None:
    """GB/T 2260 has 34 province-level divisions, keyed by two digits."""
    assert len(PROVINCES) == 34
    assert all(len(p) == 2 and p.isdigit() for p in PROVINCES)
    assert PROVINCES["44"] == ("Guangdong", "广东省")
    assert PROVINCES["11"][0] == "Beijing"
    assert PROVINCES["31"][0] == "Shanghai"


def test_province_of_and_describe() -> None:
    assert province_of("440305") == "44"
    assert province_of("110000") == "11"
    assert describe("440305") == "440305 (Guangdong, county level)"
    assert describe("440300") == "440300 (Guangdong, prefecture level)"
    assert describe("110000") == "110000 (Beijing, provincial level)"
    assert describe("990000").startswith("990000 (?")


def test_critical_sectors_and_labels() -> None:
    assert list(CRITICAL_SECTORS) == [
        "telecom",
        "information-services",
        "energy",
        "transport",
        "water",
        "finance",
        "public-services",
        "e-government",
        "defense-industry",
    ]
    assert CRITICAL_SECTORS["energy"] == "能源"
    assert len(set(CRITICAL_SECTORS.values())) == len(CRITICAL_SECTORS)


@pytest.mark.parametrize(
    ("value", "name"),
    [
        *((label, name) for name, label in CRITICAL_SECTORS.items()),
        (" 能源 ", "energy"),
        ("energy", "energy"),
        ("Energy", "energy"),
        ("ENERGY", "energy"),
        ("Public Services", "public-services"),
        ("public_services", "public-services"),
        ("E-Government", "e-government"),
        ("  Defense Industry ", "defense-industry"),
        ("Healthcare", "healthcare"),
    ],
)
def test_normalize_sector(value: str, name: str) -> None:
    assert normalize_sector(value) == name


@pytest.mark.parametrize("name", [*CRITICAL_SECTORS, "healthcare", "education", "manufacturing"])
def test_known_or_unrelated_sectors_have_no_problem(name: str) -> None:
    """Critical sectors and sectors that are not near one are fine (only critical ones
    need a regulator told)."""
    assert sector_problem(name) is None


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("energi", "energy"),
        ("enrgy", "energy"),
        ("finanse", "finance"),
        ("telekom", "telecom"),
        ("transports", "transport"),
        ("public-service", "public-services"),
        ("egovernment", "e-government"),
    ],
)
def test_misspelt_critical_sector_gets_a_suggestion(name: str, suggestion: str) -> None:
    problem = sector_problem(name)
    assert problem is not None
    assert f"did you mean {suggestion!r}" in problem


@pytest.mark.parametrize("name", ["", "energy!", "能源/金融", "a--b"])
def test_malformed_sector_names(name: str) -> None:
    problem = sector_problem(name)
    assert problem is not None
    assert "expected a sector name" in problem
