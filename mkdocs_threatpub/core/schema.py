"""The ``threatpub:`` front-matter schema (SPEC §2), as typed pydantic models.

Every field is optional at this level so that a missing field becomes a precise finding
(META004, hold) from the rule that needs it, not a generic type error. Wrong types, unknown
enum values and unparseable dates are errors (META003); unknown keys are META002.
The same models produce the JSON Schema that ``threatpub schema`` prints for editors.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)

from mkdocs_threatpub.core import i18n
from mkdocs_threatpub.core.clock import InvalidValue, parse_timestamp
from mkdocs_threatpub.core.i18n import t, zh
from mkdocs_threatpub.core.regions import LEVEL_NAMES_ZH, level_of, region_problem, suggest
from mkdocs_threatpub.core.sectors import CRITICAL_SECTORS, normalize_sector, sector_problem

__all__ = [
    "AUTHORITIES",
    "KINDS",
    "LEVELS",
    "PUBLISHER_ROLES",
    "Advisory",
    "Allow",
    "Authorization",
    "Authorizations",
    "BreachNotice",
    "Consent",
    "EarlyRelease",
    "Incident",
    "Notification",
    "OperatorOpinion",
    "Repair",
    "Scope",
    "SharedWith",
    "Target",
    "ThreatpubMeta",
    "front_matter_json_schema",
]

KINDS = ("vulnerability", "incident", "analysis", "malware", "breach", "general")
AUTHORITIES = (
    "cac",
    "public-security",
    "telecom",
    "sector-regulator",
    "miit",
    "supervisory-authority",
)
PUBLISHER_ROLES = ("vendor", "operator", "researcher", "platform", "cert", "controller")
LEVELS = ("county", "prefecture", "provincial", "national")

Kind = Literal["vulnerability", "incident", "analysis", "malware", "breach", "general"]
Authority = Literal[
    "cac", "public-security", "telecom", "sector-regulator", "miit", "supervisory-authority"
]
PublisherRole = Literal["vendor", "operator", "researcher", "platform", "cert", "controller"]
Level = Literal["county", "prefecture", "provincial", "national"]


# Far outside this range a date is a typo, and arithmetic on it (adding 30 days, changing
# timezone) could overflow inside a rule.
_YEARS = range(1970, 2200)


def _timestamp(value: object) -> object:
    parsed = parse_timestamp(value)
    if parsed.year not in _YEARS:
        first, last, shown = _YEARS.start, _YEARS.stop - 1, parsed.isoformat()
        raise InvalidValue(
            t(f"a date between {first} and {last}", f"{first} 年至 {last} 年之间的日期"),
            t(shown, f"日期 {shown}"),
        )
    return parsed


def _shown(value: object) -> i18n.Text:  # `Text` here is the schema's string type
    """How a refused value is quoted back (``repr``), labelled in Chinese."""
    label = "文本" if isinstance(value, str) else "值"
    return t(repr(value), f"{label} {value!r}")


def _text(value: object) -> object:
    # `reference: 2026118` is as much a reference as `reference: "2026118"`.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _region(value: object) -> object:
    # Unquoted YAML turns 110105 into an int; a GB/T 2260 code never starts with 0.
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and len(value) == 6 and value.isascii() and value.isdigit():
        problem = region_problem(value)
        if problem is None:
            return value
        near = suggest(value)
        raise InvalidValue(
            t(
                f"a GB/T 2260 region code (nearest real codes: {near})",
                f"GB/T 2260 行政区划代码（最接近的代码：{zh(near)}）",
            ),
            problem,
        )
    raise InvalidValue(
        t(
            'a six-digit GB/T 2260 region code like "110105"',
            '形如 "110105" 的六位 GB/T 2260 行政区划代码',
        ),
        _shown(value),
    )


def _sector(value: object) -> object:
    if not isinstance(value, str):
        raise InvalidValue(
            t('a sector name like "energy"', '形如 "energy" 的行业名称'), _shown(value)
        )
    name = normalize_sector(value)
    problem = sector_problem(name)
    if problem is not None:
        names = ", ".join(CRITICAL_SECTORS)
        raise InvalidValue(t(f"a sector name ({names})", f"行业名称（{names}）"), problem)
    return name


def _country(value: object) -> object:
    if isinstance(value, str) and len(value) == 2 and value.isascii() and value.isalpha():
        return value.upper()
    raise InvalidValue(
        t(
            'an ISO 3166 alpha-2 country code like "CN"',
            '形如 "CN" 的 ISO 3166 两位字母国家代码',
        ),
        _shown(value),
    )


def _list_of(value: object) -> object:
    # `jurisdiction: CN` is as clear as `jurisdiction: [CN]`.
    return [value] if isinstance(value, str) else value


Timestamp = Annotated[
    dt.datetime | dt.date,
    BeforeValidator(_timestamp),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}"
            r"([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?)?$",
            "description": "ISO 8601 date (start of day in the site timezone) or datetime, "
            "e.g. 2026-11-20 or 2026-11-20T09:00+08:00.",
        }
    ),
]
RegionCode = Annotated[
    str,
    BeforeValidator(_region),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "pattern": r"^[1-9]\d{5}$",
            "minimum": 110000,
            "maximum": 829999,
            "description": 'GB/T 2260 six-digit administrative division code, e.g. "110105".',
        }
    ),
]
Text = Annotated[str, BeforeValidator(_text)]
Sector = Annotated[
    str,
    BeforeValidator(_sector),
    WithJsonSchema(
        {
            "type": "string",
            "description": "Sector name; critical sectors: "
            + ", ".join(f"{name} ({label})" for name, label in CRITICAL_SECTORS.items()),
            "examples": list(CRITICAL_SECTORS),
        }
    ),
]
CountryCode = Annotated[
    str,
    BeforeValidator(_country),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2}$"}),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Target(_Model):
    """The specific network or system whose risks the page discloses (Art. 8)."""

    operator: Text | None = Field(None, description="Operator of the network or system.")
    system: Text | None = Field(None, description="The system concerned.")


class OperatorOpinion(_Model):
    """The operator's written opinion, sought in advance (Art. 8)."""

    status: Literal["requested", "received", "refused"] | None = None
    date: Timestamp | None = None
    reference: Text | None = None


