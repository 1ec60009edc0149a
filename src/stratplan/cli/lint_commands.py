"""`stratplan validate`, `stratplan rules` and `stratplan schema`."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stratplan.check.config import LintConfig, load_config
from stratplan.cli.app import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, app
from stratplan.cli.options import CacheDir, Jobs, NoCache, Paths, Verbose, cache_for, progress_bar
from stratplan.core.diagnostics import UsageError
from stratplan.io.paths import find_plan_roots
from stratplan.output.formatters import formatter
from stratplan.pipeline.batch import default_jobs
from stratplan.pipeline.lint import lint_paths


class OutputFormat(StrEnum):
    """Formats of `validate`."""

    auto = "auto"
    text = "text"
    concise = "concise"
    json = "json"
    github = "github"
    sarif = "sarif"


def _choose_format(chosen: OutputFormat) -> str:
    if chosen is not OutputFormat.auto:
        return str(chosen.value)
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _override(config: LintConfig, select: str | None, ignore: str | None, fail_level: str | None) -> LintConfig:
    from stratplan.check.config import parse_config

    data: dict[str, object] = {
        "select": list(config.select), "ignore": list(config.ignore),
        "severity": {k: v.label for k, v in config.severity.items()}, "fail_level": config.fail_level.label,
        "deviation_threshold": config.deviation_threshold,
    }
    if select is not None:
        data["select"] = select
    if ignore is not None:
        data["ignore"] = [*config.ignore, *[c.strip() for c in ignore.split(",") if c.strip()]]
    if fail_level is not None:
        data["fail_level"] = fail_level
    return parse_config(data, "command line")


@app.command()
def validate(
    paths: Paths = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format; auto picks github "
                                                        "when GITHUB_ACTIONS=true, else text.")] = OutputFormat.auto,
    config_file: Annotated[Path | None, typer.Option("--config", help="Config file (.stratplan.yaml or "
                                                     "pyproject.toml); default: found walking up.")] = None,
    select: Annotated[str | None, typer.Option(help="Only these rule codes or families, comma-separated.")] = None,
    ignore: Annotated[str | None, typer.Option(help="Skip these rule codes or families, comma-separated.")] = None,
    fail_level: Annotated[str | None, typer.Option(help="Lowest severity that fails the run: error, warning "
                                                   "or info (default error).")] = None,
    jobs: Jobs = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    verbose: Verbose = False,
) -> None:
    """Check plans: YAML safety, schema, and every rule. Exit 1 when findings reach the failing level."""
    targets = paths or [Path(".")]
    config = _override(load_config(config_file, targets[0]), select, ignore, fail_level)
    cache = cache_for(targets, cache_dir, no_cache)
    with progress_bar(lambda: len(find_plan_roots(targets)[0]), "checking plans") as progress:
        result = lint_paths(targets, config, jobs or default_jobs(), cache, progress)
    formatter(_choose_format(output_format))(result, sys.stdout)
    if verbose or output_format not in (OutputFormat.text, OutputFormat.auto):
        from stratplan.output.formatters.text import summary

        sys.stderr.write(summary(result) + "\n")
    raise typer.Exit(EXIT_FINDINGS if result.fails(config.fail_level) else EXIT_CLEAN)


@app.command("rules")
def list_rules(
    family: Annotated[str | None, typer.Option(help="Only rules of this family, e.g. BG.")] = None,
    verbose: Verbose = False,
) -> None:
    """List every rule with its code, name, default severity and summary."""
    from stratplan.check.rules import FAMILIES, RULES

    if family is not None and family not in FAMILIES:
        raise UsageError(f"unknown family {family!r}; families: {', '.join(FAMILIES)}")
    for rule in RULES.values():
        if family is None or rule.family == family:
            typer.echo(f"{rule.code}  {rule.name:<34} {rule.severity.label:<8} {rule.summary}")


@app.command()
def schema(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the schemas to.")] = Path("schemas"),
    check: Annotated[bool, typer.Option(help="Only check that the folder is current; exit 1 if not.")] = False,
    verbose: Verbose = False,
) -> None:
    """Generate the JSON Schemas of every plan file kind and of the JSON output from the models."""
    from stratplan.output import schemas

    if check:
        stale = schemas.stale(out)
        for name in stale:
            typer.echo(f"{out / name}: out of date; run 'stratplan schema'")
        raise typer.Exit(EXIT_FINDINGS if stale else EXIT_CLEAN)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    for name, text in schemas.expected().items():
        (out / name).write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out / name}")
    raise typer.Exit(EXIT_CLEAN if out.is_dir() else EXIT_USAGE)
