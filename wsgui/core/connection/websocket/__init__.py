"""A WebSocket session on websockets: open (connector), read (reader), send, close, frames."""
