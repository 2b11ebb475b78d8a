"""The log behind the window: the store, filters, exports, log files, entry views, rates."""
