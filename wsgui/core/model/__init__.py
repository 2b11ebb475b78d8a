"""The words every feature speaks: entries and the row format, options, URLs, payloads,
limits, the handshake record, frames, close codes, TLS settings, checks, secrets."""
