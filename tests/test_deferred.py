"""`core.deferred`: a module put off until its first real use behaves as the module itself once used.

Each probe runs in a fresh interpreter: the module under test must not be imported yet."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _probe(code: str) -> list[str]:
    run = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True)
    return run.stdout.splitlines()


def test_importing_a_named_function_is_not_a_use_and_calling_it_is() -> None:
    assert _probe("""
        import sys
        from stratplan.core import deferred
        deferred.defer("importlib.metadata", ["entry_points"])
        from importlib.metadata import entry_points
        print(type(sys.modules["importlib.metadata"]).__name__, "email.message" in sys.modules)
        found = entry_points(group="console_scripts")
        real = sys.modules["importlib.metadata"]
        import importlib
        print(type(real).__name__, importlib.metadata is real, type(found).__name__)
    """) == ["_StandIn False", "module True EntryPoints"]


def test_an_attribute_or_a_submodule_imports_the_real_module() -> None:
    assert _probe("""
        import sys
        from stratplan.core import deferred
        deferred.defer("importlib.metadata", ["entry_points"])
        import importlib.metadata
        print(importlib.metadata.version("pydantic") == __import__("pydantic").VERSION)
        print(type(sys.modules["importlib.metadata"]).__name__, sys.modules["importlib.metadata"].PackageNotFoundError.__name__)
    """) == ["True", "module PackageNotFoundError"]
    assert _probe("""
        import sys
        from stratplan.core import deferred
        deferred.defer("importlib.metadata")
        from importlib.metadata import _meta
        print(_meta.__name__, type(sys.modules["importlib.metadata"]).__name__)
    """) == ["importlib.metadata._meta module"]


def test_a_module_already_imported_is_left_alone() -> None:
    assert _probe("""
        import sys, importlib.metadata
        real = sys.modules["importlib.metadata"]
        from stratplan.core import deferred
        deferred.defer("importlib.metadata", ["entry_points"])
        print(sys.modules["importlib.metadata"] is real, importlib.metadata.entry_points is real.entry_points)
    """) == ["True True"]
