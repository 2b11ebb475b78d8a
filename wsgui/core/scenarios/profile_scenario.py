"""A connection profile and a scenario share one [connect] table: a profile exports as a
scenario with no steps (add them, or record them with "Save session as scenario"), and a
scenario file opens as a profile (its steps stay in the file, for ``wsgui run``)."""

from __future__ import annotations

from wsgui.core.profiles.profile import Profile
from wsgui.core.scenarios.connect_table import connect_table, options_from_scenario
from wsgui.core.scenarios.scenario import Scenario
from wsgui.core.scenarios.toml_text import scenario_text
from wsgui.core.scenarios.variables import names_in

__all__ = ["profile_to_scenario", "scenario_to_profile"]


def profile_to_scenario(profile: Profile) -> str:
    """The scenario file of ``profile``: its name and its [connect] table, secrets written
    as references (the comments on top say which ones to give, never their values)."""
    connect = connect_table(profile.options)
    comments = [
        f"Connection profile {profile.name!r} as a scenario: add [[step]] tables, then play "
        "it with: wsgui run FILE",
        *connect.secret_lines(),
        *connect.notes,
    ]
    return scenario_text(profile.name, connect.table, [], comments)


def scenario_to_profile(scenario: Scenario) -> Profile:
    """A profile with the scenario's connection; ``notes`` say what a profile cannot hold
    (its steps, ``{{variables}}``, which the window does not fill in yet)."""
    options = options_from_scenario(scenario)
    notes = []
    if scenario.steps:
        count = len(scenario.steps)
        notes.append(
            f"its {count} step stays in the scenario file (play it with wsgui run)"
            if count == 1
            else f"its {count} steps stay in the scenario file (play them with wsgui run)"
        )
    fields = [("URL", scenario.url), ("Origin", scenario.origin)]
    fields += [(f"Header {name}", value) for name, value in scenario.headers]
    fields += [("Subprotocols", protocol) for protocol in scenario.subprotocols]
    for label, value in fields:
        for name in names_in(value):
            notes.append(
                f"{label} uses {{{{{name}}}}}, which the window sends as written: type the "
                "value, or a ${VARIABLE} read from the environment"
            )
    return Profile(scenario.name, options, (), tuple(notes))
