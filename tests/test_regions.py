"""Pure unit tests of GB/T 2260 regions and authority levels, and of critical sectors.

Which codes are real comes from python-stdnum's ``cn/loc`` table; a page naming a code that
is not real fails with META003 naming the nearest real codes (checked here in process,
through ``tests/rules/helpers.py``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml

from mkdocs_threatpub.cli import judge_for_check
from mkdocs_threatpub.core import regions
from mkdocs_threatpub.core.i18n import has_chinese
from mkdocs_threatpub.core.regions import (
    LEVELS,
    PROVINCES,
    covers,
    describe,
    level_of,
    level_rank,
    nearest_codes,
    province_of,
    region_problem,
    suggest,
)
from mkdocs_threatpub.core.sectors import CRITICAL_SECTORS, normalize_sector, sector_problem
from tests.conftest import EXAMPLE_SITE, NOW_EPOCH, REPO
from tests.rules.helpers import check, line_of


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
    "code",
    [
        # Provinces, prefectures and counties, including places that are coded unusually.
        "440000",
        "440300",
        "440305",
        "310000",
        "310101",
        "441900",  # Dongguan: a prefecture-level city with no counties
        "419000",  # Henan's county-level divisions directly under the province
        "419001",  # Jiyuan, one of them
        "469001",  # Wuzhishan, Hainan
        "540100",
        "659001",  # Shihezi, Xinjiang
        "710000",  # Taiwan, Hong Kong and Macao are listed at province level only
        "810000",
        "820000",
    ],
)
def test_real_codes_at_every_level_are_accepted(code: str) -> None:
    assert region_problem(code) is None


@pytest.mark.parametrize(
    ("code", "until"),
    [
        ("440102", 2005),  # 东山区, merged into 越秀区
        ("110103", 2010),  # 崇文区
        ("110200", 2015),  # Beijing's counties, a prefecture-level code
        ("460001", 2002),  # 通什市: Hainan's counties had no prefecture part 1988–2002
    ],
)
def test_abolished_codes_are_accepted(code: str, until: int) -> None:
    """The table lists codes valid at any time since 1980 (a resident ID keeps its birth
    place's code): an abolished code is a real code, the place as it was coded then."""
    assert region_problem(code) is None
    assert regions._entry(code).until == until


@pytest.mark.parametrize(
    ("code", "needle", "nearest"),
    [
        # No prefecture 4499 in Guangdong: Guangdong's prefectures nearest 4499.
        (
            "449999",
            "Guangdong (440000) has no prefecture-level division 449900",
            ["445300", "445200", "445100"],
        ),
        ("449900", "has no prefecture-level division 449900", ["445300", "445200", "445100"]),
        # Shenzhen has no district 99: Shenzhen's districts nearest 99.
        (
            "440399",
            "440300 深圳市 (Guangdong) has no county-level division 440399",
            ["440311", "440310", "440309"],
        ),
        # Dongguan has no counties, Taiwan no prefectures: the place itself.
        ("441999", "441900 东莞市 (Guangdong) has no county-level division", ["441900"]),
        ("710100", "has no prefecture-level division 710100", ["710000"]),
        # Unknown province: the nearest provinces.
        ("990000", "province prefix '99'", ["820000", "810000", "710000"]),
        ("100000", "province prefix '10'", ["110000", "120000", "130000"]),
        # A county part without a prefecture part: the province's first prefectures.
        ("440005", "county part without a prefecture part", ["440100", "440200", "440300"]),
    ],
)
def test_codes_not_in_the_table_name_the_nearest_real_codes(
    code: str, needle: str, nearest: list[str]
) -> None:
    problem = region_problem(code)
    assert problem is not None
    assert code in problem
    assert needle in problem
    assert has_chinese(problem.zh)
    assert nearest_codes(code) == nearest
    assert all(region_problem(real) is None for real in nearest)


def test_suggestions_are_named_in_both_languages() -> None:
    assert suggest("440399") == "440311 光明区, 440310 坪山区, 440309 龙华区"
    assert suggest("440399").zh == "440311 光明区、440310 坪山区、440309 龙华区"
    # Provinces have English names.
    assert suggest("990000") == "820000 Macao, 810000 Hong Kong, 710000 Taiwan"
    assert suggest("990000").zh == "820000 澳门特别行政区、810000 香港特别行政区、710000 台湾省"
    problem = region_problem("449999")
    assert problem is not None
    assert problem.zh == (
        "449999，不是 GB/T 2260 行政区划代码：广东省（440000）没有地市级行政区划 449900"
    )


def test_codes_in_use_are_suggested_before_abolished_ones() -> None:
    """Shenzhen's 440320 (市区, until 1983) is nearer 440330 than any district in use; the
    districts in use come first. Beijing's counties (110200) were all abolished by 2015:
    then the abolished codes are suggested, saying until when."""
    assert nearest_codes("440330") == ["440311", "440310", "440309"]
    assert nearest_codes("110299") == ["110229", "110228", "110227"]
    assert suggest("110299").startswith("110229 延庆县 (until 2015), ")
    assert suggest("110299").zh.startswith("110229 延庆县（使用至 2015 年）、")


def test_the_table_is_read_once_and_only_when_needed() -> None:
    """Importing the schema does not load the table (nor stdnum); checking codes reads it
    once per process."""
    script = (
        "import sys, mkdocs_threatpub.core.schema, mkdocs_threatpub.core.regions as r\n"
        "assert not [m for m in sys.modules if m.startswith('stdnum')], 'stdnum on import'\n"
        "assert r._table.cache_info().currsize == 0\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    import stdnum.numdb

    regions._table.cache_clear()
    try:
        with mock.patch.object(stdnum.numdb, "get", wraps=stdnum.numdb.get) as get:
            for code in ("440305", "449999", "440300", "110105"):
                region_problem(code)
            suggest("449999")
        get.assert_called_once_with("cn/loc")
    finally:
        regions._table.cache_clear()


BAD_REGIONS = """
---
threatpub:
  kind: incident
  incident:
    region: "449999"
  scope:
    regions:
      - "440305"
      - 440399
  notifications:
    - authority: cac
      level: provincial
      region: "990000"
      date: 2026-11-02
---
# Ransomware in a clinic
"""


def test_a_page_with_unreal_codes_fails_with_meta003(tmp_path: Path) -> None:
    """Each code that is not real is one META003 on its own line and key, and its expected
    value names the nearest real codes, in English and in Chinese."""
    run = check(tmp_path, {"bad.md": BAD_REGIONS})
    page = run.page("bad.md")
    assert page.verdict == "fail"
    assert set(page.codes) == {"META003"}
    found = {f["key"]: f for f in page.findings}
    assert sorted((key, f["line"]) for key, f in found.items()) == sorted(
        [
            ("threatpub.incident.region", line_of(BAD_REGIONS, '"449999"')),
            ("threatpub.scope.regions[1]", line_of(BAD_REGIONS, "440399")),
            ("threatpub.notifications[0].region", line_of(BAD_REGIONS, '"990000"')),
        ]
    )
    incident = found["threatpub.incident.region"]
    assert incident["expected"] == (
        "a GB/T 2260 region code (nearest real codes: 445300 云浮市, 445200 揭阳市, 445100 潮州市)"
    )
    assert incident["found"] == (
        "449999, not a GB/T 2260 code: Guangdong (440000) has no prefecture-level division 449900"
    )
    assert incident["expected"] in incident["message"]
    assert "440311 光明区" in found["threatpub.scope.regions[1]"]["expected"]
    note = found["threatpub.notifications[0].region"]
    assert "820000 Macao, 810000 Hong Kong, 710000 Taiwan" in note["expected"]
    assert "province prefix '99'" in note["found"]

    chinese = _judge_in_chinese(tmp_path / "pages")
    zh = {f["key"]: f for f in chinese["pages"][0]["findings"]}
    assert zh["threatpub.incident.region"]["expected"] == (
        "GB/T 2260 行政区划代码（最接近的代码：445300 云浮市、445200 揭阳市、445100 潮州市）"
    )
    assert zh["threatpub.incident.region"]["found"] == (
        "449999，不是 GB/T 2260 行政区划代码：广东省（440000）没有地市级行政区划 449900"
    )
    assert "深圳市（440300）没有县级行政区划 440399" in zh["threatpub.scope.regions[1]"]["found"]
    assert "820000 澳门特别行政区" in zh["threatpub.notifications[0].region"]["expected"]


def _judge_in_chinese(folder: Path) -> dict[str, Any]:
    with mock.patch.dict(os.environ, {"SOURCE_DATE_EPOCH": str(NOW_EPOCH)}):
        result = judge_for_check([str(folder), "--format", "json", "--jobs", "1"])
    report: dict[str, Any] = json.loads(result.render("json", "zh", "hold"))
    return report


def _front_matter_regions(value: object) -> list[str]:
    """Every ``region`` and ``regions`` value in a parsed front-matter block."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "region" and item is not None:
                found.append(str(item))
            elif key == "regions" and isinstance(item, list):
                found.extend(str(code) for code in item)
            else:
                found.extend(_front_matter_regions(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_front_matter_regions(item))
    return found


def test_the_example_sites_and_readme_use_real_codes() -> None:
    """The codes the example sites and the README show authors are real ones."""
    codes: dict[str, str] = {}
    for docs in ("docs", "docs-intl"):
        for path in sorted((EXAMPLE_SITE / docs).rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            if not text.startswith("---\n"):
                continue
            try:
                meta = yaml.safe_load(text.split("---\n", 2)[1])
            except yaml.YAMLError:
                continue  # the pages that show META001
            for code in _front_matter_regions(meta):
                codes.setdefault(code, str(path.relative_to(REPO)))
    assert len(codes) >= 5, codes  # the walk found the sites' codes
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown_as_unreal = {"440399"}  # the README's example of a code that is not real
    for code in re.findall(r"[`\"]([1-8]\d{5})[`\"]", readme):
        if code in shown_as_unreal:
            assert region_problem(code) is not None, code
        else:
            codes.setdefault(code, "README.md")
    unreal = {code: where for code, where in codes.items() if region_problem(code)}
    assert not unreal, unreal


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
