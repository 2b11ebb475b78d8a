"""Rates from running totals, sampled once a second."""

from __future__ import annotations

from wsgui.core.log.rates import Rate, RateMeter


def test_rates_and_a_minute_of_history() -> None:
    meter = RateMeter(window=3)
    assert meter.sample(10.0, 0, 0) == Rate(0.0, 0.0)
    assert meter.sample(11.0, 500, 50_000) == Rate(500.0, 50_000.0)
    assert meter.sample(13.0, 700, 60_000) == Rate(100.0, 5_000.0)
    assert meter.sample(14.0, 0, 0) == Rate(0.0, 0.0)  # the log was cleared: no negative rate
    assert [r.messages_per_s for r in meter.history] == [500.0, 100.0, 0.0]
    assert meter.peak() == 500.0
