"""The one adapter around pywebpush: encrypt, authorise and POST a Web Push message.

Why not pywebpush's `webpush()` helper: it mutates the claims dict (the first `aud` sticks),
defaults to `ttl=0` and sends without a timeout. Here `WebPusher.encode` only encrypts
(aes128gcm, RFC 8291); we build the headers ourselves. Where the request goes, over which
connection and to which checked address is routing.py; what an answer means and whether to
try again is retry.py; how many sends run at once and when the caller stops waiting is
fanout.py.

VAPID: one signed `Authorization` header per push-service origin, cached until less than
`renew_before_s` of its lifetime (12 h by default; services reject > 24 h) is left.

send_many checks and encrypts every message in one loop before the first request; its worker
threads then only POST (encryption run between the sockets' waits cost ~150 us more a push).

Time bounds: each send (connect, read and every retry with its sleep) ends by `send_deadline_s`;
`send_many` answers by its deadline whatever is still in flight. So no push holds a web request
or a tick batch longer than those few seconds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPException
from urllib.parse import SplitResult, urlsplit

from pywebpush import WebPusher, WebPushException

from server.push.endpoint_policy import Resolver, system_resolver, url_problems
from server.push.fanout import Fanout
from server.push.retry import Outcome, RetryPolicy, classify, parse_retry_after
from server.push.routing import RefusedAddress, Router, Timeout, origin_of, push_origin
from server.push.types import (
    MAX_PLAINTEXT_BYTES,
    URGENCIES,
    PayloadTooLarge,
    PushMessage,
    SendResult,
    Subscription,
    encode_payload,
    sanitize_topic,
)
from server.push.vapid import VapidKeys, vapid_authorization

__all__ = [  # the sender's public face; the pieces live in their own modules
    "MAX_PLAINTEXT_BYTES",
    "URGENCIES",
    "Outcome",
    "PayloadTooLarge",
    "PushMessage",
    "PushSender",
    "SendResult",
    "Subscription",
    "encode_payload",
    "parse_retry_after",
    "push_origin",
    "sanitize_topic",
]

log = logging.getLogger(__name__)

_REFUSED = "address not allowed"  # _post's detail when routing would not connect


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
        send_deadline_s: float = 60.0,
        batch_deadline_s: float = 120.0,
        per_origin: int | None = None,
        resolve: Resolver = system_resolver,
        allow_loopback: bool = False,
        now: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not subject.startswith(("mailto:", "https:")):
            raise ValueError("VAPID subject must be a mailto: or https: URL")
        if not 0 < jwt_lifetime_s <= 24 * 3600 or renew_before_s >= jwt_lifetime_s:
            raise ValueError("need 0 < jwt_lifetime_s <= 24 h and renew_before_s < it")
        self.keys = keys
        self.subject = subject
        self.timeout = timeout
        self.policy = RetryPolicy(max_retries, max_total_wait_s, backoff_base_s)
        self.pool_size = pool_size
        self.jwt_lifetime_s = jwt_lifetime_s
        self.renew_before_s = renew_before_s
        self.send_deadline_s = send_deadline_s
        self.batch_deadline_s = batch_deadline_s
        self.per_origin = per_origin
        self.allow_loopback = allow_loopback
        self._now = now
        self._sleep = sleep
        self._clock = clock
        self._auth_cache: dict[str, tuple[str, float]] = {}
        self._auth_lock = threading.Lock()
        self._router = Router(pool_size=pool_size, resolve=resolve, allow_loopback=allow_loopback)
        # Worker threads live as long as the sender: starting a thread pool per send_many
        # (per tick batch) cost more than the sends it ran.
        self._executor: ThreadPoolExecutor | None = None
        self._executor_size = 0
        self._busy = 0  # workers still running, e.g. on a send past an earlier deadline
        self._lock = threading.Lock()
        self._closed = False

    def __enter__(self) -> PushSender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            executor, self._executor = self._executor, None
        self._router.close()
        if executor is not None:
            executor.shutdown(wait=True)

    def authorization(self, endpoint: str) -> str:
        """The cached VAPID header for this endpoint's origin, re-signed when near expiry."""
        return self._authorization(push_origin(endpoint))

    def _authorization(self, origin: str) -> str:
        now = self._now()
        with self._auth_lock:
            cached = self._auth_cache.get(origin)
            if cached and cached[1] - now > self.renew_before_s:
                return cached[0]
            expires_at = int(now) + self.jwt_lifetime_s
            header = vapid_authorization(self.keys, origin, self.subject, expires_at)
            self._auth_cache[origin] = (header, expires_at)
            return header

    def _forget_authorization(self, origin: str) -> None:
        with self._auth_lock:
            self._auth_cache.pop(origin, None)

    def _encrypt(self, subscription: Subscription, data: bytes) -> bytes:
        info = {
            "endpoint": subscription.endpoint,
            "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
        }
        return WebPusher(info).encode(data, "aes128gcm")["body"]

    def send(self, subscription: Subscription, message: PushMessage) -> SendResult:
        """Encrypt once, POST with retries, classify the answer. Raises only PayloadTooLarge."""
        data = encode_payload(message.payload)
        if self._closed:
            raise RuntimeError("PushSender is closed")
        deadline = self._clock() + self.send_deadline_s
        parts = urlsplit(subscription.endpoint)
        origin = origin_of(parts)
        sealed = self._seal(subscription, data, parts, origin)
        if isinstance(sealed, SendResult):
            return sealed
        return self._deliver(subscription, message, sealed, deadline, parts, origin)

    def send_many(
        self,
        items: Iterable[tuple[Subscription, PushMessage]],
        workers: int = 8,
        deadline_s: float | None = None,
    ) -> list[SendResult]:
        """Send concurrently; results in input order, by `deadline_s` (default: the sender's
        batch deadline) at the latest. All payloads are checked before sending (fanout.py)."""
        prepared = [(sub, msg, encode_payload(msg.payload)) for sub, msg in items]
        if not prepared:
            return []
        deadline = self._clock() + (self.batch_deadline_s if deadline_s is None else deadline_s)
        # Each endpoint is parsed once here and the parts handed down to the send.
        split = [urlsplit(sub.endpoint) for sub, _, _ in prepared]
        origins = [origin_of(parts) for parts in split]
        # Every message is checked and encrypted here, in one loop, before the first request:
        # the workers then only POST. Encrypting between the sockets' waits ran the crypto on
        # caches the push service's process had just used, ~150 us more a push by CPU
        # (bench/push_http.py); 500 messages take ~0.15 s here, well within the deadline.
        sealed = [
            self._seal(sub, data, parts, origin)
            for (sub, _, data), parts, origin in zip(prepared, split, origins, strict=True)
        ]

        def send_one(index: int, batch_deadline: float) -> SendResult:
            body = sealed[index]
            if isinstance(body, SendResult):  # refused before any request
                return body
            own = self._clock() + self.send_deadline_s
            sub, msg, _ = prepared[index]
            deadline = min(own, batch_deadline)
            return self._deliver(sub, msg, body, deadline, split[index], origins[index])

        threads = min(workers, len(prepared))
        fanout = Fanout(
            origins,
            [sub.endpoint for sub, _, _ in prepared],
            send_one,
            deadline=deadline,
            clock=self._clock,
            # One origin may use half the threads, so one that hangs leaves the rest moving.
            per_origin=self.per_origin or max(1, threads // 2),
        )
        if threads <= 1:
            fanout.work()
        else:
            self._start(fanout.work, threads)
        return fanout.wait()

    def _start(self, work: Callable[[], None], threads: int) -> None:
        """Run `work` on `threads` of the sender's worker threads (grown when more are asked,
        or when some are still busy with sends that outlived an earlier deadline)."""

        def tracked() -> None:
            try:
                work()
            finally:
                with self._lock:
                    self._busy -= 1

        with self._lock:
            if self._closed:
                raise RuntimeError("PushSender is closed")
            needed = threads + self._busy
            if self._executor is None or self._executor_size < needed:
                if self._executor is not None:  # finishes what it was given, then exits
                    self._executor.shutdown(wait=False)
                self._executor_size = max(needed, self.pool_size)
                self._executor = ThreadPoolExecutor(self._executor_size, thread_name_prefix="push")
            self._busy += threads
            for _ in range(threads):
                self._executor.submit(tracked)

    def _seal(
        self, subscription: Subscription, data: bytes, parts: SplitResult, origin: str
    ) -> bytes | SendResult:
        """The encrypted body, or the REJECTED result when the URL or the keys are unusable."""
        endpoint = subscription.endpoint
        if url_problems(endpoint, allow_loopback=self.allow_loopback, parts=parts):
            log.warning("push to %s refused: not a push-service URL", origin)
            return SendResult(Outcome.REJECTED, endpoint, detail="endpoint not allowed")
        try:
            return self._encrypt(subscription, data)
        except (WebPushException, ValueError, TypeError) as exc:
            log.warning("push to %s rejected locally: bad subscription keys (%s)", origin, exc)
            return SendResult(Outcome.REJECTED, endpoint, detail="invalid subscription keys")

    def _deliver(
        self,
        subscription: Subscription,
        message: PushMessage,
        body: bytes,
        deadline: float,
        parts: SplitResult,
        origin: str,
    ) -> SendResult:
        """POST an encrypted body with retries; classify the answer."""
        endpoint = subscription.endpoint
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
            headers["Authorization"] = self._authorization(origin)
            status, retry_after, detail = self._post(
                endpoint, parts, origin, body, headers, deadline
            )
            # A refused address is final: no retry can make it a push service.
            outcome = Outcome.REJECTED if detail == _REFUSED else classify(status)
            if outcome is Outcome.DELIVERED:
                return SendResult(outcome, endpoint, status, attempt)
            if outcome is Outcome.GONE:
                log.info("push subscription gone (%s) at %s", status, origin)
                return SendResult(outcome, endpoint, status, attempt, detail=detail)
            if outcome is Outcome.REJECTED:
                log.warning("push rejected by %s: %s %s", origin, status, detail)
                if status in (401, 403):
                    self._forget_authorization(origin)
                sent = 0 if detail == _REFUSED else attempt  # a refused address got no request
                return SendResult(outcome, endpoint, status, sent, detail=detail)
            delay = self.policy.delay(attempt, retry_after)
            if not self.policy.should_retry(attempt, delay, waited, deadline - self._clock()):
                log.warning("push to %s failed after %d attempts: %s", origin, attempt, detail)
                return SendResult(Outcome.RETRY_LATER, endpoint, status, attempt, delay, detail)
            log.info("push to %s: %s; retrying in %.1f s", origin, detail, delay)
            self._sleep(delay)
            waited += delay

    def _post(
        self,
        endpoint: str,
        parts: SplitResult,
        origin: str,
        body: bytes,
        headers: dict[str, str],
        deadline: float,
    ) -> tuple[int | None, float | None, str]:
        """One POST: (status or None on a network error, Retry-After seconds, short detail)."""
        left = max(0.01, deadline - self._clock())
        # `total` caps connect + read together, so one request ends by the send's deadline.
        timeout = Timeout(min(self.timeout[0], left), min(self.timeout[1], left), total=left)
        try:
            answer = self._router.post(endpoint, parts, body, headers, timeout, origin)
        except RefusedAddress:
            return None, None, _REFUSED
        except TimeoutError as exc:  # connect or read
            return None, None, f"timeout ({type(exc).__name__})"
        except (OSError, HTTPException) as exc:  # refused, reset, unreachable, broken answer
            return None, None, f"network error ({type(exc).__name__})"
        retry_after = parse_retry_after(answer.retry_after, self._now())
        return answer.status, retry_after, f"HTTP {answer.status} {answer.text}"
