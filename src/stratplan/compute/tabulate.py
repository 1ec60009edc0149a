"""One plan's rows of every table (`compute.tables`), made by the computations every other figure comes from: the
budget rollup at every level, `stratplan diff`'s comparison of each monitoring report, the reporting status."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from stratplan.compute.monitoring import Comparison, compare
from stratplan.compute.rollup import ALL, ALL_YEARS, PlanBudget, plan_budget
from stratplan.compute.status import DUE_MONTHS, Filing, deadline, expected_years, filing, strategy_end, timeliness
from stratplan.compute.tables import (
    JOIN,
    TABLES,
    ActualRow,
    ExecutionRow,
    FindingRow,
    IndicatorRow,
    IndicatorValueRow,
    NodeRow,
    PlannedRow,
    PlanRow,
    ProgressRow,
    ReportRow,
    Rows,
    ScheduleRow,
    TargetRow,
    empty_rows,
    exact,
    sort_key,
)
from stratplan.core.diagnostics import Diagnostic, Severity
from stratplan.model import LEVELS, AnyNode
from stratplan.model.monitoring import MonitoringFile, Period
from stratplan.plan.tree import carries_money
from stratplan.plan.view import PlanView

_OBLAST_WORD = re.compile(r"\s+(?:область|обл\.?)$", re.IGNORECASE)


def oblast_of(plan: PlanView) -> str | None:
    """The oblast a plan belongs to, as it names it without the word "область" (`Харківська`)."""
    meta = plan.meta
    if meta is None:
        return None
    written = meta.issuer.oblast or (meta.issuer.name if meta.issuer.type == "oblast" else None)
    if written is None:
        return None
    text = " ".join(written.split())
    return _OBLAST_WORD.sub("", text) or text


def plan_key(plan: PlanView, root: str = "") -> str:
    """The plan's key: `<community>/<document kind>/<start>-<end>`; its folder (`root`, else the folder's name) when
    plan.yaml did not load."""
    if plan.meta is None:
        return root or plan.slug
    document = plan.meta.document
    return f"{plan.slug}/{document.kind}/{document.period.start}-{document.period.end}"


def _text(value: str | None) -> str | None:
    """Text, or None for none at all: an empty text and a missing one are the same cell in CSV."""
    return value or None


def _maybe(value: Decimal | None, plan: str, where: str) -> Decimal | None:
    return None if value is None else exact(value, plan, where)


@dataclass
class _Context:
    view: PlanView
    oblast: str | None
    plan: str
    community: str
    unit: str
    paths: dict[int, str] = field(default_factory=dict)
    by_code: dict[str, AnyNode] = field(default_factory=dict)

    def node_path(self, code: str | None) -> str | None:
        node = self.by_code.get(code) if code else None
        return self.paths[id(node)] if node is not None else None


def _context(view: PlanView, root: str) -> _Context:
    context = _Context(view, oblast_of(view), plan_key(view, root), view.slug, view.money_unit)
    used: set[str] = set()
    for node in view.walk():
        parent = view.parent(node)
        path = node.code if parent is None else f"{context.paths[id(parent)]}/{node.code}"
        number = 1
        while path in used:  # a code repeated among siblings (ST101): `1.2~2`, so every node has its own key
            number += 1
            path = f"{path.rsplit('~', 1)[0]}~{number}"
        used.add(path)
        context.paths[id(node)] = path
        context.by_code.setdefault(node.code, node)
    return context


def _counts(findings: Sequence[Diagnostic]) -> tuple[int, int, int]:
    return (sum(1 for d in findings if d.severity is Severity.ERROR), sum(1 for d in findings if d.severity is
            Severity.WARNING), sum(1 for d in findings if d.severity is Severity.INFO))


def _plan_row(ctx: _Context, findings: Sequence[Diagnostic], loaded: bool, status: str | None) -> PlanRow:
    meta = ctx.view.meta
    errors, warnings, infos = _counts(findings)
    issuer = meta.issuer if meta else None
    document = meta.document if meta else None
    decision = document.decision if document else None
    return PlanRow(
        oblast=ctx.oblast, plan=ctx.plan, community=ctx.community, katottg=issuer.katottg if issuer else None,
        issuer_type=issuer.type if issuer else None, issuer_name=issuer.name if issuer else None,
        oblast_as_written=issuer.oblast if issuer else None, district=issuer.district if issuer else None,
        title=document.title if document else None, kind=document.kind if document else None,
        status=document.status if document else None, decision_date=decision.date if decision else None,
        decision_number=decision.number if decision else None,
        period_start=document.period.start if document else None, period_end=document.period.end if document else None,
        action_plan_year=document.action_plan_year if document else None, strategy_end=strategy_end(ctx.view),
        unit=ctx.unit, levels=JOIN.join(ctx.view.used_levels), nodes=len(ctx.paths) if loaded else 0,
        budget_status=status, loaded=loaded, errors=errors, warnings=warnings, infos=infos)


def _node_rows(ctx: _Context) -> tuple[list[NodeRow], list[IndicatorRow], list[TargetRow]]:
    view = ctx.view
    executors = {e.id: e.abbreviation or e.name for e in view.executors}
    nodes, indicators, targets = [], [], []
    for position, node in enumerate(view.walk(), start=1):
        path = ctx.paths[id(node)]
        parent = view.parent(node)
        term = node.term
        known = term is not None and term.known
        level = view.level(node)
        nodes.append(NodeRow(
            oblast=ctx.oblast, plan=ctx.plan, community=ctx.community, node=path, code=node.code,
            parent=ctx.paths[id(parent)] if parent is not None else None, position=position, depth=view.depth(node),
            level=level, level_name=view.level_name(level), title=_text(node.title),
            expected_result=_text(node.expected_result),
            term_start=term.start_text() if term is not None and known else None,
            term_end=term.end_text() if term is not None and known else None,
            term_first_day=term.first_day() if term is not None else None,
            term_last_day=term.last_day() if term is not None else None,
            term_as_written=term.as_written if term is not None else None,
            term_unknown=term is not None and term.unknown,
            executors=_text(JOIN.join(executors.get(e, e) for e in node.executors)),
            sources=_text(JOIN.join(node.funding.sources if node.funding else [])),
            carries_money=carries_money(node),
            indicators=len(node.indicators)))
        for number, indicator in enumerate(node.indicators, start=1):
            where = f"{path} indicator {number}"
            indicators.append(IndicatorRow(
                oblast=ctx.oblast, plan=ctx.plan, community=ctx.community, node=path, code=node.code, position=number,
                text=indicator.text, unit=indicator.unit, direction=indicator.direction, cumulative=indicator.cumulative,
                baseline=_maybe(indicator.baseline, ctx.plan, where), baseline_year=indicator.baseline_year,
                targets=len(indicator.targets)))
            targets += [TargetRow(oblast=ctx.oblast, year=year, plan=ctx.plan, community=ctx.community, node=path,
                                  code=node.code, position=number, target=exact(value, ctx.plan, f"{where} {year}"))
                        for year, value in sorted(indicator.targets.items())]
    return nodes, indicators, targets


def _counted(view: PlanView) -> set[int]:
    """The nodes whose own lines the plan's total counts: they carry money, and no node above them does."""
    out = set()
    for node in view.walk():
        if carries_money(node) and not any(carries_money(a) for a in view.ancestors(node)):
            out.add(id(node))
    return out


