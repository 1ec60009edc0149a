"""`stratplan validate`, `stratplan rules` and `stratplan schema`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from stratplan import api
from stratplan.cli.app import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, app
from stratplan.cli.options import CacheDir, Jobs, NoCache, Paths, Verbose, progress_bar
from stratplan.core.diagnostics import UsageError

FORMATS = ("auto", *api.finding_formats())
"""Formats of `validate`: auto, and every format the output layer registers."""


def _choose_format(chosen: str) -> str:
    if chosen not in FORMATS:
        raise UsageError(f"--format takes {', '.join(FORMATS)}; got {chosen!r}")
    if chosen != "auto":
        return chosen
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


@app.command()
def validate(
    paths: Paths = None,
    output_format: Annotated[str, typer.Option("--format", "-f", metavar="[" + "|".join(FORMATS) + "]",
                                               help="Output format; auto picks github when GITHUB_ACTIONS=true, "
                                               "else text.")] = "auto",
    config_file: Annotated[Path | None, typer.Option("--config", help="Config file (.stratplan.yaml or "
                                                     "pyproject.toml); default: found walking up.")] = None,
    select: Annotated[str | None, typer.Option(help="Only these rule codes or families, comma-separated.")] = None,
    ignore: Annotated[str | None, typer.Option(help="Skip these rule codes or families, comma-separated.")] = None,
    fail_level: Annotated[str | None, typer.Option(help="Lowest severity that fails the run: error, warning "
                                                   "or info (default error).")] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", metavar="FILE", help="Report only findings this "
                                                  "baseline file does not record (see --write-baseline).")] = None,
    write_baseline: Annotated[Path | None, typer.Option("--write-baseline", metavar="FILE", help="Record every "
                                                        "finding of this run in FILE and exit 0.")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings reach the failing "
                                            "level.")] = False,
    jobs: Jobs = None,
    cache_dir: CacheDir = None,
    no_cache: NoCache = False,
    verbose: Verbose = False,
) -> None:
    """Check plans: YAML safety, schema, and every rule. Exit 1 when findings reach the failing level."""
    chosen = _choose_format(output_format)
    targets = paths or [Path(".")]
    config = api.load_config(config_file, targets[0], select=select, ignore=ignore, fail_level=fail_level)
    cache = api.result_cache(targets, cache_dir, not no_cache)
    with progress_bar(lambda: len(api.find_plans(targets)[0]), "checking plans") as progress:
        result = api.validate(targets, config, jobs=jobs or api.default_jobs(), cache=cache, progress=progress)
    if write_baseline is not None:
        recorded = api.write_baseline(result, write_baseline)
        sys.stderr.write(f"{api.shown(write_baseline)}: {recorded} finding(s) of {len(result.plans)} plan(s) "
                         "recorded\n")
        raise typer.Exit(EXIT_CLEAN)
    if baseline is not None:
        result = api.apply_baseline(result, baseline)
    api.write_findings(result, chosen, sys.stdout)
    if verbose or output_format not in ("text", "auto"):
        sys.stderr.write(api.summary(result) + "\n")
    if verbose:
        sys.stderr.writelines(line + "\n" for line in api.stale_baseline_entries(result))
    raise typer.Exit(EXIT_FINDINGS if result.fails(config.fail_level) and not exit_zero else EXIT_CLEAN)


@app.command("rules")
def list_rules(
    family: Annotated[str | None, typer.Option(help="Only codes of this family, e.g. BG or LD.")] = None,
    verbose: Verbose = False,
) -> None:
    """List every problem code (rules, and the loader's, schema's and others) with its name, default severity and summary."""
    families = api.families()
    if family is not None and family not in families:
        raise UsageError(f"unknown family {family!r}; families: {', '.join(families)}")
    for code in api.problem_codes():
        if family is None or code.family == family:
            typer.echo(f"{code.code}  {code.name:<34} {code.severity.label:<8} {code.summary}")


@app.command()
def schema(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the schemas to.")] = Path("schemas"),
    check: Annotated[bool, typer.Option(help="Only check that the folder is current; exit 1 if not.")] = False,
    verbose: Verbose = False,
) -> None:
    """Generate the JSON Schemas of every plan file kind and of the JSON output from the models."""
    if check:
        stale = api.stale_schemas(out)
        for name in stale:
            typer.echo(f"{out / name}: out of date; run 'stratplan schema'")
        raise typer.Exit(EXIT_FINDINGS if stale else EXIT_CLEAN)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    for name, text in api.schemas().items():
        (out / name).write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out / name}")
    raise typer.Exit(EXIT_CLEAN if out.is_dir() else EXIT_USAGE)
