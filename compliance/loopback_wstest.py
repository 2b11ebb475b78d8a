"""Run Autobahn's ``wstest`` with every listening socket on 127.0.0.1 (Python 2.7 code).

Stock wstest listens on all interfaces; only loopback is allowed here, so listenTCP and
listenSSL are replaced before wstest starts. Run with the suite's Python 2.7 and wstest's own
arguments: ``python2.7 loopback_wstest.py -m fuzzingserver -s spec.json -u 0``.
"""

from autobahntestsuite import choosereactor  # noqa: F401 - installs the reactor; must be first
from twisted.internet import reactor

LOOPBACK = "127.0.0.1"
_listen_tcp = reactor.listenTCP
_listen_ssl = reactor.listenSSL


def listen_tcp(port, factory, backlog=50, interface=""):  # type: ignore[no-untyped-def]
    return _listen_tcp(port, factory, backlog, LOOPBACK)


def listen_ssl(port, factory, context, backlog=50, interface=""):  # type: ignore[no-untyped-def]
    return _listen_ssl(port, factory, context, backlog, LOOPBACK)


reactor.listenTCP = listen_tcp
reactor.listenSSL = listen_ssl

from autobahntestsuite import wstest  # noqa: E402 - after the patch

wstest.run()
