"""The one adapter around pywebpush: encrypt, authorise and POST a Web Push message.

Why not pywebpush's `webpush()` helper: it mutates the claims dict (the first `aud` sticks),
defaults to `ttl=0` and sends without a timeout. Here `WebPusher.encode` only encrypts
(aes128gcm, RFC 8291); we build the headers ourselves and POST with urllib3 directly: one
keep-alive connection pool per push-service origin (up to `pool_size` connections each, so TLS
connections stay warm), urllib3's own retries and redirects off. `requests` on top of urllib3
cost about twice the CPU of the POST itself (hooks, cookie jar, adapters, header merging), which
at thousands of pushes per tick was more than the encryption. Proxies come from the usual
environment variables (`https_proxy`, `no_proxy`...), read once per sender.

VAPID: one signed `Authorization` header per push-service origin, cached until less than
`renew_before_s` of its lifetime (12 h by default; services reject > 24 h) is left.

Outcomes follow RFC 8030 and what the big services do:
  201/202/200 -> DELIVERED; 404/410 -> GONE (caller deletes the subscription);
  429/5xx/timeout/connection error -> retried with exponential backoff that honours
  `Retry-After`, bounded by `max_retries` and `max_total_wait_s`, then RETRY_LATER;
  anything else (400/401/403/413...) -> REJECTED: logged, nothing deleted.
Each request has its own (connect, read) timeout, and `send_many` runs sends on `workers`
threads that each take the next message when done with one, so one hanging push service ties up
at most one thread (for at most its timeouts and retries) and cannot hold up the rest.
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
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import SplitResult, urlsplit
from urllib.request import getproxies, proxy_bypass_environment

import urllib3
from pywebpush import WebPusher, WebPushException
from urllib3.connectionpool import connection_from_url
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import NewConnectionError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

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
    return _origin(urlsplit(endpoint))


def _origin(parts: SplitResult) -> str:
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


@dataclass(frozen=True)
class _Route:
    """How to reach one push-service origin: its pool (or a proxy manager) and the target form."""

    pool: urllib3.HTTPConnectionPool | None  # direct: POST the path on this origin's pool
    proxy: urllib3.ProxyManager | None = None  # via a proxy: POST the absolute URL through it


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
        # Our own retry loop decides: urllib3 must neither retry nor follow redirects. One pool
        # per origin, `pool_size` kept-alive connections each; more threads than that still
        # get a connection (block=False), it is just not kept.
        self._pool_kw = {
            "timeout": urllib3.Timeout(connect=timeout[0], read=timeout[1]),
            "retries": False,
            "maxsize": pool_size,
            "block": False,
        }
        self._proxy_env = getproxies()  # read once: the environment is not rescanned per push
        self._proxies: dict[str, urllib3.ProxyManager] = {}
        self._routes: dict[str, _Route] = {}
        self._routes_lock = threading.Lock()
        # Worker threads live as long as the sender: starting a thread pool per send_many
        # (per tick batch) cost more than the sends it ran.
        self._executor: ThreadPoolExecutor | None = None
        self._executor_size = 0
        self._closed = False

    def __enter__(self) -> PushSender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._routes_lock:
            self._closed = True
            executor, self._executor = self._executor, None
            for route in self._routes.values():
                if route.pool is not None:
                    route.pool.close()
            self._routes.clear()
            for proxy in self._proxies.values():
                proxy.clear()
            self._proxies.clear()
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

    def _route(self, origin: str, parts: SplitResult) -> _Route:
        """The cached way to this origin: its own pool, or the proxy the environment names."""
        route = self._routes.get(origin)
        if route is not None:
            return route
        with self._routes_lock:
            if self._closed:
                raise RuntimeError("PushSender is closed")
            route = self._routes.get(origin)
            if route is None:
                proxy_url = self._proxy_env.get(parts.scheme)
                host = parts.hostname or ""
                if proxy_url and not proxy_bypass_environment(host, self._proxy_env):
                    proxy = self._proxies.get(proxy_url)
                    if proxy is None:
                        proxy = urllib3.ProxyManager(proxy_url, num_pools=64, **self._pool_kw)
                        self._proxies[proxy_url] = proxy
                    route = _Route(None, proxy)
                else:
                    # Our own pool per origin, kept for the sender's life and closed by close()
                    # (a PoolManager would evict and close pools past its LRU size while we
                    # still hold them, and looking one up per request costs CPU).
                    route = _Route(connection_from_url(origin, **self._pool_kw))
                self._routes[origin] = route
            return route

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
        """Send concurrently; results in input order. All payloads are checked before sending.

        `workers` threads each take the next message as soon as they are done with one, so a
        slow or hanging push service only ties up the threads talking to it.
        """
        prepared = [(sub, msg, encode_payload(msg.payload)) for sub, msg in items]
        if not prepared:
            return []
        results: list[SendResult | None] = [None] * len(prepared)
        indices = iter(range(len(prepared)))
        take = threading.Lock()

        def work() -> None:
            while True:
                with take:
                    index = next(indices, -1)
                if index < 0:
                    return
                results[index] = self._send_encoded(*prepared[index])

        threads = min(workers, len(prepared))
        if threads <= 1:
            work()
        else:
            for future in self._start(work, threads):
                future.result()
        return results  # type: ignore[return-value]  # every slot was filled

    def _start(self, work: Callable[[], None], threads: int) -> list[Future[None]]:
        """Run `work` on `threads` of the sender's worker threads (grown when more are asked)."""
        with self._routes_lock:
            if self._closed:
                raise RuntimeError("PushSender is closed")
            if self._executor is None or self._executor_size < threads:
                if self._executor is not None:  # finishes what it was given, then exits
                    self._executor.shutdown(wait=False)
                self._executor_size = max(threads, self.pool_size)
                self._executor = ThreadPoolExecutor(self._executor_size, thread_name_prefix="push")
            return [self._executor.submit(work) for _ in range(threads)]

    def _send_encoded(
        self, subscription: Subscription, message: PushMessage, data: bytes
    ) -> SendResult:
        endpoint = subscription.endpoint
        parts = urlsplit(endpoint)
        origin = _origin(parts)
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
            headers["Authorization"] = self._authorization(origin)
            status, retry_after, detail = self._post(endpoint, origin, parts, body, headers)
            if status in (200, 201, 202):
                return SendResult(Outcome.DELIVERED, endpoint, status, attempt)
            if status in (404, 410):
                log.info("push subscription gone (%s) at %s", status, origin)
                return SendResult(Outcome.GONE, endpoint, status, attempt, detail=detail)
            if status is not None and status != 429 and status < 500:
                log.warning("push rejected by %s: %s %s", origin, status, detail)
                if status in (401, 403):
                    self._forget_authorization(origin)
                return SendResult(Outcome.REJECTED, endpoint, status, attempt, detail=detail)
            delay = self.backoff_base_s * 2 ** (attempt - 1) if retry_after is None else retry_after
            if attempt > self.max_retries or waited + delay > self.max_total_wait_s:
                log.warning("push to %s failed after %d attempts: %s", origin, attempt, detail)
                return SendResult(Outcome.RETRY_LATER, endpoint, status, attempt, delay, detail)
            log.info("push to %s: %s; retrying in %.1f s", origin, detail, delay)
            self._sleep(delay)
            waited += delay

    def _post(
        self, endpoint: str, origin: str, parts: SplitResult, body: bytes, headers: dict[str, str]
    ) -> tuple[int | None, float | None, str]:
        """One POST: (status or None on a network error, Retry-After seconds, short detail)."""
        try:
            route = self._route(origin, parts)
            if route.pool is not None:
                target = parts.path or "/"
                if parts.query:
                    target = f"{target}?{parts.query}"
                resp = route.pool.urlopen(
                    "POST", target, body=body, headers=headers, redirect=False,
                    assert_same_host=False, retries=False,
                )  # fmt: skip
            else:
                resp = route.proxy.urlopen(  # type: ignore[union-attr]
                    "POST", endpoint, body=body, headers=headers, redirect=False, retries=False
                )
        except NewConnectionError as exc:  # refused, unreachable (a ConnectTimeoutError subclass)
            return None, None, f"network error ({type(exc).__name__})"
        except Urllib3Timeout as exc:
            return None, None, f"timeout ({type(exc).__name__})"
        except (Urllib3Error, OSError) as exc:  # connection refused/reset, broken response...
            return None, None, f"network error ({type(exc).__name__})"
        # The body was read in full (preload_content), so the connection is back in its pool.
        retry_after = parse_retry_after(resp.headers.get("Retry-After"), self._now())
        text = resp.data[:200].decode("utf-8", "replace")
        return resp.status, retry_after, f"HTTP {resp.status} {text}"
