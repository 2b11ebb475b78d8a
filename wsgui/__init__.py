"""wsgui: a desktop WebSocket debugging client."""

__version__ = "0.1.0"
