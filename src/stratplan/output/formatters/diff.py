"""Output of `stratplan diff`: planned against actual as tables, Markdown, CSV and JSON."""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TextIO

from stratplan.compute.monitoring import Comparison, Execution, MoneyLine
from stratplan.compute.years import IndicatorYear, Progress, YearMoney
from stratplan.core.numbers import amount_text, decimal_comma, plain, uah
from stratplan.core.numbers import percent_text as shown_percent
from stratplan.output.export import CSV_LINE_END, neutralise
from stratplan.output.formatters.markdown import md_escape
from stratplan.output.formatters.tables import Column, console_for, print_table
from stratplan.output.formatters.terminal import printable

MONEY_HEADERS = ("code", "level", "source", "planned", "actual", "variance", "variance %")
SCHEDULE_HEADERS = ("code", "finding", "term", "status", "detail")
INDICATOR_HEADERS = ("code", "#", "indicator", "direction", "cumulative", "target", "actual", "achievement")
CSV_COLUMNS = ("community", "period", "section", "code", "level", "source", "planned", "actual", "variance",
               "variance_percent", "kind", "status", "detail")


def _money(value: Decimal | None) -> str:
    return "" if value is None else uah(value)


def _planned(line: MoneyLine) -> str:
    return amount_text(line.planned, line.planned_unknown)


def money_rows(result: Comparison) -> list[list[str]]:
    """Rows of the money table."""
    return [[m.code, m.level, m.source, _planned(m), _money(m.actual), _money(m.variance),
             shown_percent(m.variance_percent)] for m in result.money]


def execution_rows(table: dict[str, Execution]) -> list[list[str]]:
    """Rows of an execution-rate table (by level or by source)."""
    return [[key, amount_text(e.shown_planned, e.planned_unknown), uah(e.actual) if e.reported else "not reported",
             shown_percent(e.rate)] for key, e in sorted(table.items())]


def schedule_rows(result: Comparison) -> list[list[str]]:
    """Rows of the schedule table."""
    return [[s.code, s.kind, s.term, s.status, s.detail] for s in result.schedule]


def indicator_rows(result: Comparison) -> list[list[str]]:
    """Rows of the indicator table."""
    return [[i.code, str(i.position), i.text, i.direction, {True: "yes", False: "no", None: "unspecified"}[i.cumulative],
             uah(i.target), _money(i.actual), shown_percent(i.achievement)] for i in result.indicators]


UNITS = {"thousand_uah": "thousand UAH", "uah": "UAH"}


def _figure(value: Decimal | None, unknown: bool) -> str:
    return amount_text(value, unknown)


def year_rows(progress: Progress) -> list[list[str]]:
    """Rows of the money-across-years table: each year, then the running sums since the first year."""
    return [[str(m.year), _figure(m.planned, m.planned_unknown), _money(m.actual) or "not reported",
             shown_percent(m.rate), _figure(m.cumulative_planned, m.cumulative_planned_unknown),
             _cumulative_actual(m), shown_percent(m.cumulative_rate)] for m in progress.money]


def _cumulative_actual(line: YearMoney) -> str:
    return amount_text(line.cumulative_actual, bool(line.unreported))


def _achieved(year: IndicatorYear) -> str:
    """The value compared with the target; a running total missing a year's report says so."""
    if year.achieved is None:
        return ""
    return decimal_comma(year.achieved) + ("" if year.complete else " + unknown")


def indicator_year_rows(progress: Progress) -> list[list[str]]:
    """Rows of the indicators-by-year table: one per indicator and year."""
    return [[i.code, str(i.position), i.text, "yes" if i.cumulative else "no", str(y.year), _quantity(y.target),
             _quantity(y.value), _achieved(y), shown_percent(y.achievement)]
            for i in progress.indicators for y in i.years]


def _quantity(value: Decimal | None) -> str:
    return "" if value is None else decimal_comma(value)


def overdue_rows(progress: Progress) -> list[list[str]]:
    """Rows of the overdue-from-earlier-years table."""
    return [[o.code, o.term, str(o.years_overdue), o.status, o.reported_in or ""] for o in progress.overdue]


def _progress_sections(progress: Progress, unit: str) -> list[tuple[str, tuple[str, ...], list[list[str]]]]:
    since = progress.since
    return [
        (f"Across years {since}–{progress.year}: money, {UNITS[unit]}",
         ("year", "planned", "actual", "execution", f"planned since {since}", f"actual since {since}",
          f"execution since {since}"), year_rows(progress)),
        (f"Indicators by year {since}–{progress.year}",
         ("code", "#", "indicator", "cumulative", "year", "target", "value", "achieved", "achievement"),
         indicator_year_rows(progress)),
        (f"Overdue from years before {progress.year}", ("code", "term", "years overdue", "latest status",
                                                         "reported in"), overdue_rows(progress)),
    ]


