"""Saved connections: profile data, the store, import/export, Copy as, importers."""
