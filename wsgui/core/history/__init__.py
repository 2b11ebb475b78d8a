"""Durable history (issue 20): every connection's log journaled to SQLite as it happens, and
read back as sessions.

store (HistoryStore: sessions, entries, search, pinning, pruning), journal (Journal: a writer
thread fed from the hot path), export (a stored session as NDJSON, HAR or CSV); below them
opening (checking, setting a damaged file aside), schema (tables, version, migrations), rows
and records (how entries and handshake records are stored), appending, search, writers (is a
session's writer still running). No Qt; it never reaches into a connection: whoever runs one
feeds the journal its rows.
"""
