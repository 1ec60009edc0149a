"""Reporting status: which monitoring reports a plan owes, whether they were filed, filled in and on time, and
whose strategy runs out.

A plan owes a report for every year of its period (an action plan for its one year); a half-year report is
welcome but not owed. A report is due by the last day of the `due_months`-th month after its period ends (by
default three: a year's report by 31 March of the next year). Its *state* says what the file holds:

- `missing`: there is no monitoring file for the period;
- `blank`: the file reports nothing yet (what `stratplan monitor init` writes);
- `partial`: something is reported, but an item active in the period has no status;
- `complete`: every item active in the period has a status.

Its *timeliness* compares the file's `submitted` date with the deadline: `on_time`, `late`, or `unknown` when
the file does not say when it was submitted. Without a file there is nothing to compare: given the date of
the question (`as_of`), a missing report is `not_due` until its deadline and `overdue` after it; without it,
simply `missing`. Nothing here reads a clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from stratplan.compute.monitoring import effective_term, is_item
from stratplan.model import AnyNode
from stratplan.model.monitoring import ItemReport, MonitoringFile, Period
from stratplan.plan.view import PlanView

DUE_MONTHS = 3
"""Months after a period's end by which its report is due, unless asked otherwise."""
STATES = ("missing", "blank", "partial", "complete")
TIMELINESS = ("on_time", "late", "unknown", "not_due", "overdue", "missing")


def deadline(period: Period, due_months: int = DUE_MONTHS) -> dt.date:
    """The last day of the `due_months`-th month after the period ends (2024 → 2025-03-31 for three months)."""
    end = period.end
    months = end.year * 12 + end.month - 1 + due_months
    year, month = divmod(months, 12)
    return dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def reported(item: ItemReport) -> bool:
    """True when an item's report holds anything: a status, a date, money, an indicator value or a comment."""
    return (item.status is not None or item.started is not None or item.completed is not None
            or item.comment is not None or any(v is not None for v in item.actual.values())
            or any(v is not None for v in item.indicators.values()))


@dataclass(frozen=True)
class Filing:
    """What one monitoring report of a plan holds, measured against the items active in its period."""

    state: str
    active: int
    """Items whose term (or an ancestor's) runs in the period."""
    with_status: int
    """Of those, the items the report gives a status."""
    in_file: int
    """Items the file mentions."""


def _spans(plan: PlanView) -> list[tuple[AnyNode, dt.date, dt.date]]:
    """Every monitored item with the first and last day of its term (or its nearest ancestor's), once per plan."""
    out = []
    for node in plan.walk():
        term = effective_term(plan, node) if is_item(plan, node) else None
        first, last = (term.first_day(), term.last_day()) if term is not None else (None, None)
        if first is not None and last is not None:
            out.append((node, first, last))
    return out


def active_items(plan: PlanView, period: Period) -> list[AnyNode]:
    """The items active in the period, as `compute.monitoring.active_nodes` finds them, from terms read once."""
    return [node for node, first, last in plan.memo("status_spans", _spans) if first <= period.end and last >= period.start]


def filing(plan: PlanView, report: MonitoringFile | None, period: Period) -> Filing:
    """The report's state (`missing`, `blank`, `partial` or `complete`) and its counts."""
    active = active_items(plan, period)
    if report is None:
        return Filing("missing", len(active), 0, 0)
    with_status = sum(1 for node in active if (item := report.items.get(node.code)) is not None
                      and item.status is not None)
    if not any(reported(item) for item in report.items.values()):
        state = "blank"
    else:
        state = "complete" if with_status == len(active) else "partial"
    return Filing(state, len(active), with_status, len(report.items))


def timeliness(submitted: dt.date | None, due: dt.date, filed: bool, as_of: dt.date | None = None) -> str:
    """`on_time`, `late` or `unknown` (no `submitted` date) for a filed report; for a missing one `not_due` or
    `overdue` as of a date, else `missing`."""
    if filed:
        if submitted is None:
            return "unknown"
        return "on_time" if submitted <= due else "late"
    if as_of is None:
        return "missing"
    return "not_due" if as_of <= due else "overdue"


def expected_years(plan: PlanView) -> list[int]:
    """The years a plan owes a report for: every year of its period (none when plan.yaml did not load)."""
    if plan.meta is None:
        return []
    period = plan.meta.document.period
    return list(range(period.start, period.end + 1))


