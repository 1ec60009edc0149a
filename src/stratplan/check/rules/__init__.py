"""The rule registry: every rule, listed explicitly (in this order), keyed by its stable code."""

from __future__ import annotations

from importlib import import_module

from stratplan.check.rules.base import FAMILIES, Finding, Rule

_MODULES = (
    "st101_duplicate_code",
    "st102_code_extends_parent",
    "st103_numbering_gap",
    "st104_printed_number",
    "st201_missing_required",
    "st202_missing_sources",
    "rf101_unknown_source",
    "rf102_unknown_executor",
    "rf103_line_source_not_listed",
    "rf104_duplicate_catalog_id",
    "rf105_unused_catalog_entry",
    "tm101_start_after_end",
    "tm102_outside_plan_period",
    "tm103_outside_parent",
    "tm104_outside_action_year",
    "bg101_amount_outside_term",
    "bg102_row_total_mismatch",
    "bg103_declared_total_mismatch",
    "bg104_children_do_not_add_up",
    "bg105_plan_total_mismatch",
    "bg106_own_and_children_differ",
    "bg107_unknown_without_note",
    "in101_target_outside_term",
    "mn101_unknown_node",
    "mn102_actual_source_not_planned",
    "mn103_actual_outside_term",
    "mn104_completed_without_date",
    "mn105_dates_out_of_order",
    "mn106_deviation_unexplained",
    "mn107_cancelled_without_reason",
    "mn108_unknown_indicator",
    "tx101_unfilled_blank",
    "tx102_other_community",
    "tx103_empty_title",
    "tx104_duplicate_title",
    "tx105_strategy_period_in_text",
    "tx106_result_repeats_title",
)

RULES: dict[str, Rule] = {
    rule.code: rule for rule in (Rule.from_module(import_module(f"stratplan.check.rules.{name}")) for name in _MODULES)
}

__all__ = ["FAMILIES", "RULES", "Finding", "Rule"]
