"""`diff` over many plans as a per-plan job for `batch.stream`: each plan's comparison of its monitoring report for
a period with the plan (and its progress since a year), cached per content, period and year; or the plan's load
errors, or why it has no comparison (no report for the period, a year outside its period)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stratplan.compute.monitoring import Comparison
from stratplan.core.diagnostics import Diagnostic, Severity, UsageError
from stratplan.core.numbers import exact
from stratplan.io.cache import FORMAT as CACHE_FORMAT
from stratplan.io.paths import MONITORING_DIR
from stratplan.model.monitoring import MonitoringFile, Period
from stratplan.pipeline.codec import from_data, to_data
from stratplan.pipeline.entries import diagnostic_rows, diagnostics_from_rows
from stratplan.plan.view import PlanView


@dataclass(frozen=True)
class DiffOutcome:
    """One plan folder's comparison, or the errors that keep it from loading, or why it has none (`problem`)."""

    errors: list[Diagnostic]
    result: Comparison | None
    problem: str = ""


def year_problem(view: PlanView, display_root: str, year: int, given: str) -> str:
    """Why a year given as an option (`--year 2030`) does not fit the plan period (the strategy's, for an action
    plan); empty when it fits."""
    meta = view.meta
    assert meta is not None  # loaded without errors
    period = meta.document.strategy_period or meta.document.period
    if period.start <= year <= period.end:
        return ""
    return (f"{given} is outside the plan period {period.start}–{period.end} of {display_root}; give a year from "
            f"{period.start} to {period.end}")


def plan_progress(view: PlanView, display_root: str, year: int, since: int, found: tuple[str, MonitoringFile]) -> Any:
    """The plan's progress from `since`, its own reports with the period's (which may come from elsewhere);
    UsageError when `since` does not fit."""
    from stratplan.compute.progress import progress

    problem = year_problem(view, display_root, since, f"--since {since}")
    if problem:
        raise UsageError(problem)
    if since > year:
        raise UsageError(f"--since {since} is after the period {year}; give a year from the plan's start to {year}")
    reports = {file: r for file, r in view.monitoring.items() if r.period != found[1].period}
    return progress(view, year, since, {**reports, found[0]: found[1]})


def no_report(display_root: str, period: Period) -> str:
    """The message for a plan without a monitoring report for the period."""
    return (f"{display_root}: no monitoring report for {period.label} in "
            f"{os.path.join(display_root, MONITORING_DIR)}; create one with "
            f"'stratplan monitor init {display_root} --period {period.label}'")


def encode_diff(outcome: DiffOutcome) -> str:
    """An outcome as cache entry text (amounts as exact decimal strings)."""
    return json.dumps({"format": CACHE_FORMAT, "errors": diagnostic_rows(outcome.errors), "problem": outcome.problem,
                       "result": to_data(outcome.result) if outcome.result is not None else None}, ensure_ascii=False)


def decode_diff(text: str) -> DiffOutcome:
    """An outcome back from `encode_diff`; ValueError (or TypeError, KeyError) when it is not exactly that."""
    data = json.loads(text)
    if data.get("format") != CACHE_FORMAT or type(data.get("problem")) is not str:
        raise ValueError("not a stratplan diff cache entry")
    result = data["result"]
    return DiffOutcome(diagnostics_from_rows(data["errors"]), None if result is None else from_data(Comparison, result),
                       data["problem"])


@dataclass(frozen=True)
class DiffJob:
    """`diff` as a per-plan job: a plan's comparison for the period (with its progress from `since`)."""

    period: Period
    since: int | None = None
    kind: str = "diff"

    def asked(self) -> str:
        return json.dumps([self.period.label, self.since])

    @exact
    def compute(self, root: Path) -> tuple[DiffOutcome, Mapping[str, bytes]]:
        from stratplan.compute import monitoring
        from stratplan.plan.loader import load_plan

        plan = load_plan(root)
        errors = [d for d in plan.diagnostics if d.severity is Severity.ERROR]
        if errors:
            return DiffOutcome(errors, None), plan.read_digests
        found = monitoring.find_report(plan.view, self.period)
        if found is None:
            return DiffOutcome([], None, no_report(plan.display_root, self.period)), plan.read_digests
        result = monitoring.compare(plan.view, *found)
        if self.since is not None:
            try:
                result.progress = plan_progress(plan.view, plan.display_root, self.period.year, self.since, found)
            except UsageError as exc:
                return DiffOutcome([], None, str(exc)), plan.read_digests
        return DiffOutcome([], result), plan.read_digests

    def encode(self, result: DiffOutcome) -> str:
        return encode_diff(result)

    def decode(self, text: str) -> DiffOutcome:
        return decode_diff(text)
