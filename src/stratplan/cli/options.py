"""Options shared between commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

Paths = Annotated[
    list[Path] | None,
    typer.Argument(help="Plan folders, folders of plan folders (e.g. plans/), or files inside a plan. Default: .",
                   show_default=False),
]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks of internal errors.")]
