"""Send-time routing: the address connected to is the address checked (no DNS rebinding), and
every send ends by its deadline while slow push services cannot hold up the others."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from server.push.routing import RefusedAddress, Router, Timeout, default_tls
from server.push.sender import Outcome, PushMessage, Subscription
from tests.pushservice import HANG, LoopbackPushService

MESSAGE = PushMessage({"title": "Small win?"}, ttl=60)
TIMEOUT = Timeout(connect=2.0, read=2.0)


class Resolver:
    """A DNS stand-in whose answers can change between lookups, like a rebinding attacker's."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers)
        self.lookups: list[str] = []

    def __call__(self, host: str) -> list[str]:
        self.lookups.append(host)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def renamed(endpoint: str, host: str) -> str:
    """The same endpoint reached through another host name (same port and path)."""
    parts = urlsplit(endpoint)
    return parts._replace(netloc=f"{host}:{parts.port}").geturl()


def post(router: Router, endpoint: str, timeout: Timeout = TIMEOUT) -> int:
    return router.post(endpoint, urlsplit(endpoint), b"x", {"TTL": "60"}, timeout).status


def test_a_name_is_connected_to_at_the_address_its_lookup_returned(push_service):
    resolver = Resolver(["127.0.0.1"])
    endpoint = renamed(push_service.new_subscription()["endpoint"], "push.test")
    router = Router(pool_size=2, resolve=resolver, allow_loopback=True)
    try:
        post(router, endpoint)  # "push.test" exists in no DNS: only the resolver's answer
    finally:
        router.close()
    assert resolver.lookups == ["push.test"]
    assert push_service.connection_count == 1 and push_service.requests_for(endpoint) == 1


@pytest.mark.parametrize(
    "answer", [["127.0.0.1"], ["10.0.0.8"], ["93.184.216.34", "127.0.0.1"], ["::ffff:127.0.0.1"]]
)
def test_a_name_that_now_resolves_to_a_private_address_gets_no_connection(push_service, answer):
    # Subscribed while it resolved to a public address; re-pointed since (DNS rebinding).
    endpoint = renamed(push_service.new_subscription()["endpoint"], "rebind.test")
    router = Router(pool_size=2, resolve=Resolver(answer), allow_loopback=False)
    try:
        with pytest.raises(RefusedAddress):
            post(router, endpoint)
    finally:
        router.close()
    assert push_service.connection_count == 0


def test_a_literal_private_address_gets_no_connection(push_service):
    endpoint = push_service.new_subscription()["endpoint"]  # http://127.0.0.1:<port>/...
    router = Router(pool_size=2, resolve=Resolver([]), allow_loopback=False)
    try:
        with pytest.raises(RefusedAddress):
            post(router, endpoint)
    finally:
        router.close()
    assert push_service.connection_count == 0


def test_the_sender_rejects_a_rebound_name_without_retrying(make_sender, vapid_keys):
    resolver = Resolver(["10.0.0.8"])
    sender = make_sender(resolve=resolver, allow_loopback=False, max_retries=3)
    sub = Subscription("https://push.example.com/send/1", vapid_keys.public_key_b64url, "A" * 22)
    result = sender.send(sub, MESSAGE)
    assert (result.outcome, result.attempts) == (Outcome.REJECTED, 0)
    assert result.detail == "address not allowed"
    assert resolver.lookups == ["push.example.com"]


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://push.example.com:8443/send/1",
        "http://push.example.com/send/1",
        "https://user:pw@push.example.com/send/1",
    ],
)
def test_the_sender_refuses_non_push_urls_before_any_lookup(make_sender, vapid_keys, endpoint):
    resolver = Resolver(["93.184.216.34"])
    sender = make_sender(resolve=resolver, allow_loopback=False)
    sub = Subscription(endpoint, vapid_keys.public_key_b64url, "A" * 22)
    result = sender.send(sub, MESSAGE)
    assert (result.outcome, result.attempts) == (Outcome.REJECTED, 0)
    assert resolver.lookups == []


def test_a_hanging_push_service_is_given_up_at_the_send_deadline(
    push_service, make_sender, subscribe
):
    sender = make_sender(timeout=(2.0, 5.0), max_retries=3, send_deadline_s=1.0, sleep=time.sleep)
    sub = subscribe()
    push_service.fail_next(sub.endpoint, HANG, times=5)
    started = time.monotonic()
    result = sender.send(sub, MESSAGE)
    assert result.outcome is Outcome.RETRY_LATER and result.status is None
    assert time.monotonic() - started < push_service.hang_s / 2  # the service still hangs


def test_send_many_answers_by_its_deadline_while_the_service_still_hangs(
    push_service, make_sender, subscribe
):
    sender = make_sender(timeout=(2.0, 5.0), send_deadline_s=30.0)
    subs = [subscribe() for _ in range(20)]
    for sub in subs:
        push_service.fail_next(sub.endpoint, HANG, times=5)
    started = time.monotonic()
    results = sender.send_many([(s, MESSAGE) for s in subs], workers=20, deadline_s=1.0)
    assert time.monotonic() - started < push_service.hang_s / 2
    assert [r.outcome for r in results] == [Outcome.RETRY_LATER] * 20
    # Half the threads per origin: the rest were never started, so they may be retried.
    assert {r.attempts for r in results} == {0, 1}
    assert sum(push_service.requests_for(s.endpoint) for s in subs) <= 10


