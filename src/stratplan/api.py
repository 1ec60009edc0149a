"""The library facade: find, load, validate, total, compare, monitor, render and format plans.

Every function returns plain values and prints nothing; problems with the user's input are raised as
`UsageError` (bad options) or `StratplanError` (located diagnostics). The command line is a thin layer
over these functions, and so can a notebook be:

    >>> from stratplan import api
    >>> frame = api.budget_frame(["plans/melitopol"])          # a pandas DataFrame, Decimal amounts
    >>> frame.groupby("year")["amount"].sum()

Every function that adds up money runs in `core.numbers.MONEY_CONTEXT` (`@exact`): exact sums, and an overflow
or invalid operation raises instead of rounding silently.

Heavy machinery (pandas, jinja2, ruamel.yaml, the rules) is imported by the function that needs it, so
`stratplan --version` and a one-plan `validate` start fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, TextIO, cast

from stratplan.core import collector
from stratplan.core.diagnostics import Diagnostic, LintResult, Severity, StratplanError, UsageError, capped
from stratplan.core.numbers import exact

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal

    import pandas as pd

    from stratplan.check.config import LintConfig
    from stratplan.compute.changes import ChangeReport
    from stratplan.compute.monitoring import Comparison
    from stratplan.compute.rollup import PlanBudget
    from stratplan.compute.status import StatusLine
    from stratplan.core.codes import ProblemCode
    from stratplan.io.cache import ResultCache
    from stratplan.model import Level
    from stratplan.model.monitoring import Period
    from stratplan.output.newplan import NewPlan
    from stratplan.pipeline.export import ExportPart
    from stratplan.pipeline.query import QueryResult
    from stratplan.pipeline.tables import DataSet
    from stratplan.plan.loader import LoadedPlan
    from stratplan.plan.view import PlanView

Progress = Callable[[int], None] | None
"""Called with the number of plans finished so far (plans taken from the cache count at once)."""

FIX_FIRST = "fix these errors first (stratplan validate shows them all)"
LISTED_PLANS = 10  # a "takes one plan" message names this many of the plans found
EVERY_LEVEL: tuple[Level, ...] = ("strategic_goal", "operational_goal", "task", "measure")


# --- plans -------------------------------------------------------------------------------------------------


def find_plans(paths: Iterable[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """The plan folders the paths name (a plan, a folder with plans at any depth, a file inside a plan), each once,
    and a diagnostic for each path that names none."""
    from stratplan.io.paths import find_plan_roots

    return find_plan_roots(list(paths))


def load_plan(path: Path) -> LoadedPlan:
    """One plan folder, loaded; problems are in `.diagnostics`, what it says in `.view`."""
    from stratplan.plan.loader import load_plan as load

    return load(Path(path))


def load_plans(paths: Iterable[Path]) -> Iterator[LoadedPlan]:
    """The named plans one at a time (a national corpus is never held whole); StratplanError, after the plans
    that loaded, when a path names no plan or a plan has errors."""
    roots, errors = find_plans(paths)
    for root in roots:
        plan = load_plan(root)
        errors += [d for d in plan.diagnostics if d.severity is Severity.ERROR]
        if not errors:
            yield plan
    if errors:
        raise StratplanError(capped(errors), hint=FIX_FIRST)


def load_one_plan(path: Path, command: str) -> LoadedPlan:
    """The one plan a path names; UsageError listing the plans found when it names several."""
    from stratplan.io.paths import display_path

    roots, _problems = find_plans([path])
    if len(roots) > 1:
        names = [display_path(root) for root in roots[:LISTED_PLANS]]
        more = f" and {len(roots) - LISTED_PLANS} more" if len(roots) > LISTED_PLANS else ""
        raise UsageError(f"{command} takes one plan, and {display_path(path)} holds {len(roots)}: "
                         f"{', '.join(names)}{more}; name one of them")
    (plan,) = load_plans(roots or [path])
    return plan


def shown(path: Path) -> str:
    """A path as users should see it: relative to the working directory when below it."""
    from stratplan.io.paths import display_path

    return display_path(path)


def check_year_in_plan(plan: LoadedPlan, year: int, given: str) -> None:
    """UsageError when the year is outside the plan period (the strategy's, for an action plan); `given` is the
    option as the user wrote it (`--year 2030`)."""
    from stratplan.pipeline.diff import year_problem

    problem = year_problem(plan.view, plan.display_root, year, given)
    if problem:
        raise UsageError(problem)


def parse_year(text: str, option: str = "--year") -> int:
    """A year as a user typed it: four digits within the years a plan may name; UsageError otherwise."""
    import re

    from stratplan.model.common import FIRST_YEAR, LAST_YEAR

    if not re.fullmatch(r"[0-9]{4}", text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise UsageError(f"{option} takes a year from {FIRST_YEAR} to {LAST_YEAR} such as 2023, got {text!r}")
    return int(text)


def parse_period(text: str) -> Period:
    """A monitoring period as a user typed it (`2023`, `2023-H1`); UsageError otherwise."""
    from stratplan.compute.monitoring import parse_period as parse

    return parse(text)


# --- validation --------------------------------------------------------------------------------------------


def load_config(explicit: Path | None = None, start: Path = Path("."), *, select: str | None = None,
                ignore: str | None = None, fail_level: str | None = None) -> LintConfig:
    """The lint configuration: the named file or the one found walking up from `start`, with command-line
    overrides (`select` replaces, `ignore` adds, `fail_level` replaces)."""
    from stratplan.check.config import load_config as load
    from stratplan.check.config import parse_config

    config = load(explicit, start)
    if select is None and ignore is None and fail_level is None:
        return config
    data = config.as_data()
    if select is not None:
        data["select"] = select
    if ignore is not None:
        data["ignore"] = [*config.ignore, *[c.strip() for c in ignore.split(",") if c.strip()]]
    if fail_level is not None:
        data["fail_level"] = fail_level
    return parse_config(data, "command line")


def result_cache(targets: Sequence[Path], cache_dir: Path | None = None, enabled: bool = True) -> ResultCache | None:
    """The cache of unchanged plans' results: `cache_dir`, else the default folder; UsageError when a folder named
    by the user lies inside the plans (the default is then silently not used)."""
    if not enabled:
        return None
    from stratplan.io.cache import ResultCache, default_dir

    explicit = cache_dir is not None or bool(os.environ.get("STRATPLAN_CACHE_DIR"))
    folder = cache_dir or default_dir()
    if _inside_plans(folder, targets):
        if explicit:
            raise UsageError(f"cache folder {folder} is inside the plans; put it elsewhere (e.g. ~/.cache/stratplan)")
        return None
    return ResultCache(folder)


def _inside_plans(folder: Path, targets: Sequence[Path]) -> bool:
    places = [t for t in targets if t.is_dir()] + [t.parent for t in targets if (t / "plan.yaml").exists()]
    resolved = folder.resolve()
    return any(resolved.is_relative_to(place.resolve()) for place in places)


def default_jobs() -> int:
    """Worker processes by default: the CPUs this process may run on."""
    from stratplan.pipeline.batch import default_jobs as jobs

    return jobs()


@exact
def validate(paths: Iterable[Path], config: LintConfig | None = None, *, jobs: int | None = None,
             cache: ResultCache | None = None, progress: Progress = None) -> LintResult:
    """Every finding of every named plan: YAML safety, schema and rules, configured, sorted."""
    from stratplan.check.config import LintConfig
    from stratplan.pipeline.lint import lint_paths

    return lint_paths(list(paths), config or LintConfig(), jobs or 1, cache, progress)


def write_baseline(result: LintResult, path: Path) -> int:
    """Record every finding of a run in a baseline file (JSON, keyed by plan, file, rule, model path and message,
    never by line); the number of findings recorded."""
    from stratplan.check import baseline

    return baseline.write(Path(path), result)


def apply_baseline(result: LintResult, path: Path) -> LintResult:
    """The run without the findings a baseline file records; it counts them and names the stale entries
    (`result.baseline`). UsageError when the file is missing or not a baseline."""
    from stratplan.check import baseline

    return baseline.apply(result, baseline.read(Path(path)), Path(path), shown(Path(path)))


def stale_baseline_entries(result: LintResult) -> list[str]:
    """One line per baseline entry no finding matches any more (for plans the run checked)."""
    from stratplan.check import baseline

    return list(baseline.stale_lines(result))


@exact
def lint(plan: LoadedPlan, config: LintConfig | None = None) -> list[Diagnostic]:
    """The configured findings of one loaded plan (the config found from its folder by default)."""
    from stratplan.check.engine import configured_diagnostics

    return configured_diagnostics(plan, config or load_config(None, plan.root))


def problem_codes() -> list[ProblemCode]:
    """Every code the tool can report: the loader's, schema's and other engine codes, then the rules."""
    from stratplan.check.catalogue import problem_codes as codes

    return codes()


def families() -> dict[str, str]:
    """Code families by their two-letter prefix."""
    from stratplan.check.catalogue import families as named

    return named()


def schemas() -> dict[str, str]:
    """The JSON Schemas generated from the models, by file name."""
    from stratplan.output import schemas as generated

    return generated.expected()


def stale_schemas(folder: Path) -> list[str]:
    """Schema files in the folder that differ from what the models generate."""
    from stratplan.output import schemas as generated

    return generated.stale(folder)


# --- money -------------------------------------------------------------------------------------------------


@exact
def budget(paths: Iterable[Path], levels: Sequence[Level | str] = ("top",), *, year: int | None = None,
           jobs: int | None = None, cache: ResultCache | None = None, progress: Progress = None) -> list[PlanBudget]:
    """Each plan's planned money by node, year and source with its declared totals and funding markers, rows for
    the nodes at `levels` (`top`: each plan's top-level nodes); StratplanError when a plan does not load."""
    from stratplan.compute.rollup import filter_year
    from stratplan.pipeline import batch
    from stratplan.pipeline.budget import BudgetJob

    roots, problems = find_plans(paths)
    outcomes, _cached = batch.run(BudgetJob(tuple(levels)), roots, jobs or 1, cache, progress)
    errors = [*problems, *(d for outcome in outcomes for d in outcome.errors)]
    if errors:
        raise StratplanError(capped(errors), hint=FIX_FIRST)
    return [filter_year(outcome.budget, year) for outcome in outcomes if outcome.budget is not None]


@exact
def budget_frame(paths: Iterable[Path], levels: Sequence[Level] = EVERY_LEVEL) -> pd.DataFrame:
    """The tidy budget rows of the plans as one pandas DataFrame (amounts stay `Decimal`)."""
    import pandas as pd

    frames = [b.frame() for b in budget([Path(p) for p in paths], levels)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


# --- monitoring --------------------------------------------------------------------------------------------


@exact
def monitoring_scaffold(plan: LoadedPlan, period: Period) -> str:
    """The text of a monitoring file to fill in: every item active in the period, planned figures as comments.

    The text is read back with the loader and the monitoring model before it is returned: `monitor init` never
    writes a file its own loader refuses (RuntimeError, an internal error, if it ever would)."""
    from stratplan.io.yamlio import parse_text
    from stratplan.model.monitoring import MonitoringFile
    from stratplan.output.scaffold import scaffold
    from stratplan.plan.validation import validate_doc

    text = scaffold(plan.view, period)
    try:
        _loaded, problems = validate_doc(MonitoringFile, parse_text(text, "scaffold"))
    except StratplanError as exc:
        problems = exc.diagnostics
    if problems:
        first = problems[0]
        raise RuntimeError(f"monitor init made a file its loader refuses ({first.location}: {first.code} {first.message})")
    return text


def write_new_file(target: Path, text: str) -> None:
    """Create a file that must not exist yet, atomically (a full disk leaves no file); UsageError when it exists or
    cannot be written."""
    from stratplan.io import atomic
    from stratplan.io.paths import display_path

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.create_atomically(target, text.encode("utf-8"))
    except FileExistsError:
        if target.exists() or target.is_symlink():
            raise UsageError(f"{display_path(target)} exists; stratplan never overwrites a monitoring file") from None
        raise UsageError(f"cannot write {display_path(target)}: {display_path(target.parent)} is not a folder") from None
    except OSError as exc:
        raise _write_error(target, exc) from None


def _write_error(target: Path, exc: OSError) -> UsageError:
    from stratplan.io.paths import display_path

    reason = exc.strerror or type(exc).__name__
    return UsageError(f"cannot write {display_path(target)}: {reason}; nothing was written there")


@exact
def compare_period(paths: Iterable[Path], period: Period, report: Path | None = None, *,
                   since: int | None = None, jobs: int | None = None, cache: ResultCache | None = None,
                   progress: Progress = None) -> list[Comparison]:
    """Each plan's monitoring report for the period compared with its plan (`report`: a file kept outside the
    plan folder, for one plan); with `since`, each comparison's `progress` holds the years from `since` to the
    period's (cumulative money, indicators by year, items overdue from earlier years)."""
    if report is None:
        return list(period_comparisons(paths, period, since=since, jobs=jobs, cache=cache, progress=progress))
    from stratplan.compute import monitoring
    from stratplan.pipeline.diff import plan_progress

    if since is not None and period.half is not None:
        raise UsageError(f"--since goes with a whole year, not the half-year {period.label}")
    plans = list(load_plans(paths))
    if len(plans) != 1:
        raise UsageError("--report goes with exactly one plan")
    plan = plans[0]
    found = _outside_report(report, period)
    result = monitoring.compare(plan.view, *found)
    if since is not None:
        result.progress = plan_progress(plan.view, plan.display_root, period.year, since, found)
    return [result]


def period_comparisons(paths: Iterable[Path], period: Period, *, since: int | None = None, jobs: int | None = None,
                       cache: ResultCache | None = None, progress: Progress = None) -> Iterator[Comparison]:
    """Each plan's comparison for the period (as `compare_period`), one at a time: each plan is loaded, compared
    and dropped in one of `jobs` worker processes, or its comparison read from the cache. After the comparisons of
    the plans before it: StratplanError when a plan does not load (all such errors, once every plan was seen), else
    UsageError for the first plan without a report for the period."""
    from stratplan.pipeline import batch
    from stratplan.pipeline.diff import DiffJob

    if since is not None and period.half is not None:
        raise UsageError(f"--since goes with a whole year, not the half-year {period.label}")
    roots, problems = find_plans(paths)
    errors = list(problems)
    problem = ""
    for outcome in batch.stream(DiffJob(period, since), roots, jobs or 1, cache, progress):
        errors += outcome.errors
        problem = problem or outcome.problem
        if not errors and not problem and outcome.result is not None:
            yield outcome.result
    if errors:
        raise StratplanError(errors, hint=FIX_FIRST)
    if problem:
        raise UsageError(problem)


def _outside_report(path: Path, period: Period) -> tuple[str, Any]:
    from stratplan.io.files import load_yaml_file
    from stratplan.model.monitoring import MonitoringFile
    from stratplan.plan.validation import validate_doc

    try:
        doc = load_yaml_file(path)
    except StratplanError as exc:
        first = exc.diagnostics[0]
        raise UsageError(f"{first.location}: {first.code} {first.message}") from None
    loaded, problems = validate_doc(MonitoringFile, doc)
    if problems or loaded is None:
        first = problems[0]
        raise UsageError(f"{first.location}: {first.code} {first.message}")
    if loaded.period != period:
        raise UsageError(f"{doc.file} reports on {loaded.period.label}, not {period.label}")
    return doc.file, loaded


# --- a new plan --------------------------------------------------------------------------------------------


def new_plan(target: Path, issuer: tuple[str, str, str | None, str | None], kind: str, period: str, levels: str, *,
             unit: str = "thousand_uah", title: str | None = None, slug: str | None = None) -> NewPlan:
    """What `stratplan init` writes, from the user's words: the issuer (type, name, oblast, district), the kind,
    the period (`2024-2026`) and the level names (`Напрям,Захід` or `task=Завдання,measure=Захід`); UsageError
    when one is malformed."""
    from stratplan.output.newplan import KINDS, NewPlan, parse_levels, parse_period, slug_for

    if kind not in KINDS:
        raise UsageError(f"the kind is {', '.join(KINDS)}, got {kind!r}")
    issuer_type, name, oblast, district = issuer
    start, end = parse_period(period)
    return NewPlan(issuer_type, name, oblast, district, slug or slug_for(target.resolve().name or name), kind, start,
                   end, parse_levels(levels), unit, title)


def new_plan_files(target: Path, spec: NewPlan) -> dict[Path, str]:
    """The files `stratplan init` writes for a new plan folder (nothing is written); UsageError when the folder
    exists and is not empty, or lies inside another plan."""
    from stratplan.io.paths import GOALS_DIR, PLAN_FILE, display_path
    from stratplan.output import newplan

    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{display_path(target)} exists and is not empty; stratplan init never overwrites: name a "
                         "new folder")
    absolute = target.resolve()
    host = next((folder for folder in absolute.parents if (folder / PLAN_FILE).is_file()), None)
    if host is not None:
        raise UsageError(f"{display_path(target)} is inside the plan {display_path(host)}; put the new plan beside "
                         "it (e.g. plans/<name>)")
    schemas = next((folder / "schemas" for folder in absolute.parents if (folder / "schemas" / "plan.schema.json")
                    .is_file()), None)
    plan_schemas = Path(os.path.relpath(schemas, absolute)).as_posix() if schemas else None
    goal_schemas = Path(os.path.relpath(schemas, absolute / GOALS_DIR)).as_posix() if schemas else None
    return {target / PLAN_FILE: newplan.plan_yaml(spec, plan_schemas),
            target / GOALS_DIR / "1.yaml": newplan.goal_yaml(spec, goal_schemas)}


def create_files(files: dict[Path, str]) -> None:
    """Create new files (and their folders); UsageError, before anything is written, when one exists."""
    from stratplan.io.paths import display_path

    existing = [path for path in files if path.exists()]
    if existing:
        raise UsageError(f"{display_path(existing[0])} exists; stratplan never overwrites it")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as stream:
            stream.write(text)


# --- changes -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a git revision, a folder, or (head only) the working tree."""

    rev: str | None = None
    folder: Path | None = None


@exact
def compare(base: Side, head: Side, paths: Sequence[Path], config: LintConfig | None = None, *, jobs: int | None = None,
            cache: ResultCache | None = None) -> ChangeReport:
    """What a change to the plans means: nodes added, removed, moved, fields and money changed, findings
    introduced or resolved, and the flags a reviewer must not miss.

    Only plans whose files differ are loaded and compared (`jobs` worker processes; each folder plan's findings
    through `cache`); the others are named in the report's `identical`."""
    from stratplan.pipeline.changes import compare_sides

    base_side = _side(base, paths, "base")
    head_side = _side(head, paths, "head")
    if not base_side.plans and not head_side.plans:
        raise UsageError(f"no plan found at {', '.join(map(str, paths))} on either side; name plan folders, "
                         "e.g. plans/")
    configured = config or load_config(None, paths[0])
    return compare_sides(base_side, head_side, configured, jobs=jobs or 1, cache=cache)


def _side(side: Side, paths: Sequence[Path], name: str) -> Any:
    from stratplan.compute.changes import Side as Named
    from stratplan.pipeline.changes import folder_side, revision_side

    if side.rev is not None and side.folder is not None:
        raise UsageError(f"give either --{name} or --{name}-dir, not both")
    if side.rev is not None:
        return revision_side(side.rev, paths, Path.cwd())
    if side.folder is not None:
        if not side.folder.is_dir():
            raise UsageError(f"--{name}-dir {side.folder}: not a folder")
        return folder_side(Named(str(side.folder), folder=str(side.folder)), side.folder, paths)
    if name == "base":
        raise UsageError("give the base to compare with: --base REV (e.g. origin/main) or --base-dir FOLDER")
    return folder_side(Named("working tree"), Path("."), paths)


def change_flags() -> dict[str, str]:
    """Every flag `compare` can raise, with what it means (names are stable: CI fails on them)."""
    from stratplan.compute.changes import FLAGS

    return dict(FLAGS)


# --- report ------------------------------------------------------------------------------------------------


@dataclass
class Report:
    """A rendered report: its main file and the files that go with it (chart images), as text or bytes by path."""

    target: Path
    files: dict[Path, str | bytes] = field(default_factory=dict)


@exact
@collector.paused(freeze=False)
def render_report(path: Path, year: int, fmt: str = "html", *, output: Path | None = None, lang: str = "uk",
                  date: dt.date | None = None, templates: Path | None = None, appendix: bool = False,
                  since: int | None = None) -> Report:
    """The monitoring report of one plan for one year, rendered (nothing is written); its section across years
    starts at `since` (default: the start of the plan period)."""
    from stratplan.io.paths import display_path
    from stratplan.output.report import build_context, render

    plan = load_one_plan(path, "report")
    check_year_in_plan(plan, year, f"--year {year}")
    if since is not None:
        check_year_in_plan(plan, since, f"--since {since}")
        if since > year:
            raise UsageError(f"--since {since} is after --year {year}; give a year from the plan's start to {year}")
    target = output or Path("build") / f"{plan.slug}-{year}.{fmt}"
    if target.resolve().is_relative_to(plan.root.resolve()):
        raise UsageError(f"{display_path(target)} is inside the plan folder; write reports elsewhere (e.g. build/)")
    context = build_context(plan.view, year, lang=lang, date=date, diagnostics=lint(plan), appendix=appendix,
                            since=since)
    del plan  # the context holds every figure: the plan's models and positions are freed before the report is rendered
    report = Report(target)
    assets: dict[str, str] = {}
    if fmt == "md":  # charts become image files beside the report, each with its title and legend drawn in
        for ident, chart in context.charts.items():
            assets[f"chart_{ident}"] = f"{target.stem}.chart-{ident}.svg"
            report.files[target.parent / assets[f"chart_{ident}"]] = chart.file_svg + "\n"
    if fmt == "pdf":
        from stratplan.io.browser import print_pdf

        report.files[target] = print_pdf(render(context, "html", templates))
    elif fmt == "docx":
        from stratplan.output.report.docx import render_docx

        report.files[target] = render_docx(context, templates)
    else:
        report.files[target] = render(context, fmt, templates, assets)
    return report


def save(files: Mapping[Path, str | bytes] | Mapping[Path, str] | Mapping[Path, bytes]) -> None:
    """Write output files atomically, creating their folders; new files get the umask's mode. UsageError when one
    cannot be written (a folder, a full disk, no permission), leaving it as it was."""
    from stratplan.io import atomic

    for path, content in files.items():
        try:
            atomic.write_output(path, content.encode("utf-8") if isinstance(content, str) else content)
        except OSError as exc:
            raise _write_error(path, exc) from None


# --- outputs -----------------------------------------------------------------------------------------------


def finding_formats() -> list[str]:
    """The output formats of validation results, as registered by the output layer."""
    from stratplan.output.formatters import MODULES

    return list(MODULES)


def write_findings(result: LintResult, fmt: str, stream: TextIO) -> None:
    """Validation results in an output format: text, concise, json, github or sarif."""
    from stratplan.output.formatters import formatter

    formatter(fmt)(result, stream)


def summary(result: LintResult) -> str:
    """One line: plans and files checked, findings by severity."""
    from stratplan.output.formatters.text import summary as line

    return line(result)


@exact
def write_budget(budgets: list[PlanBudget], fmt: str, stream: TextIO, *, by_source: bool = False,
                 by_year: bool = True) -> None:
    """Budgets as a terminal table, Markdown, tidy CSV or JSON."""
    from stratplan.output.formatters import budget as out

    if fmt == "table":
        out.write_table(budgets, stream, by_source, by_year)
    elif fmt == "markdown":
        out.write_markdown(budgets, stream, by_source, by_year)
    elif fmt == "csv":
        out.write_csv(budgets, stream)
    else:
        out.write_json(budgets, stream)


@exact
def write_comparisons(results: Iterable[Comparison], fmt: str, stream: TextIO) -> None:
    """Planned against actual as a terminal table, Markdown, CSV or JSON (each comparison written as it comes)."""
    from stratplan.output.formatters import diff as out

    {"table": out.write_table, "markdown": out.write_markdown, "csv": out.write_csv,
     "json": out.write_json}[fmt](results, stream)


@exact
def write_period(results: Iterable[Comparison], fmt: str, stream: TextIO, *, overdue: bool = False,
                 variance: Decimal | None = None) -> bool:
    """Write comparisons as they come (`period_comparisons`) and say whether one fails (`failing_comparisons`).

    Unless the stream is a terminal, they are written to a temporary file first and copied to the stream once the
    last one came: a plan that does not load, found after others, leaves the stream untouched."""
    import shutil
    import tempfile

    failing = [False]

    def watched() -> Iterator[Comparison]:
        for result in results:
            failing[0] = failing[0] or failing_comparisons([result], overdue=overdue, variance=variance)
            yield result

    if stream.isatty():
        write_comparisons(watched(), fmt, stream)
        return failing[0]
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
        write_comparisons(watched(), fmt, spool)
        spool.seek(0)
        shutil.copyfileobj(spool, stream)
    return failing[0]


@exact
def failing_comparisons(results: Sequence[Comparison], *, overdue: bool, variance: Decimal | None) -> bool:
    """True when an item is overdue (if asked) or a money variance exceeds the percentage (if given)."""
    late = overdue and any(s.kind == "overdue" for r in results for s in r.schedule)
    varied = variance is not None and any(
        m.variance_percent is not None and abs(m.variance_percent) > variance for r in results for m in r.money)
    return late or varied


@exact
def write_changes(report: ChangeReport, fmt: str, stream: TextIO) -> None:
    """A change report as text, Markdown (a pull-request comment) or JSON."""
    from stratplan.output.formatters import changes as out
    from stratplan.output.formatters import changes_markdown, changes_text

    {"text": changes_text.write, "markdown": changes_markdown.write, "json": out.write_json}[fmt](report, stream)


def export_plans(paths: Iterable[Path]) -> list[PlanView]:
    """What `write_export` writes: the named plans' views; StratplanError when one does not load."""
    return [plan.view for plan in load_plans(paths)]


@exact
def write_export(views: list[PlanView], fmt: str, stream: IO[Any]) -> None:
    """One row per node of the plans: csv or json to a text stream, xlsx to a binary one."""
    from stratplan.output import export

    if fmt == "xlsx":
        export.write_xlsx(views, cast(BinaryIO, stream))
    else:
        (export.write_csv if fmt == "csv" else export.write_json)(views, cast(TextIO, stream))


def export_parts(paths: Iterable[Path], fmt: str, *, jobs: int | None = None, cache: ResultCache | None = None,
                 progress: Progress = None) -> Iterator[ExportPart]:
    """What `write_export_parts` writes, one plan at a time: each plan is loaded, turned into its rows and dropped
    in one of `jobs` worker processes, or its rows read from the cache. StratplanError, after the parts of the plans
    before it, when a plan does not load (all such errors, once every plan was seen)."""
    from stratplan.pipeline import batch
    from stratplan.pipeline.export import ExportJob

    roots, problems = find_plans(paths)
    errors = list(problems)
    for part in batch.stream(ExportJob(budget=fmt == "xlsx"), roots, jobs or 1, cache, progress):
        errors += part.errors
        if not errors:
            yield part
    if errors:
        raise StratplanError(errors, hint=FIX_FIRST)


@exact
def write_export_parts(parts: Iterable[ExportPart], fmt: str, stream: IO[Any]) -> None:
    """`write_export` from `export_parts`, each written as it comes: csv or json to a text stream, xlsx to a binary one."""
    from stratplan.output import export

    if fmt == "xlsx":
        export.write_xlsx_parts(((p.rows, p.budget, p.planned, p.data) for p in parts), cast(BinaryIO, stream))
    elif fmt == "csv":
        export.write_csv_rows((p.rows for p in parts), cast(TextIO, stream))
    else:
        export.write_json_parts(((p.community, p.document, p.rows) for p in parts), cast(TextIO, stream))


def write_when_done(write: Callable[[IO[Any]], None], target: IO[Any] | Path, *, binary: bool = False) -> None:
    """Call `write` with a temporary file, then copy what it wrote to the target (a stream, or a file written
    atomically by `save`): an error part-way leaves the target untouched, and no loaded plan is held meanwhile."""
    import io
    import shutil
    import tempfile

    with tempfile.TemporaryFile() as spool:
        if binary:
            write(spool)
        else:
            text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
            write(text)
            text.flush()
            text.detach()
        spool.seek(0)
        if isinstance(target, Path):  # atomically, as `save` writes (the bytes are read back once, at the end)
            save({target: spool.read()})
        elif binary:
            shutil.copyfileobj(spool, target)
        else:
            shutil.copyfileobj(io.TextIOWrapper(spool, encoding="utf-8", newline=""), target)


# --- import: a draft plan from a Word or Excel table --------------------------------------------------------

IMPORT_SUFFIXES = (".docx", ".xlsx", ".xlsm")


@dataclass(frozen=True)
class ImportRequest:
    """What `stratplan import` is told about a document besides its file: the column mapping (`--columns`), the
    issuer (type, name, oblast, district), the kind, the title and the period (`2024-2026`), each optional."""

    columns: str | None = None
    issuer: tuple[str, str | None, str | None, str | None] = ("community", None, None, None)
    kind: str | None = None
    title: str | None = None
    period: str | None = None


@dataclass
class Imported:
    """A draft plan: the files' text by path (nothing written yet) and the summary of the cells
    (`summary.as_data()` for JSON)."""

    files: dict[Path, str]
    summary: Any


def import_table(source: Path, out: Path, request: ImportRequest | None = None) -> Imported:
    """The draft plan folder `out` made from the implementation table of a .docx or .xlsx file (nothing is written);
    UsageError naming the file (and table, row, column) when it cannot be read, is refused (a zip bomb, a sheet of a
    million rows, formulas) or holds no recognisable table."""
    from stratplan.io.draftyaml import render

    draft = _draft(source, out, request or ImportRequest())
    header = (f"Drafted by stratplan import from {source.name}: each value's comment says where it was read.\n"
              "Check every value against the document, then delete these lines.")
    files = {out / path: render(data, header if path == "plan.yaml" else "") for path, data in draft.files.items()}
    return Imported(files, draft.summary)


def _draft(source: Path, out: Path, request: ImportRequest) -> Any:
    from stratplan.compute.importing.columns import parse_mapping
    from stratplan.compute.importing.draft import ImportProblem, Settings, build
    from stratplan.compute.importing.workbook import is_export, read_export
    from stratplan.io.tables import TableFileError
    from stratplan.output.newplan import KINDS, parse_period, slug_for

    suffix = source.suffix.lower()
    if suffix not in IMPORT_SUFFIXES:
        raise UsageError(f"{source}: import reads Word (.docx) and Excel (.xlsx) files; save the document in one of "
                         "these formats")
    if not source.is_file():
        raise UsageError(f"{source}: no such file")
    if request.kind is not None and request.kind not in KINDS:
        raise UsageError(f"the kind is {', '.join(KINDS)}, got {request.kind!r}")
    issuer_type, name, oblast, district = request.issuer
    settings = Settings(slug=slug_for(out.resolve().name or source.stem), columns=parse_mapping(request.columns),
                        issuer_type=issuer_type, issuer_name=name, oblast=oblast, district=district,
                        kind=request.kind, title=request.title,
                        period=parse_period(request.period) if request.period else None)
    try:
        found = _read_tables(source, suffix)
        return read_export(found, settings) if is_export(found) else build(found, settings)
    except (TableFileError, ImportProblem) as exc:
        raise UsageError(str(exc)) from None


def _read_tables(source: Path, suffix: str) -> Any:
    if suffix == ".docx":
        from stratplan.io.tables_docx import read_docx

        return read_docx(source)
    from stratplan.io.tables_xlsx import read_xlsx

    return read_xlsx(source)


def check_out_folder(out: Path) -> None:
    """UsageError when the folder exists and is not empty (import never overwrites)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{shown(out)} exists and is not empty; stratplan import never overwrites: name a new "
                         "folder (or compare with import --check FILE PLAN)")


def import_check(source: Path, plan: Path, request: ImportRequest | None = None,
                 config: LintConfig | None = None) -> ChangeReport:
    """What differs between a document's table and an existing plan: the document is imported into a temporary
    folder (with the plan's issuer and document kept, so only the table is compared) and compared with the plan,
    the plan as the base and the document as the head."""
    import shutil
    import tempfile

    from stratplan.io.paths import PLAN_FILE

    if not (plan / PLAN_FILE).is_file():
        raise UsageError(f"{shown(plan)}: not a plan folder (no {PLAN_FILE}); name the plan to compare with")
    loaded = load_plan(plan)
    meta = loaded.view.meta
    request = request or ImportRequest()
    if meta is not None and request.issuer == ("community", None, None, None):
        issuer = meta.issuer
        request = ImportRequest(request.columns, (issuer.type, issuer.name, issuer.oblast, issuer.district),
                                request.kind or meta.document.kind, request.title or meta.document.title,
                                request.period or f"{meta.document.period.start}-{meta.document.period.end}")
    from stratplan.io.draftyaml import render

    folder = Path(tempfile.mkdtemp(prefix="stratplan-import-"))
    try:
        head = folder / plan.resolve().name
        draft = _draft(source, head, request)
        if meta is not None:  # the plan's own notes on its transcription are not the document's content
            draft.files["plan.yaml"]["notes"] = list(meta.notes)
        create_files({head / path: render(data) for path, data in draft.files.items()})
        return compare(Side(folder=plan.resolve().parent), Side(folder=folder), [Path(plan.resolve().name)], config)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- national data: tables, Parquet, the data package, SQL, reporting status ----------------------------------

DATA_FORMATS = ("parquet", "datapackage")
DUE_MONTHS = 3  # as compute.status.DUE_MONTHS (kept light: the command line's defaults import nothing heavy)


def data_tables(paths: Iterable[Path], config: LintConfig | None = None, *, due_months: int = DUE_MONTHS,
                jobs: int | None = None, cache: ResultCache | None = None, progress: Progress = None) -> DataSet:
    """Every table of the named plans (plans, nodes, indicators, targets, planned money, monitoring, execution,
    findings) as Arrow tables in order of the plans' keys, made in `jobs` worker processes and cached per plan.

    A plan with load errors gives only its `plans` and `findings` rows (`DataSet.not_loaded` names it); findings
    are configured as `validate` configures them (`config`, by default the one found from the first path)."""
    from stratplan.pipeline.tables import collect

    targets = [Path(p) for p in paths]
    configured = config or load_config(None, targets[0] if targets else Path("."))
    return collect(targets, configured, due_months=due_months, jobs=jobs or 1, cache=cache, progress=progress)


def write_data(data: DataSet, fmt: str, out: Path) -> list[Path]:
    """Write the tables under the folder `out`: `parquet` (hive-partitioned by oblast and year, with the manifest and
    the views' SQL) or `datapackage` (CSVs and a Frictionless datapackage.json); an earlier export there is replaced
    whole, anything else is refused. The files written, sorted."""
    if fmt == "parquet":
        from stratplan.output.parquet import write_parquet

        return write_parquet(data.tables, out)
    if fmt == "datapackage":
        from stratplan.output.datapackage import write_datapackage

        return write_datapackage(data.tables, out)
    raise UsageError(f"unknown data format {fmt!r}; use {' or '.join(DATA_FORMATS)}")


def is_export(path: Path) -> bool:
    """True when the folder holds a Parquet export of `stratplan export --format parquet`."""
    from stratplan.output.parquet import read_manifest

    return Path(path).is_dir() and read_manifest(Path(path)) is not None


def query(sql: str, paths: Sequence[Path], config: LintConfig | None = None, *, jobs: int | None = None,
          cache: ResultCache | None = None, progress: Progress = None) -> QueryResult:
    """Run SQL (DuckDB's dialect) over the tables and the views `budget`, `execution`, `overdue` and
    `reporting_status`: over a Parquet export when the one path is an export folder, else over the tables of the
    named plans, made on the fly (in memory, cached per plan)."""
    from stratplan.pipeline import query as engine

    targets = [Path(p) for p in paths] or [Path(".")]
    exports = [p for p in targets if is_export(p)]
    if exports:
        if len(targets) > 1:
            raise UsageError(f"{shown(exports[0])} is an export folder: query one export, or plan folders, not both")
        connection = engine.connect_export(exports[0])
    else:
        connection = engine.connect_tables(data_tables(targets, config, jobs=jobs, cache=cache, progress=progress).tables)
    try:
        return engine.run(connection, sql)
    finally:
        connection.close()


def query_views() -> dict[str, str]:
    """The documented views by name, with what each holds."""
    from stratplan.output.views import VIEWS

    return {name: text for name, (text, _select) in VIEWS.items()}


def views_sql() -> str:
    """The views as `CREATE VIEW` statements over tables named as an export's folders (Spark SQL, a warehouse)."""
    from stratplan.output.views import views_sql as statements

    return statements()


def write_query(result: QueryResult, fmt: str, stream: TextIO) -> None:
    """A query's answer as a terminal table, Markdown, CSV or JSON (decimals exact, as strings in JSON)."""
    from stratplan.output.formatters import query as out

    {"table": out.write_table, "markdown": out.write_markdown, "csv": out.write_csv,
     "json": out.write_json}[fmt](result.columns, result.types, result.rows, stream)


def reporting_status(paths: Iterable[Path], period: Period, *, as_of: dt.date | None = None,
                     due_months: int = DUE_MONTHS, config: LintConfig | None = None, jobs: int | None = None,
                     cache: ResultCache | None = None, progress: Progress = None) -> list[StatusLine]:
    """Each plan's standing for a period: the monitoring report it owes or filed (missing, blank, partial, complete;
    on time or late against the deadline, `due_months` after the period), its validation, and whether its strategy
    has expired or expires within a year (of `as_of`, else of the period's end). Plans that do not load are listed."""
    from stratplan.compute.status import status_lines

    data = data_tables(paths, config, due_months=due_months, jobs=jobs, cache=cache, progress=progress)
    plans = data.tables["plans"].to_pylist()
    reports = data.tables["reports"].filter(_equals(data.tables["reports"], "period", period.label)).to_pylist()
    return status_lines(plans, reports, period, as_of=as_of, due_months=due_months)


def _equals(table: Any, column: str, value: str) -> Any:
    import pyarrow.compute as pc

    return pc.equal(table.column(column), value)


def write_status(lines: list[StatusLine], period: Period, fmt: str, stream: TextIO) -> None:
    """Reporting status as a terminal table, Markdown, CSV or JSON, with a summary."""
    from stratplan.output.formatters import status as out

    {"table": out.write_table, "markdown": out.write_markdown, "csv": out.write_csv,
     "json": out.write_json}[fmt](lines, period.label, stream)


# --- formatting plan files ---------------------------------------------------------------------------------


@dataclass
class Formatted:
    """One plan file through `fmt`: whether it changed (or would), or the diagnostics that refused it."""

    path: Path
    changed: bool = False
    problems: list[Diagnostic] = field(default_factory=list)


def plan_files(paths: Iterable[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """The plan files `fmt` looks at below the paths, and diagnostics for paths that name none."""
    from stratplan.output import canonical

    return canonical.plan_files(list(paths))


def format_paths(paths: Iterable[Path], *, check: bool = False, jobs: int | None = None,
                 cache: ResultCache | None = None, progress: Progress = None) -> tuple[list[Formatted], list[Diagnostic]]:
    """Every plan file the paths name through `fmt` (as `format_file`), sorted by path, and diagnostics for paths
    that name none. Plan folders are formatted in `jobs` worker processes; with `check`, a plan folder's outcome
    comes from `cache` when none of its files changed (the same outcomes, whatever the cache holds)."""
    from stratplan.output import canonical
    from stratplan.pipeline import batch
    from stratplan.pipeline.fmt import FormatJob

    roots, files, problems = canonical.plan_targets(list(paths))
    outcomes, _cached = batch.run(FormatJob(check), roots, jobs or 1, cache if check else None, progress)
    done = {root / o.name: Formatted(root / o.name, o.changed, o.problems) for root, found in zip(roots, outcomes,
                                                                                                   strict=True)
            for o in found}
    for path in files:
        if path not in done:
            done[path] = format_file(path, check=check)
    return [done[path] for path in sorted(done)], problems


def format_file(path: Path, *, check: bool = False) -> Formatted:
    """Rewrite one plan file in the canonical layout, atomically and keeping its mode (only compare with `check`)."""
    from stratplan.output import canonical

    try:
        old, new = canonical.formatted_bytes(path)
        if new != old and not check:
            canonical.replace_file(path, new)
    except StratplanError as exc:
        return Formatted(path, problems=exc.diagnostics)
    return Formatted(path, changed=new != old)
