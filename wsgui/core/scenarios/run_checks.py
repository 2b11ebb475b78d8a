"""``[checks]``: what a whole run must hold, judged after its last step, each a result line
like a step's (PASS / FAIL with what was measured), so the terminal, JUnit and the Tests tab
show them the same way.

- ``max_latency_ms = N``: no answered expect took longer than N ms (its latency: from the
  previous send to the matching message, as ``--connections`` measures it);
- ``message_count = N``: exactly N messages (or Socket.IO events) were received.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from wsgui.core.scenarios.results import StepResult

__all__ = ["check_titles", "judge_checks"]


def check_titles(checks: Mapping[str, float]) -> list[str]:
    """The result titles of a scenario's checks, in the file's order."""
    return [_title(key, value) for key, value in checks.items()]


def judge_checks(
    checks: Mapping[str, float], steps: Sequence[StepResult], received: int
) -> list[StepResult]:
    """One result per check, from the steps' results and the count of messages received."""
    results = []
    for key, value in checks.items():
        title = _title(key, value)
        if key == "max_latency_ms":
            results.append(StepResult(title, *_latency(value, steps)))
        elif key == "message_count":
            wanted = int(value)
            reason = "" if received == wanted else f"{received} received, not {wanted}"
            results.append(StepResult(title, not reason, 0.0, reason))
    return results


def _latency(limit_ms: float, steps: Sequence[StepResult]) -> tuple[bool, float, str]:
    samples = [(s.latency_us, s.title) for s in steps if s.latency_us is not None]
    if not samples:
        return False, 0.0, "no expect answered a send, so there is no latency to check"
    worst_us, worst_title = max(samples)
    worst_ms = worst_us / 1000
    if worst_ms <= limit_ms:
        return True, 0.0, ""
    return False, 0.0, f"{worst_title} took {worst_ms:,.1f} ms (over {limit_ms:g} ms)"


def _title(key: str, value: float) -> str:
    if key == "max_latency_ms":
        return f"check: every latency ≤ {value:g} ms"
    return f"check: {int(value)} message(s) received"
