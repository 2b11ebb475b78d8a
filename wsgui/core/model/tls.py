"""Building the TLS context of a wss:// connection, with a message per bad file.

Building it is also how the files are checked before connecting: a CA bundle that is not
PEM, a key that does not match its certificate or an encrypted key are reported next to
their field instead of as a failed handshake that never happened.
"""

from __future__ import annotations

import ssl

from wsgui.core.model.options import ConnectOptions, OptionsError

__all__ = ["tls_context"]


def _no_passphrase() -> str:
    # OpenSSL would otherwise ask on the terminal and block the whole app.
    raise OptionsError("Client key: it is encrypted with a passphrase, which wsgui cannot ask for")


def tls_context(options: ConnectOptions) -> ssl.SSLContext:
    """Verification on unless turned off; a custom CA; a client certificate for mutual TLS.

    Raises OptionsError naming the file that cannot be used.
    """
    try:
        context = ssl.create_default_context(cafile=options.ca_file or None)
    except (ssl.SSLError, OSError) as exc:
        raise OptionsError(f"CA bundle: {options.ca_file} is not usable ({_reason(exc)})") from None
    if not options.verify_tls:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if options.client_cert:
        try:
            context.load_cert_chain(
                options.client_cert, options.client_key or None, password=_no_passphrase
            )
        except OptionsError:
            raise
        except (ssl.SSLError, OSError) as exc:
            reason = _reason(exc)
            if "KEY_VALUES_MISMATCH" in reason:
                raise OptionsError("Client key: it does not match the client certificate") from None
            if not options.client_key and "PEM" in reason:
                raise OptionsError(
                    "Client certificate: no private key in it; set the client key file"
                ) from None
            raise OptionsError(f"Client certificate: not usable ({reason})") from None
    return context


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc)
