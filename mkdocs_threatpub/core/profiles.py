"""Rule profiles and the jurisdictions they apply to (RULES.md)."""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs_threatpub.core.i18n import Text, t

__all__ = ["DISAGREEMENTS", "PROFILES", "Disagreement", "Profile", "disagreements_of"]

# EU member states plus the EEA (Iceland, Liechtenstein, Norway); GDPR applies there.
_EU_EEA = frozenset(
    {
        *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
        *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
        *("IS", "LI", "NO", "EU"),
    }
)


@dataclass(frozen=True)
class Profile:
    """A rule book; ``jurisdictions`` is ``None`` when it applies everywhere."""

    name: str
    title: str
    jurisdictions: frozenset[str] | None

    def applies_to(self, page_jurisdictions: frozenset[str]) -> bool:
        return self.jurisdictions is None or bool(self.jurisdictions & page_jurisdictions)


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            "cac-2019",
            "CAC Cybersecurity Threat Information Publication Management Measures "
            "(Draft for Comment, 2019-11-20)",
            frozenset({"CN"}),
        ),
        Profile(
            "miit-2021",
            "Regulations on the Management of Network Product Security Vulnerabilities (2021)",
            frozenset({"CN"}),
        ),
        Profile("iso-29147", "ISO/IEC 29147:2018 vulnerability disclosure", None),
        Profile("gdpr", "GDPR breach notices (Regulation (EU) 2016/679)", _EU_EEA),
    )
}


@dataclass(frozen=True)
class Disagreement:
    """Two rules of different profiles that answer the same question differently (or the
    same way twice). With both profiles active both apply, and the stricter verdict wins."""

    codes: tuple[str, str]
    kind: str  # "conflict" (different answers) | "overlap" (the same check twice)
    text: Text


DISAGREEMENTS: tuple[Disagreement, ...] = (
    Disagreement(
        ("CAC801", "MIIT091"),
        "conflict",
        t(
            "CAC Art. 8 lets a page about a specific system go public 30 days after notice to "
            "an authority, fixed or not; MIIT Art. 9(1) forbids publishing a vulnerability "
            "before it is fixed, unless its early release was jointly assessed. With both "
            "profiles (a CN page), an unfixed vulnerability stays held after the 30 days until "
            "`repair.status: fixed` or an `early_release` record.",
            "《办法》第八条允许在向主管部门报告满 30 日后发布特定系统的风险信息，无论是否已修复；"
            "工业和信息化部等《网络产品安全漏洞管理规定》第九条第（一）项要求在漏洞修复前不得发布，"
            "除非经共同评估提前发布。两个规则集同时启用时（中国页面），"
            "未修复的漏洞在 30 日后仍暂缓，直到 `repair.status: fixed` 或记录 `early_release`。",
        ),
    ),
    Disagreement(
        ("CAC300", "MIIT093"),
        "overlap",
        t(
            "Both flag exaggerated wording with the same word lists (CAC Art. 3, MIIT Art. 9(3)); "
            "both warn, so a page shows two warnings for one phrase.",
            "两者使用同一词表检查夸大用语（《办法》第三条、《规定》第九条第（三）项），均为警告。",
        ),
    ),
    Disagreement(
        ("CAC401", "MIIT094"),
        "overlap",
        t(
            "MIIT Art. 9(4) reuses the Article 4(1) detectors: malware code held by CAC401 is "
            "held by MIIT094 too; an allow must name both codes.",
            "《规定》第九条第（四）项复用第四条第（一）项的检测：CAC401 暂缓的恶意代码也由 MIIT094 "
            "暂缓；人工放行须同时写明两个规则代码。",
        ),
    ),
    Disagreement(
        ("CAC402", "MIIT094"),
        "overlap",
        t(
            "MIIT Art. 9(4) reuses the Article 4(2) detectors: attack tools held by CAC402 are "
            "held by MIIT094 too; an allow must name both codes.",
            "《规定》第九条第（四）项复用第四条第（二）项的检测：CAC402 暂缓的攻击工具也由 MIIT094 "
            "暂缓；人工放行须同时写明两个规则代码。",
        ),
    ),
)


def disagreements_of(code: str) -> list[Disagreement]:
    """Where the rule ``code`` meets a rule of another profile."""
    return [d for d in DISAGREEMENTS if code in d.codes]
