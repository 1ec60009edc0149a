"""The typed report context: every figure computed here, so templates only loop and format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from stratplan.compute.monitoring import (
    Comparison,
    IndicatorLine,
    MoneyLine,
    ScheduleItem,
    active_nodes,
    compare,
    effective_term,
    find_report,
    planned_for,
)
from stratplan.compute.rollup import ALL, ALL_YEARS, PlanBudget, plan_budget
from stratplan.core.diagnostics import Diagnostic, Severity
from stratplan.model import AnyNode, OperationalGoal, StrategicGoal, children_of, level_of
from stratplan.model.monitoring import ItemReport, Period
from stratplan.output.report.charts import Bar, stacked_bars
from stratplan.output.report.findings_uk import message_uk
from stratplan.output.report.labels import LABELS
from stratplan.plan.view import PlanView


@dataclass(frozen=True)
class Cover:
    """The report's first page."""

    community: str
    oblast: str
    title: str
    decision: str | None
    period: str
    year: int
    date: dt.date | None


@dataclass(frozen=True)
class Figure:
    """An amount as far as it is known: `incomplete` when part (or, with no amount, all) of it is unknown."""

    amount: Decimal | None
    incomplete: bool = False

    def plus(self, other: Figure) -> Figure:
        """Both together."""
        if self.amount is None or other.amount is None:
            return Figure(self.amount if other.amount is None else other.amount, self.incomplete or other.incomplete)
        return Figure(self.amount + other.amount, self.incomplete or other.incomplete)


NOTHING = Figure(None)


@dataclass(frozen=True)
class SourceMoney:
    """Planned money of one funding source, for the reporting year and for the whole period."""

    name: str
    year: Figure
    period: Figure


@dataclass(frozen=True)
class Summary:
    """Money planned by source; `status` says whether the document gives amounts at all."""

    status: str
    rows: list[SourceMoney]
    total_year: Figure
    total_period: Figure
    declared_year: Decimal | None
    declared_period: Decimal | None
    sources_listed: list[str]


@dataclass(frozen=True)
class TreeItem:
    """One node of the goal tree active in the reporting year."""

    level: str
    depth: int
    code: str
    title: str
    term: str
    executors: list[str]
    indicators: list[str]
    planned: Decimal | None
    planned_unknown: bool


@dataclass(frozen=True)
class FormRow:
    """One row of the Додаток 1 form; empty strings are blanks left for the working group."""

    operational_goal: str
    code: str
    title: str
    start: str
    due: str
    status: str
    done: str
    planned: Decimal | None
    planned_unknown: bool
    actual: Decimal | None
    comment: str


@dataclass(frozen=True)
class Finding:
    """A validation finding shown in the data-quality section."""

    severity: str
    code: str
    location: str
    message: str


@dataclass(frozen=True)
class Quality:
    """Validation findings of the plan, counted by severity and listed."""

    counts: dict[str, int]
    findings: list[Finding]


@dataclass(frozen=True)
class Appendix:
    """Context from the document: vision, mission, SWOT, key statistics tables."""

    vision: str | None
    mission: str | None
    swot: dict[str, list[str]]
    tables: list[tuple[str, list[str], list[list[str]]]]


@dataclass(frozen=True)
class ReportContext:
    """Everything a report template may show."""

    lang: str
    labels: dict[str, str]
    cover: Cover
    summary: Summary
    chart_plan: list[Bar]
    chart_actual: list[Bar]
    tree: list[TreeItem]
    form: list[FormRow]
    monitoring: Comparison | None
    money: list[MoneyLine] = field(default_factory=list)
    schedule: list[ScheduleItem] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)
    quality: Quality = field(default_factory=lambda: Quality({}, []))
    appendix: Appendix | None = None
    chart_plan_svg: str = ""
    chart_actual_svg: str = ""


def _cover(plan: PlanView, year: int, date: dt.date | None) -> Cover:
    meta = plan.meta
    assert meta is not None
    decision = meta.document.decision
    decision_text = None
    if decision is not None:
        parts = [decision.body, f"№ {decision.number}" if decision.number else None,
                 decision.date.strftime("%d.%m.%Y") if decision.date else None]
        decision_text = ", ".join(p for p in parts if p)
    period = meta.document.strategy_period or meta.document.period
    return Cover(meta.community.name, meta.community.oblast, meta.document.title, decision_text,
                 f"{period.start}–{period.end}", year, date)


