"""`stratplan fmt`: rewrite plan files in the canonical layout, atomically, or `--check` that they are."""

from __future__ import annotations

import stat
import sys
from pathlib import Path
from typing import Annotated

import typer

from stratplan.cli.app import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, app
from stratplan.cli.options import Paths, Verbose
from stratplan.core.diagnostics import Diagnostic, Location, Severity, StratplanError
from stratplan.io import atomic
from stratplan.io.paths import display_path


def write_atomically(path: Path, data: bytes) -> None:
    """Replace a plan file's bytes atomically (see `stratplan.io.atomic`), keeping the file's mode."""
    atomic.write_atomically(path, data, mode=stat.S_IMODE(path.stat().st_mode), suffix=".fmt-tmp")


def _report(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        hint = f" ({d.hint})" if d.hint else ""
        sys.stderr.write(f"{d.location}: {d.code} {d.message}{hint}\n")


def _file_problem(path: Path, code: str, message: str) -> StratplanError:
    return StratplanError([Diagnostic(code, message, Severity.ERROR, Location(display_path(path)), name="fmt")])


def _formatted(path: Path) -> tuple[bytes, bytes]:
    """The file's bytes and its canonical bytes; StratplanError when it cannot be read or formatted."""
    shown = display_path(path)
    if path.is_symlink():  # replacing it would turn the link into a file; following it could write anywhere
        raise _file_problem(path, "FM105", "is a symbolic link: fmt does not rewrite links; format the file it points to")
    from stratplan.io.yamlio import decode
    from stratplan.output import fmt
    from stratplan.plan.loader import read_regular_file

    raw = read_regular_file(path)
    return raw, fmt.format_text(decode(raw, shown), shown, fmt.model_for(path)).encode("utf-8")


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise _file_problem(path, "FM106", f"cannot write: {exc.strerror}; file left unchanged") from None


def _format_file(path: Path, check: bool) -> bool | None:
    """Format (or check) one file: True when it changed (would change), False when already formatted, None if refused."""
    try:
        old, new = _formatted(path)
        if new != old and not check:
            _write(path, new)
    except StratplanError as exc:
        _report(exc.diagnostics)
        return None
    if new != old:
        typer.echo(f"{'would reformat' if check else 'reformatted'} {display_path(path)}")
    return new != old


@app.command("fmt")
def fmt_command(
    paths: Paths = None,
    check: Annotated[bool, typer.Option("--check", help="Change nothing: list the files that would change and "
                                        "exit 1 if there are any.")] = False,
    verbose: Verbose = False,
) -> None:
    """Rewrite plan files in one canonical layout, keeping every value and comment; refuse what it cannot keep."""
    from stratplan.output import fmt  # ruamel's round-trip machinery: only this command needs it

    files, problems = fmt.plan_files(paths or [Path(".")])
    _report(problems)
    outcomes = [_format_file(path, check) for path in files]
    failed, changed = bool(problems) or None in outcomes, outcomes.count(True)
    verb = "would be reformatted" if check else "reformatted"
    sys.stderr.write(f"{changed} of {len(files)} files {verb}{', some refused' if failed else ''}\n")
    raise typer.Exit(EXIT_USAGE if failed else EXIT_FINDINGS if check and changed else EXIT_CLEAN)
