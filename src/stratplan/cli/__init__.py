"""The command-line interface: thin typer commands around the library."""

from stratplan.cli.app import app, main

__all__ = ["app", "main"]
