"""The window's side of scenarios: environments and {{variables}}, the Tests tab (scenario
files meet the profiles and the log in ui/window/scenario_files.py)."""
