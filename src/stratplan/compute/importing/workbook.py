"""A workbook written by `stratplan export --format xlsx`, read back into plan files (the Excel round trip)."""

from __future__ import annotations

from stratplan.compute.importing.draft import Draft, ImportProblem, Settings
from stratplan.io.tables import TableFile

PLAN_SHEET = "plan"


def is_export(found: TableFile) -> bool:
    """True when the workbook is one `stratplan export --format xlsx` wrote (it has the sheet `plan`)."""
    return any(table.name == f"sheet '{PLAN_SHEET}'" for table in found.tables)


def read_export(found: TableFile, settings: Settings) -> Draft:
    """The plan files of an exported workbook."""
    raise ImportProblem(f"{found.file}: reading back an exported workbook is not supported yet")
