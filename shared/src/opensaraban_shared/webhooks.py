"""Signed webhooks: how OpenSaraban signs what it posts to agency systems, and how a receiver checks it.

Headers: `X-OpenSaraban-Timestamp` (Unix seconds) and `X-OpenSaraban-Signature: v1=<hex>`, where the hex is
HMAC-SHA256 over `<timestamp>.<raw body>` with the subscription's secret. Signing the timestamp with the body
lets a receiver refuse replays older than a few minutes.
"""

from __future__ import annotations

import hashlib
import hmac
import time

TIMESTAMP_HEADER = "X-OpenSaraban-Timestamp"
SIGNATURE_HEADER = "X-OpenSaraban-Signature"
DELIVERY_HEADER = "X-OpenSaraban-Delivery"
EVENT_HEADER = "X-OpenSaraban-Kind"
SCHEME = "v1"
DEFAULT_TOLERANCE_S = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"{SCHEME}={mac.hexdigest()}"


def signed_headers(secret: str, body: bytes, *, now: float | None = None) -> dict[str, str]:
    timestamp = int(now if now is not None else time.time())
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: signature(secret, timestamp, body)}


def verify(secret: str, *, timestamp: str, signature_header: str, body: bytes,
           tolerance_s: int = DEFAULT_TOLERANCE_S, now: float | None = None) -> bool:
    """True when the body was signed with `secret` at a time within `tolerance_s` of now."""
    try:
        sent_at = int(timestamp)
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - sent_at) > tolerance_s:
        return False
    return hmac.compare_digest(signature(secret, sent_at, body), signature_header.strip())
