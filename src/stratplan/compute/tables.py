"""Plans as tidy tables, for SQL engines and open data: one row type per table, every column described.

`compute.tabulate.plan_tables` turns one plan (its view, its findings) into rows of every table below; this
module holds only the tables' shape, so reading an export needs no model or rule. Money comes from the
same computations as every other figure: planned money is the budget rollup's rows (`plan_budget`, every
level), execution and the schedule are `stratplan diff`'s comparison of each monitoring report, the reports'
state is `compute.status`'s. So a total over these rows is the total `budget` or `diff` prints.

Keys are stable across runs and machines: a plan is `<community>/<document kind>/<start>-<end>` (the issuer's
slug, e.g. `melitopol/strategy/2021-2027`), a node its path of codes from the top (`1/1.2/1.2.4`), a period
`2023` or `2023-H1`. Every row carries its plan's `oblast` (the name as written without the word "область":
`Харківська`, whether the plan wrote `Харківська` or `Харківська область`), by which exports are partitioned,
and rows of a year (planned money, targets, monitoring) carry their `year`.

Money is `Decimal`, in the plan's unit (`unit`: `thousand_uah` or `uah`), exact to `SCALE` decimal places
(a plan amount with more is refused rather than rounded). Rows hold no positions in YAML files except the
findings' own, which are relative to the plan folder.
"""

from __future__ import annotations

import datetime as dt
import typing
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from stratplan.core.diagnostics import UsageError

SCALE = 6
"""Decimal places every amount is kept to (decimal128(38, 6) in Parquet)."""
PRECISION = 38
JOIN = "; "
TABLES_VERSION = 1


def describe(doc: str) -> Any:
    """A column: its description (what the data package and the Parquet schema say about it)."""
    return field(metadata={"doc": doc})


PLAN = ("the plan's key: `<community>/<document kind>/<start>-<end>`, e.g. `melitopol/strategy/2021-2027` (its "
        "folder when plan.yaml does not load)")
COMMUNITY = "the issuer's slug (a community's, district's or oblast's), e.g. `melitopol`"
OBLAST = ("the oblast, as the plan names it without the word \"область\" (`Запорізька`); the oblast's own name for an "
          "oblast's plan")
NODE = ("the node's path of codes from the top, separated by `/` (`1/1.2/1.2.4`; a code repeated among siblings "
        "gets `~2`, `~3`, …)")
CODE = "the node's code as the document numbers it (`1.2.4`)"
PERIOD = "the monitoring period: a year (`2023`) or a half-year (`2023-H1`)"
PERIOD_YEAR = "the year of the monitoring period"
UNIT = "the unit of every amount of the plan: `thousand_uah` (тис. грн) or `uah` (грн)"


@dataclass(frozen=True)
class PlanRow:
    """One row per plan: who issued it, the document, its period, unit and validation counts."""

    oblast: str | None = describe(OBLAST)
    plan: str = describe(PLAN)
    community: str = describe(COMMUNITY)
    katottg: str | None = describe("the issuer's КАТОТТГ code (UA and 17 digits), when the plan gives it")
    issuer_type: str | None = describe("who adopts the plan: `community`, `district` or `oblast`")
    issuer_name: str | None = describe("the issuer's name as written (`Мелітопольська міська територіальна громада`)")
    oblast_as_written: str | None = describe("the oblast as the plan writes it")
    district: str | None = describe("the district (район), when the plan gives it")
    title: str | None = describe("the document's title as written")
    kind: str | None = describe("the document's kind: `strategy`, `action_plan` or `programme`")
    status: str | None = describe("the document's status: `draft`, `adopted` or `amended`, when given")
    decision_date: dt.date | None = describe("the date of the adopting decision, when given")
    decision_number: str | None = describe("the number of the adopting decision, when given")
    period_start: int | None = describe("the first year of the plan's period")
    period_end: int | None = describe("the last year of the plan's period")
    action_plan_year: int | None = describe("the year of an action plan")
    strategy_end: int | None = describe("the last year of the strategy the plan serves (the strategy's period for an "
                                   "action plan, else the plan's own)")
    unit: str = describe(UNIT)
    levels: str = describe("the levels the document uses, top-down, separated by `; ` (`strategic_goal; "
                      "operational_goal; task`)")
    nodes: int = describe("nodes of the goal tree (0 when the plan did not load)")
    budget_status: str | None = describe("what the plan gives for money: `amounts`, `declared_only`, `markers_only`, "
                                    "`sources_only` or `no_funding`")
    loaded: bool = describe("true when the plan loaded without errors; a plan that did not load has no nodes, money or "
                       "monitoring rows, only its findings")
    errors: int = describe("validation findings of severity error")
    warnings: int = describe("validation findings of severity warning")
    infos: int = describe("validation findings of severity info")


