"""What a run says: each step's result, and the run's (with what load and JUnit need)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

__all__ = ["RunResult", "StepResult"]


@dataclass(frozen=True)
class StepResult:
    title: str
    passed: bool
    seconds: float
    reason: str = ""
    latency_us: int | None = None  # an expect's: previous send -> matching message


@dataclass
class RunResult:
    """``error`` is set when the run could not happen (a variable, the connection): exit 2."""

    name: str
    steps: list[StepResult] = field(default_factory=list)
    error: str = ""
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    connect_us: int | None = None  # session started -> OPEN (None: it did not open)
    messages: int = 0  # sent and received
    received: int = 0

    @property
    def failed(self) -> int:
        return sum(not step.passed for step in self.steps)
