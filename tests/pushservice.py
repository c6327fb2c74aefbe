"""A loopback Web Push service that behaves like a real one, for tests and benchmarks.

A real push service (FCM, Mozilla autopush, Apple) checks the VAPID JWT and forwards the
still-encrypted body to the browser, which decrypts it. This one does both halves in-process:
`new_subscription()` plays the browser (P-256 ECDH key pair + 16-byte auth secret) and each
POST /push/<id> is checked like a push service would (ES256 signature against `k`, `aud` equal
to our origin, `exp` in the future and within 24 h, `sub` a mailto:/https: URL, TTL present,
aes128gcm, body <= 4096 bytes) and then decrypted with http_ece like a browser would. Accepted
messages land in a per-subscription inbox.

Faults are scripted per subscription for the next N requests: any status (410, 404, 429 with
Retry-After, 500, 413...) or "hang" (wait past the client's timeout; released on stop so the
server shuts down promptly). The clock is injectable so tests can move time.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from server.push.vapid import b64url_decode, b64url_encode

HANG = "hang"
MAX_BODY = 4096
URGENCIES = {"very-low", "low", "normal", "high"}


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class _Sub:
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    inbox: list[dict] = field(default_factory=list)
    script: deque = field(default_factory=deque)  # (status or HANG, retry_after or None)
    requests: int = 0


class LoopbackPushService:
    """`with LoopbackPushService(expected_key=...) as svc:` serves on 127.0.0.1:<free port>."""

    def __init__(
        self,
        expected_key: str | None = None,
        now: Callable[[], float] = time.time,
        hang_s: float = 10.0,
    ) -> None:
        self.expected_key = expected_key
        self.now = now
        self.hang_s = hang_s
        self.request_count = 0
        self.connection_count = 0  # TCP connections accepted: keep-alive reuse is observable
        self._subs: dict[str, _Sub] = {}
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle -------------------------------------------------------------------------------
    def __enter__(self) -> LoopbackPushService:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        service = self

        class Handler(_Handler):
            pass

        Handler.service = service
        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    @property
    def origin(self) -> str:
        assert self._server is not None, "service not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    # browser side ----------------------------------------------------------------------------
    def new_subscription(self) -> dict:
        """A PushSubscription.toJSON()-shaped dict with fresh browser keys."""
        key = ec.generate_private_key(ec.SECP256R1())
        auth = secrets.token_bytes(16)
        sub_id = secrets.token_urlsafe(16)
        with self._lock:
            self._subs[sub_id] = _Sub(key, auth)
        point = key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": f"{self.origin}/push/{sub_id}",
            "keys": {"p256dh": b64url_encode(point), "auth": b64url_encode(auth)},
        }

    def fail_next(
        self, endpoint: str, status: int | str, times: int = 1, retry_after: str | None = None
    ) -> None:
        """Answer the next `times` requests to `endpoint` with `status` (or HANG)."""
        with self._lock:
            self._subs[self._id(endpoint)].script.extend([(status, retry_after)] * times)

    def received(self, endpoint: str) -> list[dict]:
        """Delivered messages: {"payload", "ttl", "urgency", "topic", "authorization"}."""
        with self._lock:
            return list(self._subs[self._id(endpoint)].inbox)

    def requests_for(self, endpoint: str) -> int:
        with self._lock:
            return self._subs[self._id(endpoint)].requests

    @staticmethod
    def _id(endpoint: str) -> str:
        return endpoint.rsplit("/", 1)[-1]

    # push-service side -----------------------------------------------------------------------
    def handle(self, path: str, headers: Message, body: bytes) -> tuple[int, dict[str, str], str]:
        """Decide the answer to one POST; returns (status, extra headers, text)."""
        with self._lock:
            self.request_count += 1
            sub = self._subs.get(path.removeprefix("/push/")) if path.startswith("/push/") else None
            if sub is None:
                return 404, {}, "no such subscription"
            sub.requests += 1
            scripted = sub.script.popleft() if sub.script else None
        if scripted is not None:
            status, retry_after = scripted
            if status == HANG:
                self._release.wait(self.hang_s)
                return 503, {}, "hung"
            return status, ({"Retry-After": retry_after} if retry_after else {}), "scripted"
        try:
            claims = self._check_vapid(headers.get("Authorization", ""))
            record = self._check_and_decrypt(sub, headers, body)
        except Refused as exc:
            return exc.status, {}, exc.reason
        record["authorization"] = headers["Authorization"]
        record["claims"] = claims
        with self._lock:
            sub.inbox.append(record)
        return 201, {"Location": f"{self.origin}/message/{secrets.token_urlsafe(8)}"}, ""

    def _check_vapid(self, authorization: str) -> dict:
        scheme, _, params = authorization.partition(" ")
        if scheme.lower() != "vapid":
            raise Refused(401, "missing VAPID authorization")
        fields = dict(p.strip().split("=", 1) for p in params.split(",") if "=" in p)
        token, key = fields.get("t", ""), fields.get("k", "")
        if self.expected_key is not None and key != self.expected_key:
            raise Refused(403, "VAPID key does not match the subscription's key")
        try:
            head_b64, claims_b64, sig_b64 = token.split(".")
            header = json.loads(b64url_decode(head_b64))
            claims = json.loads(b64url_decode(claims_b64))
            public = ec.EllipticCurvePublicKey.from_encoded_point(
                ec.SECP256R1(), b64url_decode(key)
            )
            sig = b64url_decode(sig_b64)
            if header.get("alg") != "ES256" or len(sig) != 64:
                raise Refused(401, "JWT must be ES256 with a 64-byte signature")
            der = encode_dss_signature(int.from_bytes(sig[:32]), int.from_bytes(sig[32:]))
            public.verify(der, f"{head_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        except (ValueError, InvalidSignature) as exc:
            raise Refused(401, f"invalid VAPID JWT: {exc!r}") from None
        now = self.now()
        if claims.get("aud") != self.origin:
            raise Refused(401, f"aud {claims.get('aud')!r} is not {self.origin!r}")
        exp = claims.get("exp")
        if not isinstance(exp, int) or not now < exp <= now + 24 * 3600:
            raise Refused(401, "exp must be in the future and within 24 hours")
        if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
            raise Refused(401, "sub must be a mailto: or https: URL")
        return claims

    def _check_and_decrypt(self, sub: _Sub, headers: Message, body: bytes) -> dict:
        ttl = headers.get("TTL")
        if ttl is None or not ttl.isdigit():
            raise Refused(400, "TTL header required")
        urgency, topic = headers.get("Urgency"), headers.get("Topic")
        if urgency is not None and urgency not in URGENCIES:
            raise Refused(400, "bad Urgency")
        if topic is not None and not (
            0 < len(topic) <= 32 and all(c.isascii() and (c.isalnum() or c in "-_") for c in topic)
        ):
            raise Refused(400, "bad Topic")
        if len(body) > MAX_BODY:
            raise Refused(413, "payload too large")
        if headers.get("Content-Encoding") != "aes128gcm":
            raise Refused(415, "Content-Encoding must be aes128gcm")
        try:
            plain = http_ece.decrypt(
                body, private_key=sub.private_key, auth_secret=sub.auth, version="aes128gcm"
            )
            payload = json.loads(plain)
        except (http_ece.ECEException, ValueError) as exc:
            raise Refused(400, f"cannot decrypt: {exc!r}") from None
        return {"payload": payload, "ttl": int(ttl), "urgency": urgency, "topic": topic}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that time out and hang up are part of the tests


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so the client's connection pool is exercised
    timeout = 30  # a handler blocked on an idle keep-alive connection gives up eventually
    # TCP_NODELAY: without it Nagle holds back a small write until the client ACKs the previous
    # one, and the client's delayed ACK makes that ~40 ms per request on a keep-alive connection.
    disable_nagle_algorithm = True
    service: LoopbackPushService

    def setup(self) -> None:
        super().setup()
        with self.service._lock:
            self.service.connection_count += 1

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, extra, text = self.service.handle(self.path, self.headers, body)
        data = text.encode()
        head = [f"{self.protocol_version} {status} {self.responses.get(status, ('',))[0]}"]
        head += [f"{name}: {value}" for name, value in extra.items()]
        head.append(f"Content-Length: {len(data)}")
        try:
            # Status line, headers and body in one write: a second small write on a keep-alive
            # connection is what Nagle and the client's delayed ACK turn into a 40 ms stall.
            self.wfile.write("\r\n".join(head).encode("latin-1") + b"\r\n\r\n" + data)
        except OSError:  # the client gave up (timeout) and closed the connection
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass
