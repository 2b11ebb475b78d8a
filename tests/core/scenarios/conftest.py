"""The built-in echo server in a child process, for the tests that run ``wsgui run``."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from wsgui.core.connection.echo_server import pick_port


@pytest.fixture(scope="module")
def echo_port() -> Iterator[int]:
    port = pick_port(0)
    server = subprocess.Popen(
        [sys.executable, "-m", "wsgui", "--echo-server", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield port
    server.terminate()
    server.wait(5)
