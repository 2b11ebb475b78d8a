"""The Qt-free engine of wsgui: sessions, log entries, payload helpers and the echo server.

Nothing in this package may import PySide6 or qasync (a test enforces it), so that every
piece here runs and is tested under plain asyncio with no display.
"""
