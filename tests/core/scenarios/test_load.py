"""``--connections N`` against real websockets servers on 127.0.0.1: the runner's timings
(connect, each expect's latency), N runs summarized into one report, the failures it
quotes and the exit codes, the bound, and the summary the command prints. No timed
assertions: only which samples exist and how many."""

from __future__ import annotations

import asyncio
import contextlib
import io
import itertools
import re
import shlex
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path

import pytest
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request, Response

from tests.helpers.servers import ws_server
from wsgui.core.history.store import HistoryStore
from wsgui.core.model.entries import Kind
from wsgui.core.scenarios.command import main
from wsgui.core.scenarios.load import (
    MAX_CONNECTIONS,
    OPENING_AT_ONCE,
    LoadReport,
    connection_count,
    run_load,
)
from wsgui.core.scenarios.runner import RunResult, run_scenario
from wsgui.core.scenarios.scenario import parse
from wsgui.core.scenarios.variables import Scope

ROOT = Path(__file__).parents[3]


def play(body: str, path: str = "/echo") -> RunResult:
    async def scenario() -> RunResult:
        async with ws_server() as base:
            return await run_scenario(
                parse(f'[connect]\nurl = "{base}{path}"\n' + body, "t"), Scope()
            )

    return asyncio.run(asyncio.wait_for(scenario(), 30))


def test_the_runner_times_the_connect_and_each_answered_expect() -> None:
    """An expect answering the previous send has a latency; one that matched a message that
    came before that send (the server's greeting) has none, nor has a failed one or a send."""
    result = play(
        "[[step]]\nwait = 0.2\n"  # the /headers greeting arrives
        '[[step]]\nsend = "a"\n'
        '[[step]]\nexpect_regex = "[Hh]ost"\n'  # the greeting: came before the send
        '[[step]]\nexpect = "a"\n'
        '[[step]]\nexpect = "never"\nwithin = 0.2\n',
        path="/headers",
    )
    assert [step.passed for step in result.steps] == [True, True, True, True, False]
    latencies = [step.latency_us for step in result.steps]
    assert latencies[:3] == [None, None, None] and latencies[4] is None
    assert isinstance(latencies[3], int) and latencies[3] >= 0
    assert isinstance(result.connect_us, int) and result.connect_us > 0
    assert result.messages == 3  # one sent, the greeting and the echo received


PEAK = [0]


