"""Signing order webhooks, and verifying them on the receiving side.

ACP 2026-04-17: the merchant POSTs `order_create` / `order_update` events with the header

    Merchant-Signature: t=<unix seconds>,v1=<64 hex>

where `v1` is HMAC-SHA256 with the shared secret over `f"{t}.{raw_body}"`. A receiver rejects the
request (401, code `invalid_signature`) when the header is missing or malformed, when `t` is more than
`tolerance` (300 s) away from its own clock, or when the HMAC does not match. A valid request can still
be replayed by whoever saw it within the window, so `WebhookVerifier` also remembers the signatures it
has accepted until they age out of the window and refuses a second use.

The host (the agent side) uses `WebhookVerifier`; the merchant uses `sign`.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from salon.commerce.clock import Clock
from salon.errors import WebhookSignatureError

SIGNATURE_HEADER = "Merchant-Signature"
DEFAULT_TOLERANCE = 300.0
_HEADER = re.compile(r"^t=(\d{1,12}),v1=([a-fA-F0-9]{64})$")


def signature(secret: str | bytes, timestamp: int, body: bytes) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()


def sign(secret: str | bytes, body: bytes, *, timestamp: int) -> str:
    """The `Merchant-Signature` header value for `body` sent at `timestamp` (Unix seconds)."""
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(
    header: str | None,
    body: bytes,
    secret: str | bytes,
    *,
    now: float,
    tolerance: float = DEFAULT_TOLERANCE,
) -> tuple[int, str]:
    """Check one signature; returns `(t, v1)`. Raises `WebhookSignatureError` with a `reason` of
    missing, malformed, stale or forged. (Replays need memory: see `WebhookVerifier`.)"""
    if not header:
        raise WebhookSignatureError(f"Missing {SIGNATURE_HEADER} header.", reason="missing")
    match = _HEADER.match(header.strip())
    if match is None:
        raise WebhookSignatureError(
            f"{SIGNATURE_HEADER} must be t=<timestamp>,v1=<64_hex>.", reason="malformed"
        )
    timestamp, given = int(match.group(1)), match.group(2).lower()
    if abs(now - timestamp) > tolerance:
        raise WebhookSignatureError(
            f"Timestamp outside allowed window ({tolerance:g} s); the event is stale or the clocks disagree.",
            reason="stale",
        )
    if not hmac.compare_digest(given, signature(secret, timestamp, body)):
        raise WebhookSignatureError("Webhook signature verification failed.", reason="forged")
    return timestamp, given


class WebhookVerifier:
    """A receiver's check: `verify` plus a memory of accepted signatures, so none is accepted twice.

    The memory is this object's; a receiver running several workers shares one verifier per worker
    and accepts at most one replay per worker, or keeps the seen set in its database instead.
    """

    def __init__(
        self, secret: str | bytes, *, clock: Clock | None = None, tolerance: float = DEFAULT_TOLERANCE
    ) -> None:
        self._secret = secret
        self._clock = clock or Clock()
        self.tolerance = tolerance
        self._seen: dict[str, int] = {}

    def verify(self, header: str | None, body: bytes) -> int:
        """Accept a webhook once; returns its timestamp. Raises `WebhookSignatureError`."""
        now = self._clock.now()
        timestamp, digest = verify(header, body, self._secret, now=now, tolerance=self.tolerance)
        self._forget_before(now - self.tolerance)
        if digest in self._seen:
            raise WebhookSignatureError(
                "This webhook was already received (a replay); it is ignored.", reason="replayed"
            )
        self._seen[digest] = timestamp
        return timestamp

    def _forget_before(self, oldest: float) -> None:
        for digest in [digest for digest, timestamp in self._seen.items() if timestamp < oldest]:
            del self._seen[digest]


__all__ = ["DEFAULT_TOLERANCE", "SIGNATURE_HEADER", "WebhookVerifier", "sign", "signature", "verify"]
