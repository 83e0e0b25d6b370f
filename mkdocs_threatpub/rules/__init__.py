"""The rule registry: every rule, one module each, listed here explicitly.

Adding a rule: write ``rules/<code>_<name>.py`` exporting ``RULE`` (code, name, source,
default action, docs, check), add it to ``ALL_RULES`` and give it a test file.
"""

from __future__ import annotations

from mkdocs_threatpub.core.rule import Rule
from mkdocs_threatpub.rules import (
    cac110_state_secret,
    cac300_speculative_wording,
    cac401_malicious_code,
    cac402_attack_tool,
    cac403_reproduction_steps,
    cac404_leaked_data,
    cac405_network_details,
    cac406_assessment_report,
    cac407_harmful_content,
    cac500_incident_not_reported,
    cac601_regional_report_not_reported,
    cac602_sector_report_not_reported,
    cac603_national_report_not_reported,
    cac700_early_warning_title,
    cac801_operator_opinion_missing,
    cac900_taken_down,
    cac901_takedown_not_reported,
    late001_late_content_violation,
    leak001_held_content_in_output,
    link001_link_to_held_page,
    meta001_front_matter_unparsable,
    meta002_unknown_key,
    meta003_invalid_value,
    meta004_missing_field,
    meta005_inconsistent_dates,
    meta006_scheduled,
    meta010_suppression_without_reason,
    meta011_suppression_unused,
    meta020_internal_error,
)

__all__ = ["ALL_RULES", "RULES_BY_CODE"]

ALL_RULES: tuple[Rule, ...] = (
    meta001_front_matter_unparsable.RULE,
    meta002_unknown_key.RULE,
    meta003_invalid_value.RULE,
    meta004_missing_field.RULE,
    meta005_inconsistent_dates.RULE,
    meta006_scheduled.RULE,
    meta010_suppression_without_reason.RULE,
    meta011_suppression_unused.RULE,
    meta020_internal_error.RULE,
    late001_late_content_violation.RULE,
    leak001_held_content_in_output.RULE,
    link001_link_to_held_page.RULE,
    cac300_speculative_wording.RULE,
    cac401_malicious_code.RULE,
    cac402_attack_tool.RULE,
    cac403_reproduction_steps.RULE,
    cac404_leaked_data.RULE,
    cac405_network_details.RULE,
    cac406_assessment_report.RULE,
    cac407_harmful_content.RULE,
    cac500_incident_not_reported.RULE,
    cac601_regional_report_not_reported.RULE,
    cac602_sector_report_not_reported.RULE,
    cac603_national_report_not_reported.RULE,
    cac700_early_warning_title.RULE,
    cac801_operator_opinion_missing.RULE,
    cac900_taken_down.RULE,
    cac901_takedown_not_reported.RULE,
    cac110_state_secret.RULE,
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}
