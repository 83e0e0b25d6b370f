"""GB/T 2260 administrative division codes, authority levels and containment.

A code is six digits: province (2), prefecture (2), county (2). ``440000`` is Guangdong,
``440300`` Shenzhen, ``440305`` Nanshan district. A code covers another when it is at a
coarser or equal level and shares its administrative prefix: 440000 ⊇ 440300 ⊇ 440305.
"""

from __future__ import annotations

from mkdocs_threatpub.core.i18n import Text, t

__all__ = [
    "LEVELS",
    "LEVEL_NAMES_ZH",
    "PROVINCES",
    "covers",
    "describe",
    "level_of",
    "level_rank",
    "province_of",
    "region_problem",
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
    """Why ``code`` is not a valid GB/T 2260 code, or ``None``."""
    if code[:2] not in PROVINCES:
        return t(
            f"{code} has no GB/T 2260 province prefix {code[:2]!r} "
            "(11 Beijing … 44 Guangdong … 82 Macao)",
            f"{code} 的前两位 {code[:2]!r} 不是 GB/T 2260 省级行政区划代码"
            "（11 北京市 … 44 广东省 … 82 澳门特别行政区）",
        )
    if code[2:4] == "00" and code[4:] != "00":
        return t(
            f"{code} has a county part without a prefecture part",
            f"{code} 有县级部分而没有地市级部分",
        )
    return None


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
