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
from stratplan.compute.progress import progress as progress_since
from stratplan.compute.rollup import ALL, ALL_YEARS, PlanBudget, carried_markers, effective_years, plan_budget
from stratplan.compute.years import Progress
from stratplan.core.diagnostics import Diagnostic, Severity
from stratplan.model import MARKER_WORDS, AnyNode, Term
from stratplan.model.monitoring import ItemReport, Period
from stratplan.output.report.charts import Bar, Group, bar_chart, colours, series
from stratplan.output.report.dates import date_in_words
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
class FormGroup:
    """The form's rows of one strategic goal and its УСЬОГО line: planned money from the rollup (each branch
    once, so it is not the sum of a task and its measures), actual money reported (likewise)."""

    code: str
    title: str
    rows: list[FormRow]
    planned: Figure
    actual: Decimal | None


@dataclass(frozen=True)
class Chart:
    """A chart and its data: the SVG for a page, the SVG for an image file, the legend, and the same figures as a
    table (the chart's text equivalent, and what a Word document shows)."""

    ident: str
    title: str
    legend: list[tuple[str, str]]
    columns: list[str]
    rows: list[tuple[str, list[Figure]]]
    svg: str
    file_svg: str


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
    form_groups: list[FormGroup] = field(default_factory=list)
    progress: Progress | None = None
    charts: dict[str, Chart] = field(default_factory=dict)
    date_text: str = ""
    as_of_text: str = ""

    @property
    def chart_plan_svg(self) -> str:
        """The planned-money chart (templates written before `charts` use this name)."""
        return self.charts["plan"].svg if "plan" in self.charts else ""

    @property
    def chart_actual_svg(self) -> str:
        """The planned-against-actual chart of the year, when there is monitoring data."""
        return self.charts["actual"].svg if "actual" in self.charts else ""


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
    def items(plan: PlanView) -> list[AnyNode]:
        active = {id(n) for n in active_nodes(plan, Period(year=year))} | _unknown_items(plan)
        return [node for node in plan.walk() if id(node) in active]

    return plan.memo(f"in_year {year}", items)  # the tree and the form show the same items


def _shown_in_tree(plan: PlanView, year: int) -> set[int]:
    """Strategic goals, the items of the year, and every node above one (it may have no term)."""
    shown = {id(n) for n in plan.walk() if plan.level(n) == "strategic_goal"}
    for node in _in_year(plan, year):
        current: AnyNode | None = node
        while current is not None and id(current) not in shown:  # a node shown has every node above it shown
            shown.add(id(current))
            current = plan.parent(current)
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


def _form_groups(plan: PlanView, year: int, form: list[FormRow], comparison: Comparison | None) -> list[FormGroup]:
    """The form's rows grouped by the strategic goal above them, in the plan's order, each with its УСЬОГО."""
    if len(plan.used_levels) == 1:  # a list of items: nothing groups them, one УСЬОГО for all
        return [_all_items(plan, year, form, comparison)]
    top = {node.code: [node, *plan.ancestors(node)][-1].code for node in plan.walk()}
    rows_under: dict[str | None, list[FormRow]] = {}  # in one pass: a search of every row for each goal is quadratic
    for row in form:
        rows_under.setdefault(top.get(row.code), []).append(row)
    groups = []
    for goal in plan.goals:
        years, gaps = effective_years(plan, goal)
        planned = Figure(years.get(year), year in gaps)
        execution = comparison.by_goal.get(goal.code) if comparison else None
        actual = execution.actual if execution is not None and execution.reported else None
        rows = list(rows_under.get(goal.code, []))
        groups.append(FormGroup(goal.code, goal.title, rows, planned, actual))
    return groups


def _all_items(plan: PlanView, year: int, form: list[FormRow], comparison: Comparison | None) -> FormGroup:
    """One group of every item of a one-level plan, with no title, and its УСЬОГО."""
    planned, actual, reported = NOTHING, Decimal(0), False
    for goal in plan.goals:
        years, gaps = effective_years(plan, goal)
        planned = planned.plus(Figure(years.get(year), year in gaps))
        execution = comparison.by_goal.get(goal.code) if comparison else None
        if execution is not None and execution.reported:
            actual, reported = actual + execution.actual, True
    return FormGroup("", "", form, planned, actual if reported else None)


def _progress(plan: PlanView, year: int, since: int | None, budget: PlanBudget) -> Progress | None:
    """Across years, when the plan has a monitoring report for the year or an earlier one."""
    if plan.meta is None or not any(r.period.year <= year for r in plan.monitoring.values()):
        return None
    start = since if since is not None else (plan.meta.document.strategy_period or plan.meta.document.period).start
    return progress_since(plan, year, min(start, year), budget=budget)


