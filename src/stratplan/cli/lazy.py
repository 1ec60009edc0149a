"""The root command group, which lists every command without importing the modules that define them.

`stratplan --help` and `stratplan --version` then start without pandas, jinja2, pydantic or the models,
and `stratplan validate` imports only `lint_commands`. Each command is listed from `COMMANDS` (its module
and the first paragraph of its help, which a test keeps equal to the command's own); the module is imported
when the command is run or asked for its help.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

# Command name -> (module in stratplan.cli that registers it, the first paragraph of its help), in the
# order `stratplan --help` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "changes": ("changes_commands", "Compare plans before and after a change: nodes, fields, money, and flags a "
                "reviewer must not miss."),
    "fmt": ("fmt_commands", "Rewrite plan files in one canonical layout, keeping every value and comment; refuse "
            "what it cannot keep."),
    "validate": ("lint_commands", "Check plans: YAML safety, schema, and every rule. Exit 1 when findings reach "
                 "the failing level."),
    "rules": ("lint_commands", "List every problem code (rules, and the loader's, schema's and others) with its "
              "name, default severity and summary."),
    "schema": ("lint_commands", "Generate the JSON Schemas of every plan file kind and of the JSON output from the "
               "models."),
    "export": ("plan_commands", "Export every strategic goal, operational goal, task and measure as one row each."),
    "budget": ("plan_commands", "Roll up planned money by year, funding source and level; declared totals beside "
               "computed ones."),
    "diff": ("monitor_commands", "Compare a monitoring report with the plan: money, schedule and indicators."),
    "report": ("report_commands", "Render the monitoring report of a plan for a year: cover, money, goals, the "
               "Додаток 1 form, data quality."),
    "monitor": ("monitor_commands", "Monitoring reports: what actually happened, per period."),
    "query": ("data_commands", "Run SQL across plans: the tables of an export folder, or of plan folders made on the "
              "fly, and the views."),
    "status": ("data_commands", "Who owes which monitoring report: expected against submitted, on time or late, "
               "expiring strategies, failing plans."),
    "import": ("import_commands", "Draft a plan folder from a council's Word or Excel implementation table, every "
               "value with its cell."),
    "init": ("init_commands", "Write a new plan folder that validates clean: issuer, document, levels and an example "
             "node to fill in."),
}


_BOUND: list[typer.Typer] = []  # the application whose commands these are (`bind`), without importing it here


def bind(app: typer.Typer) -> None:
    """Name the application that registers the real commands."""
    _BOUND[:] = [app]


def import_command_module(name: str) -> None:
    """Import the module that registers a command (on the app, as it is imported)."""
    import_module(f"stratplan.cli.{COMMANDS[name][0]}")


class LazyCommand(TyperCommand):
    """A command listed by name and help only; running it imports its module and hands over to the real one."""

    def real(self) -> Any:  # a click Command: typer's own copy of click, or click, depending on typer's version
        """The command its module defines."""
        assert self.name is not None and _BOUND, "stratplan.cli.app binds its application"
        import_command_module(self.name)
        group = typer.main.get_command(_BOUND[0])
        command = group.commands[self.name] if isinstance(group, TyperGroup) else None
        if command is None or isinstance(command, LazyCommand):
            raise RuntimeError(f"module {COMMANDS[self.name][0]} does not register the command {self.name!r}")
        return command

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        return self.real().make_context(info_name, args, parent=parent, **extra)


class LazyGroup(TyperGroup):
    """The root group: the commands registered so far, and a `LazyCommand` for each of the others."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        loaded = dict(self.commands)
        self.commands = {name: loaded.pop(name) if name in loaded else LazyCommand(name, help=text)
                         for name, (_module, text) in COMMANDS.items()}
        self.commands.update(loaded)
