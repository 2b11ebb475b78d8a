"""Scenarios: variables and environments, steps with checks, and the runner that plays a
saved connection by hand, in the Tests tab or headless (``wsgui run``)."""