@dataclass(frozen=True)
class NodeRow:
    """One row per node of the goal tree (strategic goal, operational goal, task, measure)."""

    oblast: str | None = describe(OBLAST)
    plan: str = describe(PLAN)
    community: str = describe(COMMUNITY)
    node: str = describe(NODE)
    code: str = describe(CODE)
    parent: str | None = describe("the parent node's path (empty for a top-level node)")
    position: int = describe("the node's place in document order within the plan, from 1")
    depth: int = describe("0 for a top-level node, 1 for its children, and so on")
    level: str = describe("the node's level: `strategic_goal`, `operational_goal`, `task` or `measure`")
    level_name: str = describe("the document's own name of the level (`Операційна ціль`)")
    title: str | None = describe("the node's title as written")
    expected_result: str | None = describe("the expected result as written")
    term_start: str | None = describe("the start of the node's own term: `2021`, `2021-H2`, `2024-Q1` or a date")
    term_end: str | None = describe("the end of the node's own term, in the same forms")
    term_first_day: dt.date | None = describe("the first day of the node's own term")
    term_last_day: dt.date | None = describe("the last day of the node's own term")
    term_as_written: str | None = describe("the term as the document words it")
    term_unknown: bool = describe("true when the node's term is declared unknown")
    executors: str | None = describe("responsible executors (abbreviation or name), separated by `; `")
    sources: str | None = describe("funding-source ids the node names, separated by `; `")
    carries_money: bool = describe("true when the node's own planned lines give its money (else its children's do)")
    indicators: int = describe("result indicators of the node")


@dataclass(frozen=True)
class IndicatorRow:
    """One row per result indicator of a node."""

    oblast: str | None = describe(OBLAST)
    plan: str = describe(PLAN)
    community: str = describe(COMMUNITY)
    node: str = describe(NODE)
    code: str = describe(CODE)
    position: int = describe("the indicator's place in the node's list, from 1 (monitoring reports name it so)")
    text: str = describe("the indicator as the document words it")
    unit: str | None = describe("its unit, when given")
    direction: str | None = describe("`increase`, `decrease` or `maintain`, when given")
    cumulative: bool | None = describe("true when targets are running totals, false when per year; empty when not said")
    baseline: Decimal | None = describe("the baseline value")
    baseline_year: int | None = describe("the year of the baseline")
    targets: int = describe("years with a numeric target (rows of `targets`)")


@dataclass(frozen=True)
class TargetRow:
    """One row per indicator and year with a numeric target."""

    oblast: str | None = describe(OBLAST)
    year: int = describe("the year of the target")
    plan: str = describe(PLAN)
    community: str = describe(COMMUNITY)
    node: str = describe(NODE)
    code: str = describe(CODE)
    position: int = describe("the indicator's place in the node's list, from 1")
    target: Decimal = describe("the target value")


@dataclass(frozen=True)
class PlannedRow:
    """Planned money as `stratplan budget` computes it: per node (every level) and for the whole plan, per year and
    funding source, computed from the planned lines or declared as the document prints it."""

    oblast: str | None = describe(OBLAST)
    year: int | None = describe("the year; empty for money given for the whole period only (basis `period_total`, a "
                           "declared whole-period total, a funding marker)")
    plan: str = describe(PLAN)
    community: str = describe(COMMUNITY)
    level: str = describe("`plan` for the plan's total, else the node's level")
    node: str | None = describe(NODE + "; empty for the plan's total")
    code: str | None = describe(CODE + "; empty for the plan's total")
    top_level: bool = describe("true for a top-level node (a strategic goal in a strategy)")
    counted: bool = describe("true when the node's own lines are what the plan's total counts (it carries money and no node "
                        "above it does): summing such rows gives the plan's total")
    source: str = describe("the funding-source id, or `all` where the money is not split by source")
    source_kind: str | None = describe("the source's kind from the plan's catalog: `local_budget`, `state_budget`, "
                                  "`oblast_budget`, `attracted` or `other`")
    basis: str = describe("`computed` (from planned lines), `period_total` (a line giving only a whole-period total), "
                     "`declared` (a total the document prints), `unknown` / `declared_unknown` (the amount was lost: "
                     "never 0), or a funding marker (`within_appropriations`, `not_required`, `annual_budget`)")
    amount: Decimal | None = describe("the amount in the plan's unit, exact; empty when unknown or a marker")
    unit: str = describe(UNIT)
    nodes: str | None = describe("for `unknown` rows the codes of the nodes whose amounts are lost, for markers the nodes "
                            "that carry them, separated by `; `")


