"""Profiles in the window: the panel, opening and saving, import and export."""
