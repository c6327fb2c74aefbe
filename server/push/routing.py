"""How a push reaches its push service: a pool per origin, and only addresses that were checked.

Connections: the standard library's `http.client`, one keep-alive pool per push-service origin
(up to `pool_size` idle connections kept, so TLS stays warm). Measured per POST on a kept-alive
connection (bench/README.md, "Push fan-out"): http.client ~135 us of CPU, aiohttp with 16 in
flight ~190 us, urllib3's pool ~340 us (its request/response layers on top of http.client,
and two writes per request); with the encryption at ~250 us a push, the HTTP layer decided
whether fan-out reached half the raw encryption rate. No retries and no redirects here: the
retry policy (retry.py) decides. An idle connection the server has closed is noticed before
reuse (a zero-timeout poll says it is readable) and replaced, as urllib3 did.

Proxies come from the usual environment variables (`https_proxy`, `no_proxy`...), read once;
proxied origins (rare, and not the fast path) go through urllib3's ProxyManager.

Pinning (server-side request forgery at send time, not only at subscribe time): a pool's
connections resolve the host themselves (the injectable resolver), refuse the connection when
any answer is an address pushes may not go to (endpoint_policy.address_allowed), and then
connect to the addresses they checked, never to a second lookup's answer. A kept-alive
connection stays on the address it was opened to; each new one is checked anew, so a name
re-pointed at 10.0.0.8 after subscribing (DNS rebinding) gets no new connection. TLS still uses
the host name for SNI and certificate checks: only the socket's address is pinned. Through a
proxy the proxy connects, so the name is checked just before handing it over (the proxy's own
egress rules apply beyond that).
"""

from __future__ import annotations

import functools
import http.client
import select
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import SplitResult, urlsplit
from urllib.request import getproxies, proxy_bypass_environment

import urllib3
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import NewConnectionError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from server.push.endpoint_policy import (
    IPAddress,
    Resolver,
    address_allowed,
    parse_address,
    system_resolver,
)

_DEFAULT_PORTS = {"http": 80, "https": 443}
_ANSWER_TEXT = 200  # bytes of a response body kept for logs and details


class RefusedAddress(ConnectionError):
    """The push host is (or resolves to) an address pushes may not go to; nothing was sent."""


class Answer(NamedTuple):
    """A push service's response: status, its Retry-After header, the start of its body."""

    status: int
    retry_after: str | None
    text: str


@dataclass(frozen=True)
class Timeout:
    """Seconds for connecting and for each read; `total` caps connect + read together."""

    connect: float
    read: float
    total: float | None = None


def push_origin(endpoint: str) -> str:
    """scheme://host[:port] of a push endpoint (the VAPID `aud`); default ports omitted."""
    return origin_of(urlsplit(endpoint))


def origin_of(parts: SplitResult) -> str:
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port and parts.port != _DEFAULT_PORTS.get(parts.scheme):
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}"


def checked_addresses(host: str, resolve: Resolver, allow_loopback: bool) -> list[IPAddress]:
    """The addresses to connect to for `host`: OSError if none, ValueError if any is refused.

    A literal address is used as is. Every resolved address must be allowed, or a name with
    one public and one private record could be steered to the private one.
    """
    literal = parse_address(host.strip("[]"))
    addresses = [literal] if literal is not None else [parse_address(a) for a in resolve(host)]
    if not addresses:
        raise OSError(f"{host} does not resolve")
    if not all(
        a is not None and address_allowed(a, allow_loopback=allow_loopback) for a in addresses
    ):
        raise ValueError(f"{host} resolves to an address pushes may not go to")
    return addresses  # type: ignore[return-value]  # no None left after the check


