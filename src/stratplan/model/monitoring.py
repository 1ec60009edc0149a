"""`monitoring/<period>.yaml`: what actually happened to each node in a year or half-year."""

import datetime as dt
from typing import Literal

from pydantic import Field

from stratplan.model.common import Code, Date, Flag, Half, Ident, Money, Position, Strict, Text, Year, new_dict, new_list

Status = Literal["not_started", "in_progress", "completed", "postponed", "cancelled"]
STATUSES: tuple[Status, ...] = ("not_started", "in_progress", "completed", "postponed", "cancelled")


class Period(Strict):
    """The reporting period: a year, or one half of it."""

    year: Year
    half: Half | None = None

    @property
    def label(self) -> str:
        """`2023` or `2023-H1`."""
        return f"{self.year}-H{self.half}" if self.half else str(self.year)

    @property
    def end(self) -> dt.date:
        """Last day of the period."""
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def start(self) -> dt.date:
        """First day of the period."""
        return dt.date(self.year, 7, 1) if self.half == 2 else dt.date(self.year, 1, 1)


class ItemReport(Strict):
    """What happened to one node: status, dates, actual money per source, indicator values, comment.

    Empty (null) fields mean "not reported yet"; `actual` keys are funding-source ids, or `all` where
    the money is not split by source; `indicators` keys are 1-based positions in the node's indicator list.
    """

    status: Status | None = None
    started: Date | None = None
    completed: Date | None = None
    actual: dict[Ident, Money | None] = Field(default_factory=new_dict)
    indicators: dict[Position, Money | None] = Field(default_factory=new_dict)
    comment: Text | None = None


class MonitoringFile(Strict):
    """A monitoring report of one plan for one period, keyed by node code.

    `submitted` is the day the report was submitted to the council (or published): `stratplan status` compares it
    with the report's deadline.
    """

    schema_version: Literal[1] = 1
    period: Period
    submitted: Date | None = Field(default=None, description="The day the report was submitted to the council (or "
                                   "published); `stratplan status` compares it with the report's deadline.")
    illustrative: Flag = False
    items: dict[Code, ItemReport] = Field(default_factory=new_dict)
    notes: list[Text] = Field(default_factory=new_list)
