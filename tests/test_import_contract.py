"""The rooms' import contract holds for wsgui, and the checker catches each kind of breach."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.import_contract import collect_imports, violations

ROOT = Path(__file__).parents[1]


def test_wsgui_keeps_the_import_contract() -> None:
    graph = collect_imports(ROOT)
    assert len(graph) > 100  # the scan found the modules
    assert "wsgui.core.connection.websocket.session" in graph["wsgui.core.connection.factory"]
    assert violations(graph) == []


def test_each_room_has_its_modules_in_subpackages() -> None:
    """At least 5 rooms on each side, at most 3 modules left directly in core/ and ui/."""
    for side in ("core", "ui"):
        folder = ROOT / "wsgui" / side
        rooms = [p for p in folder.iterdir() if (p / "__init__.py").is_file()]
        loose = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        assert len(rooms) >= 5 and len(loose) <= 3, (side, rooms, loose)


def test_the_checker_catches_a_lower_room_importing_a_higher_one() -> None:
    graph = {
        "wsgui.core.model.options": {"wsgui.core.log.store"},
        "wsgui.core.log.store": set(),
        "wsgui.ui.common.labels": {"wsgui.ui.theme.colors"},
        "wsgui.ui.theme.colors": set(),
    }
    assert violations(graph) == [
        "wsgui.core.model.options imports wsgui.core.log.store: room 'model' is below 'log'",
        "wsgui.ui.common.labels imports wsgui.ui.theme.colors: room 'common' is below 'theme'",
    ]


def test_the_checker_catches_siblings_importing_each_other() -> None:
    graph = {
        "wsgui.core.log.store": {"wsgui.core.connection.sink"},
        "wsgui.core.connection.sink": set(),
    }
    assert violations(graph) == [
        "wsgui.core.log.store imports wsgui.core.connection.sink: rooms 'log' and 'connection' "
        "are independent"
    ]


def test_the_checker_keeps_history_and_connection_apart() -> None:
    graph = {
        "wsgui.core.history.journal": {"wsgui.core.connection.sink", "wsgui.core.log.export"},
        "wsgui.core.connection.sink": set(),
        "wsgui.core.log.export": set(),
    }
    assert violations(graph) == [
        "wsgui.core.history.journal imports wsgui.core.connection.sink: rooms 'history' and "
        "'connection' are kept apart"
    ]


def test_the_checker_catches_the_layers_inside_connection() -> None:
    graph = {
        "wsgui.core.connection.errors": {"wsgui.core.connection.websocket.session"},
        "wsgui.core.connection.websocket.session": {"wsgui.core.connection.socketio.args"},
        "wsgui.core.connection.socketio.args": set(),
    }
    assert violations(graph) == [
        "wsgui.core.connection.errors imports wsgui.core.connection.websocket.session: room "
        "'shared' is below 'websocket'",
        "wsgui.core.connection.websocket.session imports wsgui.core.connection.socketio.args: "
        "rooms 'websocket' and 'socketio' are independent",
    ]


def test_the_checker_catches_qt_in_core_and_cycles() -> None:
    graph = {
        "wsgui.core.log.store": {"PySide6", "wsgui.core.log.filter"},
        "wsgui.core.log.filter": {"wsgui.core.log.export"},
        "wsgui.core.log.export": {"wsgui.core.log.store"},
        "wsgui.core.model.urls": {"wsgui.ui.window.main_window"},
    }
    assert violations(graph) == [
        "wsgui.core.log.store imports PySide6: wsgui.core must not import the Qt shell or Qt",
        "wsgui.core.model.urls imports wsgui.ui.window.main_window: wsgui.core must not import "
        "the Qt shell or Qt",
        "import cycle: wsgui.core.log.export -> wsgui.core.log.filter -> wsgui.core.log.store "
        "-> wsgui.core.log.export",
    ]


def test_deferred_and_type_checking_imports_count(tmp_path: Path) -> None:
    package = tmp_path / "wsgui"
    (package / "core" / "model").mkdir(parents=True)
    (package / "core" / "log").mkdir()
    for folder in (package, package / "core", package / "core" / "model", package / "core" / "log"):
        (folder / "__init__.py").write_text("")
    (package / "core" / "model" / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from wsgui.core.log import b\n"
    )
    (package / "core" / "log" / "b.py").write_text(
        "def later():\n    from wsgui.core.model.a import x\n    import PySide6.QtCore\n"
    )
    graph = collect_imports(tmp_path)
    assert graph["wsgui.core.model.a"] == {"wsgui.core.log.b"}
    assert graph["wsgui.core.log.b"] == {"wsgui.core.model.a", "PySide6"}
    assert any(v.startswith("import cycle:") for v in violations(graph))
