"""The bottom pane: Entry (text/JSON/hex views), Handshake, Frames."""
