"""Scenario files in the window: save a session, open one as a connection, export a profile."""