@contextlib.contextmanager
def server_thread() -> Iterator[str]:
    """A websockets server on 127.0.0.1 port 0 on its own thread and loop, so the command's
    own asyncio.run can talk to it. /echo echoes; /every-other refuses every second
    handshake with 401; /slow takes 50 ms over each handshake and counts in PEAK the most
    it had in progress at once."""
    handshakes = itertools.count(1)
    in_progress = 0

    async def echo(ws: ServerConnection) -> None:
        async for message in ws:
            await ws.send(message)

    async def refuse(ws: ServerConnection, request: Request) -> Response | None:
        nonlocal in_progress
        if request.path == "/every-other" and next(handshakes) % 2 == 0:
            return ws.respond(HTTPStatus.UNAUTHORIZED, "no token\n")
        if request.path == "/slow":
            in_progress += 1
            PEAK[0] = max(PEAK[0], in_progress)
            await asyncio.sleep(0.05)
            in_progress -= 1
        return None

    async def start() -> Server:
        return await serve(echo, "127.0.0.1", 0, process_request=refuse)

    async def stop(server: Server) -> None:
        server.close()
        await server.wait_closed()

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(start(), loop).result(10)
    try:
        yield f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    finally:
        asyncio.run_coroutine_threadsafe(stop(server), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def load(url: str, body: str, connections: int, seconds: float = 30) -> LoadReport:
    scenario = parse(f'[connect]\nurl = "{url}"\n' + body, "t")
    return asyncio.run(asyncio.wait_for(run_load(scenario, SCOPE, connections, None, seconds), 60))


SCOPE = Scope.layered({"who": "x"})


def test_five_connections_pass_with_a_latency_sample_per_answered_expect() -> None:
    body = (
        '[[step]]\nsend = "n={{$counter}}"\n'
        '[[step]]\nexpect = "n=1"\n'  # each connection counts its own: scopes are copies
        '[[step]]\nsend_json = { id = "{{$uuid}}", who = "{{who}}" }\n'
        '[[step]]\nexpect_json = { path = "$.who", equals = "x" }\ncapture = { id = "$.id" }\n'
        '[[step]]\nsend = "{{id}}"\n'
        '[[step]]\nexpect_regex = "^[0-9a-f-]{36}$"\n'
    )
    with server_thread() as base:
        report = load(f"{base}/echo", body, 5)
    assert (report.connections, report.ok, report.failed) == (5, 5, 0)
    assert (report.steps_passed, report.steps_failed) == (30, 0)
    assert report.latency is not None and report.latency.samples == 15  # 3 expects x 5
    assert report.connect is not None and report.connect.samples == 5
    assert report.latency.p50 <= report.latency.p90 <= report.latency.p99 <= report.latency.max
    assert report.messages == 30  # 3 sent and 3 echoed on each connection
    assert report.errors == [] and report.step_failures == []
    assert "id" not in SCOPE.values  # a capture stays in its connection's copy


def test_at_most_opening_at_once_connections_are_connecting_at_a_time() -> None:
    PEAK[0] = 0
    with server_thread() as base:
        report = load(f"{base}/slow", '[[step]]\nsend = "a"\n', OPENING_AT_ONCE * 2 + 20)
    assert report.ok == OPENING_AT_ONCE * 2 + 20
    assert 1 < PEAK[0] <= OPENING_AT_ONCE


def test_refused_connections_are_counted_with_their_first_line_and_exit_2() -> None:
    body = '[[step]]\nsend = "a"\n[[step]]\nexpect = "a"\n'
    with server_thread() as base:
        report = load(f"{base}/every-other", body, 6)
        out = io.StringIO()
        code = main([str(scenario_file(f"{base}/every-other", body)), "--connections", "6"], out)
    assert (report.ok, report.failed, report.steps_passed) == (3, 3, 6)
    assert report.latency is not None and report.latency.samples == 3
    refusal = (
        f"Not connected to {base}/every-other: Server refused the WebSocket upgrade: "
        "HTTP 401 Unauthorized — no token"
    )
    assert report.errors == [(refusal, 3)]
    assert code == 2
    assert f"ERROR on 3 connection(s): {refusal}" in out.getvalue().splitlines()


def test_a_failing_expect_is_quoted_once_with_its_count_and_exits_1() -> None:
    body = '[[step]]\nsend = "ping"\n[[step]]\nexpect = "pong"\nwithin = 0.2\n'
    with server_thread() as base:
        out = io.StringIO()
        code = main([str(scenario_file(f"{base}/echo", body)), "--connections", "4"], out)
    lines = out.getvalue().splitlines()
    assert code == 1
    assert lines[1].startswith("4 connections: 4 ok, 0 failed · 4 steps passed, 4 failed · ")
    assert lines[3] == "latency ms: no samples"
    assert lines[4] == (
        "FAIL on 4 connection(s): step 2: expect: expected the text 'pong' within 0.2 s; "
        "got 'ping' (the last one of 1 received)"
    )
    assert lines[-1] == "4 passed, 4 failed"


def test_runs_still_going_at_the_timeout_are_stopped_and_counted_as_failed() -> None:
    with server_thread() as base:
        report = load(f"{base}/echo", "[[step]]\nwait = 30\n", 3, seconds=0.3)
    assert (report.ok, report.failed) == (0, 3)
    assert report.errors == [("stopped after --timeout 0.3 s", 3)]


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (
            "5000",
            "wsgui run: --connections 5000: at most 1000 on one machine; for more use a "
            "distributed load tool (see README)",
        ),
        ("0", "wsgui run: --connections 0: give at least 1"),
    ],
)
def test_a_count_out_of_bounds_exits_2_before_connecting(count: str, message: str) -> None:
    out = io.StringIO()
    assert main(["examples/echo.toml", "--connections", count], out) == 2
    assert out.getvalue() == message + "\n"
    assert connection_count(MAX_CONNECTIONS) == MAX_CONNECTIONS


