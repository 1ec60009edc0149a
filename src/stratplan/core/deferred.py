"""A standard-library module imported only when something really uses it (for the command line's start-up).

pydantic imports `importlib.metadata` when it builds its first model, to look for plugins in the entry points of
every installed distribution; the command line turns that search off (`PYDANTIC_DISABLE_PLUGINS`), yet the import
alone, with the `email`, `zipfile`, `csv` and `importlib.resources` it pulls in, is about 0.012 s of a one-plan
`validate` (bench/STARTUP.md). `defer` puts a stand-in in `sys.modules`: `from importlib.metadata import
entry_points` gets a function that imports the real module when it is called, and any other use of the stand-in
(an attribute, a submodule) imports the real module there and then and puts it in the stand-in's place. Nothing
changes for a caller but when the import happens.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable
from importlib.machinery import PathFinder
from types import ModuleType
from typing import Any


class _StandIn(ModuleType):
    """In `sys.modules` until the module's first real use."""

    def __getattr__(self, name: str) -> Any:
        return getattr(_load(self.__name__), name)


def _load(name: str) -> ModuleType:
    """The real module, imported now (once), in the stand-in's place in `sys.modules` and on its package."""
    module = sys.modules.get(name)
    if isinstance(module, _StandIn):
        del sys.modules[name]
        module = importlib.import_module(name)
    elif module is None:
        module = importlib.import_module(name)
    package, _, attribute = name.rpartition(".")
    if package and isinstance(sys.modules.get(package), ModuleType):
        setattr(sys.modules[package], attribute, module)
    return module


def _calling(name: str, function: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(_load(name), function)(*args, **kwargs)

    call.__name__ = call.__qualname__ = function
    return call


def defer(name: str, functions: Iterable[str] = ()) -> None:
    """Import `name` on its first use instead of now; `functions` may be imported from it (`from name import f`)
    without that counting as a use. Nothing is done when the module is already imported."""
    if name in sys.modules:
        return
    stand_in = _StandIn(name)
    package, _, attribute = name.rpartition(".")
    parent = importlib.import_module(package) if package else None
    spec = PathFinder.find_spec(name, getattr(parent, "__path__", None))
    if spec is not None and spec.submodule_search_locations is not None:
        # a package: `from package import f` asks for `__path__` (to import submodules), which is not a use
        stand_in.__path__ = list(spec.submodule_search_locations)
    for function in functions:
        setattr(stand_in, function, _calling(name, function))
    sys.modules[name] = stand_in
    if parent is not None:
        setattr(parent, attribute, stand_in)
