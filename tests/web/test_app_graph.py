"""The platform's apps depend one way: the import graph of `dgeval.web.*` apps has no cycle.

Built from the source (every `import`, at module level or inside a function, except type-only imports under
`if TYPE_CHECKING:`), so a lazy import that hides a cycle is caught too. The apps are the installed ones of
`dgeval.web`; `common` sits under them all and imports none, and no app imports the project's own top modules
(the demo builder, the CLI, the URL root), which import the apps.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

import dgeval.web

WEB = Path(dgeval.web.__file__).parent
PREFIX = "dgeval.web."


def _apps() -> set[str]:
    return {name.removeprefix(PREFIX) for name in settings.INSTALLED_APPS if name.startswith(PREFIX)}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> Iterator[str]:
    """Modules TREE imports, skipping the bodies of `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from (name for child in node.orelse for name in _imports(child))
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
        yield from _imports(node)


def import_graph() -> dict[str, dict[str, set[str]]]:
    """Package under dgeval.web → the other packages/modules of dgeval.web it imports → the files that do."""
    graph: dict[str, dict[str, set[str]]] = {}
    for path in sorted(WEB.rglob("*.py")):
        parts = path.relative_to(WEB).parts
        if len(parts) < 2 or parts[0] == "settings":
            continue
        source = parts[0]
        for module in _imports(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if module.startswith(PREFIX):
                target = module.removeprefix(PREFIX).split(".")[0]
                if target != source:
                    graph.setdefault(source, {}).setdefault(target, set()).add(str(path.relative_to(WEB)))
    return graph


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the directed graph EDGES (as a path that returns to its start), or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_apps_import_each_other_one_way():
    apps = _apps()
    graph = import_graph()
    edges = {app: {t for t in graph.get(app, {}) if t in apps} for app in apps}
    cycle = find_cycle(edges)
    if cycle:
        steps = [f"{a} → {b} ({', '.join(sorted(graph[a][b]))})" for a, b in zip(cycle, cycle[1:])]
        pytest.fail("the apps import each other in a circle:\n" + "\n".join(steps))


def test_common_imports_no_app():
    assert "common" in _apps()
    assert not set(import_graph().get("common", {})) & _apps()


def test_apps_never_import_the_project_modules_above_them():
    apps = _apps()
    graph = import_graph()
    wrong = {f"{app} → {target}: {', '.join(sorted(files))}" for app in apps
             for target, files in graph.get(app, {}).items() if target not in apps}
    assert not wrong, "\n".join(sorted(wrong))


def test_a_cycle_is_found():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_type_only_and_lazy_imports_are_told_apart():
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import dgeval.web.a\n"
                     "def f():\n    from dgeval.web.b import x\n")
    assert list(_imports(tree)) == ["typing", "dgeval.web.b"]