def _plan_figures(budget: PlanBudget) -> dict[tuple[str, int | str], Figure]:
    """The plan's computed money by (source, year), `all` for money given only for the whole period."""
    figures: dict[tuple[str, int | str], Figure] = {}
    for row in budget.rows:
        if row.level == "plan" and row.basis in ("computed", "period_total"):
            key = (row.source, row.year)
            figures[key] = figures.get(key, NOTHING).plus(Figure(row.amount))
    for item in budget.unknown:
        if item.level == "plan" and item.basis == "computed":
            key = (item.source, item.year)
            figures[key] = figures.get(key, NOTHING).plus(Figure(None, True))
    return figures


def _total(figures: list[Figure]) -> Figure:
    total = NOTHING
    for figure in figures:
        total = total.plus(figure)
    return total


def _summary(plan: PlanView, budget: PlanBudget, year: int, labels: dict[str, str]) -> Summary:
    figures = _plan_figures(budget)
    declared = {row.year: row.amount for row in budget.rows if row.level == "plan" and row.basis == "declared"}
    rows = []
    for source in sorted({source for source, _year in figures}):
        mine = [figure for (s, _y), figure in figures.items() if s == source]
        rows.append(SourceMoney(_source_name(plan, source, labels), figures.get((source, year), NOTHING), _total(mine)))
    return Summary(budget.status, rows, _total([r.year for r in rows]), _total([r.period for r in rows]),
                   declared.get(year), declared.get(ALL_YEARS), [s.name for s in plan.meta.sources] if plan.meta else [])


def _chart_plan(plan: PlanView, budget: PlanBudget, labels: dict[str, str]) -> list[Bar]:
    segments: dict[int, dict[str, Decimal]] = {}
    incomplete: set[int] = set()
    for (source, year), figure in sorted(_plan_figures(budget).items(), key=lambda kv: str(kv[0])):
        if not isinstance(year, int):
            continue
        if figure.amount is not None:
            parts = segments.setdefault(year, {})
            name = _source_name(plan, source, labels)
            parts[name] = parts.get(name, Decimal(0)) + figure.amount
        if figure.incomplete:
            incomplete.add(year)
    return [Bar(str(year), sorted(segments.get(year, {}).items()), year in incomplete)
            for year in sorted(set(segments) | incomplete)]


def _executors(plan: PlanView, node: AnyNode) -> list[str]:
    catalog = {e.id: (e.abbreviation or e.name) for e in plan.meta.executors} if plan.meta else {}
    return [catalog.get(e, e) for e in node.executors]


def _term_text(plan: PlanView, node: AnyNode, labels: dict[str, str]) -> str:
    term = node.term if node.term is not None else effective_term(plan, node)
    if term is None:
        return ""
    if term.unknown:
        return labels["unknown"]
    return term.as_written or f"{term.start}–{term.end}"


def _shown_in_tree(plan: PlanView, year: int) -> set[int]:
    """Strategic goals, nodes active in the year, and every operational goal holding one (it may have no term)."""
    active = {id(n) for n in active_nodes(plan, Period(year=year))}
    shown = set(active)
    for node in plan.walk():
        holds_active = isinstance(node, OperationalGoal) and any(id(child) in active for child in children_of(node))
        if isinstance(node, StrategicGoal) or holds_active:
            shown.add(id(node))
    return shown


def _tree(plan: PlanView, year: int, labels: dict[str, str]) -> list[TreeItem]:
    shown = _shown_in_tree(plan, year)
    items = []
    for node in plan.walk():
        if id(node) not in shown:
            continue
        planned, unknown = planned_for(plan, node, year)
        amount = sum(planned.values(), Decimal(0)) if planned else None
        items.append(TreeItem(level_of(node), plan.depth(node), node.code, node.title, _term_text(plan, node, labels),
                              _executors(plan, node), [i.text for i in node.indicators], amount, unknown))
    return items


def _operational_goal(plan: PlanView, node: AnyNode) -> str:
    goal = next((item for item in (node, *plan.ancestors(node)) if isinstance(item, OperationalGoal)), None)
    return f"{goal.code} {goal.title}" if goal is not None else ""


