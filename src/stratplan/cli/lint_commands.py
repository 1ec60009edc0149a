"""`stratplan validate`, `stratplan rules` and `stratplan schema`."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stratplan import schemas
from stratplan.batch import default_jobs
from stratplan.cache import ResultCache, default_dir
from stratplan.cli.app import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, app
from stratplan.cli.options import Paths, Verbose
from stratplan.config import LintConfig, load_config
from stratplan.diagnostics import UsageError
from stratplan.formatters import FORMATTERS
from stratplan.formatters.text import summary
from stratplan.linter import LintResult, lint_paths
from stratplan.loader import find_plan_roots
from stratplan.rules import FAMILIES, RULES


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
    from stratplan.config import parse_config

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


def _inside_plans(folder: Path, targets: list[Path]) -> bool:
    """True when the folder is inside a folder being checked, or the folder that holds a plan being checked."""
    places = [t for t in targets if t.is_dir()] + [t.parent for t in targets if (t / "plan.yaml").exists()]
    resolved = folder.resolve()
    return any(resolved.is_relative_to(place.resolve()) for place in places)


def _cache_for(targets: list[Path], cache_dir: Path | None, no_cache: bool) -> ResultCache | None:
    if no_cache:
        return None
    explicit = cache_dir is not None or bool(os.environ.get("STRATPLAN_CACHE_DIR"))
    folder = cache_dir or default_dir()
    if _inside_plans(folder, targets):
        if explicit:
            raise UsageError(f"cache folder {folder} is inside the plans; put it elsewhere (e.g. ~/.cache/stratplan)")
        return None  # the default place happens to be under the plans checked: run without a cache
    return ResultCache(folder)


def _show_progress() -> bool:
    return sys.stderr.isatty() and os.environ.get("CI") != "true"


def _lint_with_progress(targets: list[Path], config: LintConfig, jobs: int, cache: ResultCache | None) -> LintResult:
    if not _show_progress():
        return lint_paths(targets, config, jobs, cache)
    from rich.progress import Progress

    roots, _problems = find_plan_roots(targets)
    with Progress(transient=True, console=None) as bar:
        task = bar.add_task("checking plans", total=len(roots))
        return lint_paths(targets, config, jobs, cache, lambda done: bar.update(task, completed=done))


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
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes for plans not in the "
                                             "cache; default: the number of CPUs.")] = None,
    cache_dir: Annotated[Path | None, typer.Option(help="Cache of unchanged plans' results; default: "
                                                   "STRATPLAN_CACHE_DIR, else $XDG_CACHE_HOME/stratplan or "
                                                   "~/.cache/stratplan. Safe to delete.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")] = False,
    verbose: Verbose = False,
) -> None:
    """Check plans: YAML safety, schema, and every rule. Exit 1 when findings reach the failing level."""
    targets = paths or [Path(".")]
    config = _override(load_config(config_file, targets[0]), select, ignore, fail_level)
    cache = _cache_for(targets, cache_dir, no_cache)
    result = _lint_with_progress(targets, config, jobs or default_jobs(), cache)
    FORMATTERS[_choose_format(output_format)](result, sys.stdout)
    if verbose or output_format not in (OutputFormat.text, OutputFormat.auto):
        sys.stderr.write(summary(result) + "\n")
    raise typer.Exit(EXIT_FINDINGS if result.fails(config.fail_level) else EXIT_CLEAN)


@app.command("rules")
def list_rules(
    family: Annotated[str | None, typer.Option(help="Only rules of this family, e.g. BG.")] = None,
) -> None:
    """List every rule with its code, name, default severity and summary."""
    if family is not None and family not in FAMILIES:
        raise UsageError(f"unknown family {family!r}; families: {', '.join(FAMILIES)}")
    for rule in RULES.values():
        if family is None or rule.family == family:
            typer.echo(f"{rule.code}  {rule.name:<34} {rule.severity.label:<8} {rule.summary}")


@app.command()
def schema(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the schemas to.")] = Path("schemas"),
    check: Annotated[bool, typer.Option(help="Only check that the folder is current; exit 1 if not.")] = False,
) -> None:
    """Generate the JSON Schemas of every plan file kind and of the JSON output from the models."""
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
