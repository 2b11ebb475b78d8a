"""The import contract of wsgui's rooms, checked on the source (every import counts: those
under TYPE_CHECKING and those inside functions too, since a deferred import still has a
direction).

- ``wsgui.core`` never imports ``wsgui.ui``, PySide6, shiboken6 or qasync;
- no two modules import each other, directly or round a longer circle;
- rooms are layered: a module imports its own room or a room of a lower layer, never a
  higher one, and two rooms of one layer never import each other;
- a few rooms of different layers are kept apart too (CORE_APART): neither imports the other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["CORE_APART", "CORE_LAYERS", "UI_LAYERS", "collect_imports", "violations"]

# Highest first. Rooms of one layer are independent of each other.
CORE_LAYERS: list[tuple[str, ...]] = [
    ("scenarios",),  # runs connections and checks their logs
    ("history",),  # journals logs to SQLite; reads them back (may use log's exports)
    ("connection", "log"),
    ("profiles", "compose"),
    ("model", "system"),
]
# Rooms of different layers that must not import each other all the same: the journal is fed
# rows by whoever wires it (the window), it never reaches into a connection.
CORE_APART: list[tuple[str, str]] = [("history", "connection")]
UI_LAYERS: list[tuple[str, ...]] = [
    ("window",),  # with scenario_files: scenario files from the log, tabs and profiles
    ("profiles",),
    ("page",),
    ("compose", "inspector", "scenarios", "history"),  # scenarios: environments, Tests tab
    ("log", "connection"),
    ("theme",),
    ("common",),
]
# Inside core/connection: the factory and the sequence above the two kinds, the kinds above
# what every kind shares (the sink, errors, retries...).
CONNECTION_LAYERS: list[tuple[str, ...]] = [
    ("sequence",),
    ("factory",),
    ("websocket", "socketio"),
    ("shared",),
]
QT = ("PySide6", "shiboken6", "qasync")


def collect_imports(root: Path, package: str = "wsgui") -> dict[str, set[str]]:
    """Each module of ``package`` under ``root`` -> the modules of the package it imports."""
    paths = {_module_name(root, p): p for p in (root / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        targets: set[str] = set()
        for candidates in _imports(ast.parse(path.read_text(encoding="utf-8")), name, path):
            top = candidates[0].split(".")[0]
            if top in QT:
                targets.add(top)
                continue
            # "from a.b import c": the module a.b.c if there is one, else a.b (c is a name)
            targets.update(next(([c] for c in candidates if c in paths), []))
        targets.discard(name)
        graph[name] = targets
    return graph


def violations(graph: dict[str, set[str]]) -> list[str]:
    """Every broken rule, one line each (empty when the contract holds)."""
    found = [
        f"{module} imports {target}: {why}"
        for module, targets in sorted(graph.items())
        for target in sorted(targets)
        if (why := _forbidden(module, target))
    ]
    found += [f"import cycle: {' -> '.join([*cycle, cycle[0]])}" for cycle in _cycles(graph)]
    return found


def _forbidden(module: str, target: str) -> str:
    if module.startswith("wsgui.core") and (target.startswith("wsgui.ui") or target in QT):
        return "wsgui.core must not import the Qt shell or Qt"
    inside = "wsgui.core.connection."
    if module.startswith(inside) and target.startswith(inside):
        return _layer_rule(_kind(module), _kind(target), CONNECTION_LAYERS)
    for prefix, layers in (("wsgui.core.", CORE_LAYERS), ("wsgui.ui.", UI_LAYERS)):
        if module.startswith(prefix) and target.startswith(prefix):
            room, target_room = _room(module, prefix), _room(target, prefix)
            if prefix == "wsgui.core." and (
                (room, target_room) in CORE_APART or (target_room, room) in CORE_APART
            ):
                return f"rooms '{room}' and '{target_room}' are kept apart"
            return _layer_rule(room, target_room, layers)
    return ""


def _layer_rule(room: str, target_room: str, layers: list[tuple[str, ...]]) -> str:
    if room == target_room:
        return ""
    level = {name: index for index, layer in enumerate(layers) for name in layer}
    if room not in level or target_room not in level:
        unknown = room if room not in level else target_room
        return f"'{unknown}' is in no layer"
    if level[target_room] < level[room]:
        return f"room '{room}' is below '{target_room}'"
    if level[target_room] == level[room]:
        return f"rooms '{room}' and '{target_room}' are independent"
    return ""


def _room(module: str, prefix: str) -> str:
    """wsgui.core.log.store -> log; a module directly in core/ or ui/ is its own room."""
    return module.removeprefix(prefix).split(".")[0]


def _kind(module: str) -> str:
    """Inside connection: websocket, socketio, factory, sequence, or shared."""
    part = module.removeprefix("wsgui.core.connection.").split(".")[0]
    return part if part in ("websocket", "socketio", "factory", "sequence") else "shared"


def _cycles(graph: dict[str, set[str]]) -> Iterator[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each as a path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    yield from components


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(tree: ast.AST, module: str, path: Path) -> Iterable[tuple[str, ...]]:
    """Each imported name as the modules it may be, most specific first."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name,) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield from ((f"{base}.{alias.name}", base) for alias in node.names)
