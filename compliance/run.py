"""Run the Autobahn|Testsuite against wsgui and compare with the bare websockets library.

    uv run python -m compliance.run              # quick subset (groups 1-7 and 10), both sides
    uv run python -m compliance.run --full       # all 517 cases (about 25 minutes)
    uv run python -m compliance.run --baseline   # measure the bare library instead, and store it

Client side: wstest's fuzzingserver on 127.0.0.1 and wsgui's Session as the agent (frame
capture on), echoing every message. Server side: wstest's fuzzingclient against wsgui's
built-in echo server. Each prints a per-group table against compliance/baselines/, checks
the captured frames of a few cases against the suite's own log, and exits 1 when a case did
worse than the bare library or a frame differs; 2 when the suite cannot run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import websockets.version

from compliance.report import (
    case_order,
    non_ok,
    read_baseline,
    read_results,
    table,
    worse_cases,
)
from compliance.suite import (
    LOOPBACK,
    Suite,
    SuiteUnavailableError,
    cache_folder,
    free_port,
    fuzzing_client,
    fuzzing_server,
    install,
    new_run_folder,
)

if TYPE_CHECKING:  # the baseline's process must not import wsgui
    from wsgui.core.model.frames import RawFrame

BASELINES = Path(__file__).with_name("baselines")
QUICK = ["1.*", "2.*", "3.*", "4.*", "5.*", "6.*", "7.*", "10.*"]
FULL = ["*"]
# The cases whose captured frames must equal the suite's log: fragmentation, pings, closes.
FRAME_CASES = ("2.", "5.", "7.")
DESCRIPTIONS = {
    ("client", False): "wsgui's client session (Session, frame capture on)",
    ("client", True): "the bare websockets asyncio client",
    ("server", False): "wsgui's built-in echo server",
    ("server", True): "a bare websockets echo server",
}
AGENTS = {"client": ("wsgui", "websockets"), "server": ("wsgui-echo", "websockets-echo")}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m compliance.run", description=__doc__)
    parser.add_argument("--full", action="store_true", help="all cases, not the quick subset")
    parser.add_argument(
        "--cases", nargs="+", metavar="PATTERN", help="these cases only, e.g. 9.* '12.1.*'"
    )
    parser.add_argument("--side", choices=("client", "server", "both"), default="both")
    parser.add_argument(
        "--baseline", action="store_true", help="run the bare library and store its results"
    )
    parser.add_argument(
        "--if-available", action="store_true", help="exit 0 (saying why) without Python 2.7"
    )
    parser.add_argument("--cache", type=Path, help="the suite's folder (default: user cache)")
    args = parser.parse_args(argv)
    folder = args.cache or cache_folder()
    try:
        started = time.monotonic()
        suite = install(folder)
        print(f"compliance: {suite.versions()} in {folder} ({time.monotonic() - started:.0f} s)")
    except SuiteUnavailableError as exc:
        verdict = "SKIPPED (not a failure)" if args.if_available else "CANNOT RUN"
        print(f"compliance: {verdict}: the Autobahn|Testsuite needs Python 2.7, and {exc}")
        return 0 if args.if_available else 2
    cases = args.cases or (FULL if args.full else QUICK)
    sides = ("client", "server") if args.side == "both" else (args.side,)
    failed = False
    for side in sides:
        failed |= asyncio.run(run_side(suite, side, cases, args.baseline))
    return 1 if failed else 0


async def run_side(suite: Suite, side: str, cases: list[str], bare: bool) -> bool:
    """One side's run and report; True when it did worse than the baseline."""
    agent = AGENTS[side][1 if bare else 0]
    folder = new_run_folder(suite, side)
    started = time.monotonic()
    frames: dict[int, list[RawFrame]] = {}
    if side == "client":
        frames = await _client_run(suite, folder, cases, agent, bare)
    else:
        await _server_run(suite, folder, cases, agent, bare)
    seconds = time.monotonic() - started
    reports = folder / "reports"
    results = read_results(reports / "index.json", agent)
    print(
        f"\n## {DESCRIPTIONS[side, bare]}: {len(results)} cases in "
        f"{seconds:.0f} s, {date.today()}, websockets {websockets.version.version}\n"
        f"report: {reports / 'index.html'}\n"
    )
    if bare:
        _store_baseline(side, results, suite.versions())
        return False
    baseline, about = read_baseline(BASELINES / f"{side}.json")
    print(f"against the baseline: {about}\n")
    print(table(results, baseline))
    print("\nnot OK: " + (", ".join(f"{c} {b}" for c, b in non_ok(results)) or "none"))
    worse = worse_cases(results, baseline)
    problems = _check_frames(reports, agent, frames) if side == "client" else []
    for problem in problems:
        print(f"FRAMES DIFFER: {problem}")
    if worse:
        print("WORSE than the bare library: " + ", ".join(f"{c} {o}" for c, o, _ in worse))
    return bool(worse or problems)