class Repair(_Model):
    """State of the fix (Art. 8(1); MIIT Art. 9(1), 9(5))."""

    status: Literal["unfixed", "mitigated", "fixed"] | None = None
    date: Timestamp | None = None
    reference: Text | None = None


class Incident(_Model):
    """Where an incident happened (Art. 5)."""

    region: RegionCode | None = Field(None, description="GB/T 2260 code of the place.")


class Scope(_Model):
    """What an analysis report covers (Art. 6)."""

    regions: list[RegionCode] = Field(default_factory=list)
    sectors: list[Sector] = Field(default_factory=list, description="Sectors covered.")
    national: bool = False


class Notification(_Model):
    """A report filed with an authority before publication (Art. 5, 6, 8(2))."""

    authority: Authority | None = None
    level: Level | None = None
    region: RegionCode | None = None
    sector: Sector | None = None
    date: Timestamp | None = None
    reference: Text | None = None

    @model_validator(mode="after")
    def _level_matches_region(self) -> Notification:
        # A prefecture-level bureau has a prefecture code; a mismatch is a typo either way.
        if self.region and self.level in ("provincial", "prefecture", "county"):
            named = level_of(self.region)
            if named != self.level:
                raise InvalidValue(
                    t(
                        f"a {self.level}-level region code for level {self.level}",
                        f"与 level {self.level} 相符的{LEVEL_NAMES_ZH[self.level]}行政区划代码",
                    ),
                    t(
                        f"{self.region}, a {named}-level code",
                        f"{self.region}，为{LEVEL_NAMES_ZH[named]}代码",
                    ),
                )
        return self


class Authorization(_Model):
    """A permission granted by an authority."""

    authority: Authority | None = None
    reference: Text | None = None
    date: Timestamp | None = None


class Authorizations(_Model):
    """Permissions the page relies on."""

    early_warning: Authorization | None = Field(
        None, description='Art. 7: needed to use "early warning" / 预警 in a title.'
    )


class Allow(_Model):
    """A person's acceptance of a content finding (SPEC §5)."""

    rule: str | None = Field(None, description="Code of an Article 4 content rule, e.g. CAC403.")
    reason: Text | None = Field(None, description="Why publishing this is acceptable.")
    approved_by: Text | None = None
    expires: Timestamp | None = None


class EarlyRelease(_Model):
    """MIIT Art. 9(1): publishing before a fix after a joint assessment with the vendor."""

    date: Timestamp | None = Field(None, description="When the joint assessment concluded.")
    parties: list[Text] = Field(
        default_factory=list, description="Who assessed it together (the vendor among them)."
    )
    reference: Text | None = Field(None, description="The assessment's record number.")


class Consent(_Model):
    """A recorded consent or review: who, when, which record."""

    date: Timestamp | None = None
    reference: Text | None = None
    by: Text | None = Field(None, description="Who gave it (an office or a person).")