@dataclass(frozen=True)
class ReportRow:
    """One row per monitoring report a plan owes (each year of its period) or has filed (a year or half-year)."""

    oblast: str | None = describe(OBLAST)
    year: int = describe(PERIOD_YEAR)
    plan: str = describe(PLAN)
    community: str = describe(COMMUNITY)
    period: str = describe(PERIOD)
    half: int | None = describe("1 or 2 for a half-year period")
    period_end: dt.date = describe("the last day of the period")
    expected: bool = describe("true when the plan owes this report (the year lies in the plan's period)")
    file: str | None = describe("the monitoring file, relative to the plan folder (`monitoring/2023.yaml`)")
    illustrative: bool | None = describe("true for a report with illustrative, not real, figures")
    state: str = describe("`missing` (no file), `blank` (nothing reported yet), `partial` (an active item has no status), "
                          "`complete`, or `unknown` when the plan does not load")
    submitted: dt.date | None = describe("the day the report was submitted, as the file says")
    deadline: dt.date = describe("the day the report is due: the last day of the third month after the period "
                                     "(`stratplan status --due-months` counts otherwise)")
    timeliness: str = describe("`on_time` or `late` (submitted against the deadline), `unknown` (no submitted date) or "
                          "`missing` (no file)")
    items_active: int = describe("items whose term runs in the period")
    items_with_status: int = describe("of those, the items the report gives a status")
    items_in_file: int = describe("items the file mentions")


@dataclass(frozen=True)
class ProgressRow:
    """One row per item of a monitoring report: its status and dates."""

    oblast: str | None = describe(OBLAST)
    year: int = describe(PERIOD_YEAR)
    plan: str = describe(PLAN)
    community: str = describe(COMMUNITY)
    period: str = describe(PERIOD)
    node: str | None = describe(NODE + "; empty when the code is not in the plan")
    code: str = describe("the item's code as the report gives it")
    status: str | None = describe("`not_started`, `in_progress`, `completed`, `postponed` or `cancelled`; empty when not "
                             "reported")
    started: dt.date | None = describe("the day the item started")
    completed: dt.date | None = describe("the day the item was completed")
    comment: str | None = describe("the report's comment")


@dataclass(frozen=True)
class ActualRow:
    """Actual money a monitoring report gives, per item and funding source."""

    oblast: str | None = describe(OBLAST)
    year: int = describe(PERIOD_YEAR)
    plan: str = describe(PLAN)
    community: str = describe(COMMUNITY)
    period: str = describe(PERIOD)
    node: str | None = describe(NODE + "; empty when the code is not in the plan")
    code: str = describe("the item's code as the report gives it")
    source: str = describe("the funding-source id, or `all`")
    amount: Decimal = describe("the amount spent in the period, in the plan's unit, exact")
    unit: str = describe(UNIT)


@dataclass(frozen=True)
class IndicatorValueRow:
    """Indicator values a monitoring report gives."""

    oblast: str | None = describe(OBLAST)
    year: int = describe(PERIOD_YEAR)
    plan: str = describe(PLAN)
    community: str = describe(COMMUNITY)
    period: str = describe(PERIOD)
    node: str | None = describe(NODE + "; empty when the code is not in the plan")
    code: str = describe("the item's code as the report gives it")
    position: int = describe("the indicator's place in the node's list, from 1")
    value: Decimal = describe("the value reported")


@dataclass(frozen=True)
class ScheduleRow:
    """Items late by a monitoring report, as `stratplan diff` lists them."""

    oblast: str | None = describe(OBLAST)
    year: int = describe(PERIOD_YEAR)
    plan: str = describe(PLAN)
    community: str = describe(COMMUNITY)
    period: str = describe(PERIOD)
    node: str | None = describe(NODE)
    code: str = describe(CODE)
    kind: str = describe("`overdue` (term ended by the period's end, not completed), `completed_late` or `not_started` "
                    "(term began, not started)")
    term: str | None = describe("the item's term (as written, else its span)")
    status: str = describe("the status reported, or `not reported`")
    detail: str = describe("what `stratplan diff` says about it")


@dataclass(frozen=True)
class ExecutionRow:
    """Planned against actual money of a monitoring report, as `stratplan diff` totals it: per funding source (the
    plan's money, each branch counted once) and per level (each level a complete view)."""

    oblast: str | None = describe(OBLAST)
    year: int = describe(PERIOD_YEAR)
    plan: str = describe(PLAN)
    community: str = describe(COMMUNITY)
    period: str = describe(PERIOD)
    breakdown: str = describe("`source` (per funding source) or `level` (per level of the tree)")
    category: str = describe("the funding-source id (or `all`), or the level")
    planned: Decimal = describe("money planned for the period's year, in the plan's unit (known part only when "
                           "`planned_unknown`)")
    planned_unknown: bool = describe("true when part of the planned money is unknown")
    actual: Decimal | None = describe("money spent, in the plan's unit; empty while nothing is reported")
    unit: str = describe(UNIT)


