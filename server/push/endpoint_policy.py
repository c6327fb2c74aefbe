"""Which push subscriptions the server accepts: a guard against server-side request forgery.

The server POSTs to whatever URL a browser hands it, so a hostile "subscription" could aim those
requests at the server's own network (a metadata service on 169.254.169.254, a database on
10.x, an admin port on localhost). A real push service is a public https host, so we accept only:
https on the standard port (443), a host that is not and does not resolve to any private,
loopback, link-local, multicast, reserved or unspecified address, no credentials in the URL, at
most 1024 characters. Every resolved address must pass, or a name with one public and one
private record would slip through. IPv6 forms that carry an IPv4 address (IPv4-mapped, 6to4,
NAT64) are judged by that IPv4 address; Teredo, IPv4-compatible and the local-use NAT64 prefix
are refused outright (no push service uses them, and they can tunnel to anything).

The keys are checked too (p256dh an uncompressed P-256 point, auth 16 bytes), so a broken
subscription is refused at the door rather than failing at every send.

`allow_loopback` is a test setting (PUSH_ALLOW_LOOPBACK): it additionally admits http or https
to 127.0.0.1 / localhost / [::1], where the loopback push service of the tests listens. DNS
is injected (`resolve`), so the checks are testable without a network.

The same rules apply again when sending (routing.py): `url_problems` before each push, and
`address_allowed` on every address the name resolves to at connection time, with the
connection made to the address that was checked. A name re-pointed after subscribing (DNS
rebinding) therefore reaches nothing private.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from urllib.parse import SplitResult, urlsplit

from cryptography.hazmat.primitives.asymmetric import ec

from server.push.vapid import b64url_decode

MAX_ENDPOINT = 1024
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_B64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the IPv4 address is the last 32 bits
_SIXTOFOUR = ipaddress.ip_network("2002::/16")  # RFC 3056: bits 16-48 are an IPv4 address
# Refused whatever they embed: Teredo (RFC 4380), the local-use NAT64 prefix (RFC 8215, any
# embedding layout) and the deprecated IPv4-compatible ::a.b.c.d form.
_TUNNELS = tuple(ipaddress.ip_network(net) for net in ("2001::/32", "64:ff9b:1::/48", "::/96"))
HTTPS_PORT = 443

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
        if address in _SIXTOFOUR:
            return is_public_address(ipaddress.IPv4Address(address.packed[2:6]))
        if any(address in net for net in _TUNNELS):
            return False
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


def address_allowed(address: IPAddress, *, allow_loopback: bool = False) -> bool:
    """May a push be sent to `address`? Public unicast, or loopback under the test setting."""
    return is_public_address(address) or (allow_loopback and address.is_loopback)


def parse_address(text: str) -> IPAddress | None:
    """An address from a resolver's answer (a zone suffix like `%eth0` dropped), or None."""
    return _literal_address(text.split("%", 1)[0])


def _literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def endpoint_problems(
    endpoint: object, *, allow_loopback: bool = False, resolve: Resolver = system_resolver
) -> list[str]:
    """Why `endpoint` is refused; an empty list means it is acceptable."""
    problems = url_problems(endpoint, allow_loopback=allow_loopback)
    if problems or _is_loopback_url(str(endpoint), allow_loopback):
        return problems
    host = (urlsplit(str(endpoint)).hostname or "").rstrip(".")
    return _host_problems(host, resolve)


def url_problems(
    endpoint: object, *, allow_loopback: bool = False, parts: SplitResult | None = None
) -> list[str]:
    """What is wrong with the URL itself (no DNS): scheme, port, host, credentials, length.
    `parts`: the endpoint's urlsplit when the caller has it (a send parses it once)."""
    if not isinstance(endpoint, str) or not endpoint:
        return ["Send the subscription's endpoint URL."]
    if len(endpoint) > MAX_ENDPOINT:
        return [f"The endpoint is longer than {MAX_ENDPOINT} characters."]
    try:
        parts = parts or urlsplit(endpoint)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port  # raises ValueError for a malformed port
    except ValueError:
        return ["The endpoint is not a valid URL."]
    if not host:
        return ["The endpoint has no host."]
    if parts.username is not None or parts.password is not None:
        return ["The endpoint must not carry credentials."]
    if allow_loopback and host in LOOPBACK_HOSTS and parts.scheme in ("http", "https"):
        return []  # the test setting's exception, as in _is_loopback_url
    if parts.scheme != "https":
        return ["The endpoint must use https."]
    if port not in (None, HTTPS_PORT):
        # Push services listen on 443; any other port only serves to probe other services.
        return ["The endpoint must use the standard https port."]
    return []


def _is_loopback_url(endpoint: str, allow_loopback: bool) -> bool:
    """The test setting's exception: http(s) to a loopback host, any port."""
    if not allow_loopback:
        return False
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").rstrip(".")
    return host in LOOPBACK_HOSTS and parts.scheme in ("http", "https")


def _host_problems(host: str, resolve: Resolver) -> list[str]:
    refused = ["The endpoint must be a public push service, not a private or local address."]
    if host == "localhost" or host.endswith(".localhost"):
        return refused
    literal = _literal_address(host)
    if literal is not None:
        return [] if is_public_address(literal) else refused
    addresses = [parse_address(text) for text in resolve(host)]
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
