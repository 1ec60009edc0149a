"""Inline SVG charts built in Python: horizontal bars on a value axis, readable on a phone, in print and by
screen readers.

Bars run left to right, each under a line of text that names it and gives its figure, so no label has to
fit inside or beside a bar. Lengths and tick positions are percentages of the chart's width and text keeps
its size in pixels: the responsive chart (`width="100%"`, no viewBox) is as wide as the page and its text
never shrinks on a phone. A chart saved as a file (the Markdown report's images) has a fixed width and
carries its title and legend as text; in HTML they are the figure's caption and legend, which wrap.
Coordinates are computed with Decimal like the money they draw, so no float enters the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from stratplan.core.numbers import amount_text, plain, uah

# Colour-blind-safe palette (Okabe–Ito), dark enough for white gaps and grey print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
FONT = "DejaVu Sans, Arial, sans-serif"
TEXT_SIZE, TICK_SIZE, TITLE_SIZE = 13, 12, 15  # px; the smallest stays above 11 px at any width
LINE, BAR, GAP = 18, 14, 8  # px: a line of text, a bar's thickness, the space after a bar
TICKS = 4
FILE_WIDTH = 720  # px: the width of a chart saved as an image file
NICE = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


@dataclass(frozen=True)
class Bar:
    """One bar: its label (a year, or a series in a group) and its stacked segments (series name, amount)."""

    label: str
    segments: list[tuple[str, Decimal]]
    incomplete: bool = False  # part of the bar's money is unknown: its total says so

    @property
    def total(self) -> Decimal:
        """Sum of the segments."""
        return sum((amount for _name, amount in self.segments), Decimal(0))


@dataclass(frozen=True)
class Group:
    """Bars shown together under one label (a year)."""

    label: str
    bars: list[Bar]


def series(groups: list[Group]) -> list[str]:
    """Series names in the order they first appear: the legend."""
    names: list[str] = []
    for group in groups:
        for bar in group.bars:
            names.extend(name for name, _amount in bar.segments if name not in names)
    return names


def colours(names: list[str]) -> dict[str, str]:
    """The colour of each series."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def axis_maximum(top: Decimal) -> Decimal:
    """The end of the value axis: the smallest 1, 2, 2.5 or 5 times a power of ten, times the ticks, that
    holds the largest bar (`8 000` for 7 586,2)."""
    if top <= 0:
        return Decimal(0)
    raw = top / TICKS
    magnitude = Decimal(1).scaleb(raw.adjusted())
    step = next(n * magnitude for n in NICE if n * magnitude >= raw)
    return step * TICKS


def tick_text(value: Decimal) -> str:
    """An axis value: `2 000`, `2,5`."""
    text = uah(value.normalize() if value != value.to_integral_value() else value.to_integral_value())
    return text.removesuffix(",0")


def _bar_text(bar: Bar, group: Group, unknown: str, empty: str) -> str:
    total = amount_text(bar.total if bar.segments else None, bar.incomplete, unknown) or empty
    name = bar.label or group.label
    return f"{name}: {total}"


def _percent(part: Decimal, whole: Decimal) -> str:
    return plain((part / whole * 100).quantize(Decimal("0.01"))) + "%" if whole else "0%"


def _text(x: str, y: int, text: str, size: int = TEXT_SIZE, anchor: str = "start", bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" fill="#111111"{weight}>'
            f"{escape(text)}</text>")


def _header(title: str, names: list[str], colour: dict[str, str]) -> tuple[list[str], int]:
    """The title and legend drawn into a chart saved as a file."""
    out = [_text("0", TITLE_SIZE + 2, title, TITLE_SIZE, bold=True)]
    y = TITLE_SIZE + 2 + LINE
    for name in names:
        out.append(f'<rect x="0" y="{y - 11}" width="12" height="12" fill="{colour[name]}"/>')
        out.append(_text("18", y, name))
        y += LINE
    return out, y + GAP


def _bars(groups: list[Group], colour: dict[str, str], end: Decimal, y: int, unknown: str,
          empty: str) -> tuple[list[str], int]:
    out = []
    for group in groups:
        if len(group.bars) > 1 or (group.bars and group.bars[0].label):
            y += LINE
            out.append(_text("0", y - 4, group.label, bold=True))
        for bar in group.bars:
            y += LINE
            out.append(_text("0", y - 4, _bar_text(bar, group, unknown, empty)))
            start = Decimal(0)
            for name, amount in bar.segments:
                out.append(f'<rect x="{_percent(start, end)}" y="{y}" width="{_percent(amount, end)}" height="{BAR}" '
                           f'fill="{colour[name]}" stroke="#ffffff" stroke-width="1"/>')
                start += amount
            y += BAR + GAP
    return out, y


def _ticks(end: Decimal) -> list[tuple[str, Decimal]]:
    """Where the axis values go, as percentages of the width, and the values."""
    if not end:
        return [("0%", Decimal(0))]
    return [(_percent(end * i / TICKS, end), end * i / TICKS) for i in range(TICKS + 1)]


def _grid(end: Decimal, top: int, bottom: int) -> list[str]:
    return [f'<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom + 4}" stroke="#cccccc" stroke-width="1"/>'
            for x, _value in _ticks(end)]


def _axis(end: Decimal, y: int, unit: str) -> tuple[list[str], int]:
    """The axis line, its values (the first left-aligned, the last right-aligned) and the unit under them."""
    out = [f'<line x1="0" y1="{y}" x2="100%" y2="{y}" stroke="#555555" stroke-width="1"/>']
    ticks = _ticks(end)
    baseline = y + 4 + TICK_SIZE + 2
    for index, (x, value) in enumerate(ticks):
        anchor = "start" if index == 0 else "end" if index == len(ticks) - 1 else "middle"
        out.append(_text(x, baseline, tick_text(value), TICK_SIZE, anchor))
    out.append(_text("100%", baseline + LINE, unit, TICK_SIZE, "end"))
    return out, baseline + LINE + 4


def bar_chart(groups: list[Group], title: str, unit: str, ident: str, unknown: str = "unknown", *,
              empty: str = "", file: bool = False) -> str:
    """An SVG of horizontal bars with a value axis in `unit`, a title and a description listing every figure;
    a bar with no figure at all says `empty` (`не звітовано`).

    `file=True` draws the title and the legend into it at a fixed width (an image on its own); otherwise it is
    as wide as its container and the page gives the title and legend (`series`, `colours`)."""
    names = series(groups)
    colour = colours(names)
    end = axis_maximum(max((bar.total for group in groups for bar in group.bars), default=Decimal(0)))
    out, y = _header(title, names, colour) if file else ([], 0)
    top = y
    bars, y = _bars(groups, colour, end, y, unknown, empty)
    axis, height = _axis(end, y, unit)
    desc = "; ".join(_bar_text(bar, group, unknown, empty) + (" (" + ", ".join(f"{n} {uah(a)}" for n, a in bar.segments) + ")"
                                                       if len(bar.segments) > 1 else "")
                     for group in groups for bar in group.bars)
    width = str(FILE_WIDTH) if file else "100%"
    head = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ident}-title {ident}-desc" '
            f'width="{width}" height="{height}" class="chart" font-family="{FONT}">',
            f'<title id="{ident}-title">{escape(title)}</title>', f'<desc id="{ident}-desc">{escape(desc)}</desc>']
    return "\n".join([*head, *out, *_grid(end, top, y), *bars, *axis, "</svg>"])
