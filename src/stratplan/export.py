"""One row per node of the goal tree, for spreadsheets (CSV) and programs (JSON)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from stratplan.loader import LoadedPlan
from stratplan.models import AnyNode, level_of

COLUMNS = ("community", "level", "code", "parent", "title", "term_start", "term_end", "term_as_written",
           "executors", "sources", "indicators")
JOIN = "; "
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _term(node: AnyNode) -> tuple[str, str, str]:
    term = node.term
    if term is None:
        return "", "", ""
    if term.unknown:
        return "unknown", "unknown", term.as_written or ""
    return str(term.start), str(term.end), term.as_written or ""


def _executor_names(plan: LoadedPlan, node: AnyNode) -> list[str]:
    catalog = {e.id: (e.abbreviation or e.name) for e in plan.plan.executors} if plan.plan else {}
    return [catalog.get(e, e) for e in node.executors]


def _source_names(plan: LoadedPlan, node: AnyNode) -> list[str]:
    catalog = {s.id: s.name for s in plan.plan.sources} if plan.plan else {}
    return [catalog.get(s, s) for s in (node.funding.sources if node.funding else [])]


def rows(plan: LoadedPlan) -> list[dict[str, str]]:
    """Rows of one plan in document order."""
    out = []
    for node in plan.walk():
        parent = plan.ref(node).parent
        start, end, written = _term(node)
        out.append({
            "community": plan.slug,
            "level": level_of(node),
            "code": node.code,
            "parent": parent.code if parent is not None else "",
            "title": node.title,
            "term_start": start,
            "term_end": end,
            "term_as_written": written,
            "executors": JOIN.join(_executor_names(plan, node)),
            "sources": JOIN.join(_source_names(plan, node)),
            "indicators": JOIN.join(i.text for i in node.indicators),
        })
    return out


def neutralise(cell: str) -> str:
    """Make a cell inert in spreadsheets: text that would start a formula gets a leading apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_TRIGGERS) else cell


def write_csv(plans: Iterable[LoadedPlan], stream: TextIO) -> None:
    """CSV with a header row; every cell neutralised against formula injection."""
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for plan in plans:
        for row in rows(plan):
            writer.writerow({k: neutralise(v) for k, v in row.items()})


def write_json(plans: Iterable[LoadedPlan], stream: TextIO) -> None:
    """JSON: per plan its community and document metadata, and the rows."""
    data: list[dict[str, Any]] = []
    for plan in plans:
        meta = plan.plan
        data.append({
            "community": meta.community.model_dump(mode="json") if meta else {"slug": plan.slug},
            "document": meta.document.model_dump(mode="json", exclude_none=True) if meta else None,
            "rows": rows(plan),
        })
    json.dump({"version": 1, "plans": data}, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
