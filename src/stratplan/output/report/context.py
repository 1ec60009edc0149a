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
    term_unknown_items,
)
from stratplan.compute.rollup import ALL, ALL_YEARS, PlanBudget, carried_markers, plan_budget
from stratplan.core.diagnostics import Diagnostic, Severity
from stratplan.model import MARKER_WORDS, AnyNode, Term
from stratplan.model.monitoring import ItemReport, Period
from stratplan.output.report.charts import Bar, stacked_bars
from stratplan.output.report.findings_uk import message_uk
from stratplan.output.report.labels import LABELS
from stratplan.plan.tree import carries_money
from stratplan.plan.view import PlanView


@dataclass(frozen=True)
class Cover:
    """The report's first page: `community` is the issuer's name (a community's, a district's or an oblast's,
    as `labels.community` says), `place` the name with its district and oblast."""

    community: str
    oblast: str
    title: str
    decision: str | None
    period: str
    year: int
    date: dt.date | None
    place: str = ""


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
    declared_sources: list[SourceMoney] = field(default_factory=list)
    """The document's declared totals by source (as printed), for a plan whose items give no amounts."""
    markers: list[tuple[str, int]] = field(default_factory=list)
    """Funding stated without an amount (у межах кошторисних призначень, …), with the number of items."""


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
    marker: str = ""


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
    marker: str = ""


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
    issuer = meta.issuer
    place = ", ".join(part for part in (issuer.name, issuer.district, issuer.oblast) if part)
    return Cover(issuer.name, issuer.oblast or "", meta.document.title, decision_text,
                 f"{period.start}–{period.end}", year, date, place)


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
    rows = []
    for source in sorted({source for source, _year in figures}):
        mine = [figure for (s, _y), figure in figures.items() if s == source]
        rows.append(SourceMoney(_source_name(plan, source, labels), figures.get((source, year), NOTHING), _total(mine)))
    declared = {row.year: row.amount for row in budget.rows
                if row.level == "plan" and row.basis == "declared" and row.source == ALL}
    marked: dict[str, set[str]] = {}
    for row in budget.markers:
        if row.level == "plan":
            marked.setdefault(MARKER_WORDS[row.marker], set()).update(row.nodes)
    markers = [(words, len(nodes)) for words, nodes in marked.items()]
    return Summary(budget.status, rows, _total([r.year for r in rows]), _total([r.period for r in rows]),
                   declared.get(year), declared.get(ALL_YEARS), [s.name for s in plan.meta.sources] if plan.meta else [],
                   _declared_sources(plan, budget, year, labels), sorted(markers))


def _declared_sources(plan: PlanView, budget: PlanBudget, year: int, labels: dict[str, str]) -> list[SourceMoney]:
    """The plan's declared totals per source (every source together last), for the year and the whole period."""
    figures: dict[str, dict[int | str, Decimal]] = {}
    for row in budget.rows:
        if row.level == "plan" and row.basis == "declared":
            figures.setdefault(row.source, {})[row.year] = row.amount
    order = sorted(figures, key=lambda source: (source == ALL, list(budget.sources).index(source)
                                                 if source in budget.sources else 0))
    return [SourceMoney(_source_name(plan, source, labels), Figure(figures[source].get(year)),
                        Figure(figures[source].get(ALL_YEARS))) for source in order]


def _marker_words(plan: PlanView, node: AnyNode) -> str:
    """The funding markers the node carries, as the document prints them."""
    return "; ".join(dict.fromkeys(MARKER_WORDS[marker] for _source, marker, _code in carried_markers(plan, node)))


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
        return labels["term_unknown"] if id(node) in _unknown_items(plan) else ""
    if term.unknown:
        return labels["term_unknown"]
    return term.as_written or term.span()


def _unknown_items(plan: PlanView) -> set[int]:
    return plan.memo("term_unknown_items", lambda p: {id(n) for n in term_unknown_items(p)})


def _in_year(plan: PlanView, year: int) -> list[AnyNode]:
    """The items of the year: those whose term covers it, and those whose term is unknown (shown as such)."""
    active = {id(n) for n in active_nodes(plan, Period(year=year))} | _unknown_items(plan)
    return [node for node in plan.walk() if id(node) in active]