def pinned_socket(
    host: str, port: int, timeout: float | None, resolve: Resolver, allow_loopback: bool
) -> socket.socket:
    """A TCP connection to one of `host`'s checked addresses (RefusedAddress if refused)."""
    try:
        addresses = checked_addresses(host, resolve, allow_loopback)
    except ValueError as exc:
        raise RefusedAddress(str(exc)) from None
    # One connect budget across all addresses, as a resolving connect would spend it.
    deadline = None if timeout is None else time.monotonic() + timeout
    error: OSError | None = None
    for address in addresses:
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            break
        family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            # Request and answer are single small writes: Nagle would only delay them.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(left)
            sock.connect((str(address), port))
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    if isinstance(error, TimeoutError) or error is None:
        raise TimeoutError(f"connection to {host} timed out")
    raise error


class PinnedConnection(http.client.HTTPConnection):
    """An http.client connection whose socket goes only to a checked address of its host;
    with `tls`, wrapped for the host name (SNI and certificate checks use the name)."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        resolve: Resolver,
        allow_loopback: bool,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__(host, port)
        self._resolve = resolve
        self._allow_loopback = allow_loopback
        self._tls = tls
        if tls is not None:
            self.default_port = 443  # so the Host header omits :443, as a browser's would

    def connect(self) -> None:
        sock = pinned_socket(
            self.host, self.port, self.timeout, self._resolve, self._allow_loopback
        )
        if self._tls is not None:
            try:
                sock = self._tls.wrap_socket(sock, server_hostname=self.host)
            except BaseException:
                sock.close()
                raise
        self.sock = sock


def _dropped(conn: PinnedConnection) -> bool:
    """An idle kept-alive connection that is readable has been closed by the server."""
    sock = conn.sock
    if sock is None:
        return True
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))


class OriginPool:
    """Idle keep-alive connections to one origin; more callers than `maxsize` still get a
    connection, it is just not kept afterwards."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        maxsize: int,
        resolve: Resolver,
        allow_loopback: bool,
        tls: ssl.SSLContext | None,
    ) -> None:
        self.host, self.port = host, port
        self.maxsize = maxsize
        self._resolve = resolve
        self._allow_loopback = allow_loopback
        self._tls = tls
        self._idle: list[PinnedConnection] = []  # last in, first out: the warmest first
        self._lock = threading.Lock()
        self._closed = False

    def post(self, target: str, body: bytes, headers: dict[str, str], timeout: Timeout) -> Answer:
        started = time.monotonic()
        conn = self._get()
        try:
            if conn.sock is None:
                conn.timeout = _cap(timeout.connect, timeout.total)
                conn.connect()
            read = timeout.read
            if timeout.total is not None:
                read = min(read, max(0.01, timeout.total - (time.monotonic() - started)))
            conn.sock.settimeout(read)
            conn.request("POST", target, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except BaseException:
            conn.close()
            raise
        if response.will_close:
            conn.close()
        else:
            self._put(conn)
        text = data[:_ANSWER_TEXT].decode("utf-8", "replace")
        return Answer(response.status, response.getheader("Retry-After"), text)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    def _get(self) -> PinnedConnection:
        with self._lock:
            while self._idle:
                conn = self._idle.pop()
                if not _dropped(conn):
                    return conn
                conn.close()
            if self._closed:
                raise RuntimeError("PushSender is closed")
        return PinnedConnection(
            self.host,
            self.port,
            resolve=self._resolve,
            allow_loopback=self._allow_loopback,
            tls=self._tls,
        )

    def _put(self, conn: PinnedConnection) -> None:
        with self._lock:
            if not self._closed and len(self._idle) < self.maxsize:
                self._idle.append(conn)
                return
        conn.close()


def _cap(value: float, total: float | None) -> float:
    return value if total is None else max(0.01, min(value, total))


@functools.cache
def default_tls() -> ssl.SSLContext:
    """The system's trust store, checking the chain and the name. Loading it costs ~30 ms of
    CPU, so it is made once per process and shared (an SSLContext is safe to share)."""
    return ssl.create_default_context()


class Router:
    """Pools per origin (or the environment's proxy); thread-safe; `close()` releases them.

    Raises RefusedAddress when a push may not go to the host, TimeoutError on a timeout, and
    other OSError or http.client.HTTPException on network and protocol errors."""

    def __init__(
        self,
        *,
        pool_size: int,
        resolve: Resolver = system_resolver,
        allow_loopback: bool = False,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self._resolve = resolve
        self._allow_loopback = allow_loopback
        self._pool_size = pool_size
        self._tls = tls  # None: the shared default context, made on first https use
        self._proxy_env = getproxies()  # read once: the environment is not rescanned per push
        self._proxies: dict[str, urllib3.ProxyManager] = {}
        self._pools: dict[str, OriginPool | None] = {}  # None: through the proxy
        self._lock = threading.Lock()
        self._closed = False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for pool in self._pools.values():
                if pool is not None:
                    pool.close()
            self._pools.clear()
            for proxy in self._proxies.values():
                proxy.clear()
            self._proxies.clear()

    def post(
        self,
        endpoint: str,
        parts: SplitResult,
        body: bytes,
        headers: dict[str, str],
        timeout: Timeout,
        origin: str | None = None,
    ) -> Answer:
        """POST `body` to `endpoint` (`parts` is its urlsplit, `origin` its origin_of)."""
        origin = origin or origin_of(parts)
        try:
            pool = self._pools[origin]
        except KeyError:
            pool = self._pool(origin, parts)
        if pool is not None:
            target = parts.path or "/"
            if parts.query:
                target = f"{target}?{parts.query}"
            return pool.post(target, body, headers, timeout)
        return self._post_via_proxy(endpoint, parts, body, headers, timeout)

    def _post_via_proxy(
        self,
        endpoint: str,
        parts: SplitResult,
        body: bytes,
        headers: dict[str, str],
        timeout: Timeout,
    ) -> Answer:
        try:  # the proxy connects; check the name just before handing it over
            checked_addresses(parts.hostname or "", self._resolve, self._allow_loopback)
        except ValueError as exc:
            raise RefusedAddress(str(exc)) from None
        proxy = self._proxies[self._proxy_env[parts.scheme]]
        limits = urllib3.Timeout(connect=timeout.connect, read=timeout.read, total=timeout.total)
        try:
            response = proxy.urlopen(
                "POST", endpoint, body=body, headers=headers, redirect=False, retries=False,
                timeout=limits,
            )  # fmt: skip
        except NewConnectionError as exc:  # a ConnectTimeoutError subclass, but not a timeout
            raise ConnectionError(f"proxy: {type(exc).__name__}") from None
        except Urllib3Timeout as exc:
            raise TimeoutError(f"proxy: {type(exc).__name__}") from None
        except Urllib3Error as exc:
            raise ConnectionError(f"proxy: {type(exc).__name__}") from None
        text = response.data[:_ANSWER_TEXT].decode("utf-8", "replace")
        return Answer(response.status, response.headers.get("Retry-After"), text)

    def _pool(self, origin: str, parts: SplitResult) -> OriginPool | None:
        """This origin's own pool, or None when the environment sends it through a proxy."""
        with self._lock:
            if self._closed:
                raise RuntimeError("PushSender is closed")
            if origin in self._pools:
                return self._pools[origin]
            proxy_url = self._proxy_env.get(parts.scheme)
            if proxy_url and not proxy_bypass_environment(parts.hostname or "", self._proxy_env):
                if proxy_url not in self._proxies:
                    self._proxies[proxy_url] = urllib3.ProxyManager(
                        proxy_url, num_pools=64, maxsize=self._pool_size, block=False,
                        retries=False,
                    )  # fmt: skip
                pool = None
            else:
                # Our own pool per origin, kept for the sender's life and closed by close().
                port = parts.port or _DEFAULT_PORTS[parts.scheme]
                pool = OriginPool(
                    parts.hostname or "",
                    port,
                    maxsize=self._pool_size,
                    resolve=self._resolve,
                    allow_loopback=self._allow_loopback,
                    tls=(self._tls or default_tls()) if parts.scheme == "https" else None,
                )
            self._pools[origin] = pool
            return pool
