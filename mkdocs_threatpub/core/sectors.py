"""Critical information infrastructure sectors named in RULES.md, with Chinese labels.

More than one sector makes a report cross-sectoral (Art. 6 ¶3). A page may also name other
sectors (``healthcare``); only these need the sector regulator told (Art. 6 ¶2).
"""

from __future__ import annotations

import difflib

from mkdocs_threatpub.core.i18n import Text, t

__all__ = ["CRITICAL_SECTORS", "normalize_sector", "sector_problem"]

CRITICAL_SECTORS: dict[str, str] = {
    "telecom": "电信",
    "information-services": "信息服务",
    "energy": "能源",
    "transport": "交通",
    "water": "水利",
    "finance": "金融",
    "public-services": "公共服务",
    "e-government": "电子政务",
    "defense-industry": "国防科技工业",
}
_BY_LABEL = {label: name for name, label in CRITICAL_SECTORS.items()}


def normalize_sector(value: str) -> str:
    """A sector's canonical name: Chinese labels and case/spacing variants map to it."""
    text = value.strip()
    if text in _BY_LABEL:
        return _BY_LABEL[text]
    return text.lower().replace("_", "-").replace(" ", "-")


def sector_problem(name: str) -> Text | None:
    """Why ``name`` looks like a misspelt critical sector, or ``None``."""
    if name in CRITICAL_SECTORS:
        return None
    if not name or not all(part.isalnum() for part in name.split("-")):
        return t(
            f"expected a sector name like 'energy', found {name!r}",
            f"应为 'energy' 这样的行业名称，实际为 {name!r}",
        )
    close = difflib.get_close_matches(name, list(CRITICAL_SECTORS), n=1, cutoff=0.75)
    if close:
        return t(
            f"{name!r} is not a sector name; did you mean {close[0]!r}?",
            f"{name!r} 不是行业名称；是否应为 {close[0]!r}？",
        )
    return None