def _shown_in_tree(plan: PlanView, year: int) -> set[int]:
    """Strategic goals, the items of the year, and every node above one (it may have no term)."""
    shown = {id(n) for n in plan.walk() if plan.level(n) == "strategic_goal"}
    for node in _in_year(plan, year):
        shown |= {id(n) for n in (node, *plan.ancestors(node))}
    return shown


def _tree(plan: PlanView, year: int, labels: dict[str, str]) -> list[TreeItem]:
    shown = _shown_in_tree(plan, year)
    items = []
    for node in plan.walk():
        if id(node) not in shown:
            continue
        planned, unknown = planned_for(plan, node, year)
        amount = sum(planned.values(), Decimal(0)) if planned else None
        items.append(TreeItem(plan.level(node), plan.depth(node), node.code, node.title, _term_text(plan, node, labels),
                              _executors(plan, node), [i.text for i in node.indicators], amount, unknown,
                              _marker_words(plan, node)))
    return items


def _group(plan: PlanView, node: AnyNode) -> str:
    """The form's first column: the nearest operational goal (the node itself when it is one); in a plan without
    operational goals, the nearest node above it."""
    if "operational_goal" in plan.used_levels:
        goal = next((n for n in (node, *plan.ancestors(node)) if plan.level(n) == "operational_goal"), None)
    else:
        goal = plan.parent(node)
    return f"{goal.code} {goal.title}" if goal is not None else ""


def _group_header(plan: PlanView, labels: dict[str, str]) -> str:
    """The first column's header: operational goal, else the document's names of the levels that group items."""
    if "operational_goal" in plan.used_levels:
        return labels["form_og"]
    names = [plan.level_name(level) for level in plan.used_levels[:-1]]
    return " / ".join(names) if names else labels["form_og"]


def _is_form_row(plan: PlanView, node: AnyNode) -> bool:
    """Rows are tasks and measures, and any other item that carries money or work: a leaf, or a node with amounts."""
    return plan.level(node) in ("task", "measure") or plan.is_leaf(node) or carries_money(node)


def _start(term: Term) -> str:
    first = term.first_day()
    return first.strftime("%d.%m.%Y") if term.start_date and first else term.start_text()


def _due(term: Term) -> str:
    last = term.last_day()
    return last.strftime("%d.%m.%Y") if term.end_date and last else term.end_text()


def _form(plan: PlanView, year: int, items: dict[str, ItemReport], labels: dict[str, str]) -> list[FormRow]:
    rows = []
    for node in _in_year(plan, year):
        if not _is_form_row(plan, node):
            continue
        term = effective_term(plan, node)
        report = items.get(node.code)
        planned, unknown = planned_for(plan, node, year)
        actual_values = [v for v in (report.actual.values() if report else []) if v is not None]
        no_term = labels["term_unknown"] if term is None else ""
        rows.append(FormRow(
            _group(plan, node), node.code, node.title,
            report.started.strftime("%d.%m.%Y") if report and report.started else (_start(term) if term else no_term),
            _due(term) if term else no_term,
            labels[report.status] if report and report.status else "",
            report.completed.strftime("%d.%m.%Y") if report and report.completed else "",
            sum(planned.values(), Decimal(0)) if planned else None, unknown,
            sum(actual_values, Decimal(0)) if actual_values else None,
            (report.comment or "") if report else "",
            _marker_words(plan, node),
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
    labels = plan_labels(plan, LABELS[lang])
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


def plan_labels(plan: PlanView, labels: dict[str, str]) -> dict[str, str]:
    """The labels for this plan: its issuer's kind (Громада, Район, Область), its money unit, and the first
    column of the form named after the levels the document uses."""
    mine = dict(labels)
    if plan.meta is not None:
        mine["community"] = labels[f"issuer_{plan.meta.issuer.type}"]
    if plan.money_unit == "uah":
        for key in ("money_unit", "form_planned", "form_actual"):
            mine[key] = labels[key].replace(labels["money_unit"], labels["money_unit_uah"])
    mine["form_og"] = _group_header(plan, labels)
    return mine


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
