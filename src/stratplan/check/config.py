"""Lint configuration from `.stratplan.yaml` or `[tool.stratplan]` in `pyproject.toml`, found walking up."""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stratplan.core.diagnostics import Severity, StratplanError, UsageError
from stratplan.io.paths import display_path

KEYS = ("select", "ignore", "severity", "fail_level")
"""The engine's own keys; each rule's options (`stratplan rules` lists them) are keys too."""


@dataclass(frozen=True)
class LintConfig:
    """Which rules run, at what severity, and from which severity findings fail the run."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_level: Severity = Severity.ERROR
    options: dict[str, Any] = field(default_factory=dict)
    """Rule options set in the configuration (rules fall back to their declared defaults)."""
    source: str = ""

    def enabled(self, code: str) -> bool:
        """True when the rule is selected (everything by default) and not ignored."""
        selected = not self.select or code in self.select or code[:2] in self.select
        return selected and code not in self.ignore and code[:2] not in self.ignore

    def as_data(self) -> dict[str, Any]:
        """The settings as the data `parse_config` reads back (not where they were read from)."""
        return {"select": list(self.select), "ignore": list(self.ignore),
                "severity": {code: level.label for code, level in sorted(self.severity.items())},
                "fail_level": self.fail_level.label, **dict(sorted(self.options.items()))}

    def option(self, name: str) -> Any:
        """A rule option's value: configured, else the declaring rule's default."""
        from stratplan.check.rules import OPTIONS

        return self.options.get(name, OPTIONS[name].default)

    def severity_of(self, code: str, default: Severity) -> Severity:
        """Configured severity of a rule (by code, then family), or its default."""
        return self.severity.get(code) or self.severity.get(code[:2]) or default


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else ""


def _check_code(code: Any, where: str) -> str:
    from stratplan.check.rules import FAMILIES, RULES  # only a config that names codes needs the rules loaded

    if not isinstance(code, str) or (code not in RULES and code not in FAMILIES):
        raise UsageError(f"{where}: unknown rule code or family {code!r}{_suggest(str(code), [*RULES, *FAMILIES])}")
    return code


def _codes(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list):
        raise UsageError(f"{where}: expected a list of rule codes")
    return tuple(_check_code(code, where) for code in value)


def _severity(value: Any, where: str) -> Severity:
    try:
        return Severity.parse(str(value))
    except ValueError as exc:
        raise UsageError(f"{where}: {exc}") from None


def _known_keys() -> list[str]:
    from stratplan.check.rules import OPTIONS  # only a config that names an option needs the rules loaded

    return [*KEYS, *OPTIONS]


def _options(data: dict[str, Any], source: str) -> dict[str, Any]:
    """The rule options the data sets, each read by its declaring rule's parser."""
    named = [key for key in data if key not in KEYS]
    if not named:
        return {}
    from stratplan.check.rules import OPTIONS

    return {key: OPTIONS[key].parse(data[key], f"{source}: {key}") for key in named}


def parse_config(data: Any, source: str) -> LintConfig:
    """Build a config from parsed data; UsageError with 'did you mean' on any unknown key or code."""
    if data is None:
        return LintConfig(source=source)
    if not isinstance(data, dict):
        raise UsageError(f"{source}: configuration must be a mapping of {', '.join(_known_keys())}")
    for key in data:
        if key not in KEYS and key not in _known_keys():
            raise UsageError(f"{source}: unknown configuration key '{key}'{_suggest(str(key), _known_keys())}")
    severities = data.get("severity") or {}
    if not isinstance(severities, dict):
        raise UsageError(f"{source}: 'severity' must map rule codes to error, warning or info")
    return LintConfig(
        select=_codes(data.get("select", []), f"{source}: select"),
        ignore=_codes(data.get("ignore", []), f"{source}: ignore"),
        severity={_check_code(k, f"{source}: severity"): _severity(v, f"{source}: severity.{k}")
                  for k, v in severities.items()},
        fail_level=_severity(data.get("fail_level", "error"), f"{source}: fail_level"),
        options=_options(data, source),
        source=source,
    )


def _from_yaml(path: Path) -> LintConfig:
    from stratplan.io.files import load_yaml_file

    try:
        doc = load_yaml_file(path)
    except StratplanError as exc:
        first = exc.diagnostics[0]
        raise UsageError(f"{first.location}: {first.message}") from None
    return parse_config(doc.data, doc.file)


MAX_CONFIG_BYTES = 1024 * 1024
"""A pyproject.toml found walking up is read only up to this size (a project's is a few kilobytes)."""


def _from_pyproject(path: Path) -> LintConfig | None:
    """`[tool.stratplan]` of a pyproject.toml, or None when it has none; UsageError when the file cannot be read.

    The file may be anyone's (it is found walking up from the plans): an oversized, deeply nested or oddly shaped
    one is a usage error naming it, never a crash."""
    from stratplan.io.files import read_regular_file

    try:
        text = read_regular_file(path, MAX_CONFIG_BYTES).decode("utf-8")
        data = tomllib.loads(text)
    except StratplanError as exc:
        raise UsageError(f"{display_path(path)}: cannot read: {exc.diagnostics[0].message}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{display_path(path)}: cannot read: {exc}") from None
    except RecursionError:
        raise UsageError(f"{display_path(path)}: cannot read: nested too deeply") from None
    tool = data.get("tool")
    section = tool.get("stratplan") if isinstance(tool, dict) else None
    if section is None:
        return None
    return parse_config(section, f"{display_path(path)} [tool.stratplan]")


def discover(start: Path) -> LintConfig:
    """The nearest configuration at or above `start`; defaults when there is none."""
    folder = start.resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".stratplan.yaml").is_file():
            return _from_yaml(candidate / ".stratplan.yaml")
        if (candidate / "pyproject.toml").is_file():
            found = _from_pyproject(candidate / "pyproject.toml")
            if found is not None:
                return found
    return LintConfig()


def load_config(explicit: Path | None, start: Path) -> LintConfig:
    """An explicitly named config file, or the discovered one."""
    if explicit is None:
        return discover(start)
    if not explicit.is_file():
        raise UsageError(f"{explicit}: configuration file not found")
    if explicit.name == "pyproject.toml":
        return _from_pyproject(explicit) or LintConfig(source=str(explicit))
    return _from_yaml(explicit)
