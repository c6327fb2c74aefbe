"""How a push reaches its push service: a pool per origin, and only addresses that were checked.

Connections: urllib3 directly (`requests` on top cost about twice the CPU of the POST itself);
one keep-alive pool per push-service origin (up to `pool_size` connections each, so TLS stays
warm), urllib3's own retries and redirects off: the retry policy (retry.py) decides. Proxies
come from the usual environment variables (`https_proxy`, `no_proxy`...), read once.

Pinning (server-side request forgery at send time, not only at subscribe time): a pool's
connections resolve the host themselves (the injectable resolver), refuse the connection when
any answer is an address pushes may not go to (endpoint_policy.address_allowed), and then
connect to the addresses they checked, never to a second lookup's answer. A name re-pointed at
10.0.0.8 after subscribing (DNS rebinding) gets no connection. TLS still uses the host name for
SNI and certificate checks: only the socket's address is pinned. Through a proxy the proxy
connects, so the name is checked just before handing it over (the proxy's own egress rules
apply beyond that).
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any
from urllib.parse import SplitResult, urlsplit
from urllib.request import getproxies, proxy_bypass_environment

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.response import BaseHTTPResponse

from server.push.endpoint_policy import (
    IPAddress,
    Resolver,
    address_allowed,
    parse_address,
    system_resolver,
)

_DEFAULT_PORTS = {"http": 80, "https": 443}


class RefusedAddress(NewConnectionError):
    """The push host is (or resolves to) an address pushes may not go to; nothing was sent."""


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


class _PinnedMixin:
    """Replaces urllib3's `_new_conn` (which resolves and connects in one step)."""

    host: str
    port: int
    timeout: float | None
    source_address: tuple[str, int] | None
    socket_options: Any

    def __init__(self, *args: Any, resolve: Resolver, allow_loopback: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._resolve = resolve
        self._allow_loopback = allow_loopback

    def _new_conn(self) -> socket.socket:
        conn: Any = self
        try:
            addresses = checked_addresses(self.host, self._resolve, self._allow_loopback)
        except ValueError as exc:
            raise RefusedAddress(conn, str(exc)) from None
        except OSError as exc:
            raise NewConnectionError(conn, f"Failed to resolve: {exc}") from None
        # One connect budget across all addresses, as urllib3 would spend on its own lookup.
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        error: OSError | None = None
        for address in addresses:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                break
            family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                for option in self.socket_options or ():
                    sock.setsockopt(*option)
                sock.settimeout(left)
                if self.source_address:
                    sock.bind(self.source_address)
                sock.connect((str(address), self.port))
                return sock
            except OSError as exc:
                sock.close()
                error = exc
        if isinstance(error, TimeoutError) or error is None:
            raise ConnectTimeoutError(conn, f"Connection to {self.host} timed out.")
        raise NewConnectionError(conn, f"Failed to establish a new connection: {error}")


class PinnedHTTPConnection(_PinnedMixin, HTTPConnection):
    pass


class PinnedHTTPSConnection(_PinnedMixin, HTTPSConnection):
    pass  # server_hostname stays the URL's host: SNI and certificate checks use the name


class PinnedHTTPPool(HTTPConnectionPool):
    ConnectionCls = PinnedHTTPConnection


class PinnedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = PinnedHTTPSConnection  # type: ignore[assignment]


class Router:
    """Pools per origin (or the environment's proxy); thread-safe; `close()` releases them."""

    def __init__(
        self,
        *,
        pool_size: int,
        resolve: Resolver = system_resolver,
        allow_loopback: bool = False,
    ) -> None:
        self._resolve = resolve
        self._allow_loopback = allow_loopback
        # Our own retry loop decides: urllib3 must neither retry nor follow redirects. More
        # threads than `pool_size` still get a connection (block=False); it is just not kept.
        self._pool_kw: dict[str, Any] = {"retries": False, "maxsize": pool_size, "block": False}
        self._proxy_env = getproxies()  # read once: the environment is not rescanned per push
        self._proxies: dict[str, urllib3.ProxyManager] = {}
        self._pools: dict[str, HTTPConnectionPool | None] = {}  # None: through the proxy
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
        timeout: urllib3.Timeout,
    ) -> BaseHTTPResponse:
        """POST `body` to `endpoint`; raises urllib3 errors (RefusedAddress when refused)."""
        origin = origin_of(parts)
        pool = self._pool(origin, parts)
        if pool is not None:
            target = parts.path or "/"
            if parts.query:
                target = f"{target}?{parts.query}"
            return pool.urlopen(
                "POST", target, body=body, headers=headers, redirect=False,
                assert_same_host=False, retries=False, timeout=timeout,
            )  # fmt: skip
        try:  # the proxy connects; check the name just before handing it over
            checked_addresses(parts.hostname or "", self._resolve, self._allow_loopback)
        except ValueError as exc:
            raise RefusedAddress(None, str(exc)) from None  # type: ignore[arg-type]
        except OSError as exc:
            raise NewConnectionError(None, f"Failed to resolve: {exc}") from None  # type: ignore[arg-type]
        proxy = self._proxies[self._proxy_env[parts.scheme]]
        return proxy.urlopen(
            "POST", endpoint, body=body, headers=headers, redirect=False, retries=False,
            timeout=timeout,
        )  # fmt: skip

    def _pool(self, origin: str, parts: SplitResult) -> HTTPConnectionPool | None:
        """This origin's own pool, or None when the environment sends it through a proxy."""
        if origin in self._pools:
            return self._pools[origin]
        with self._lock:
            if self._closed:
                raise RuntimeError("PushSender is closed")
            if origin in self._pools:
                return self._pools[origin]
            proxy_url = self._proxy_env.get(parts.scheme)
            if proxy_url and not proxy_bypass_environment(parts.hostname or "", self._proxy_env):
                if proxy_url not in self._proxies:
                    self._proxies[proxy_url] = urllib3.ProxyManager(
                        proxy_url, num_pools=64, **self._pool_kw
                    )
                pool = None
            else:
                # Our own pool per origin, kept for the sender's life and closed by close()
                # (a PoolManager would evict and close pools past its LRU size while we
                # still hold them, and looking one up per request costs CPU).
                pool_cls = PinnedHTTPSPool if parts.scheme == "https" else PinnedHTTPPool
                pool = pool_cls(
                    parts.hostname,
                    parts.port,
                    resolve=self._resolve,
                    allow_loopback=self._allow_loopback,
                    **self._pool_kw,
                )
            self._pools[origin] = pool
            return pool
