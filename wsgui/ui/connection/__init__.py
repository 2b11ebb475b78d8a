"""The connection panel and its option editors, the readyState badge, and the
controller that runs sessions for a tab."""
