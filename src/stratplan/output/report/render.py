"""Jinja rendering of the report: strict undefined variables, HTML always autoescaped, Markdown escaped, and every
template sandboxed: a template from `--templates` (in CI, a pull request's own) reads the report's data and
calls the filters given to it, but cannot reach Python's internals (`''.__class__.__mro__`), change data or run
anything; trying is a usage error naming the template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateNotFound, select_autoescape
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from stratplan.core.diagnostics import UsageError
from stratplan.core.numbers import amount_text, decimal_comma, percent_text
from stratplan.io.files import outside_of
from stratplan.output.formatters.markdown import md_escape
from stratplan.output.report.context import Figure, ReportContext

TEMPLATE = {"md": "report.md.j2", "html": "report.html.j2"}


def default_templates() -> Path:
    """The templates shipped with the package (the repository's `templates/`)."""
    return Path(str(resources.files("stratplan") / "templates"))


def _decimal(value: Decimal | float | None) -> Decimal | None:
    """A number a template hands a filter (a user's template may write `1234.5`), as a Decimal."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _number(value: Decimal | None) -> str:
    """A plain quantity (indicator value) with a decimal comma and no forced decimals."""
    number = _decimal(value)
    return "" if number is None else decimal_comma(number)


def _percent(value: Decimal | None) -> str:
    return percent_text(_decimal(value))


def _date(value: dt.date | None) -> str:
    return "" if value is None else value.strftime("%d.%m.%Y")


def _figure_filter(unknown: str) -> Callable[..., str]:
    def figure(value: Figure | Decimal | None, incomplete: bool = False) -> str:
        """`1 000,0`, `1 000,0 + невідомо` when part of it is unknown, `невідомо` when all of it is."""
        if isinstance(value, Figure):
            return amount_text(value.amount, value.incomplete, unknown)
        return amount_text(_decimal(value), incomplete, unknown)

    return figure


def _unbroken(figure: Callable[..., str]) -> Callable[..., str]:
    """In HTML a figure wraps only at ` + `: its thousands are joined by no-break spaces (`7 586,2` never becomes
    `7` over `586,2` in a narrow column or on a phone)."""
    def joined(value: Figure | Decimal | None, incomplete: bool = False) -> str:
        return " + ".join(part.replace(" ", "\u00a0") for part in figure(value, incomplete).split(" + "))

    return joined


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, giving the same answers faster: a report of 100,000 measures reads a few million
    attributes, and the sandbox checked each one afresh and found each label (`l.planned`) only after `getattr` on
    the labels' dict had raised."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._safe: dict[tuple[type[Any], str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's answer, remembered: it depends only on the object's type and the attribute's name."""
        kind = type(obj)
        if obj.__class__ is not kind:  # an object that claims another class: asked every time
            return super().is_safe_attribute(obj, attr, value)
        safe = self._safe.get((kind, attr))
        if safe is None:
            safe = self._safe[(kind, attr)] = super().is_safe_attribute(obj, attr, value)
        return safe

    def getattr(self, obj: Any, attribute: str) -> Any:
        """A key of a plain dict that is no attribute of dicts is what the sandbox finds after `getattr` fails."""
        if type(obj) is dict and attribute in obj and not hasattr(dict, attribute):
            return obj[attribute]
        return super().getattr(obj, attribute)


def environment(fmt: str, templates: Path | None, unknown: str = "unknown") -> ImmutableSandboxedEnvironment:
    """A Jinja environment for one output format; a user's folder overrides the shipped templates.

    `unknown` is the word, in the report's language, for money the source lost."""
    loaders = [FileSystemLoader(str(templates))] if templates else []
    loaders.append(FileSystemLoader(str(default_templates())))
    html = fmt == "html"
    env = _Sandbox(  # the shipped templates too: they are only data and filters
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=(lambda _name: True) if html else select_autoescape(enabled_extensions=(), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    figure = _figure_filter(unknown)  # `uah` too, so templates written before figures carried `incomplete` still work
    if html:
        figure = _unbroken(figure)
    env.filters.update(uah=figure, figure=figure, num=_number, pct=_percent, date=_date,
                       md=md_escape if not html else str)
    return env


def _check_user_templates(folder: Path) -> None:
    """A user's templates folder must exist and hold no link leading outside it (nothing else is read)."""
    if not folder.is_dir():
        raise UsageError(f"{folder}: templates folder not found")
    for path in sorted(folder.rglob("*")):
        if outside_of(path, folder):
            raise UsageError(f"{path}: symlink leads outside the templates folder; it is not read")
        if path.exists() and not (path.is_file() or path.is_dir()):  # follows links: a FIFO behind one too
            raise UsageError(f"{path}: not a regular file (FIFO or device); it is not read")


def render(context: ReportContext, fmt: str, templates: Path | None = None,
           assets: dict[str, str] | None = None) -> str:
    """The report text; template problems are usage errors naming the template."""
    if fmt not in TEMPLATE:
        raise UsageError(f"unknown report format {fmt!r}; use md or html")
    if templates is not None:
        _check_user_templates(templates)
    env = environment(fmt, templates, context.labels["unknown"])
    try:
        return env.get_template(TEMPLATE[fmt]).render(r=context, l=context.labels, a=assets or {})
    except TemplateNotFound as exc:
        raise UsageError(f"template {exc.name} not found") from None
    except SecurityError as exc:
        raise UsageError(f"template {TEMPLATE[fmt]} tries something templates may not do: {exc}") from None
    except (ArithmeticError, ValueError, TypeError, AttributeError) as exc:
        if templates is None:
            raise  # the shipped templates: a bug, reported as one
        raise UsageError(f"template error in {TEMPLATE[fmt]}: a filter was given what it cannot take: {exc}") from None
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (line {line})" if line else ""
        raise UsageError(f"template error in {getattr(exc, 'name', None) or TEMPLATE[fmt]}{where}: {exc}") from None
