"""Command line, QApplication and qasync loop, and a graceful shutdown.

Startup imports only what the first window needs; ``--echo-server`` needs no Qt at all.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence

from wsgui import __version__
from wsgui.core.connection.echo_server import DEFAULT_PORT, ECHO_SUBPROTOCOL, port_number


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="wsgui",
        description="A desktop WebSocket debugging client. With a URL, connects on start.",
        epilog=f"Example: wsgui ws://127.0.0.1:{DEFAULT_PORT}/ -s {ECHO_SUBPROTOCOL}. "
        "Scenarios with no window: wsgui run FILE… (see wsgui run --help).",
    )
    parser.add_argument("url", nargs="?", help="ws:// or wss:// URL to open and connect")
    parser.add_argument(
        "-s", "--subprotocol", action="append", default=[], help="offer a subprotocol (repeatable)"
    )
    parser.add_argument(
        "-H", "--header", action="append", default=[], help="'Name: value' header (repeatable)"
    )
    parser.add_argument("-o", "--origin", default="", help="Origin header to send")
    parser.add_argument(
        "--socketio",
        metavar="URL",
        help="open a Socket.IO connection to URL (http(s):// or ws(s)://) and connect",
    )
    parser.add_argument(
        "--echo-server", action="store_true", help="run only the built-in echo server, no window"
    )
    parser.add_argument("--profile", metavar="NAME", help="open and connect a saved profile")
    parser.add_argument(
        "--list-profiles", action="store_true", help="print the saved profiles and exit"
    )
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add wsgui and its icon to the desktop's application menu (current user) and exit",
    )
    parser.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help="remove what --install-desktop-entry added and exit",
    )
    parser.add_argument(
        "--port",
        type=port_number,
        default=DEFAULT_PORT,
        help=f"port of the built-in echo server on 127.0.0.1 (default {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--screenshot", metavar="PNG", help=argparse.SUPPRESS
    )  # developer option: save the window to PNG after a moment, then quit
    parser.add_argument("--version", action="version", version=f"wsgui {__version__}")
    return parser.parse_args(argv)


def list_profiles() -> int:
    """``wsgui --list-profiles``: one line per profile (name, then URL); problems to stderr."""
    from wsgui.core.model.secrets import KeyringSecrets
    from wsgui.core.profiles.store import ProfileStore, default_directory

    store = ProfileStore(default_directory(), KeyringSecrets())
    report = store.load_all()
    for profile in report.profiles:
        print(f"{profile.name}\t{profile.options.url}")
    for problem in report.problems:
        print(f"wsgui: {problem}", file=sys.stderr)
    if not report.profiles:
        print(f"wsgui: no profiles in {store.directory}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``wsgui`` and ``python -m wsgui``."""
    given = list(sys.argv[1:] if argv is None else argv)
    if given[:1] == ["run"]:  # headless: no Qt imported, no display needed
        from wsgui.core.scenarios.command import main as run_main

        return run_main(given[1:])
    if given[:1] == ["history"]:  # the journal, headless too
        from wsgui.core.history.command import main as history_main

        return history_main(given[1:])
    args = parse_args(argv)
    if args.echo_server:
        from wsgui.core.connection.echo_server import run_standalone

        return run_standalone(args.port)
    if args.list_profiles:
        return list_profiles()
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        from wsgui.core.system import desktop_entry

        return desktop_entry.run("install" if args.install_desktop_entry else "uninstall")
    from wsgui.core.model.checks import parse_header_line

    try:
        headers = [parse_header_line(line) for line in args.header]
    except ValueError as exc:
        print(f"wsgui: -H/--header: {exc}", file=sys.stderr)
        return 2

    os.environ.setdefault("QT_API", "pyside6")  # else qasync looks for PyQt first
    import qasync
    from PySide6.QtWidgets import QApplication

    from wsgui.core.system.collector import tune_collector
    from wsgui.ui.window.runtime import run_window

    tune_collector()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return asyncio.run(run_window(app, args, headers), loop_factory=lambda: qasync.QEventLoop(app))
