"""The plain values the push sender takes and gives: subscriptions, messages, results."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from server.push.retry import Outcome
from server.push.vapid import b64url_encode

MAX_PLAINTEXT_BYTES = 3993  # 4096-byte body minus the aes128gcm header, delimiter and tag
URGENCIES = ("very-low", "low", "normal", "high")
_TOPIC_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")


class PayloadTooLarge(ValueError):
    """The JSON payload does not fit one push message; raised before any request."""


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: str
    auth: str

    def __repr__(self) -> str:  # the auth secret stays out of logs and tracebacks
        return f"Subscription(endpoint={self.endpoint!r})"


@dataclass(frozen=True)
class PushMessage:
    payload: dict
    ttl: int
    urgency: str = "normal"
    topic: str | None = None

    def __post_init__(self) -> None:
        if self.ttl < 0:
            raise ValueError("ttl must be >= 0")
        if self.urgency not in URGENCIES:
            raise ValueError(f"urgency must be one of {URGENCIES}")


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    endpoint: str
    status: int | None = None
    attempts: int = 0  # requests made; 0 means nothing reached the push service
    retry_after_s: float | None = None
    detail: str = ""


def sanitize_topic(topic: str) -> str:
    """A valid Topic (<= 32 URL-safe base64 chars); others map to a stable hash of themselves."""
    if _TOPIC_RE.fullmatch(topic):
        return topic
    return b64url_encode(hashlib.sha256(topic.encode("utf-8")).digest())[:32]


def encode_payload(payload: dict) -> bytes:
    """Compact UTF-8 JSON; raises PayloadTooLarge above MAX_PLAINTEXT_BYTES."""
    data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    if len(data) > MAX_PLAINTEXT_BYTES:
        raise PayloadTooLarge(f"payload is {len(data)} bytes; the limit is {MAX_PLAINTEXT_BYTES}")
    return data