def _planned_rows(ctx: _Context, budget: PlanBudget) -> list[PlannedRow]:
    view = ctx.view
    kinds = {s.id: s.kind for s in view.sources}
    counted = _counted(view)
    rows: list[PlannedRow] = []

    def row(level: str, code: str, year: int | str, source: str, basis: str, amount: Decimal | None,
            nodes: tuple[str, ...] = ()) -> PlannedRow:
        is_plan = level == "plan"
        node = None if is_plan else ctx.by_code.get(code)
        path = ctx.paths[id(node)] if node is not None else None
        where = f"planned {code or 'plan'} {year} {source}"
        return PlannedRow(
            oblast=ctx.oblast, year=year if isinstance(year, int) else None, plan=ctx.plan, community=ctx.community,
            level=level, node=path, code=None if is_plan else code,
            top_level=node is not None and view.depth(node) == 0, counted=node is not None and id(node) in counted,
            source=source, source_kind=kinds.get(source) if source != ALL else None, basis=basis,
            amount=_maybe(amount, ctx.plan, where), unit=ctx.unit, nodes=JOIN.join(nodes) if nodes else None)

    for amount in budget.rows:
        rows.append(row(amount.level, amount.code, amount.year, amount.source, amount.basis, amount.amount))
    for lost in budget.unknown:
        rows.append(row(lost.level, lost.code, lost.year, lost.source,
                        "declared_unknown" if lost.basis == "declared" else "unknown", None, lost.nodes))
    for marked in budget.markers:
        rows.append(row(marked.level, marked.code, ALL_YEARS, marked.source, marked.marker, None, marked.nodes))
    return rows


def _reports(view: PlanView) -> dict[str, tuple[str, MonitoringFile]]:
    """Each period's monitoring report (the first file by name where two report the same period), by label."""
    found: dict[str, tuple[str, MonitoringFile]] = {}
    for file, report in sorted(view.monitoring.items()):
        found.setdefault(report.period.label, (file, report))
    return found


def _relative(file: str, root: str) -> str:
    prefix = root.rstrip("/") + "/"
    return file[len(prefix):] if file.startswith(prefix) else file


