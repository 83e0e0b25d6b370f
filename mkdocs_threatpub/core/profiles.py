"""Rule profiles and the jurisdictions they apply to (RULES.md)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PROFILES", "Profile"]

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
