"""The window's side of the journal: the History panel (past sessions, opened read-only)."""