def _report_rows(ctx: _Context, reports: dict[str, tuple[str, MonitoringFile]], root: str, due_months: int,
                 loaded: bool) -> list[ReportRow]:
    periods = {str(year): Period(year=year) for year in expected_years(ctx.view)}
    periods.update({label: report.period for label, (_file, report) in reports.items()})
    owed = set(expected_years(ctx.view))
    rows = []
    for label, period in periods.items():
        file, report = reports.get(label, (None, None))
        filed = filing(ctx.view, report, period) if loaded else Filing("unknown", 0, 0, 0)
        due = deadline(period, due_months)
        rows.append(ReportRow(
            oblast=ctx.oblast, year=period.year, plan=ctx.plan, community=ctx.community, period=label,
            half=period.half, period_end=period.end, expected=period.half is None and period.year in owed,
            file=_relative(file, root) if file else None, illustrative=report.illustrative if report else None,
            state=filed.state, submitted=report.submitted if report else None, deadline=due,
            timeliness=timeliness(report.submitted if report else None, due, report is not None),
            items_active=filed.active, items_with_status=filed.with_status, items_in_file=filed.in_file))
    return rows


def _monitoring_rows(ctx: _Context, rows: Rows, reports: dict[str, tuple[str, MonitoringFile]],
                     budget: PlanBudget) -> None:
    for label, (file, report) in reports.items():
        year = report.period.year
        base: dict[str, Any] = {"oblast": ctx.oblast, "year": year, "plan": ctx.plan, "community": ctx.community, "period": label}
        for code, item in report.items.items():
            path = ctx.node_path(code)
            rows["progress"].append(ProgressRow(**base, node=path, code=code, status=item.status, started=item.started,
                                                completed=item.completed, comment=item.comment))
            rows["actuals"] += [ActualRow(**base, node=path, code=code, source=source,
                                          amount=exact(amount, ctx.plan, f"{label} {code} actual {source}"), unit=ctx.unit)
                                for source, amount in sorted(item.actual.items()) if amount is not None]
            rows["indicator_values"] += [
                IndicatorValueRow(**base, node=path, code=code, position=position,
                                  value=exact(value, ctx.plan, f"{label} {code} indicator {position}"))
                for position, value in sorted(item.indicators.items()) if value is not None]
        comparison = compare(ctx.view, file, report, budget)
        rows["schedule"] += [ScheduleRow(**base, node=ctx.node_path(s.code), code=s.code, kind=s.kind, term=_text(s.term),
                                         status=s.status, detail=s.detail) for s in comparison.schedule]
        rows["execution_totals"] += _execution_rows(ctx, base, comparison)


def _execution_rows(ctx: _Context, base: dict[str, Any], comparison: Comparison) -> list[ExecutionRow]:
    out = []
    for breakdown, groups in (("level", comparison.by_level), ("source", comparison.by_source)):
        for category, execution in sorted(groups.items()):
            where = f"execution {category}"
            out.append(ExecutionRow(**base, breakdown=breakdown, category=category,
                                    planned=exact(execution.planned, ctx.plan, where),
                                    planned_unknown=execution.planned_unknown,
                                    actual=exact(execution.actual, ctx.plan, where) if execution.reported else None,
                                    unit=ctx.unit))
    return out


def _finding_rows(ctx: _Context, findings: Iterable[Diagnostic], root: str) -> list[FindingRow]:
    return [FindingRow(oblast=ctx.oblast, plan=ctx.plan, community=ctx.community, code=d.code,
                       severity=d.severity.label, rule=_text(d.name), message=d.message,
                       file=_relative(d.location.file, root), line=d.location.line, col=d.location.col,
                       path=_text(d.path)) for d in findings]


def plan_tables(view: PlanView, findings: Sequence[Diagnostic], *, loaded: bool, root: str = "",
                due_months: int = DUE_MONTHS) -> Rows:
    """Every table's rows for one plan, sorted by each table's key.

    `findings` are the plan's configured validation findings; `loaded` is false when the plan has load errors
    (then only its `plans` and `findings` rows are made); `root` is the plan folder as the findings name it, so
    their files are given relative to it.
    """
    ctx = _context(view, root)
    rows = empty_rows()
    status = None
    if loaded:
        budget = plan_budget(view, LEVELS)
        status = budget.status
        rows["planned"] = _planned_rows(ctx, budget)
        rows["nodes"], rows["indicators"], rows["targets"] = _node_rows(ctx)
        _monitoring_rows(ctx, rows, _reports(view), budget)
    rows["reports"] = _report_rows(ctx, _reports(view), root, due_months, loaded)
    rows["plans"] = [_plan_row(ctx, findings, loaded, status)]
    rows["findings"] = _finding_rows(ctx, findings, root)
    for table in TABLES:
        rows[table.name].sort(key=sort_key(table))
    return rows
