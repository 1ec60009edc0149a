"""What a plan's monitoring says across years: the result types of `compute.progress` (kept apart so that a
single period's `Comparison` can carry them without importing the computation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from stratplan.core.numbers import percent
from stratplan.model.monitoring import Status

DONE: tuple[Status, ...] = ("completed", "cancelled")


@dataclass(frozen=True)
class YearMoney:
    """One year: planned and actual money, and the running sums since the first year."""

    year: int
    planned: Decimal
    planned_unknown: bool
    actual: Decimal | None  # None: no whole-year report for the year
    file: str | None
    cumulative_planned: Decimal
    cumulative_planned_unknown: bool
    cumulative_actual: Decimal | None  # over the years with a report; None while none has one
    unreported: tuple[int, ...]  # years since the first one that have no report

    @property
    def rate(self) -> Decimal | None:
        """The year's actual as a percentage of its planned money."""
        return None if self.actual is None else percent(self.actual, self.planned)

    @property
    def cumulative_rate(self) -> Decimal | None:
        """Actual since the first year as a percentage of planned since then; None while a year lacks a report."""
        if self.cumulative_actual is None or self.unreported:
            return None
        return percent(self.cumulative_actual, self.cumulative_planned)


@dataclass(frozen=True)
class IndicatorYear:
    """One indicator in one year: its target, the value reported for the year, and what is compared."""

    year: int
    target: Decimal | None
    value: Decimal | None
    achieved: Decimal | None  # the value, or for a cumulative indicator the running total
    complete: bool  # False when a year the running total needs has no report
    achievement: Decimal | None


@dataclass(frozen=True)
class IndicatorProgress:
    """An indicator with targets or values in the years shown."""

    code: str
    position: int
    text: str
    unit: str | None
    direction: str
    cumulative: bool
    years: list[IndicatorYear]


@dataclass(frozen=True)
class OverdueItem:
    """An item whose term ended in an earlier year and which is not reported completed or cancelled."""

    code: str
    title: str
    term: str
    term_end: int
    years_overdue: int
    status: str  # the latest status reported, or `not reported`
    reported_in: str | None  # the period of the report that gave it


@dataclass
class Progress:
    """Everything across years for one plan: `since` to `year`."""

    since: int
    year: int
    money: list[YearMoney] = field(default_factory=list)
    indicators: list[IndicatorProgress] = field(default_factory=list)
    overdue: list[OverdueItem] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        """The years shown, in order."""
        return list(range(self.since, self.year + 1))

    @property
    def reported_years(self) -> list[int]:
        """The years that have a whole-year report."""
        return [line.year for line in self.money if line.actual is not None]
