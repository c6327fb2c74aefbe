"""Which push subscriptions the server accepts: a guard against server-side request forgery.

The server POSTs to whatever URL a browser hands it, so a hostile "subscription" could aim those
requests at the server's own network (a metadata service on 169.254.169.254, a database on
10.x, an admin port on localhost). A real push service is a public https host, so we accept only:
https, a host that is not and does not resolve to any private, loopback, link-local, multicast,
reserved or unspecified address (IPv4 or IPv6, including IPv4 mapped or NAT64-embedded in
IPv6), no credentials in the URL, at most 1024 characters. Every resolved address must pass,
or a name with one public and one private record would slip through.

The keys are checked too (p256dh an uncompressed P-256 point, auth 16 bytes), so a broken
subscription is refused at the door rather than failing at every send.

`allow_loopback` is a test setting (PUSH_ALLOW_LOOPBACK): it additionally admits http or https
to 127.0.0.1 / localhost / [::1], where the loopback push service of the tests listens. DNS
is injected (`resolve`), so the checks are testable without a network.

Known limit: the address is checked when subscribing; a name re-pointed later (DNS rebinding)
would be used at send time. Push hosts are operated by browser vendors, so this is accepted.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec

from server.push.vapid import b64url_decode

MAX_ENDPOINT = 1024
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_B64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

Resolver = Callable[[str], Iterable[str]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def system_resolver(host: str) -> list[str]:
    """Every address `host` resolves to; an empty list when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return []
    return [str(info[4][0]) for info in infos]


def is_public_address(address: IPAddress) -> bool:
    """True only for a globally routable unicast address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return is_public_address(address.ipv4_mapped)
        if address in _NAT64:
            return is_public_address(ipaddress.IPv4Address(address.packed[-4:]))
        if address.is_site_local:
            return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def endpoint_problems(
    endpoint: object, *, allow_loopback: bool = False, resolve: Resolver = system_resolver
) -> list[str]:
    """Why `endpoint` is refused; an empty list means it is acceptable."""
    if not isinstance(endpoint, str) or not endpoint:
        return ["Send the subscription's endpoint URL."]
    if len(endpoint) > MAX_ENDPOINT:
        return [f"The endpoint is longer than {MAX_ENDPOINT} characters."]
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").rstrip(".")
        parts.port  # noqa: B018  (raises ValueError for a malformed port)
    except ValueError:
        return ["The endpoint is not a valid URL."]
    if not host:
        return ["The endpoint has no host."]
    if parts.username is not None or parts.password is not None:
        return ["The endpoint must not carry credentials."]
    if allow_loopback and host in LOOPBACK_HOSTS and parts.scheme in ("http", "https"):
        return []
    if parts.scheme != "https":
        return ["The endpoint must use https."]
    return _host_problems(host, resolve)


def _host_problems(host: str, resolve: Resolver) -> list[str]:
    refused = ["The endpoint must be a public push service, not a private or local address."]
    if host == "localhost" or host.endswith(".localhost"):
        return refused
    literal = _literal_address(host)
    if literal is not None:
        return [] if is_public_address(literal) else refused
    addresses = [_literal_address(text.split("%", 1)[0]) for text in resolve(host)]
    if not addresses:
        return ["We couldn't find that push service."]
    if not all(address is not None and is_public_address(address) for address in addresses):
        return refused
    return []


def _decode_b64url(text: object) -> bytes | None:
    if not isinstance(text, str) or not _B64URL.fullmatch(text):
        return None
    try:
        return b64url_decode(text)
    except ValueError:
        return None


def p256dh_problems(text: object) -> list[str]:
    raw = _decode_b64url(text)
    if raw is None or len(raw) != 65 or raw[0] != 0x04:
        return ["Expected an uncompressed P-256 public key (65 bytes, base64url)."]
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        return ["This is not a point on the P-256 curve."]
    return []


def auth_problems(text: object) -> list[str]:
    raw = _decode_b64url(text)
    if raw is None or len(raw) != 16:
        return ["Expected a 16-byte auth secret (base64url)."]
    return []