class SharedWith(_Model):
    """MIIT Art. 9(7): a party the vulnerability was shared with before publication."""

    party: Text | None = Field(None, description="Organisation the details went to.")
    country: CountryCode | None = Field(None, description="ISO 3166 alpha-2 of the party.")
    role: Literal["product-provider", "other"] | None = Field(
        None, description="`product-provider` when the party makes the affected product."
    )
    date: Timestamp | None = None


class Revision(_Model):
    """One entry of an advisory's revision history (ISO/IEC 29147 §7.4)."""

    date: Timestamp | None = None
    summary: Text | None = None


class Advisory(_Model):
    """ISO/IEC 29147:2018 §7.4 advisory elements; a body section with the element's name
    (e.g. `## Affected products`) counts too."""

    identifier: Text | None = Field(None, description="Advisory ID or CVE ID.")
    date: Timestamp | None = Field(None, description="Date of first release.")
    title: Text | None = Field(None, description="Advisory title; default: the page title.")
    overview: Text | None = None
    affected_products: list[Text] = Field(default_factory=list)
    description: Text | None = None
    impact: Text | None = None
    severity: Text | None = Field(None, description="E.g. a CVSS score or vector.")
    remediation: Text | None = None
    references: list[Text] = Field(default_factory=list)
    credit: Text | None = None
    contact: Text | None = None
    revisions: list[Revision] = Field(default_factory=list)


class BreachNotice(_Model):
    """GDPR Art. 34(2) contents of a notice to data subjects; body sections count too."""

    nature: Text | None = Field(None, description="The nature of the personal data breach.")
    contact: Text | None = Field(None, description="Contact point (e.g. the DPO).")
    consequences: Text | None = Field(None, description="Likely consequences.")
    measures: Text | None = Field(None, description="Measures taken or proposed.")


class ThreatpubMeta(_Model):
    """Everything mkdocs-threatpub reads from a page, under the ``threatpub:`` key."""

    kind: Kind | None = Field(None, description="What the page is (Art. 12 categories).")
    published: Timestamp | None = Field(
        None, description="Intended publication time; default: the page's `date`, else now."
    )
    jurisdiction: Annotated[list[CountryCode] | None, BeforeValidator(_list_of)] = Field(
        None, description="ISO 3166 alpha-2 codes; default: the site's `jurisdiction`."
    )
    classification: str | None = Field(
        None, description="Anything other than `public` is never published (Art. 11)."
    )
    target: Target | None = None
    operator_opinion: OperatorOpinion | None = None
    repair: Repair | None = None
    incident: Incident | None = None
    scope: Scope | None = None
    notifications: list[Notification] = Field(default_factory=list)
    authorizations: Authorizations | None = None
    embargo_until: Timestamp | None = Field(
        None, description="Coordinated-disclosure embargo (ISO/IEC 29147 §5.6.8)."
    )
    publisher_role: PublisherRole | None = Field(
        None, description="Who publishes: vendor (MIIT Art. 7), controller (GDPR Art. 33) …"
    )
    discovered: Timestamp | None = Field(
        None, description="When the vulnerability was found or reported to the vendor."
    )
    early_release: EarlyRelease | None = None
    mps_consent: Consent | None = Field(
        None, description="MIIT Art. 9(6): public security's consent during a major event."
    )
    shared_before_publication: list[SharedWith] = Field(default_factory=list)
    legal_review: Consent | None = Field(
        None, description="MIIT Art. 9(7): legal review of sharing with foreign parties."
    )
    aware: Timestamp | None = Field(
        None, description="GDPR Art. 33(1): when the controller became aware of the breach."
    )
    delay_reasons: Text | None = Field(
        None, description="GDPR Art. 33(1): reasons why notice came after 72 hours."
    )
    advisory: Advisory | None = None
    breach_notice: BreachNotice | None = None
    allow: list[Allow] = Field(default_factory=list)


def model_at(path: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that owns the mapping at ``path`` (list indices skipped), if any."""
    model: type[BaseModel] = ThreatpubMeta
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        nested = _model_in(field.annotation)
        if nested is None:
            return None
        model = nested
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def front_matter_json_schema(meta_key: str = "threatpub") -> dict[str, Any]:
    """JSON Schema of a page's front matter, for editors (yaml-language-server)."""
    inner = ThreatpubMeta.model_json_schema()
    defs = inner.pop("$defs", {})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/mkdocs-threatpub/mkdocs-threatpub/schema/front-matter.json",
        "title": "mkdocs-threatpub front matter",
        "description": "Front matter of a threat-information page; other keys are not ours.",
        "type": "object",
        "properties": {meta_key: inner},
        "additionalProperties": True,
        "$defs": defs,
    }