async def _client_run(
    suite: Suite, folder: Path, cases: list[str], agent: str, bare: bool
) -> dict[int, list[RawFrame]]:
    port = free_port()
    spec = folder / "fuzzingserver.json"
    spec.write_text(
        json.dumps(
            {
                "url": f"ws://{LOOPBACK}:{port}",
                "outdir": "./reports",
                "cases": cases,
                "exclude-cases": [],
                "exclude-agent-cases": {},
            }
        )
    )
    base = f"ws://{LOOPBACK}:{port}"
    async with (
        fuzzing_server(suite, spec, port, folder / "wstest.log"),
        asyncio.timeout(_time_limit(cases)),
    ):
        if bare:
            from compliance.bare import run_bare_agent

            await run_bare_agent(base, agent)
            return {}
        from compliance.agent import run_agent

        return await run_agent(base, agent)


async def _server_run(suite: Suite, folder: Path, cases: list[str], agent: str, bare: bool) -> None:
    spec = folder / "fuzzingclient.json"

    async def against(url: str) -> None:
        spec.write_text(
            json.dumps(
                {
                    "outdir": "./reports",
                    "servers": [{"agent": agent, "url": url}],
                    "cases": cases,
                    "exclude-cases": [],
                    "exclude-agent-cases": {},
                }
            )
        )
        async with asyncio.timeout(_time_limit(cases)):
            await fuzzing_client(suite, spec, folder / "wstest.log")

    if bare:
        from compliance.bare import bare_echo_server

        async with bare_echo_server() as url:
            await against(url)
        return
    from wsgui.core.connection.echo_server import EchoServer

    server = EchoServer(port=0)
    await server.start()
    try:
        await against(server.url.rstrip("/"))
    finally:
        await server.stop()


def _time_limit(cases: list[str]) -> float:
    """Seconds a run may take: the quick subset takes 12 s a side here, the full run 11 min
    on an idle machine and over an hour on a busy one."""
    return 300 if cases == QUICK else 4 * 3600


def _check_frames(reports: Path, agent: str, frames: dict[int, list[RawFrame]]) -> list[str]:
    """Compare the capture of every fragmentation, ping and close case with the suite's log."""
    from compliance.frames_check import check_case, load_report

    index = json.loads((reports / "index.json").read_text())[agent]
    problems: list[str] = []
    complete = stopped = 0
    for case, result in sorted(index.items(), key=lambda item: case_order(item[0])):
        if not case.startswith(FRAME_CASES):
            continue
        report = load_report(reports, result["reportfile"])
        found, whole = check_case(report, frames[int(report["case"])])
        problems += found
        complete += whole
        stopped += not whole
    print(
        f"frames: {complete + stopped} cases (2.x, 5.x, 7.x) against the suite's log: "
        f"{len(problems)} differences; {complete} cases had every frame the suite sent, "
        f"{stopped} stopped at the close or at the frame refused, as RFC 6455 says"
    )
    return problems


def _store_baseline(side: str, results: dict[str, str], versions: str) -> None:
    """Merge these results into compliance/baselines/SIDE.json (a quick run keeps the rest)."""
    path = BASELINES / f"{side}.json"
    stored = json.loads(path.read_text())["results"] if path.exists() else {}
    stored.update(results)
    library = f"websockets {websockets.version.version}"
    about = (
        f"bare {library} {'asyncio client' if side == 'client' else 'echo server'}, "
        f"{versions}, {date.today()}"
    )
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({"about": about, "results": stored}, indent=1) + "\n")
    print(f"baseline stored in {path}")


if __name__ == "__main__":
    sys.exit(main())