def _running_totals(lines: list[IndicatorLine], progress: Progress | None, year: int) -> list[IndicatorLine]:
    """A cumulative indicator is compared by its running total, as in the section across years, when it is known."""
    if progress is None:
        return lines
    totals = {(i.code, i.position): i.years[-1] for i in progress.indicators if i.cumulative and i.years}
    out = []
    for line in lines:
        total = totals.get((line.code, line.position))
        if total is not None and total.year == year and total.complete and total.achieved is not None:
            line = replace(line, actual=total.achieved, achievement=total.achievement)
        out.append(line)
    return out


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
                  diagnostics: list[Diagnostic] | None = None, appendix: bool = False,
                  since: int | None = None) -> ReportContext:
    """The report context of one plan for one year; monitoring data is used when the plan has a report, and the
    years from `since` (default: the start of the plan period) when it has reports for them."""
    labels = plan_labels(plan, LABELS[lang], lang)
    budget = plan_budget(plan, [])  # one rollup feeds the summary, both charts and (in compare) execution by source
    found = find_report(plan, Period(year=year))
    comparison = compare(plan, *found, budget=budget) if found else None
    items = found[1].items if found else {}
    summary = _summary(plan, budget, year, labels)
    progress = _progress(plan, year, since, budget)
    form = _form(plan, year, items, labels)
    context = ReportContext(
        lang=lang, labels=labels, cover=_cover(plan, year, date), summary=summary,
        chart_plan=_chart_plan(plan, budget, labels), chart_actual=_chart_actual(summary, comparison, labels),
        tree=_tree(plan, year, labels),
        form=form, monitoring=comparison,
        money=[replace(m, source=_source_name(plan, m.source, labels)) for m in comparison.money
               if m.actual is not None] if comparison else [],
        schedule=list(comparison.schedule) if comparison else [],
        indicators=_running_totals(list(comparison.indicators), progress, year) if comparison else [],
        quality=_quality(plan, diagnostics or [], lang), appendix=_appendix(plan) if appendix else None,
        form_groups=_form_groups(plan, year, form, comparison), progress=progress,
        date_text=date_in_words(date, lang) if date else "", as_of_text=date_in_words(dt.date(year, 12, 31), lang),
    )
    return _with_charts(context)


KIND_GENITIVE = {"action_plan": "Плану дій", "programme": "Програми"}


def plan_labels(plan: PlanView, labels: dict[str, str], lang: str = "uk") -> dict[str, str]:
    """The labels for this plan: its issuer's kind (Громада, Район, Область), its money unit, and the first
    column of the form named after the levels the document uses."""
    mine = dict(labels)
    if plan.meta is not None:
        mine["community"] = labels[f"issuer_{plan.meta.issuer.type}"]
    if plan.money_unit == "uah":
        for key in ("money_unit", "form_planned", "form_actual"):
            mine[key] = labels[key].replace(labels["money_unit"], labels["money_unit_uah"])
    mine["form_og"] = _group_header(plan, labels)
    if plan.meta is not None and plan.meta.document.kind != "strategy":  # the form's heading names the document's kind
        mine["form_as_of"] = labels["form_as_of"].replace("Стратегії", KIND_GENITIVE[plan.meta.document.kind])
    if plan.meta is not None:  # the form's groups are the top-level nodes, named as the document names them
        mine["strategic_goal"] = plan.level_name(plan.top_level) if lang == "uk" else \
            plan.top_level.replace("_", " ").capitalize()
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


def _chart(ident: str, title: str, groups: list[Group], labels: dict[str, str], stacked: bool) -> Chart:
    """A chart with its legend and data table: stacked bars by series (a column per series and the total), or
    one bar per series (a column per series)."""
    names = series(groups)
    colour = colours(names)
    unit, unknown = labels["money_unit"], labels["unknown"]
    full = f"{title}, {unit}"
    columns = [*names, labels["total"]] if stacked else [bar.label for bar in groups[0].bars] if groups else []
    rows = []
    for group in groups:
        if stacked:
            bar = group.bars[0]
            parts = dict(bar.segments)
            total = Figure(bar.total if bar.segments else None, bar.incomplete)
            rows.append((group.label, [*(Figure(parts.get(n)) for n in names), total]))
        else:
            rows.append((group.label, [Figure(b.total if b.segments else None, b.incomplete) for b in group.bars]))
    empty = labels["not_reported"]
    return Chart(ident, full, [(n, colour[n]) for n in names], columns, rows,
                 bar_chart(groups, full, unit, f"chart-{ident}", unknown, empty=empty),
                 bar_chart(groups, full, unit, f"chart-{ident}", unknown, empty=empty, file=True))


def _years_groups(progress: Progress, labels: dict[str, str]) -> list[Group]:
    groups = []
    for line in progress.money:
        actual = [] if line.actual is None else [(labels["actual"], line.actual)]
        groups.append(Group(str(line.year), [Bar(labels["planned"], [(labels["planned"], line.planned)],
                                                 line.planned_unknown),
                                             Bar(labels["actual"], actual)]))
    return groups


def _with_charts(context: ReportContext) -> ReportContext:
    labels, year = context.labels, context.cover.year
    charts = {}
    if context.chart_plan:
        charts["plan"] = _chart("plan", labels["chart_plan"], [Group(bar.label, [replace(bar, label="")])
                                                              for bar in context.chart_plan], labels, stacked=True)
    if context.chart_actual:
        charts["actual"] = _chart("actual", f"{labels['chart_actual']} {year}", [Group(str(year), context.chart_actual)],
                                  labels, stacked=False)
    if context.progress is not None:
        charts["years"] = _chart("years", labels["chart_years"], _years_groups(context.progress, labels), labels,
                                 stacked=False)
    return replace(context, charts=charts)
