"""The handshake record as readable text: the Accept check step by step, what was negotiated,
timings and TLS. Plain text, so it can be shown, copied and tested without Qt."""

from __future__ import annotations

from wsgui.core.model.handshake import GUID, HandshakeRecord

__all__ = ["accept_lines", "summary_text"]

MARK_OK, MARK_BAD, MARK_WARN = "✔", "✘", "⚠"


def summary_text(record: HandshakeRecord) -> str:
    """Everything but the raw headers, in sections."""
    if record.engineio:
        engineio = ["Engine.IO handshake (Socket.IO)"]
        engineio += [f"  {name:<13}{value}" for name, value in record.engineio]
        return "\n\n".join("\n".join(lines) for lines in (_connection_lines(record), engineio))
    sections = [
        _connection_lines(record),
        accept_lines(record),
        _negotiated_lines(record),
        _timing_lines(record),
        _tls_lines(record),
    ]
    return "\n\n".join("\n".join(lines) for lines in sections if lines)


def accept_lines(record: HandshakeRecord) -> list[str]:
    """RFC 6455 §4.2.2 as arithmetic: key + GUID -> SHA-1 -> base64, against what came back."""
    check = record.accept
    if check is None:
        return ["Accept check", "  no Sec-WebSocket-Key was sent or no response came back"]
    if not record.upgraded:
        status = record.response.start_line if record.response else "no response"
        return [
            "Accept check",
            f"  not applicable: the server answered '{status}', not 101",
            f"  (key sent {check.key}, expected Accept {check.expected})",
        ]
    received = check.received if check.received is not None else "(no Sec-WebSocket-Accept)"
    verdict = f"{MARK_OK} match" if check.matches else f"{MARK_BAD} MISMATCH"
    return [
        "Accept check (RFC 6455 §4.2.2)",
        f"  Sec-WebSocket-Key sent   {check.key}",
        f"  + GUID                   {GUID}",
        f"  SHA-1                    {check.sha1_hex}",
        f"  base64 = expected        {check.expected}",
        f"  Sec-WebSocket-Accept     {received}   {verdict}",
    ]


def _connection_lines(record: HandshakeRecord) -> list[str]:
    status = record.response.start_line if record.response else "no response"
    lines = ["Connection", f"  URL        {record.url}", f"  result     {status}"]
    if record.error:
        lines.append(f"  error      {record.error}")
    if record.address:
        lines.append(f"  address    {record.address}")
    lines.append(f"  proxy      {record.proxy}")
    lines += [f"  {MARK_WARN} {warning}" for warning in record.warnings()]
    return lines


def _negotiated_lines(record: HandshakeRecord) -> list[str]:
    if record.response is None:
        return []
    requested = ", ".join(record.requested_subprotocols) or "none"
    chosen = record.subprotocol or "none"
    lines = ["Negotiated", f"  subprotocol   {chosen} (requested: {requested})"]
    if not record.extensions:
        lines.append("  extensions    none")
    for extension in record.extensions:
        params = ", ".join(k if v is None else f"{k}={v}" for k, v in extension.params)
        lines.append(f"  extension     {extension.name}" + (f": {params}" if params else ""))
    return lines


def _timing_lines(record: HandshakeRecord) -> list[str]:
    timings = record.timings

    def ms(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f}"

    direct = "direct connection" in record.proxy
    secure = record.url.startswith("wss:")
    tcp_label = "TCP" if direct else ("TCP + proxy + TLS" if secure else "TCP + proxy")
    return [
        "Timing (ms)",
        f"  DNS lookup          {ms(timings.dns_ms)}",
        f"  {tcp_label:<19} {ms(timings.tcp_ms)}",
        f"  TLS handshake       {ms(timings.tls_ms)}",
        f"  Upgrade → response  {ms(timings.upgrade_ms)}",
        f"  total               {ms(timings.total_ms)}",
    ]


def _tls_lines(record: HandshakeRecord) -> list[str]:
    tls = record.tls
    if tls is None:
        return []
    verified = "yes" if tls.verified else f"{MARK_WARN} NO (verification turned off)"
    lines = [
        "TLS",
        f"  version       {tls.version}",
        f"  cipher        {tls.cipher}",
        f"  ALPN          {tls.alpn or 'none'}",
        f"  verified      {verified}",
    ]
    if tls.sha256:
        lines += [
            "Server certificate",
            f"  subject       {tls.subject or '(empty)'}",
            f"  issuer        {tls.issuer}",
            f"  names (SAN)   {', '.join(tls.sans) or 'none'}",
            f"  valid from    {tls.not_before}",
            f"  valid until   {tls.not_after}",
            f"  SHA-256       {tls.sha256}",
        ]
    return lines
