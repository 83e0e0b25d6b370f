"""GB/T 2260 administrative division codes, authority levels and containment.

A code is six digits: province (2), prefecture (2), county (2). ``440000`` is Guangdong,
``440300`` Shenzhen, ``440305`` Nanshan district. A code covers another when it is at a
coarser or equal level and shares its administrative prefix: 440000 ⊇ 440300 ⊇ 440305.

Which codes are real comes from the location table python-stdnum ships for resident ID
numbers (``stdnum/cn/loc.dat``, via ``stdnum.numdb``): every province, prefecture and
county code of GB/T 2260 from its first edition (1980) on, with the years each was in use.
A code the table lists at any time is accepted, including abolished ones (``440102``
东山区, merged in 2005): a resident ID records where someone was registered back then, and
a publication may likewise name a place as it was coded when something happened. Abolished
codes keep their prefix, so containment still holds. Suggestions for a code that is not
real prefer codes in use now. The table is read on the first check of a code, not on
import (python-stdnum takes about a tenth of a second to parse it), and only once per
process; the resident ID detector shares stdnum's copy.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from mkdocs_threatpub.core.i18n import Text, join, t, zh

__all__ = [
    "LEVELS",
    "LEVEL_NAMES_ZH",
    "PROVINCES",
    "covers",
    "describe",
    "level_of",
    "level_rank",
    "nearest_codes",
    "official_name",
    "province_of",
    "region_problem",
    "suggest",
]

# Authority levels, lowest to highest (RULES.md). 地市级以上 = prefecture or higher.
LEVELS = ("county", "prefecture", "provincial", "national")
# The Measures' words for the levels (地市级以上 = prefecture or higher).
LEVEL_NAMES_ZH = {
    "county": "县级",
    "prefecture": "地市级",
    "provincial": "省级",
    "national": "国家级",
}

# GB/T 2260 province-level prefixes.
PROVINCES: dict[str, tuple[str, str]] = {
    "11": ("Beijing", "北京市"),
    "12": ("Tianjin", "天津市"),
    "13": ("Hebei", "河北省"),
    "14": ("Shanxi", "山西省"),
    "15": ("Inner Mongolia", "内蒙古自治区"),
    "21": ("Liaoning", "辽宁省"),
    "22": ("Jilin", "吉林省"),
    "23": ("Heilongjiang", "黑龙江省"),
    "31": ("Shanghai", "上海市"),
    "32": ("Jiangsu", "江苏省"),
    "33": ("Zhejiang", "浙江省"),
    "34": ("Anhui", "安徽省"),
    "35": ("Fujian", "福建省"),
    "36": ("Jiangxi", "江西省"),
    "37": ("Shandong", "山东省"),
    "41": ("Henan", "河南省"),
    "42": ("Hubei", "湖北省"),
    "43": ("Hunan", "湖南省"),
    "44": ("Guangdong", "广东省"),
    "45": ("Guangxi", "广西壮族自治区"),
    "46": ("Hainan", "海南省"),
    "50": ("Chongqing", "重庆市"),
    "51": ("Sichuan", "四川省"),
    "52": ("Guizhou", "贵州省"),
    "53": ("Yunnan", "云南省"),
    "54": ("Tibet", "西藏自治区"),
    "61": ("Shaanxi", "陕西省"),
    "62": ("Gansu", "甘肃省"),
    "63": ("Qinghai", "青海省"),
    "64": ("Ningxia", "宁夏回族自治区"),
    "65": ("Xinjiang", "新疆维吾尔自治区"),
    "71": ("Taiwan", "台湾省"),
    "81": ("Hong Kong", "香港特别行政区"),
    "82": ("Macao", "澳门特别行政区"),
}

# How many leading digits identify a region at each level.
_PREFIX = {"provincial": 2, "prefecture": 4, "county": 6}


def level_rank(level: str) -> int:
    return LEVELS.index(level)


def region_problem(code: str) -> Text | None:
    """Why six-digit ``code`` is not a real GB/T 2260 code, or ``None``.

    An unknown province prefix is found without the table. Otherwise the code must be one
    the table lists at any time (abolished codes are accepted, see the module's docstring),
    which also admits Hainan's 1988–2002 counties coded without a prefecture (``460001``);
    a code that is neither says which part is missing. :func:`suggest` names what the
    author probably meant.
    """
    if code[:2] not in PROVINCES:
        return t(
            f"{code} has no GB/T 2260 province prefix {code[:2]!r} "
            "(11 Beijing … 44 Guangdong … 82 Macao)",
            f"{code} 的前两位 {code[:2]!r} 不是 GB/T 2260 省级行政区划代码"
            "（11 北京市 … 44 广东省 … 82 澳门特别行政区）",
        )
    table = _table()
    if code in table:
        return None
    if code[2:4] == "00" and code[4:] != "00":
        return t(
            f"{code} has a county part without a prefecture part",
            f"{code} 有县级部分而没有地市级部分",
        )
    name, name_zh = PROVINCES[code[:2]]
    prefecture = code[:4] + "00"
    if prefecture not in table:
        return t(
            f"{code}, not a GB/T 2260 code: {name} ({code[:2]}0000) has no "
            f"prefecture-level division {prefecture}",
            f"{code}，不是 GB/T 2260 行政区划代码：{name_zh}（{code[:2]}0000）没有"
            f"地市级行政区划 {prefecture}",
        )
    city = _entry(prefecture).name
    return t(
        f"{code}, not a GB/T 2260 code: {prefecture} {city} ({name}) has no "
        f"county-level division {code}",
        f"{code}，不是 GB/T 2260 行政区划代码：{city}（{prefecture}）没有县级行政区划 {code}",
    )


class _Entry(NamedTuple):
    name: str  # the latest name the code had, e.g. 南山区
    until: int | None  # the last year the code was in use, None if it still is


# A name in the table: "[1983-1989]南头区办事处,[1990-]南山区" (years optional, oldest first).
# A string, compiled on first use (by ``re``'s cache), not at import.
_NAMED = r"(?:\[(\d*)-(\d*)\])?([^,]+)"


@functools.cache
def _table() -> dict[str, str]:
    """Every code in python-stdnum's ``cn/loc`` table and its names, read once, on first use.

    The table nests a two-digit province (``44 province="广东省"``) over four-digit rest
    codes (``0300 county="深圳市"``): provinces (``0000``) and prefectures (``0300``) are
    listed as rows like counties, so a code is real exactly when it is a row. The names are
    kept as written and only parsed (:func:`_entry`) for the few codes a message names.
    """
    from stdnum import numdb  # here, not at import: only a checked code needs the table

    table: dict[str, str] = {}
    for length, low, high, _, rows in numdb.get("cn/loc").prefixes:
        for province in _expand(length, low, high):
            for width, first, last, props, _ in rows:
                for rest in _expand(width, first, last):
                    table[province + rest] = props.get("county", "")
    return table


def _expand(width: int, low: str, high: str) -> list[str]:
    """The codes of a row: one (as in ``cn/loc``) or a range like ``01-03``."""
    if low == high:
        return [low]
    return [f"{n:0{width}d}" for n in range(int(low), int(high) + 1)]


def _entry(code: str) -> _Entry:
    """The latest name of real ``code`` and the last year it was in use."""
    value = _table()[code]
    names = re.findall(_NAMED, value)
    if not names:
        return _Entry(value, None)
    ends = [int(end) if end else None for _, end, _ in names]
    until = None if None in ends else max(e for e in ends if e is not None)
    return _Entry(names[-1][2], until)


def official_name(code: str) -> Text:
    """The code's name: English for provinces (``Guangdong``), else the table's Chinese.

    Empty when the code is not real.
    """
    if code[2:] == "0000" and code[:2] in PROVINCES:
        return t(*PROVINCES[code[:2]])
    if code not in _table():
        return t("", "")
    name = _entry(code).name
    return t(name, name)


def nearest_codes(code: str, count: int = 3) -> list[str]:
    """Real codes an author who wrote ``code`` (not a real one) most likely meant.

    The code is read part by part (province, prefecture, county) down to the first part the
    table does not have; the suggestions are the real codes at that level under the last
    part that is right, nearest in number first, codes in use before abolished ones:

    * ``440399``: Shenzhen (4403) is real, county 99 is not: Shenzhen's districts nearest
      99 (``440311`` 光明区, ``440310`` 坪山区, ``440309`` 龙华区);
    * ``449999``: Guangdong (44) is real, prefecture 99 is not: Guangdong's prefectures
      nearest 4499 (``445300`` 云浮市, ``445200`` 揭阳市, ``445100`` 潮州市);
    * ``990000``: there is no province 99: the nearest provinces (``820000`` Macao …).

    Sharing the longest real prefix keeps the suggestions in the place the author meant (the
    province or city is far likelier right than the last digits); numeric nearness then
    favours a slip in the last digits. Where a place has no divisions below it (Dongguan
    ``441900`` has no counties, Macao no prefectures) the place itself is suggested.
    """
    table = _table()
    if code[:2] not in PROVINCES:
        parent, level = "", "provincial"
    elif code[2:4] == "00" or code[:4] + "00" not in table:
        parent, level = code[:2], "prefecture"
    else:
        parent, level = code[:4], "county"
    candidates = [
        real
        for real in table
        if real.startswith(parent) and level_of(real) == level and real != code
    ]
    if not candidates:
        return [parent.ljust(6, "0")]
    target = int(code)
    ranked = sorted(
        candidates,
        key=lambda real: (_entry(real).until is not None, abs(int(real) - target), real),
    )
    return ranked[:count]


def suggest(code: str, count: int = 3) -> Text:
    """``445300 云浮市, 445200 揭阳市, 445100 潮州市``: :func:`nearest_codes`, named.

    An abolished code says until when it was in use.
    """
    named = []
    for real in nearest_codes(code, count):
        name = official_name(real)
        until = _entry(real).until
        if until is None:
            named.append(t(f"{real} {name}", f"{real} {zh(name)}"))
        else:
            named.append(
                t(f"{real} {name} (until {until})", f"{real} {zh(name)}（使用至 {until} 年）")
            )
    return join(named, ", ", "、")


def level_of(code: str) -> str:
    """The administrative level a code names: provincial, prefecture or county."""
    if code[2:] == "0000":
        return "provincial"
    if code[4:] == "00":
        return "prefecture"
    return "county"


def province_of(code: str) -> str:
    return code[:2]


def covers(outer: str, inner: str) -> bool:
    """Whether region ``outer`` contains (or is) region ``inner``."""
    width = _PREFIX[level_of(outer)]
    return inner[:width] == outer[:width]


def describe(code: str) -> Text:
    """``440305 (Guangdong, county level)`` — enough for a person to check a code."""
    name, name_zh = PROVINCES.get(code[:2], ("?", "?"))
    level = level_of(code)
    return t(f"{code} ({name}, {level} level)", f"{code}（{name_zh}，{LEVEL_NAMES_ZH[level]}）")
