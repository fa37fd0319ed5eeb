"""The engine's module layout: no import loops inside the package, no module too long."""

from __future__ import annotations

import ast
from pathlib import Path

import basisbaan_planner

PACKAGE = Path(basisbaan_planner.__file__).parent
MAX_LINES = 600


def package_imports(path: Path) -> set[str]:
    """The package modules ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "basisbaan_planner."
        ):
            found.add(node.module.split(".")[1])
    return found - {"__init__"}


def test_no_module_imports_itself_back() -> None:
    modules = {p.stem: p for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    graph = {name: package_imports(path) & modules.keys() for name, path in modules.items()}

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(graph[start])
        while todo:
            m = todo.pop()
            if m not in seen:
                seen.add(m)
                todo.extend(graph[m])
        return seen

    loops = sorted(name for name in graph if name in reach(name))
    assert not loops, {name: sorted(graph[name]) for name in loops}


def test_no_module_is_too_long() -> None:
    long = {
        p.name: n
        for p in PACKAGE.glob("*.py")
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert not long