def _sections(result: Comparison) -> list[tuple[str, tuple[str, ...], list[list[str]]]]:
    return [
        (f"Money: planned against actual, {UNITS[result.unit]}", MONEY_HEADERS, money_rows(result)),
        ("Actual money where none was planned", ("code", "source", "actual"),
         [[m.code, m.source, _money(m.actual)] for m in result.actual_without_plan]),
        ("Planned money with no actual reported", ("code", "source", "planned"),
         [[m.code, m.source, _planned(m)] for m in result.plan_without_actual]),
        ("Execution by level", ("level", "planned", "actual", "execution"), execution_rows(result.by_level)),
        ("Execution by source", ("source", "planned", "actual", "execution"), execution_rows(result.by_source)),
        ("Schedule", SCHEDULE_HEADERS, schedule_rows(result)),
        ("Indicators", INDICATOR_HEADERS, indicator_rows(result)),
        *(_progress_sections(result.progress, result.unit) if result.progress else []),
    ]


def _heading(result: Comparison) -> str:
    flag = " (illustrative figures)" if result.illustrative else ""
    return f"{result.community}, period {result.period.label}{flag}: {result.file}"


WRAPPING = {"indicator", "detail", "source", "term", "latest status"}  # free text; codes, levels and figures stay on one line
RIGHT = {"planned", "actual", "variance", "variance %", "target", "achievement", "execution", "value", "achieved",
         "years overdue"}


def write_table(results: Iterable[Comparison], stream: TextIO) -> None:
    """Rich tables, one set per plan, as wide as the terminal (free text wraps between words)."""
    console = console_for(stream)
    for result in results:
        console.print(printable(_heading(result)))
        for title, headers, rows in _sections(result):
            if not rows:
                console.print(f"{title}: none")
                continue
            print_table(console, title, [Column(h, right=h.split(" since ")[0] in RIGHT, wrap=h in WRAPPING)
                                         for h in headers], rows)
        for note in result.notes:
            console.print(printable(f"note: {note}"))


def write_markdown(results: Iterable[Comparison], stream: TextIO) -> None:
    """The same sections in Markdown."""
    for result in results:
        stream.write(f"## {md_escape(_heading(result))}\n\n")
        for title, headers, rows in _sections(result):
            stream.write(f"### {title}\n\n")
            if not rows:
                stream.write("None.\n\n")
                continue
            stream.write("| " + " | ".join(headers) + " |\n|" + "---|" * len(headers) + "\n")
            stream.writelines("| " + " | ".join(md_escape(c) for c in row) + " |\n" for row in rows)
            stream.write("\n")
        stream.writelines(f"- {md_escape(note)}\n" for note in result.notes)


def write_csv(results: Iterable[Comparison], stream: TextIO) -> None:
    """A long table: one row per money line, schedule finding and indicator."""
    writer = csv.writer(stream, lineterminator=CSV_LINE_END)
    writer.writerow(CSV_COLUMNS)
    for r in results:
        base = [r.community, r.period.label]
        for m in r.money:
            writer.writerow([*base, "money", m.code, m.level, m.source, _plain(m.planned), _plain(m.actual),
                             _plain(m.variance), _plain(m.variance_percent), "", "", ""])
        for s in r.schedule:
            writer.writerow([*base, "schedule", s.code, "", "", "", "", "", "", s.kind, s.status, neutralise(s.detail)])
        for i in r.indicators:
            writer.writerow([*base, "indicator", i.code, "", "", plain(i.target), _plain(i.actual), "",
                             _plain(i.achievement), i.direction, "", neutralise(i.text)])
        if r.progress is not None:
            _write_progress_csv(writer, base, r.progress)


def _write_progress_csv(writer: Any, base: list[str], progress: Progress) -> None:
    """Rows per year (`year`: the year's money; `since`: the running sums from the first year), per indicator and
    year (`indicator_year`: target, achieved, achievement; kind is the year) and per item overdue from earlier
    years (`overdue_earlier`)."""
    for m in progress.money:
        writer.writerow([*base, "year", str(m.year), "", "", plain(m.planned), _plain(m.actual), "", _plain(m.rate),
                         "", "", "planned incomplete" if m.planned_unknown else ""])
        writer.writerow([*base, "since", str(m.year), "", "", plain(m.cumulative_planned), _plain(m.cumulative_actual),
                         "", _plain(m.cumulative_rate), str(progress.since), "",
                         "; ".join(filter(None, ["planned incomplete" if m.cumulative_planned_unknown else "",
                                                 _unreported(m)]))])
    for i in progress.indicators:
        for y in i.years:
            writer.writerow([*base, "indicator_year", i.code, "", "", _plain(y.target), _plain(y.achieved), "",
                             _plain(y.achievement), str(y.year), "cumulative" if i.cumulative else "per year",
                             neutralise(i.text)])
    for o in progress.overdue:
        writer.writerow([*base, "overdue_earlier", o.code, "", "", "", "", "", "", "overdue_earlier", o.status,
                         neutralise(f"term ended in {o.term_end}; latest report: {o.reported_in or 'none'}")])