def _form(plan: PlanView, year: int, items: dict[str, ItemReport], labels: dict[str, str]) -> list[FormRow]:
    rows = []
    for node in active_nodes(plan, Period(year=year)):
        if isinstance(node, OperationalGoal):  # the form groups rows by operational goal; rows are tasks and measures
            continue
        term = effective_term(plan, node)
        report = items.get(node.code)
        planned, unknown = planned_for(plan, node, year)
        actual_values = [v for v in (report.actual.values() if report else []) if v is not None]
        rows.append(FormRow(
            _operational_goal(plan, node), node.code, node.title,
            report.started.strftime("%d.%m.%Y") if report and report.started else (str(term.start) if term else ""),
            str(term.end) if term else "",
            labels[report.status] if report and report.status else "",
            report.completed.strftime("%d.%m.%Y") if report and report.completed else "",
            sum(planned.values(), Decimal(0)) if planned else None, unknown,
            sum(actual_values, Decimal(0)) if actual_values else None,
            (report.comment or "") if report else "",
        ))
    return rows


def _place(plan: PlanView, diagnostic: Diagnostic) -> str:
    """Where a finding is, for a reader: the node's code, else the plan file (no line numbers)."""
    node = dict(diagnostic.extra).get("node")
    return node or Path(diagnostic.location.file).name


def _quality(plan: PlanView, diagnostics: list[Diagnostic], lang: str) -> Quality:
    counts = {s.label: sum(1 for d in diagnostics if d.severity == s) for s in (Severity.ERROR, Severity.WARNING,
                                                                                 Severity.INFO)}
    findings = [Finding(d.severity.label, d.code, _place(plan, d), message_uk(d) if lang == "uk" else d.message)
                for d in diagnostics]
    return Quality(counts, findings)


def _appendix(plan: PlanView) -> Appendix:
    meta, context = plan.meta, plan.context
    swot: dict[str, list[str]] = {}
    if context is not None and context.swot is not None:
        swot = {k: list(getattr(context.swot, k)) for k in ("strengths", "weaknesses", "opportunities", "threats")}
    tables = [(t.title, list(t.columns), [list(r) for r in t.rows]) for t in (context.tables if context else [])]
    return Appendix(meta.vision if meta else None, meta.mission if meta else None, swot, tables)


def build_context(plan: PlanView, year: int, *, lang: str = "uk", date: dt.date | None = None,
                  diagnostics: list[Diagnostic] | None = None, appendix: bool = False) -> ReportContext:
    """The report context of one plan for one year; monitoring data is used when the plan has a report."""
    labels = LABELS[lang]
    budget = plan_budget(plan, [])  # one rollup feeds the summary, both charts and (in compare) execution by source
    found = find_report(plan, Period(year=year))
    comparison = compare(plan, *found, budget=budget) if found else None
    items = found[1].items if found else {}
    summary = _summary(plan, budget, year, labels)
    context = ReportContext(
        lang=lang, labels=labels, cover=_cover(plan, year, date), summary=summary,
        chart_plan=_chart_plan(plan, budget, labels), chart_actual=_chart_actual(summary, comparison, labels),
        tree=_tree(plan, year, labels),
        form=_form(plan, year, items, labels), monitoring=comparison,
        money=[replace(m, source=_source_name(plan, m.source, labels)) for m in comparison.money
               if m.actual is not None] if comparison else [],
        schedule=list(comparison.schedule) if comparison else [],
        indicators=list(comparison.indicators) if comparison else [],
        quality=_quality(plan, diagnostics or [], lang), appendix=_appendix(plan) if appendix else None,
    )
    return _with_svg(context)


def _chart_actual(summary: Summary, comparison: Comparison | None, labels: dict[str, str]) -> list[Bar]:
    """Planned for the year (the summary table's total, from the budget rollup) against actual money reported
    (each branch counted once, as in the diff's execution by source)."""
    if comparison is None:
        return []
    planned = summary.total_year
    actual = sum((e.actual for e in comparison.by_source.values()), Decimal(0))
    planned_parts = [] if planned.amount is None else [(labels["planned"], planned.amount)]
    return [Bar(labels["planned"], planned_parts, planned.incomplete), Bar(labels["actual"], [(labels["actual"], actual)])]


def _source_name(plan: PlanView, source: str, labels: dict[str, str]) -> str:
    names = {s.id: s.name for s in plan.meta.sources} if plan.meta else {}
    return labels["all"] if source == ALL else names.get(source, source)


def _with_svg(context: ReportContext) -> ReportContext:
    labels = context.labels
    plan_svg = stacked_bars(context.chart_plan, f"{labels['chart_plan']}, {labels['money_unit']}", "chart-plan",
                            labels["unknown"])
    actual_svg = stacked_bars(context.chart_actual, f"{labels['chart_actual']} {context.cover.year}, "
                              f"{labels['money_unit']}", "chart-actual", labels["unknown"]) if context.chart_actual else ""
    return replace(context, chart_plan_svg=plan_svg, chart_actual_svg=actual_svg)
