"""The tables of many plans (`compute.tables`) as one data set: each plan's rows made in a worker process as Arrow
tables, cached per plan content, configuration and deadline rule, then put together in order of the plans' keys.

A national corpus is never held as Python rows: each plan's rows become Arrow tables in the worker that made
them, and only those (compact, exact) reach the parent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from stratplan.check.config import LintConfig
from stratplan.compute.status import DUE_MONTHS
from stratplan.compute.tables import TABLES_VERSION
from stratplan.core.diagnostics import Severity, StratplanError, UsageError
from stratplan.io.paths import display_path, find_plan_roots
from stratplan.output import parquet
from stratplan.pipeline import batch
from stratplan.pipeline.lint import config_fingerprint

if TYPE_CHECKING:
    import pyarrow as pa

    from stratplan.io.cache import ResultCache

ArrowTables = dict[str, "pa.Table"]


@dataclass(frozen=True)
class TablesJob:
    """One plan's tables as a per-plan job for `batch.run`: cached per configuration (the findings) and deadline rule."""

    config: LintConfig
    due_months: int = DUE_MONTHS
    kind: str = "tables"

    def asked(self) -> str:
        return json.dumps([config_fingerprint(self.config), self.due_months, TABLES_VERSION])

    def compute(self, root: Path) -> tuple[ArrowTables, Mapping[str, bytes]]:
        from stratplan.check.engine import configured_diagnostics
        from stratplan.compute.tabulate import plan_tables
        from stratplan.plan.loader import load_plan

        plan = load_plan(root)
        findings = configured_diagnostics(plan, self.config)
        loaded = not any(d.severity is Severity.ERROR for d in plan.diagnostics)
        rows = plan_tables(plan.view, findings, loaded=loaded, root=plan.display_root, due_months=self.due_months)
        return parquet.to_arrow(rows), plan.read_digests

    def encode(self, result: ArrowTables) -> str:
        return parquet.encode(result)

    def decode(self, text: str) -> ArrowTables:
        return parquet.decode(text)


@dataclass
class DataSet:
    """Every table of the named plans, in order of the plans' keys, and the plans that did not load."""

    tables: ArrowTables
    plans: int = 0
    not_loaded: list[str] = field(default_factory=list)
    """The folders of plans with load errors: they have only `plans` and `findings` rows."""


def collect(paths: Iterable[Path], config: LintConfig, *, due_months: int = DUE_MONTHS, jobs: int = 1,
            cache: ResultCache | None = None, progress: Callable[[int], None] | None = None) -> DataSet:
    """The tables of every plan the paths name; StratplanError when a path names no plan, UsageError when two
    plans have the same key."""
    roots, problems = find_plan_roots(list(paths))
    if problems:
        raise StratplanError(problems)
    parts, _cached = batch.run(TablesJob(config, due_months), roots, jobs, cache, progress)
    keyed: dict[str, tuple[str, ArrowTables]] = {}
    not_loaded = []
    for root, part in zip(roots, parts, strict=True):
        plans = part["plans"]
        key = plans.column("plan")[0].as_py()
        if key in keyed:
            raise UsageError(f"{display_path(root)} and {keyed[key][0]} are the same plan ({key}): the tables need one "
                             "plan per community, document kind and period; name one of them")
        keyed[key] = (display_path(root), part)
        if not plans.column("loaded")[0].as_py():
            not_loaded.append(display_path(root))
    ordered = [keyed[key][1] for key in sorted(keyed)]
    return DataSet(parquet.concatenate(ordered), len(ordered), sorted(not_loaded))
