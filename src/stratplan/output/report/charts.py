"""Inline SVG charts built in Python: stacked bars with a legend, readable in print and by screen readers.

Coordinates are computed with Decimal like the money they draw, so no float enters the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from stratplan.core.numbers import amount_text, plain, rounded, uah

WIDTH, HEIGHT = Decimal(720), Decimal(300)
LEFT, BOTTOM, TOP = Decimal(20), Decimal(40), Decimal(30)
# Colour-blind-safe palette (Okabe–Ito), dark enough for white gaps and grey print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Bar:
    """One bar: its label (e.g. the year) and its stacked segments (series name, amount)."""

    label: str
    segments: list[tuple[str, Decimal]]
    incomplete: bool = False  # part of the bar's money is unknown: its total says so

    @property
    def total(self) -> Decimal:
        """Sum of the segments."""
        return sum((amount for _name, amount in self.segments), Decimal(0))


def _n(value: Decimal) -> str:
    return plain(rounded(value))


def _series(bars: list[Bar]) -> list[str]:
    names: list[str] = []
    for bar in bars:
        names.extend(name for name, _amount in bar.segments if name not in names)
    return names


def _total_text(bar: Bar, unknown: str) -> str:
    return amount_text(bar.total if bar.segments else None, bar.incomplete, unknown)


def stacked_bars(bars: list[Bar], title: str, ident: str, unknown: str = "unknown") -> str:
    """An SVG of stacked bars with a title, a description listing every figure, and a legend."""
    series = _series(bars)
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(series)}
    top = max((bar.total for bar in bars), default=Decimal(0))
    legend_height = Decimal(18) * len(series)
    plot = HEIGHT - BOTTOM - TOP
    height = HEIGHT + legend_height + Decimal(10)
    slot = (WIDTH - 2 * LEFT) / max(len(bars), 1)
    width = slot * Decimal("0.6")
    desc = "; ".join(f"{bar.label}: " + ", ".join([*(f"{name} {uah(amount)}" for name, amount in bar.segments),
                                                   *([unknown] if bar.incomplete else [])]) for bar in bars)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ident}-title {ident}-desc" '
           f'viewBox="0 0 {_n(WIDTH)} {_n(height)}" width="100%" class="chart">',
           f'<title id="{ident}-title">{escape(title)}</title>', f'<desc id="{ident}-desc">{escape(desc)}</desc>']
    for index, bar in enumerate(bars):
        x = LEFT + slot * index + (slot - width) / 2
        y = TOP + plot
        for name, amount in bar.segments:
            h = plot * amount / top if top else Decimal(0)
            y -= h
            out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(h)}" fill="{colour[name]}" '
                       f'stroke="#ffffff" stroke-width="1"/>')
        out.append(f'<text x="{_n(x + width / 2)}" y="{_n(y - 6)}" text-anchor="middle" font-size="12">'
                   f'{escape(_total_text(bar, unknown))}</text>')
        out.append(f'<text x="{_n(x + width / 2)}" y="{_n(TOP + plot + 18)}" text-anchor="middle" font-size="13">'
                   f'{escape(bar.label)}</text>')
    for index, name in enumerate(series):
        y = HEIGHT + Decimal(18) * index + Decimal(8)
        out.append(f'<rect x="{_n(LEFT)}" y="{_n(y - 10)}" width="12" height="12" fill="{colour[name]}"/>')
        out.append(f'<text x="{_n(LEFT + 18)}" y="{_n(y)}" font-size="12">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out)
