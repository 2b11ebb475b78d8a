"""Connections: the sink every session reports to, errors as user messages, retries,
pings, the factory that picks a kind; websocket/ and socketio/ are the two kinds."""
