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
from mkdocs_threatpub.core.clock import InvalidValue, parse_date_in_range
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
    "NotThreatInformation",
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


def _timestamp(value: object) -> object:
    return parse_date_in_range(value)


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
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
        value = str(value)
    octal = _octal(number)
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
            problem if octal is None else _with_octal(problem, octal, str(number)),
            None if octal is None else _octal_fix(octal),
        )
    if number is not None:
        found = t(
            f"the number {number}, not a six-digit GB/T 2260 code",
            f"数字 {number}，不是六位 GB/T 2260 行政区划代码",
        )
    else:
        found = _shown(value)
    raise InvalidValue(
        t(
            'a six-digit GB/T 2260 region code in quotes, such as "110105"',
            '加引号的六位 GB/T 2260 行政区划代码，如 "110105"',
        ),
        found if octal is None else _with_octal(found, octal, str(number)),
        t(
            'write the six-digit code in quotes, such as "110105" (a code never starts with 0)',
            '写成加引号的六位代码，如 "110105"（代码不以 0 开头）',
        )
        if octal is None
        else _octal_fix(octal),
    )


def _octal(number: int | None) -> str | None:
    """How ``number`` was written if YAML read it as octal (YAML 1.1: an unquoted number
    with a leading 0 is octal, so ``0320506`` arrives as 106822), when that spelling looks
    like a code written with a leading 0 (five or six digits after it)."""
    if number is None or number <= 0:
        return None
    digits = f"{number:o}"
    return f"0{digits}" if len(digits) in (5, 6) else None


def _with_octal(found: i18n.Text, octal: str, number: str) -> i18n.Text:
    return t(
        f"{found}; if it was written {octal} without quotes, YAML read that as the octal "
        f"number {number}",
        f"{zh(found)}；若原文为不加引号的 {octal}，YAML 会把以 0 开头的数字当作八进制数，"
        f"读成 {number}",
    )


def _octal_fix(octal: str) -> i18n.Text:
    digits = octal[1:]
    if len(digits) == 6 and region_problem(digits) is None:
        return t(
            f'put the code in quotes without a leading 0: "{digits}"',
            f'给代码加上引号，且不以 0 开头："{digits}"',
        )
    return t(
        'put the code in quotes, six digits without a leading 0, such as "110105"',
        '给代码加上引号，写成不以 0 开头的六位数字，如 "110105"',
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
        # A prefecture-level bureau has a prefecture code, and a national one covers the
        # whole country without a region; a mismatch is a typo either way, and counting it
        # at either level could satisfy a duty no bureau was told of.
        if not self.region or self.level is None:
            return self
        named = level_of(self.region)
        if named == self.level:
            return self
        level, region = self.level, self.region
        found = t(
            f"level {level} with region {region}, a {named}-level code",
            f"level 为 {level}，而 region {region} 是{LEVEL_NAMES_ZH[named]}代码",
        )
        if level == "national":
            raise InvalidValue(
                t(
                    "no region for level national (a national notice covers the whole "
                    "country), or a level that matches the region",
                    "level 为 national 时不写 region（国家级通报覆盖全国），"
                    "或写与 region 相符的 level",
                ),
                found,
                t(
                    f"drop `region` for a national notice, or set `level: {named}` if the "
                    f"notice went to the {named} bureau of {region}",
                    f"国家级通报请删除 `region`；若通报对象是 {region} 的"
                    f"{LEVEL_NAMES_ZH[named]}部门，请改为 `level: {named}`",
                ),
                problem=_DISAGREE,
            )
        at_level = _region_at(region, level)
        give = (
            t(f'set `region: "{at_level}"` (the {level} code)', f'改为 `region: "{at_level}"`')
            if at_level is not None
            else t(
                f"give the {level} bureau's own region code",
                f"填写该{LEVEL_NAMES_ZH[level]}部门所在地的代码",
            )
        )
        raise InvalidValue(
            t(
                f"a {level}-level region code for level {level}",
                f"与 level {level} 相符的{LEVEL_NAMES_ZH[level]}行政区划代码",
            ),
            found,
            t(
                f"{give}, or set `level: {named}` if the notice went to the {named} bureau "
                f"of {region}",
                f"{zh(give)}；若通报对象是 {region} 的"
                f"{LEVEL_NAMES_ZH[named]}部门，请改为 `level: {named}`",
            ),
            problem=_DISAGREE,
        )


_DISAGREE = t("the notification's level and region disagree", "该通报的 level 与 region 不一致")


def _region_at(region: str, level: str) -> str | None:
    """The code of ``level`` that contains ``region``, when the code names it (a county
    code names its prefecture and province; a province code names no county)."""
    if level == "provincial":
        return region[:2] + "0000"
    if level == "prefecture" and region[2:4] != "00":
        return region[:4] + "00"
    return None


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


class NotThreatInformation(_Model):
    """A person's declaration that the page is not threat information (META030), with why."""

    reason: Text | None = Field(
        None, description="Why the page is not threat information (CAC draft Art. 12)."
    )
    approved_by: Text | None = Field(None, description="Who reviewed the page.")


# The keys a page declared not threat information may still carry: its jurisdiction, and
# acceptances of Article 4 content findings (scan_all_pages still scans it).
_NOT_THREAT_KEYS = frozenset(("not_threat_information", "allow", "jurisdiction"))


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
    not_threat_information: NotThreatInformation | None = Field(
        None,
        description="META030 opt-out: the page is not threat information (Art. 12); give a "
        "`reason`. The page is then judged as a page without a block.",
    )

    @model_validator(mode="after")
    def _not_threat_alone(self) -> ThreatpubMeta:
        # A page cannot both declare what threat information it is and that it is none.
        if self.not_threat_information is None:
            return self
        others = sorted(self.model_fields_set - _NOT_THREAT_KEYS)
        if not others:
            return self
        keys = ", ".join(others)
        raise InvalidValue(
            t(
                "`not_threat_information` alone (with `allow` or `jurisdiction` at most), or "
                "a threat-information block without it",
                "单独使用 `not_threat_information`（最多另有 `allow` 或 `jurisdiction`），"
                "或不含它的威胁信息块",
            ),
            t(
                f"`not_threat_information` together with {keys}",
                f"`not_threat_information` 与 {keys} 同时出现",
            ),
            t(
                "remove `not_threat_information` if the page is threat information, or the "
                f"other keys ({keys}) if it is not",
                "若本页属于网络安全威胁信息，请删除 `not_threat_information`；若不属于，"
                f"请删除其他键（{keys}）",
            ),
            problem=t(
                "the block declares the page both threat information and not",
                "该块既声明本页属于网络安全威胁信息，又声明不属于",
            ),
        )


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
