"""The message log: the batched models, the table and its painting, search, log tabs,
log files."""