def scenario_file(url: str, body: str) -> Path:
    folder = Path(tempfile.mkdtemp())
    path = folder / "t.toml"
    path.write_text(f'[connect]\nurl = "{url}"\n' + body)
    return path


def wsgui_run(*args: str, shell_prefix: str = "") -> subprocess.CompletedProcess[str]:
    command = shlex.join([sys.executable, "-m", "wsgui", "run", *args])
    return subprocess.run(
        f"{shell_prefix}{command}",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def test_the_example_on_five_connections_prints_the_summary_block() -> None:
    """As a user runs it: the built-in echo URL, started by wsgui run itself."""
    done = wsgui_run("examples/echo.toml", "--var", "name=ci", "--connections", "5")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "== echo on 5 connections"
    assert re.fullmatch(
        r"5 connections: 5 ok, 0 failed · 35 steps passed, 0 failed · [\d,]+ msg/s", lines[1]
    )
    number = r"\d+\.\d\d"
    for line, what, samples in ((lines[2], "connect", 5), (lines[3], "latency", 15)):
        assert re.fullmatch(
            rf"{what} ms: p50 {number}  p90 {number}  p99 {number}  max {number} "
            rf"\({samples} samples\)",
            line,
        ), line
    assert lines[4:] == ["35 passed, 0 failed"]
    assert done.stderr == ""


@pytest.mark.skipif(sys.platform == "win32", reason="no ulimit")
def test_a_low_open_files_limit_is_raised_for_the_connections() -> None:
    """200 connections to the built-in echo hold 400 sockets in the process; a soft limit
    of 256 (the hard one is left as it is) is raised, not hit as 'Too many open files'."""
    done = wsgui_run(
        "examples/echo.toml",
        "--var",
        "name=ci",
        "--connections",
        "200",
        shell_prefix="ulimit -Sn 256; ",
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert "200 connections: 200 ok, 0 failed" in done.stdout


def test_the_histogram_is_imported_only_for_a_load() -> None:
    probe = (
        "import sys, io, wsgui.core.scenarios.command as c; "
        "c.main(['examples/echo.toml', '--var', 'name=x'], io.StringIO()); "
        "print('hdrh' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.stdout == "False\n", done.stderr


def test_each_connection_of_a_load_run_is_kept_in_the_history_unless_asked_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = '[[step]]\nsend = "{{$uuid}}"\n[[step]]\nexpect_regex = "^[0-9a-f-]{36}$"\n'
    kept, skipped = tmp_path / "kept", tmp_path / "skipped"
    with server_thread() as base:
        path = scenario_file(f"{base}/echo", body)
        monkeypatch.setenv("WSGUI_DATA_DIR", str(kept))
        out = io.StringIO()
        assert main([str(path), "--connections", "3"], out) == 0, out.getvalue()
        monkeypatch.setenv("WSGUI_DATA_DIR", str(skipped))
        assert main([str(path), "--connections", "3", "--no-history"], io.StringIO()) == 0

    assert not (skipped / "history.sqlite3").exists()
    with HistoryStore(kept / "history.sqlite3") as store:
        sessions = store.sessions()
        messages = [[e.payload for e in store.entries(s.id) if e.is_message] for s in sessions]
        events = [[e.kind for e in store.entries(s.id) if not e.is_message] for s in sessions]
    assert [(s.url, s.profile, s.state, s.close_code) for s in sessions] == [
        (f"{base}/echo", "wsgui run t", "closed", 1000)
    ] * 3
    counted = [len(m) + len(e) for m, e in zip(messages, events, strict=True)]
    assert [s.entries for s in sessions] == counted
    for sent, echoed in messages:  # each its own connection's: its uuid, then the echo
        assert sent == echoed and re.fullmatch(r"[0-9a-f-]{36}", str(sent))
    assert len({sent for sent, _ in messages}) == 3
    assert all(Kind.OPEN in kinds and Kind.CLOSE in kinds for kinds in events)