def _unreported(line: YearMoney) -> str:
    return f"no report for {', '.join(map(str, line.unreported))}" if line.unreported else ""


def _plain(value: Decimal | None) -> str:
    return "" if value is None else plain(value)


def to_data(result: Comparison) -> dict[str, Any]:
    """One plan's comparison as JSON-ready data (amounts as strings with a dot decimal)."""
    return {
        "community": result.community, "period": result.period.label, "file": result.file, "unit": result.unit,
        "illustrative": result.illustrative,
        "money": [{"code": m.code, "level": m.level, "source": m.source, "planned": _plain(m.planned) or None,
                   "planned_unknown": m.planned_unknown, "actual": _plain(m.actual) or None,
                   "variance": _plain(m.variance) or None, "variance_percent": _plain(m.variance_percent) or None}
                  for m in result.money],
        "execution": {name: {k: {"planned": plain(e.planned), "planned_unknown": e.planned_unknown,
                                 "actual": plain(e.actual) if e.reported else None, "rate": _plain(e.rate) or None}
                             for k, e in sorted(table.items())}
                      for name, table in (("by_level", result.by_level), ("by_source", result.by_source))},
        "actual_without_plan": [f"{m.code}/{m.source}" for m in result.actual_without_plan],
        "plan_without_actual": [f"{m.code}/{m.source}" for m in result.plan_without_actual],
        "schedule": [s.__dict__ for s in result.schedule],
        "indicators": [{**i.__dict__, "target": plain(i.target), "actual": _plain(i.actual) or None,
                        "achievement": _plain(i.achievement) or None} for i in result.indicators],
        "notes": result.notes,
        **({"progress": progress_data(result.progress)} if result.progress else {}),
    }


def progress_data(progress: Progress) -> dict[str, Any]:
    """Across years as JSON-ready data."""
    return {
        "since": progress.since, "year": progress.year,
        "money": [{"year": m.year, "planned": plain(m.planned), "planned_unknown": m.planned_unknown,
                   "actual": _plain(m.actual) or None, "rate": _plain(m.rate) or None, "file": m.file,
                   "cumulative_planned": plain(m.cumulative_planned),
                   "cumulative_planned_unknown": m.cumulative_planned_unknown,
                   "cumulative_actual": _plain(m.cumulative_actual) or None,
                   "cumulative_rate": _plain(m.cumulative_rate) or None, "unreported": list(m.unreported)}
                  for m in progress.money],
        "indicators": [{"code": i.code, "position": i.position, "text": i.text, "unit": i.unit,
                        "direction": i.direction, "cumulative": i.cumulative,
                        "years": [{"year": y.year, "target": _plain(y.target) or None, "value": _plain(y.value) or None,
                                   "achieved": _plain(y.achieved) or None, "complete": y.complete,
                                   "achievement": _plain(y.achievement) or None} for y in i.years]}
                       for i in progress.indicators],
        "overdue_earlier": [o.__dict__ for o in progress.overdue],
    }


def write_json(results: Iterable[Comparison], stream: TextIO) -> None:
    """JSON with a version and one object per plan; the plans go through a temporary file as they come (the unit
    before them is known only after the last), laid out as one `json.dumps(..., indent=2)` of the whole."""
    units: set[str] = set()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        for number, result in enumerate(results):
            units.add(result.unit)
            text = json.dumps(to_data(result), ensure_ascii=False, indent=2)
            spool.write(("    " if number == 0 else ",\n    ") + text.replace("\n", "\n    "))
        unit = units.pop() if len(units) == 1 else "per_plan"
        empty = spool.tell() == 0
        stream.write(f'{{\n  "version": 1,\n  "unit": {json.dumps(unit, ensure_ascii=False)},\n  "plans": '
                     + ("[]" if empty else "[\n"))
        spool.seek(0)
        shutil.copyfileobj(spool, stream)
        stream.write("\n}\n" if empty else "\n  ]\n}\n")
