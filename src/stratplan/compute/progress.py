"""Across years: execution since the start, indicators by year against targets, items overdue from earlier years.

One function over a plan and its monitoring reports (`progress`), used by the report and by `stratplan diff
--since`. A year's figures are those of its whole-year report compared with the plan (`compare`), so a year
here says exactly what `diff --period YEAR` says; half-year reports give statuses, not money.

- **Money.** Per year: planned money (the budget rollup, as everywhere) and the actual money of that year's
  report (each branch counted once). Running sums from `since`: planned over every year, actual over the
  years that have a report; the cumulative execution rate is shown only while every year so far has one.
- **Indicators.** Per year, the target and the value reported for that year. An indicator marked
  `cumulative: true` counts a running total: its target for a year is compared with the sum of the values
  reported for every year from the start of its item's term (or of the plan) to that year, and the sum is
  incomplete while one of those years has no report. Other indicators compare each year's own value.
- **Overdue from earlier years.** Items whose term ended before the reporting year and which the latest
  report up to that year does not call completed or cancelled.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from stratplan.compute.monitoring import achievement, compare, effective_term
from stratplan.compute.rollup import PlanBudget, plan_budget
from stratplan.compute.years import DONE, IndicatorProgress, IndicatorYear, OverdueItem, Progress, YearMoney
from stratplan.model import AnyNode, Indicator
from stratplan.model.monitoring import MonitoringFile
from stratplan.plan.view import PlanView


def year_reports(reports: Mapping[str, MonitoringFile]) -> dict[int, tuple[str, MonitoringFile]]:
    """Whole-year reports by year (the first file in name order when two report on one year)."""
    found: dict[int, tuple[str, MonitoringFile]] = {}
    for file, report in sorted(reports.items()):
        if report.period.half is None:
            found.setdefault(report.period.year, (file, report))
    return found


def progress(plan: PlanView, year: int, since: int, reports: Mapping[str, MonitoringFile] | None = None,
             budget: PlanBudget | None = None) -> Progress:
    """The plan's progress from `since` to `year` by its monitoring reports (`reports` replaces the plan's own)."""
    chosen = plan.monitoring if reports is None else reports
    budget = budget or plan_budget(plan, [])
    by_year = year_reports(chosen)
    result = Progress(since, year)
    result.money = _money(plan, budget, by_year, since, year)
    result.indicators = _indicators(plan, by_year, since, year)
    result.overdue = _overdue(plan, chosen, year)
    return result


def _planned(budget: PlanBudget, year: int) -> tuple[Decimal, bool]:
    planned = sum((row.amount for row in budget.rows
                   if row.level == "plan" and row.basis == "computed" and row.year == year), Decimal(0))
    unknown = any(item.level == "plan" and item.basis == "computed" and item.year == year for item in budget.unknown)
    return planned, unknown


def _money(plan: PlanView, budget: PlanBudget, by_year: dict[int, tuple[str, MonitoringFile]], since: int,
           year: int) -> list[YearMoney]:
    lines: list[YearMoney] = []
    total_planned, total_unknown = Decimal(0), False
    total_actual: Decimal | None = None
    unreported: list[int] = []
    for current in range(since, year + 1):
        planned, unknown = _planned(budget, current)
        found = by_year.get(current)
        actual = None
        if found is not None:
            comparison = compare(plan, *found, budget=budget)
            actual = sum((e.actual for e in comparison.by_source.values()), Decimal(0))
            total_actual = (total_actual or Decimal(0)) + actual
        else:
            unreported.append(current)
        total_planned += planned
        total_unknown = total_unknown or unknown
        lines.append(YearMoney(current, planned, unknown, actual, found[0] if found else None, total_planned,
                               total_unknown, total_actual, tuple(unreported)))
    return lines


def _count_from(plan: PlanView, node: AnyNode) -> int | None:
    """The first year a running total counts: the item's term start, else the plan's."""
    term = effective_term(plan, node)
    if term is not None and term.start is not None:
        return term.start
    meta = plan.meta
    if meta is None:
        return None
    return (meta.document.strategy_period or meta.document.period).start


def _values(by_year: dict[int, tuple[str, MonitoringFile]], code: str, position: int) -> dict[int, Decimal | None]:
    """What each year's report gives for the indicator; a year with a report but no value maps to None."""
    values: dict[int, Decimal | None] = {}
    for report_year, (_file, report) in by_year.items():
        item = report.items.get(code)
        values[report_year] = item.indicators.get(position) if item else None
    return values


def _indicator_year(indicator: Indicator, current: int, values: dict[int, Decimal | None],
                    first: int | None) -> IndicatorYear:
    target = indicator.targets.get(current)
    value = values.get(current)
    achieved, complete = value, value is not None
    if indicator.cumulative and first is not None:
        counted = [values.get(y) for y in range(first, current + 1)]
        complete = all(v is not None for v in counted)
        known = [v for v in counted if v is not None]
        achieved = sum(known, Decimal(0)) if known else None
    rate = None
    if target is not None and achieved is not None and complete:
        rate = achievement(indicator, Decimal(target), achieved)
    return IndicatorYear(current, None if target is None else Decimal(target), value, achieved, complete, rate)


def _indicators(plan: PlanView, by_year: dict[int, tuple[str, MonitoringFile]], since: int,
                year: int) -> list[IndicatorProgress]:
    out = []
    for node in plan.walk():
        for position, indicator in enumerate(node.indicators, start=1):
            values = _values(by_year, node.code, position)
            first = _count_from(plan, node) if indicator.cumulative else None
            years = [_indicator_year(indicator, y, values, first) for y in range(since, year + 1)]
            if any(y.target is not None or y.value is not None for y in years):
                out.append(IndicatorProgress(node.code, position, indicator.text, indicator.unit,
                                             indicator.direction or "increase", bool(indicator.cumulative), years))
    return out


def _latest_status(reports: Mapping[str, MonitoringFile], code: str, year: int) -> tuple[str, str | None]:
    """The status the latest report up to the year's end gives the item (half-years before their year)."""
    ordered = sorted((r for r in reports.values() if r.period.year <= year),
                     key=lambda r: (r.period.year, r.period.half or 3))
    status: tuple[str, str | None] = ("not reported", None)
    for report in ordered:
        item = report.items.get(code)
        if item is not None and item.status is not None:
            status = (item.status, report.period.label)
    return status


def _overdue(plan: PlanView, reports: Mapping[str, MonitoringFile], year: int) -> list[OverdueItem]:
    out = []
    for node in plan.walk():
        if plan.parent(node) is None:
            continue
        term = effective_term(plan, node)
        if term is None or term.end is None or term.end >= year:
            continue
        status, reported_in = _latest_status(reports, node.code, year)
        if status in DONE:
            continue
        text = term.as_written or f"{term.start}–{term.end}"
        out.append(OverdueItem(node.code, node.title, text, term.end, year - term.end, status, reported_in))
    return out
