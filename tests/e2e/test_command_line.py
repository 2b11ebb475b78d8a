"""The command line: options fill the window and connect; the echo server runs alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.helpers.servers import ws_server
from tests.helpers.ui import wait_until
from wsgui.app import main, parse_args
from wsgui.core.connection.echo_server import ECHO_SUBPROTOCOL, LocalEcho, pick_port
from wsgui.core.model.checks import parse_header_line
from wsgui.core.model.entries import ReadyState
from wsgui.core.model.options import Header
from wsgui.ui.window.runtime import open_window


def test_help_lists_every_option() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wsgui", "--help"], capture_output=True, text=True, check=True
    )
    for option in ("url", "-s SUBPROTOCOL", "-H HEADER", "-o ORIGIN", "--echo-server", "--port"):
        assert option in result.stdout


def test_bad_header_option_is_refused_with_a_message(capsys: Any) -> None:
    assert main(["ws://127.0.0.1:1/", "-H", "no colon here"]) == 2
    assert "-H/--header: Header 'no colon here' must look like 'Name: value'" in (
        capsys.readouterr().err
    )


def test_port_out_of_range_is_refused(capsys: Any) -> None:
    for argv in (["--port", "99999"], ["--echo-server", "--port", "-1"]):
        try:
            main(argv)
        except SystemExit as exit_:
            assert exit_.code == 2
        else:
            raise AssertionError("argparse should have refused the port")
    assert "is not a port number (0-65535)" in capsys.readouterr().err


def test_url_and_options_fill_the_window_and_connect(run_async: Any) -> None:
    echo = LocalEcho(pick_port(0))

    async def scenario() -> None:
        async with ws_server() as base:
            args = parse_args([f"{base}/echo", "-s", "a", "-s", "b", "-o", "http://o.test"])
            window = open_window(args, [parse_header_line("X-Token: t1")], echo)
            panel = window.panel
            assert panel.url_edit.text() == f"{base}/echo"
            assert panel.subprotocols_edit.text() == "a, b"
            assert panel.origin_edit.text() == "http://o.test"
            assert panel.headers_table.headers() == (Header("X-Token", "t1"),)
            await wait_until(lambda: window.controller.state is ReadyState.OPEN)
            await window.controller.shutdown()
            window.close()

    run_async(scenario())
    assert not echo.server.running


def test_no_url_points_at_the_builtin_echo_server_without_connecting(qapp: Any) -> None:
    echo = LocalEcho(pick_port(0))
    window = open_window(parse_args([]), [], echo)
    assert window.panel.url_edit.text() == echo.url
    assert window.panel.subprotocols_edit.text() == ECHO_SUBPROTOCOL
    assert window.controller.state is ReadyState.CLOSED
    window.close()


def test_real_process_connects_to_the_standalone_echo_server(tmp_path: Path) -> None:
    """`wsgui --echo-server` in one process, `wsgui URL -s echo-protocol` in another."""
    port = pick_port(0)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    server = subprocess.Popen(
        [sys.executable, "-m", "wsgui", "--echo-server", "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        assert "wsgui echo server on" in server.stdout.readline()
        shot = tmp_path / "window.png"
        url = f"ws://127.0.0.1:{port}/"
        app = subprocess.run(
            [sys.executable, "-m", "wsgui", url, "-s", ECHO_SUBPROTOCOL, "--screenshot", str(shot)],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert app.returncode == 0, app.stderr
        assert shot.stat().st_size > 10_000
        announced = server.stdout.readline()
        assert announced.startswith("connection from 127.0.0.1:")
        assert announced.endswith(f"/ (subprotocols: {ECHO_SUBPROTOCOL})\n")
    finally:
        server.terminate()
        server.wait(5)
        if server.stdout is not None:
            server.stdout.close()