@dataclass(frozen=True)
class FindingRow:
    """Validation findings, as `stratplan validate` reports them."""

    oblast: str | None = describe(OBLAST)
    plan: str = describe(PLAN)
    community: str = describe(COMMUNITY)
    code: str = describe("the problem code (`BG104`)")
    severity: str = describe("`error`, `warning` or `info`")
    rule: str | None = describe("the rule's name (`children-do-not-add-up`); empty for the loader's and schema's codes")
    message: str = describe("what is wrong")
    file: str = describe("the file, relative to the plan folder (`goals/sg1.yaml`)")
    line: int = describe("the line, from 1 (0 for a whole file)")
    col: int = describe("the column, from 1 (0 for a whole file)")
    path: str | None = describe("the node and field it is about (`SG1 › declared_total › years`)")


@dataclass(frozen=True)
class Table:
    """A table: its name, row type, what it holds, its key and the columns an export is partitioned by."""

    name: str
    row: type[Any]
    key: tuple[str, ...]
    partition: tuple[str, ...]

    @property
    def description(self) -> str:
        """What one row is."""
        return " ".join((self.row.__doc__ or "").split())


TABLES: tuple[Table, ...] = (
    Table("plans", PlanRow, ("plan",), ("oblast",)),
    Table("nodes", NodeRow, ("plan", "node"), ("oblast",)),
    Table("indicators", IndicatorRow, ("plan", "node", "position"), ("oblast",)),
    Table("targets", TargetRow, ("plan", "node", "position", "year"), ("oblast", "year")),
    Table("planned", PlannedRow, ("plan", "level", "node", "year", "source", "basis"), ("oblast", "year")),
    Table("reports", ReportRow, ("plan", "period"), ("oblast", "year")),
    Table("progress", ProgressRow, ("plan", "period", "code"), ("oblast", "year")),
    Table("actuals", ActualRow, ("plan", "period", "code", "source"), ("oblast", "year")),
    Table("indicator_values", IndicatorValueRow, ("plan", "period", "code", "position"), ("oblast", "year")),
    Table("schedule", ScheduleRow, ("plan", "period", "code", "kind"), ("oblast", "year")),
    Table("execution_totals", ExecutionRow, ("plan", "period", "breakdown", "category"), ("oblast", "year")),
    Table("findings", FindingRow, ("plan", "file", "line", "col", "code", "message"), ("oblast",)),
)
"""Every table, in the order exports list them."""
BY_NAME = {table.name: table for table in TABLES}


@dataclass(frozen=True)
class Column:
    """A column of a table: name, kind (`string`, `integer`, `decimal`, `date`, `boolean`), whether it may be empty,
    and its description."""

    name: str
    kind: str
    nullable: bool
    description: str


_KINDS = {str: "string", int: "integer", Decimal: "decimal", dt.date: "date", bool: "boolean"}


def columns(table: Table) -> list[Column]:
    """The table's columns in order, from its row type."""
    found = _COLUMNS.get(table.name)
    if found is None:  # reading the annotations compiles them: once per table, not once per plan
        found = _COLUMNS[table.name] = _columns(table.row)
    return list(found)


_COLUMNS: dict[str, tuple[Column, ...]] = {}


def _columns(row: type[Any]) -> tuple[Column, ...]:
    hints = typing.get_type_hints(row)
    out = []
    for item in fields(row):
        hint = hints[item.name]
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        base = args[0] if args else hint
        out.append(Column(item.name, _KINDS[base], bool(args), item.metadata["doc"]))
    return tuple(out)


Rows = dict[str, list[Any]]
"""Rows by table name."""


def empty_rows() -> Rows:
    """No rows, for every table."""
    return {table.name: [] for table in TABLES}


def sort_key(table: Table) -> Any:
    """Rows in a stable order: by the table's key (empty values first)."""
    names = table.key

    def key(row: Any) -> tuple[Any, ...]:
        return tuple((value is not None, value) for value in (getattr(row, name) for name in names))

    return key


def exact(value: Decimal, plan: str, where: str) -> Decimal:
    """The amount, when it has at most `SCALE` decimal places; UsageError otherwise (it would be rounded)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -SCALE and _places(value) > SCALE:
        raise UsageError(f"{plan}: {where}: {value} has more than {SCALE} decimal places; tables keep amounts exact to "
                         f"{SCALE} places")
    return value


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0
