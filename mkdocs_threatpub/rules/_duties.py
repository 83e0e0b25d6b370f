"""Shared wording for the reporting rules (Art. 5, 6): one finding per unmet duty."""

from __future__ import annotations

from mkdocs_threatpub.core.context import Context
from mkdocs_threatpub.core.findings import Finding
from mkdocs_threatpub.core.notifications import Duty, counting
from mkdocs_threatpub.core.page import Page

AUTHORITY_NAMES = {
    "cac": "the cyberspace administration (网信部门)",
    "public-security": "the public security organ (公安机关)",
    "sector-regulator": "the sector regulator (行业主管部门)",
    "telecom": "the telecom authority (电信主管部门)",
    "miit": "MIIT (工业和信息化部)",
}


def duty_finding(
    code: str,
    page: Page,
    context: Context,
    duties: list[Duty],
    what: str,
    key_path: tuple[str | int, ...],
) -> Finding | None:
    """One finding listing every unmet duty of ``duties``; ``None`` when all are met."""
    missing: list[tuple[Duty, list[str]]] = []
    for duty in duties:
        good, misses = counting(page, context, duty)
        if not good:
            missing.append((duty, misses))
    if not missing:
        return None
    # The example must not itself be dated after a past `published` (META005).
    day = str(context.day(min(context.published(page), context.now)))
    needed = "; ".join(_describe(duty) for duty, _ in missing)
    near = [m for _, misses in missing for m in misses]
    # One `notifications:` key for every entry: pasted as is, the block must stay valid YAML
    # without a duplicate key (META003).
    examples = "  notifications:\n" + "\n".join(f"    {duty.entry(day)}" for duty, _ in missing)
    return Finding(
        code,
        page.line_of(*key_path),
        f"{what}: missing report(s), dated by the time the page goes public, to: {needed}",
        expected=needed,
        found="; ".join(near) if near else "no such notification",
        fix=f"record the report(s) under threatpub.notifications, for example:\n{examples}",
        key=page.key(*key_path),
    )


def _describe(duty: Duty) -> str:
    name = AUTHORITY_NAMES.get(duty.authority, duty.authority)
    parts = [name]
    level = duty.lowest_level()
    if level == "national":
        parts.append("at national level")
    elif level != "county":
        parts.append(f"at {level} level or higher")
    if duty.region:
        parts.append(f"covering region {duty.region}")
    if duty.sector:
        parts.append(f"for sector {duty.sector}")
    return " ".join(parts)
