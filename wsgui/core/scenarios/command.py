"""``wsgui run FILE… [--env NAME] [--var k=v] [--junit PATH] [--timeout S] [--quiet]
[--connections N]``: play scenarios with no window and no display, one line per step, a
closing ``N passed, M failed``. With ``--connections N`` each file is played on N
connections at once and summarized (load.py) instead of listing its steps.

A URL on 127.0.0.1:1740 (the built-in echo server's) starts that server for the run.
Exit codes: 0 all passed, 1 a check failed, 2 a file, variable or connection error (a
message, never a traceback). Files are played one after the other; a folder means its
``*.toml`` files in name order.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from wsgui.core.connection.echo_server import DEFAULT_PORT, LocalEcho
from wsgui.core.history.journal import FLUSH_SECONDS, Journal
from wsgui.core.history.store import default_path
from wsgui.core.model.options import OptionsError
from wsgui.core.model.secrets import KeyringSecrets, SecretStore
from wsgui.core.scenarios.environments import (
    ENVIRONMENTS_FILE,
    choose,
    environment_scope,
    read_environments,
)
from wsgui.core.scenarios.junit import write_junit
from wsgui.core.scenarios.load import (
    LOAD_FLUSH_SECONDS,
    MAX_CONNECTIONS,
    LoadReport,
    connection_count,
    run_load,
)
from wsgui.core.scenarios.run_checks import check_titles
from wsgui.core.scenarios.runner import RunResult, run_scenario
from wsgui.core.scenarios.scenario import Scenario, ScenarioError, load
from wsgui.core.scenarios.variables import Scope

__all__ = ["main"]

PASSED, FAILED, ERROR = 0, 1, 2


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="wsgui run",
        description="Play scenario files against their servers, with no window.",
        epilog="Exit code: 0 all passed, 1 a check failed, 2 a file, variable or connection error.",
    )
    parser.add_argument("files", nargs="+", type=Path, help="scenario files (TOML) or folders")
    parser.add_argument(
        "--env",
        metavar="NAME",
        help="use the environment NAME: the scenario's [env.NAME] table over the [NAME] table "
        f"of {ENVIRONMENTS_FILE} beside it",
    )
    parser.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="give {{NAME}} a value (repeatable; overrides the scenario's environment)",
    )
    parser.add_argument(
        "--timeout", type=float, default=300.0, metavar="S", help="stop a file's run after S s"
    )
    parser.add_argument(
        "--junit", type=Path, metavar="PATH", help="also write a JUnit XML report to PATH"
    )
    parser.add_argument(
        "--no-history",
        action="store_true",
        help="do not keep the runs in the history journal (wsgui history list)",
    )
    parser.add_argument("--quiet", action="store_true", help="print failures and the summary only")
    parser.add_argument(
        "--connections",
        type=int,
        metavar="N",
        help=f"play each file on N connections at once (at most {MAX_CONNECTIONS}) and print "
        "latency percentiles, errors and msg/s instead of each step",
    )
    return parser.parse_args(list(argv))


def variables(pairs: list[str]) -> dict[str, str]:
    """--var NAME=VALUE pairs; ScenarioError names a malformed one."""
    found = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise ScenarioError(f"--var {pair!r}: write NAME=VALUE, e.g. --var port=9000")
        found[name.strip()] = value
    return found


def scenario_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.glob("*.toml") if p.name != ENVIRONMENTS_FILE)
            if not inside:
                raise ScenarioError(f"{path}: a folder with no .toml scenario in it")
            files += inside
        else:
            files.append(path)
    return files


def scope_for(
    scenario: Scenario, env: str | None, given: dict[str, str], secrets: SecretStore | None
) -> Scope:
    """The variables one scenario runs with: its [variables], the chosen environment (its
    own [env.NAME] over environments.toml's [NAME]), then --var."""
    layers = [scenario.variables]
    if env:
        folder = scenario.folder or Path()
        shared = read_environments(folder / ENVIRONMENTS_FILE)
        layers.append(choose(env, scenario.environments, shared, scenario.name))
    return environment_scope(layers, given, secrets)


def main(argv: Sequence[str], out: TextIO = sys.stdout, secrets: SecretStore | None = None) -> int:
    """``secrets``: where ``{ keyring = "key" }`` variables are read (the OS keyring)."""
    args = parse_args(argv)
    store = KeyringSecrets() if secrets is None else secrets
    try:
        given = variables(args.var)
        if args.connections is not None:
            connection_count(args.connections)
            if args.junit:
                raise ScenarioError(
                    "--junit reports the steps of one connection; run without --connections "
                    "for the report (a load run prints its percentiles instead)"
                )
        scenarios = [load(path) for path in scenario_files(args.files)]
        scopes = [scope_for(scenario, args.env, given, store) for scenario in scenarios]
    except OptionsError as exc:  # a file, an environment, a --var
        print(f"wsgui run: {exc}", file=out, flush=True)
        return ERROR
    code = PASSED
    passed = failed = 0
    results: list[tuple[RunResult, list[str]]] = []
    every = LOAD_FLUSH_SECONDS if args.connections else FLUSH_SECONDS  # load.py says why
    journal = None if args.no_history else history_journal(out, every)
    for scenario, scope in zip(scenarios, scopes, strict=True):
        if args.connections is not None:
            summary = asyncio.run(_load(scenario, scope, args, journal))
            print("\n".join(summary.lines()), file=out, flush=True)
            passed, failed = passed + summary.steps_passed, failed + summary.steps_failed
            worst = ERROR if summary.failed else FAILED if summary.steps_failed else PASSED
            code = max(code, worst)
            continue
        result = asyncio.run(_run(scenario, scope, args.timeout, journal))
        planned = [step.title for step in scenario.steps] + check_titles(scenario.checks)
        results.append((result, planned))
        report(result, out, quiet=args.quiet)
        passed += len(result.steps) - result.failed
        failed += result.failed
        if result.error:
            code = ERROR
        elif result.failed and code == PASSED:
            code = FAILED
    print(f"{passed} passed, {failed} failed", file=out, flush=True)
    if journal is not None:
        journal.close()  # every run's entries written before the command ends
    if args.junit:
        try:
            write_junit(args.junit, results)
        except OSError as exc:
            print(f"wsgui run: --junit {args.junit}: {exc.strerror or exc}", file=out, flush=True)
            return ERROR
    return code


def history_journal(out: TextIO, flush_seconds: float = FLUSH_SECONDS) -> Journal | None:
    """The history journal the window uses (runs are listed by wsgui history list); a
    journal that cannot start is a note, not a failed run."""
    journal = Journal(default_path(), flush_seconds)
    if journal.problem:
        print(f"wsgui run: runs not kept in the history: {journal.problem}", file=out)
        journal.close()
        return None
    return journal


async def _run(
    scenario: Scenario, scope: Scope, seconds: float, journal: Journal | None = None
) -> RunResult:
    """Play one scenario; a URL on 127.0.0.1:1740 gets the built-in echo server, started
    here (as the window does), so the examples pass with no setup."""
    echo = LocalEcho(DEFAULT_PORT)
    try:
        playing = run_scenario(scenario, scope, echo, journal=journal)
        return await asyncio.wait_for(playing, seconds)
    except TimeoutError:
        return RunResult(scenario.name, error=f"stopped after --timeout {seconds:g} s")
    finally:
        await echo.server.stop()


async def _load(
    scenario: Scenario, scope: Scope, args: argparse.Namespace, journal: Journal | None = None
) -> LoadReport:
    """Play one scenario on --connections connections, with the built-in echo server as
    _run has it; each connection journaled as its own session when there is a journal."""
    echo = LocalEcho(DEFAULT_PORT)
    try:
        return await run_load(scenario, scope, args.connections, echo, args.timeout, journal)
    finally:
        await echo.server.stop()


def report(result: RunResult, out: TextIO, *, quiet: bool) -> None:
    """One line per step: PASS or FAIL, its time, its title, and a failure's reason."""
    if not quiet:
        print(f"== {result.name}", file=out, flush=True)
    for step in result.steps:
        if step.passed and quiet:
            continue
        mark = "PASS" if step.passed else "FAIL"
        reason = f": {step.reason}" if step.reason else ""
        print(f"{mark} {step.seconds * 1000:8.1f} ms  {step.title}{reason}", file=out, flush=True)
    if result.error:
        print(f"ERROR {result.name}: {result.error}", file=out, flush=True)
