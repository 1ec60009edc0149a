"""The import graph: no module imports itself back through others (no cycle), and the facade is what the
command line and a notebook use. The layers themselves are import-linter contracts (`make test` runs them)."""

from __future__ import annotations

import grimp

import stratplan
from stratplan import api


def _cycles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    found = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is not None:
                found.append((module, *back))
    return found


def test_the_import_graph_has_no_cycle() -> None:
    graph = grimp.build_graph("stratplan", cache_dir=None)
    assert _cycles(graph) == []


def test_a_cycle_would_be_found() -> None:
    graph = grimp.ImportGraph()
    for module in ("pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.c")
    assert _cycles(graph) == []
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert _cycles(graph) == [("pkg.a", "pkg.b", "pkg.c", "pkg.a"), ("pkg.b", "pkg.c", "pkg.a", "pkg.b"),
                              ("pkg.c", "pkg.a", "pkg.b", "pkg.c")]


def test_the_package_root_stays_light() -> None:
    assert stratplan.__all__ == ["__version__"]


def test_every_public_facade_function_is_documented() -> None:
    public = [name for name in dir(api) if not name.startswith("_") and callable(getattr(api, name))
              and getattr(getattr(api, name), "__module__", "") == "stratplan.api"]
    assert len(public) >= 25
    assert [name for name in public if not (getattr(api, name).__doc__ or "").strip()] == []


def test_each_rule_module_defines_the_rule_its_name_says() -> None:
    import pkgutil
    from importlib import import_module
    from pathlib import Path

    import stratplan.check.rules as package
    from stratplan.check.rules import RULES

    modules = [m.name for m in pkgutil.iter_modules([str(Path(package.__file__).parent)]) if m.name[:1] != "_"
               and m.name != "base"]
    assert sorted(m[:5].upper() for m in modules) == sorted(RULES)
    for name in modules:
        assert import_module(f"stratplan.check.rules.{name}").RULE.code == name[:5].upper()
