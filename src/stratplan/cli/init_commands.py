"""`stratplan init`: a new plan folder that validates clean, from options or, in a terminal, from questions."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stratplan import api
from stratplan.cli.app import EXIT_CLEAN, app
from stratplan.cli.options import Verbose
from stratplan.core.diagnostics import UsageError


class Kind(StrEnum):
    """Kinds of document, for `--kind`."""

    strategy = "strategy"
    action_plan = "action_plan"
    programme = "programme"


class Unit(StrEnum):
    """Money units, for `--unit`."""

    thousand_uah = "thousand_uah"
    uah = "uah"


Name = Annotated[str | None, typer.Option(show_default=False)]


def _interactive() -> bool:
    """True when a person can answer questions: both stdin and stdout are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask(value: str | None, question: str, default: str | None = None) -> str | None:
    if value is None and _interactive():
        return str(typer.prompt(question, default=default))
    return value


def _issuer(community: str | None, district: str | None, oblast: str | None) -> tuple[str, str | None, str | None]:
    """(type, name, oblast) of the issuer from the options, asking in a terminal when none is given."""
    if community is None and district is None and oblast is None and _interactive():
        kind = typer.prompt("Issuer: community, district or oblast", default="community")
        if kind not in ("community", "district", "oblast"):
            raise UsageError(f"the issuer is a community, a district or an oblast, got {kind!r}")
        name = typer.prompt(f"The {kind}'s name (e.g. Мелітопольська міська територіальна громада)")
        return kind, name, oblast if kind == "oblast" else _ask(None, "Its oblast (e.g. Запорізька область)")
    if community is not None:
        return "community", community, _ask(oblast, "The community's oblast (e.g. Запорізька область)")
    if district is not None:
        return "district", district, _ask(oblast, "The district's oblast (e.g. Харківська область)")
    return "oblast", oblast, None


@app.command("init")
def init_command(
    path: Annotated[Path, typer.Argument(help="The new plan folder, e.g. plans/demo: new or empty, not inside a plan.")],
    community: Annotated[str | None, typer.Option(help="The community's name: a community's plan.",
                                                  show_default=False)] = None,
    district: Annotated[str | None, typer.Option(help="The district's name: a district's plan (with --community: "
                                                 "the community's district).", show_default=False)] = None,
    oblast: Annotated[str | None, typer.Option(help="The oblast: of the community or district, or alone an oblast's "
                                               "plan.", show_default=False)] = None,
    kind: Annotated[Kind | None, typer.Option(help="strategy, action_plan or programme.", show_default=False)] = None,
    period: Annotated[str | None, typer.Option(help="The document's years, e.g. 2024-2026.", show_default=False)] = None,
    levels: Annotated[str | None, typer.Option(help="The document's names of its levels, top-down: \"Напрям,Захід\" "
                                               "(1 name: measure; 2: strategic_goal, measure; 3: strategic_goal, "
                                               "operational_goal, measure; 4: all), or by id "
                                               "\"task=Завдання,measure=Захід\".", show_default=False)] = None,
    unit: Annotated[Unit, typer.Option(help="The money unit of every amount: thousand_uah or uah.")] = Unit.thousand_uah,
    title: Annotated[str | None, typer.Option(help="The document's title (default: a placeholder to replace).",
                                              show_default=False)] = None,
    slug: Annotated[str | None, typer.Option(help="The plan's identifier (default: from the folder's name).",
                                             show_default=False)] = None,
    verbose: Verbose = False,
) -> None:
    """Write a new plan folder that validates clean: issuer, document, levels and an example node to fill in."""
    issuer_type, name, issuer_oblast = _issuer(community, district, oblast)
    chosen_kind = _ask(kind.value if kind else None, "Kind of document: strategy, action_plan or programme",
                       "programme")
    chosen_period = _ask(period, "Years of the document, e.g. 2024-2026")
    chosen_levels = _ask(levels, "The document's names of its levels, top-down, e.g. Напрям,Захід")
    missing = [option for option, value in (("--community, --district or --oblast", name),
                                            ("--oblast", issuer_oblast if issuer_type != "oblast" else "given"),
                                            ("--kind", chosen_kind), ("--period", chosen_period),
                                            ("--levels", chosen_levels)) if not value]
    if missing:
        raise UsageError(f"init needs {', '.join(missing)} (run it in a terminal to be asked)")
    assert name is not None and chosen_kind is not None and chosen_period is not None and chosen_levels is not None
    spec = api.new_plan(path, (issuer_type, name, issuer_oblast, district if issuer_type == "community" else None),
                        chosen_kind, chosen_period, chosen_levels, unit=unit.value, title=title, slug=slug)
    files = api.new_plan_files(path, spec)
    api.create_files(files)
    for written in files:
        sys.stderr.write(f"wrote {api.shown(written)}\n")
    sys.stderr.write(f"next: fill in what the comments ask, then stratplan validate {api.shown(path)}\n")
    raise typer.Exit(EXIT_CLEAN)
