"""Terminal tables that fit the terminal: text columns wrap between words, never inside one, and a table
too wide for the terminal is split into parts by its trailing columns (e.g. years), each part repeating
the leading ones (code, title). Numbers are never wrapped or cut.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from stratplan.output.formatters.terminal import printable

WIDE = 200  # width for a pipe or a file with no COLUMNS: wide enough that a table rarely needs to wrap
CHROME_PER_COLUMN = 3  # one space of padding on each side and one border
EDGE = 1  # the table's closing border


def terminal_width(stream: TextIO) -> int:
    """`COLUMNS` when set, else the width of the terminal the output goes to, else WIDE."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):  # a stream without a file descriptor (StringIO, captured output)
        pass
    return WIDE


def console_for(stream: TextIO) -> Console:
    """A plain console (no markup, emoji or highlighting) as wide as the terminal."""
    return Console(file=stream, highlight=False, emoji=False, markup=False, width=terminal_width(stream))


@dataclass(frozen=True)
class Column:
    """A column: its header, right-aligned (numbers) or not, and whether its text may wrap between words."""

    header: str
    right: bool = False
    wrap: bool = False


def _natural(texts: Sequence[str]) -> int:
    return max(cell_len(text) for text in texts)


def _longest_word(texts: Sequence[str]) -> int:
    return max((cell_len(word) for text in texts for word in text.split()), default=0)


def fitted_widths(columns: Sequence[Column], cells: Sequence[Sequence[str]], width: int) -> list[int] | None:
    """Content widths that fit `width`: natural when they fit, else wrapping columns narrowed, never below
    their longest word; None when even that does not fit. `cells` holds each column's texts, header included."""
    natural = [_natural(texts) for texts in cells]
    room = width - CHROME_PER_COLUMN * len(columns) - EDGE
    if sum(natural) <= room:
        return natural
    widths = [_longest_word(texts) if column.wrap else full for column, texts, full in zip(columns, cells, natural, strict=True)]
    spare = room - sum(widths)
    if spare < 0:
        return None
    # The narrowest needs first, so a short column (a source name) keeps its line and the title takes what is left.
    for index in sorted((i for i, c in enumerate(columns) if c.wrap), key=lambda i: natural[i] - widths[i]):
        grow = min(spare, natural[index] - widths[index])
        widths[index] += grow
        spare -= grow
    return widths


def _cells(columns: Sequence[Column], rows: Sequence[Sequence[str]], picked: Sequence[int]) -> list[list[str]]:
    return [[columns[i].header, *(row[i] for row in rows)] for i in picked]


def column_parts(columns: Sequence[Column], rows: Sequence[Sequence[str]], keep: int, width: int) -> list[list[int]]:
    """Column indexes of each part: the first `keep` columns in every part, the others in as few parts as fit."""
    fixed = list(range(keep))
    parts: list[list[int]] = []
    current: list[int] = []
    for index in range(keep, len(columns)):
        trial = [*fixed, *current, index]
        if current and fitted_widths([columns[i] for i in trial], _cells(columns, rows, trial), width) is None:
            parts.append(current)
            current = []
        current.append(index)
    parts.append(current)
    return [[*fixed, *part] for part in parts]


def _table(title: str, columns: Sequence[Column], rows: Sequence[Sequence[str]], widths: list[int] | None) -> Table:
    table = Table(title=printable(title), title_justify="left")
    for index, column in enumerate(columns):
        table.add_column(column.header, justify="right" if column.right else "left", no_wrap=not column.wrap,
                         overflow="fold", width=widths[index] if widths else None)
    for row in rows:
        table.add_row(*row)
    return table


def print_table(console: Console, title: str, columns: Sequence[Column], rows: Sequence[Sequence[str]],
                keep: int | None = None) -> None:
    """Print a table within the console's width, split into parts after the first `keep` columns if it must be."""
    rows = [[printable(cell) for cell in row] for row in rows]
    parts = column_parts(columns, rows, len(columns) if keep is None else keep, console.width)
    for number, picked in enumerate(parts, start=1):
        chosen = [columns[i] for i in picked]
        cells = [[row[i] for i in picked] for row in rows]
        widths = fitted_widths(chosen, _cells(columns, rows, picked), console.width)
        suffix = f" ({number}/{len(parts)})" if len(parts) > 1 else ""
        console.print(_table(title + suffix, chosen, cells, widths))
