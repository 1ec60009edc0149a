"""The typer application, error boundary and exit codes: 0 clean, 1 findings, 2 usage, 3 internal."""

from __future__ import annotations

import sys
from typing import NoReturn

import typer

from stratplan import __version__
from stratplan.cli.lazy import COMMANDS, LazyGroup, bind, import_command_module
from stratplan.cli.options import Verbose
from stratplan.core import collector
from stratplan.core.diagnostics import StratplanError, UsageError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

app = typer.Typer(
    name="stratplan",
    cls=LazyGroup,
    help="Check, total, monitor, review and publish social-services development strategies kept as YAML plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
bind(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stratplan {__version__}")
        raise typer.Exit(EXIT_CLEAN)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
    verbose: Verbose = False,
) -> None:
    """Check, total, monitor, review and publish social-services development strategies kept as YAML plans."""


def register(argv: list[str]) -> None:
    """Import the module of the command a command line names; it registers its commands on import.

    Only that one: `stratplan validate` does not pay for pandas, jinja2, ruamel's round trip or the git
    machinery, and `--help`, `--version` or a mistyped command import none (`LazyGroup` lists them all).
    """
    named = next((arg for arg in argv if not arg.startswith("-")), None)
    if named in COMMANDS:
        import_command_module(named)


def _verbose(argv: list[str]) -> bool:
    """Whether -v/--verbose is on the command line (every command accepts it), before any `--`."""
    options = argv[: argv.index("--")] if "--" in argv else argv
    return "-v" in options or "--verbose" in options


def printable(text: str) -> str:
    """Text safe for the terminal (`core.text.printable`, imported only when there is something to say)."""
    from stratplan.core.text import printable as safe

    return safe(text)


def main() -> NoReturn:
    """Entry point: run the app and map every failure to its exit code, without tracebacks."""
    with collector.paused():
        register(sys.argv[1:])
    try:
        app(prog_name="stratplan")  # typer exits by itself: 0, or 2 for bad usage
    except UsageError as exc:
        sys.stderr.write(printable(f"stratplan: error: {exc}") + "\n")
        sys.exit(EXIT_USAGE)
    except StratplanError as exc:
        for d in exc.diagnostics:
            sys.stderr.write(printable(f"{d.location}: {d.code} {d.message}") + "\n")
        if exc.hint:
            sys.stderr.write(f"stratplan: {exc.hint}\n")
        sys.exit(EXIT_USAGE)
    except BrokenPipeError:
        sys.exit(EXIT_CLEAN)
    except Exception as exc:  # noqa: BLE001 - the one boundary that turns crashes into exit 3
        sys.stderr.write(printable(f"stratplan: internal error: {type(exc).__name__}: {exc}") + "\n")
        if _verbose(sys.argv[1:]):
            import traceback

            traceback.print_exc()
        else:
            sys.stderr.write("run again with -v for the traceback, and please report it\n")
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_CLEAN)
