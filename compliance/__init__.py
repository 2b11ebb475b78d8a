"""The Autobahn|Testsuite against wsgui: its client session and its built-in echo server.

``python -m compliance.run --help`` says how; README.md, section Compliance, has the results.
"""
