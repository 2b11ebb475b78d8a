"""Reading the TLS session and the peer certificate of a wss:// connection."""

from __future__ import annotations

import ssl

from wsgui.core.model.handshake import TlsInfo

__all__ = ["read_tls_info"]


def read_tls_info(ssl_object: ssl.SSLObject | ssl.SSLSocket, *, verified: bool) -> TlsInfo:
    """Version, cipher, ALPN and the certificate (even when verification was off)."""
    cipher = ssl_object.cipher()
    info = TlsInfo(
        version=ssl_object.version() or "",
        cipher=cipher[0] if cipher else "",
        alpn=ssl_object.selected_alpn_protocol(),
        verified=verified,
    )
    der = ssl_object.getpeercert(binary_form=True)
    if not der:
        return info
    return _with_certificate(info, der)


def _with_certificate(info: TlsInfo, der: bytes) -> TlsInfo:
    # Imported here: only wss connections pay for it, not the app's startup.
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    cert = x509.load_der_x509_certificate(der)
    sans: list[str] = []
    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        pass
    else:
        sans += [f"DNS:{name}" for name in names.get_values_for_type(x509.DNSName)]
        sans += [f"IP:{ip}" for ip in names.get_values_for_type(x509.IPAddress)]
    return TlsInfo(
        version=info.version,
        cipher=info.cipher,
        alpn=info.alpn,
        verified=info.verified,
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        sans=tuple(sans),
        not_before=cert.not_valid_before_utc.strftime("%Y-%m-%d %H:%M:%S UTC"),
        not_after=cert.not_valid_after_utc.strftime("%Y-%m-%d %H:%M:%S UTC"),
        sha256=cert.fingerprint(hashes.SHA256()).hex(":").upper(),
    )
