"""The one adapter around pywebpush: encrypt, authorise and POST a Web Push message.

Why not pywebpush's `webpush()` helper: it mutates the claims dict (the first `aud` sticks),
defaults to `ttl=0` and sends without a timeout. Here `WebPusher.encode` only encrypts
(aes128gcm, RFC 8291); we build the headers ourselves and POST through one reused
`requests.Session` whose connection pool keeps TLS connections to each push service warm.

VAPID: one signed `Authorization` header per push-service origin, cached until less than
`renew_before_s` of its lifetime (12 h by default; services reject > 24 h) is left.

Outcomes follow RFC 8030 and what the big services do:
  201/202/200 -> DELIVERED; 404/410 -> GONE (caller deletes the subscription);
  429/5xx/timeout/connection error -> retried with exponential backoff that honours
  `Retry-After`, bounded by `max_retries` and `max_total_wait_s`, then RETRY_LATER;
  anything else (400/401/403/413...) -> REJECTED: logged, nothing deleted.
Each request has its own (connect, read) timeout, and `send_many` runs sends on a thread pool,
so one hanging push service cannot hold up the rest.
"""

from __future__ import annotations

import enum
import hashlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import urlsplit
from urllib.request import getproxies

import requests
from pywebpush import WebPusher, WebPushException
from requests.adapters import HTTPAdapter

from server.push.vapid import VapidKeys, b64url_encode, vapid_authorization

log = logging.getLogger(__name__)

MAX_PLAINTEXT_BYTES = 3993  # 4096-byte body minus the aes128gcm header, delimiter and tag
URGENCIES = ("very-low", "low", "normal", "high")
_TOPIC_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")
_DEFAULT_PORTS = {"http": 80, "https": 443}


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


class Outcome(enum.Enum):
    DELIVERED = "delivered"
    GONE = "gone"
    RETRY_LATER = "retry_later"
    REJECTED = "rejected"


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    endpoint: str
    status: int | None = None
    attempts: int = 0
    retry_after_s: float | None = None
    detail: str = ""


def push_origin(endpoint: str) -> str:
    """scheme://host[:port] of a push endpoint (the VAPID `aud`); default ports omitted."""
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port and parts.port != _DEFAULT_PORTS.get(parts.scheme):
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}"


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


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now)


