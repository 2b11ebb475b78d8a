"""``--connections N`` against real websockets servers on 127.0.0.1: the runner's timings
(connect, each expect's latency), N runs summarized into one report, the failures it
quotes and the exit codes, the bound, and the summary the command prints. No timed
assertions: only which samples exist and how many."""

from __future__ import annotations

import asyncio

from tests.helpers.servers import ws_server
from wsgui.core.scenarios.runner import RunResult, run_scenario
from wsgui.core.scenarios.scenario import parse
from wsgui.core.scenarios.variables import Scope


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
