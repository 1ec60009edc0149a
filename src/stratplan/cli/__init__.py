"""The command-line interface: thin typer commands around the library.

`main` answers `stratplan --version` before typer is imported (scripts and hooks ask it often; typer and click
are most of a start-up); everything else goes to `stratplan.cli.app`, where the application lives."""

from __future__ import annotations

import sys
from typing import NoReturn


def main() -> NoReturn:
    """Entry point of the `stratplan` command."""
    if sys.argv[1:] == ["--version"]:
        from stratplan import __version__

        try:
            sys.stdout.write(f"stratplan {__version__}\n")
            sys.stdout.flush()
        except OSError:
            pass  # a full disk, a closed pipe: the application says so, with its exit code
        else:
            raise SystemExit(0)
    from stratplan.cli.app import main as run

    run()


__all__ = ["main"]