class PushSender:
    """Sends Web Push messages; thread-safe; close it (or use `with`) to release connections."""

    def __init__(
        self,
        keys: VapidKeys,
        subject: str,
        *,
        timeout: tuple[float, float] = (3.05, 10.0),
        max_retries: int = 3,
        max_total_wait_s: float = 30.0,
        backoff_base_s: float = 0.5,
        pool_size: int = 16,
        jwt_lifetime_s: int = 12 * 3600,
        renew_before_s: int = 3600,
        now: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not subject.startswith(("mailto:", "https:")):
            raise ValueError("VAPID subject must be a mailto: or https: URL")
        if not 0 < jwt_lifetime_s <= 24 * 3600 or renew_before_s >= jwt_lifetime_s:
            raise ValueError("need 0 < jwt_lifetime_s <= 24 h and renew_before_s < it")
        self.keys = keys
        self.subject = subject
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_total_wait_s = max_total_wait_s
        self.backoff_base_s = backoff_base_s
        self.pool_size = pool_size
        self.jwt_lifetime_s = jwt_lifetime_s
        self.renew_before_s = renew_before_s
        self._now = now
        self._sleep = sleep
        self._auth_cache: dict[str, tuple[str, float]] = {}
        self._auth_lock = threading.Lock()
        self._session = requests.Session()
        # Our own retry loop decides; urllib3 must not retry behind our back.
        adapter = HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size, max_retries=0)
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)
        self._session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        # trust_env makes requests rescan the environment (proxies, .netrc) on every request,
        # a third of the CPU per push. Read the proxy settings once instead; no .netrc.
        self._session.trust_env = False
        self._session.proxies.update(getproxies())

    def __enter__(self) -> PushSender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._session.close()

    def authorization(self, endpoint: str) -> str:
        """The cached VAPID header for this endpoint's origin, re-signed when near expiry."""
        origin = push_origin(endpoint)
        now = self._now()
        with self._auth_lock:
            cached = self._auth_cache.get(origin)
            if cached and cached[1] - now > self.renew_before_s:
                return cached[0]
            expires_at = int(now) + self.jwt_lifetime_s
            header = vapid_authorization(self.keys, origin, self.subject, expires_at)
            self._auth_cache[origin] = (header, expires_at)
            return header

    def _forget_authorization(self, endpoint: str) -> None:
        with self._auth_lock:
            self._auth_cache.pop(push_origin(endpoint), None)

    def _encrypt(self, subscription: Subscription, data: bytes) -> bytes:
        info = {
            "endpoint": subscription.endpoint,
            "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
        }
        return WebPusher(info).encode(data, "aes128gcm")["body"]

    def send(self, subscription: Subscription, message: PushMessage) -> SendResult:
        """Encrypt once, POST with retries, classify the answer. Raises only PayloadTooLarge."""
        data = encode_payload(message.payload)
        return self._send_encoded(subscription, message, data)

    def send_many(
        self, items: Iterable[tuple[Subscription, PushMessage]], workers: int = 8
    ) -> list[SendResult]:
        """Send concurrently; results in input order. All payloads are checked before sending."""
        prepared = [(sub, msg, encode_payload(msg.payload)) for sub, msg in items]
        if not prepared:
            return []
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="push") as pool:
            return list(pool.map(lambda item: self._send_encoded(*item), prepared))

    def _send_encoded(
        self, subscription: Subscription, message: PushMessage, data: bytes
    ) -> SendResult:
        endpoint = subscription.endpoint
        origin = push_origin(endpoint)
        try:
            body = self._encrypt(subscription, data)
        except (WebPushException, ValueError, TypeError) as exc:
            log.warning("push to %s rejected locally: bad subscription keys (%s)", origin, exc)
            return SendResult(Outcome.REJECTED, endpoint, detail="invalid subscription keys")
        headers = {
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "TTL": str(int(message.ttl)),
            "Urgency": message.urgency,
        }
        if message.topic:
            headers["Topic"] = sanitize_topic(message.topic)
        waited = 0.0
        attempt = 0
        while True:
            attempt += 1
            headers["Authorization"] = self.authorization(endpoint)
            status, retry_after, detail = self._post(endpoint, body, headers)
            if status in (200, 201, 202):
                return SendResult(Outcome.DELIVERED, endpoint, status, attempt)
            if status in (404, 410):
                log.info("push subscription gone (%s) at %s", status, origin)
                return SendResult(Outcome.GONE, endpoint, status, attempt, detail=detail)
            if status is not None and status != 429 and status < 500:
                log.warning("push rejected by %s: %s %s", origin, status, detail)
                if status in (401, 403):
                    self._forget_authorization(endpoint)
                return SendResult(Outcome.REJECTED, endpoint, status, attempt, detail=detail)
            delay = self.backoff_base_s * 2 ** (attempt - 1) if retry_after is None else retry_after
            if attempt > self.max_retries or waited + delay > self.max_total_wait_s:
                log.warning("push to %s failed after %d attempts: %s", origin, attempt, detail)
                return SendResult(Outcome.RETRY_LATER, endpoint, status, attempt, delay, detail)
            log.info("push to %s: %s; retrying in %.1f s", origin, detail, delay)
            self._sleep(delay)
            waited += delay

    def _post(
        self, endpoint: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int | None, float | None, str]:
        """One POST: (status or None on a network error, Retry-After seconds, short detail)."""
        try:
            with self._session.post(
                endpoint, data=body, headers=headers, timeout=self.timeout, allow_redirects=False
            ) as resp:
                retry_after = parse_retry_after(resp.headers.get("Retry-After"), self._now())
                return resp.status_code, retry_after, f"HTTP {resp.status_code} {resp.text[:200]}"
        except requests.Timeout as exc:
            return None, None, f"timeout ({type(exc).__name__})"
        except requests.RequestException as exc:  # connection refused/reset, broken body...
            return None, None, f"network error ({type(exc).__name__})"
