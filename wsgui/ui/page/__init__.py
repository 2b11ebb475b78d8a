"""One connection tab: the rooms put together, the status bar, the links between log and
frames, accessible names."""