def strategy_end(plan: PlanView) -> int | None:
    """The last year of the strategy a plan serves: the strategy's period for an action plan, else its own."""
    if plan.meta is None:
        return None
    document = plan.meta.document
    return (document.strategy_period or document.period).end


def expiry(end_year: int | None, reference: dt.date) -> str:
    """`expired` when the strategy ended before the reference date, `expiring` when it ends within a year of it
    (on the same day a year later at the latest), else empty."""
    if end_year is None:
        return ""
    last = dt.date(end_year, 12, 31)
    if last < reference:
        return "expired"
    return "expiring" if last <= _a_year_after(reference) else ""


def _a_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


VALIDATION = ("passes", "fails", "does_not_load")


def validation(loaded: bool, errors: int) -> str:
    """`does_not_load` (load errors: the plan has no tables), `fails` (findings of severity error) or `passes`."""
    return "does_not_load" if not loaded else "fails" if errors else "passes"


@dataclass(frozen=True)
class StatusLine:
    """One plan's standing for a period: the report it owes or filed, its validation and its strategy's end."""

    oblast: str | None
    community: str
    plan: str
    issuer_name: str | None
    kind: str | None
    period: str
    expected: bool
    state: str
    """`missing`, `blank`, `partial`, `complete`, `unknown` (the plan does not load) or `not_expected` (the period is
    outside the plan's and nothing was filed)."""
    file: str | None
    submitted: dt.date | None
    deadline: dt.date
    timeliness: str
    items_active: int
    items_with_status: int
    errors: int
    warnings: int
    validation: str
    strategy_end: int | None
    expiry: str


def status_lines(plans: list[dict[str, Any]], reports: list[dict[str, Any]], period: Period, *,
                 as_of: dt.date | None = None, due_months: int = DUE_MONTHS) -> list[StatusLine]:
    """Every plan's standing for the period, from the `plans` and `reports` table rows (as dicts), sorted by oblast,
    community and plan. Expiry is reckoned from `as_of`, else from the period's end."""
    filed = {(row["plan"], row["period"]): row for row in reports}
    due = deadline(period, due_months)
    reference = as_of or period.end
    lines = []
    for plan in plans:
        row = filed.get((plan["plan"], period.label))
        present = row is not None and row["file"] is not None
        if row is None:
            state, expected = "not_expected", False
        else:
            state, expected = row["state"], bool(row["expected"])
        submitted = row["submitted"] if row is not None else None
        lines.append(StatusLine(
            oblast=plan["oblast"], community=plan["community"], plan=plan["plan"], issuer_name=plan["issuer_name"],
            kind=plan["kind"], period=period.label, expected=expected, state=state,
            file=row["file"] if row is not None else None, submitted=submitted, deadline=due,
            timeliness=timeliness(submitted, due, present, as_of) if expected or present else "",
            items_active=row["items_active"] if row is not None else 0,
            items_with_status=row["items_with_status"] if row is not None else 0,
            errors=plan["errors"], warnings=plan["warnings"], validation=validation(plan["loaded"], plan["errors"]),
            strategy_end=plan["strategy_end"], expiry=expiry(plan["strategy_end"], reference)))
    return sorted(lines, key=lambda line: (line.oblast or "", line.community, line.plan))


@dataclass(frozen=True)
class Summary:
    """Counts over the status lines of a period."""

    plans: int
    expected: int
    by_state: dict[str, int]
    by_timeliness: dict[str, int]
    expiring: int
    expired: int
    failing: int
    """Plans failing validation (errors, or not loading at all)."""


def summary(lines: list[StatusLine]) -> Summary:
    """How many plans, reports owed, reports by state and timeliness, strategies expiring or expired, plans failing."""
    owed = [line for line in lines if line.expected]
    states = {state: sum(1 for line in owed if line.state == state) for state in (*STATES, "unknown")}
    timely = {kind: sum(1 for line in lines if line.timeliness == kind) for kind in TIMELINESS}
    return Summary(len(lines), len(owed), {k: v for k, v in states.items() if v},
                   {k: v for k, v in timely.items() if v}, sum(1 for line in lines if line.expiry == "expiring"),
                   sum(1 for line in lines if line.expiry == "expired"),
                   sum(1 for line in lines if line.validation != "passes"))
