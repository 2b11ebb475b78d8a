"""The window's side of scenarios: environments and {{variables}}, the Tests tab."""
