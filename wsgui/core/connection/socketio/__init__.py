"""A Socket.IO session on python-socketio, reported like a WebSocket one."""