def test_a_hanging_origin_cannot_hold_up_another_origins_pushes(
    vapid_keys, push_service, make_sender, subscribe
):
    sender = make_sender(timeout=(1.0, 1.0), max_retries=0)
    hanging = [subscribe() for _ in range(12)]
    for sub in hanging:
        push_service.fail_next(sub.endpoint, HANG)
    with LoopbackPushService(expected_key=vapid_keys.public_key_b64url) as healthy:
        others = [subscribe(healthy) for _ in range(8)]
        started = time.monotonic()
        # The hanging origin's pushes come first and outnumber the workers three to one.
        results = sender.send_many([(s, MESSAGE) for s in hanging + others], workers=4)
        elapsed = time.monotonic() - started
        assert [r.outcome for r in results[12:]] == [Outcome.DELIVERED] * 8
        assert all(healthy.received(s.endpoint) for s in others)
    # Two timeouts in a row and the origin gets no more attempts in this run.
    assert sum(push_service.requests_for(s.endpoint) for s in hanging) <= 4
    assert [r.outcome for r in results[:12]] == [Outcome.RETRY_LATER] * 12
    assert elapsed < push_service.hang_s / 2


def _certificate(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate for `name` (its own CA), as PEM files: (cert, key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[int, Path, list[str | None]]]:
    """An https server on 127.0.0.1 with a certificate for push.test; records each TLS SNI."""
    cert, key = _certificate(tmp_path, "push.test")
    names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: names.append(name)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(201)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server.server_address[1], cert, names
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def _https_router(ca: Path) -> Router:
    """A router that trusts only the test CA and resolves every name to 127.0.0.1."""
    tls = ssl.create_default_context(cafile=str(ca))
    return Router(pool_size=2, resolve=Resolver(["127.0.0.1"]), allow_loopback=True, tls=tls)


def test_a_pinned_https_connection_sends_the_name_for_sni_and_checks_its_certificate(
    tls_server,
):
    port, ca, names = tls_server
    router = _https_router(ca)
    try:
        assert post(router, f"https://push.test:{port}/push/1") == 201
    finally:
        router.close()
    assert names == ["push.test"]


def test_a_pinned_https_connection_refuses_a_certificate_for_another_name(tls_server):
    port, ca, _ = tls_server
    router = _https_router(ca)
    try:
        with pytest.raises(ssl.SSLCertVerificationError):
            post(router, f"https://other.test:{port}/push/1")
    finally:
        router.close()


def test_by_default_a_certificate_outside_the_system_trust_store_is_refused(tls_server):
    port, _, names = tls_server  # a self-signed certificate for push.test
    router = Router(pool_size=2, resolve=Resolver(["127.0.0.1"]), allow_loopback=True)
    try:
        with pytest.raises(ssl.SSLCertVerificationError):
            post(router, f"https://push.test:{port}/push/1")
    finally:
        router.close()
    assert names == ["push.test"]
    context = default_tls()  # shared by every sender: loading the trust store costs ~30 ms
    assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname
    assert default_tls() is context


def test_a_kept_alive_connection_is_reused_without_a_new_lookup(push_service):
    resolver = Resolver(["127.0.0.1"])
    endpoint = renamed(push_service.new_subscription()["endpoint"], "push.test")
    router = Router(pool_size=2, resolve=resolver, allow_loopback=True)
    try:
        for _ in range(5):
            post(router, endpoint)  # answered (401: no VAPID header here), not refused
    finally:
        router.close()
    assert resolver.lookups == ["push.test"]
    assert push_service.connection_count == 1 and push_service.requests_for(endpoint) == 5


def test_a_name_rebound_after_the_first_connection_gets_no_new_connection(push_service):
    # Public (here: loopback, allowed in tests) for the first lookup, private ever after.
    resolver = Resolver(["127.0.0.1"], ["10.0.0.8"])
    endpoint = renamed(push_service.new_subscription()["endpoint"], "rebind.test")
    router = Router(pool_size=2, resolve=resolver, allow_loopback=True)
    try:
        post(router, endpoint)
        post(router, endpoint)  # on the connection kept from the first
        push_service.fail_next(endpoint, HANG)
        with pytest.raises(TimeoutError):  # the kept connection is dropped after a timeout
            post(router, endpoint, Timeout(connect=1.0, read=0.2))
        with pytest.raises(RefusedAddress):  # a new one needs a new lookup: refused
            post(router, endpoint)
    finally:
        router.close()
    assert resolver.lookups == ["rebind.test", "rebind.test"]
    assert push_service.connection_count == 1 and push_service.requests_for(endpoint) == 3


@pytest.fixture
def closing_server() -> Iterator[tuple[int, list[int]]]:
    """A keep-alive HTTP/1.1 server that closes a connection idle for 0.1 s (as push
    services close idle connections); records the client port of each request."""
    ports: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 0.1

        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            ports.append(self.client_address[1])
            self.send_response(201)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server.server_address[1], ports
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_an_idle_connection_the_server_closed_is_replaced_not_failed(closing_server):
    port, ports = closing_server
    router = Router(pool_size=2, allow_loopback=True)
    endpoint = f"http://127.0.0.1:{port}/push/1"
    try:
        assert post(router, endpoint) == post(router, endpoint) == 201
        time.sleep(0.5)  # the server hangs up on the idle connection
        assert post(router, endpoint) == 201
    finally:
        router.close()
    assert ports[0] == ports[1] != ports[2]  # kept alive, then a fresh connection


def test_workers_waiting_for_a_slot_leave_when_the_work_is_done(
    push_service, make_sender, subscribe
):
    sender = make_sender(pool_size=8, batch_deadline_s=60.0)
    subs = [subscribe() for _ in range(12)]
    results = sender.send_many([(s, MESSAGE) for s in subs], workers=8)  # 4 per origin at once
    assert [r.outcome for r in results] == [Outcome.DELIVERED] * 12
    started = time.monotonic()
    sender.close()  # waits for its threads: none may sit on until the 60 s deadline
    assert time.monotonic() - started < 5
