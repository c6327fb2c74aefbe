"""PushSender against the loopback push service: delivery, VAPID caching, faults, limits."""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
import time

import pytest

from server.push import sender as sender_module
from server.push.sender import (
    MAX_PLAINTEXT_BYTES,
    Outcome,
    PayloadTooLarge,
    PushMessage,
    PushSender,
    Subscription,
    push_origin,
    sanitize_topic,
)
from server.push.vapid import (
    KEY_FILENAME,
    VapidKeys,
    b64url_decode,
    load_or_create_keys,
    rotate_keys,
)
from tests.pushservice import HANG, LoopbackPushService

MESSAGE = PushMessage(
    {"title": "Small win?", "body": "What went well today?", "url": "/recap"},
    ttl=3600,
    urgency="low",
    topic="daily-reminder",
)


class FakeClock:
    """A settable wall clock shared by the sender and the push service."""

    def __init__(self) -> None:
        self.t = time.time()

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def signatures(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Audiences of every VAPID JWT the sender signs."""
    seen: list[str] = []
    real = sender_module.vapid_authorization

    def spy(keys: VapidKeys, audience: str, subject: str, expires_at: int) -> str:
        seen.append(audience)
        return real(keys, audience, subject, expires_at)

    monkeypatch.setattr(sender_module, "vapid_authorization", spy)
    return seen


def test_a_message_is_delivered_and_decrypts_to_the_exact_payload(push_service, sender, subscribe):
    sub = subscribe()
    result = sender.send(sub, MESSAGE)
    assert (result.outcome, result.status, result.attempts) == (Outcome.DELIVERED, 201, 1)
    [got] = push_service.received(sub.endpoint)
    assert got["payload"] == MESSAGE.payload
    assert (got["ttl"], got["urgency"], got["topic"]) == (3600, "low", "daily-reminder")
    assert got["claims"]["aud"] == push_service.origin
    assert got["claims"]["sub"] == "mailto:ops@smallwins.test"


def test_an_unsafe_topic_is_replaced_by_a_stable_valid_one(push_service, sender, subscribe):
    sub = subscribe()
    topic = "reminder: weekly recap / 2026-W47 for user 12345"
    result = sender.send(sub, PushMessage({"x": 1}, ttl=60, urgency="normal", topic=topic))
    assert result.outcome is Outcome.DELIVERED
    sent = push_service.received(sub.endpoint)[0]["topic"]
    assert sent == sanitize_topic(topic) and len(sent) <= 32
    assert sanitize_topic("daily_ok-1") == "daily_ok-1"


def test_the_vapid_header_is_signed_once_per_origin(push_service, sender, subscribe, signatures):
    subs = [subscribe() for _ in range(3)]
    for sub in subs:
        assert sender.send(sub, MESSAGE).outcome is Outcome.DELIVERED
    assert signatures == [push_service.origin]
    headers = {push_service.received(s.endpoint)[0]["authorization"] for s in subs}
    assert len(headers) == 1


def test_each_push_service_origin_gets_its_own_vapid_header(
    vapid_keys, push_service, sender, subscribe, signatures
):
    with LoopbackPushService(expected_key=vapid_keys.public_key_b64url) as other:
        first, second = subscribe(), subscribe(other)
        assert sender.send(first, MESSAGE).outcome is Outcome.DELIVERED
        assert sender.send(second, MESSAGE).outcome is Outcome.DELIVERED
        assert sender.send(subscribe(other), MESSAGE).outcome is Outcome.DELIVERED
        assert signatures == [push_service.origin, other.origin]
        assert other.received(second.endpoint)[0]["claims"]["aud"] == other.origin


def test_the_vapid_header_is_renewed_before_it_expires(
    vapid_keys, make_sender, subscribe, signatures
):
    clock = FakeClock()
    with LoopbackPushService(expected_key=vapid_keys.public_key_b64url, now=clock) as service:
        sender = make_sender(now=clock, jwt_lifetime_s=12 * 3600, renew_before_s=3600)
        sub = subscribe(service)
        assert sender.send(sub, MESSAGE).outcome is Outcome.DELIVERED
        clock.advance(10 * 3600)  # 2 h left: still cached
        assert sender.send(sub, MESSAGE).outcome is Outcome.DELIVERED
        assert len(signatures) == 1
        clock.advance(1.5 * 3600)  # 30 min left: renewed
        assert sender.send(sub, MESSAGE).outcome is Outcome.DELIVERED
        assert len(signatures) == 2
        exps = [m["claims"]["exp"] for m in service.received(sub.endpoint)]
        assert exps[0] == exps[1] < exps[2] == int(clock()) + 12 * 3600


def test_a_cached_vapid_header_does_not_outlive_its_key(vapid_keys, push_service, subscribe):
    # The cache belongs to one sender (one key); a sender opened after a rotation signs anew.
    rotated = VapidKeys.generate()
    with (
        PushSender(vapid_keys, "mailto:ops@smallwins.test", allow_loopback=True) as before,
        PushSender(rotated, "mailto:ops@smallwins.test", allow_loopback=True) as after,
    ):
        sub = subscribe()
        assert before.send(sub, MESSAGE).outcome is Outcome.DELIVERED
        assert f"k={vapid_keys.public_key_b64url}" in before.authorization(sub.endpoint)
        assert f"k={rotated.public_key_b64url}" in after.authorization(sub.endpoint)
        # The push service knows the old key only, as until clients subscribe again.
        result = after.send(subscribe(), MESSAGE)
    assert (result.outcome, result.status) == (Outcome.REJECTED, 403)


@pytest.mark.parametrize("status", [404, 410])
def test_a_vanished_subscription_is_gone(push_service, sender, subscribe, sleeps, status):
    sub = subscribe()
    push_service.fail_next(sub.endpoint, status)
    result = sender.send(sub, MESSAGE)
    assert (result.outcome, result.status, result.attempts) == (Outcome.GONE, status, 1)
    assert sleeps == []


def test_an_unknown_endpoint_on_the_service_is_gone(push_service, sender, subscribe):
    sub = subscribe()
    unknown = type(sub)(push_service.origin + "/push/never-issued", sub.p256dh, sub.auth)
    assert sender.send(unknown, MESSAGE).outcome is Outcome.GONE


def test_429_waits_the_advertised_retry_after_then_delivers(
    push_service, sender, subscribe, sleeps
):
    sub = subscribe()
    push_service.fail_next(sub.endpoint, 429, retry_after="2")
    result = sender.send(sub, MESSAGE)
    assert (result.outcome, result.attempts) == (Outcome.DELIVERED, 2)
    assert sleeps == [2.0]
    assert len(push_service.received(sub.endpoint)) == 1


def test_retry_after_as_an_http_date_is_honoured(push_service, sender, subscribe, sleeps):
    sub = subscribe()
    when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 5))
    push_service.fail_next(sub.endpoint, 503, retry_after=when)
    assert sender.send(sub, MESSAGE).outcome is Outcome.DELIVERED
    assert len(sleeps) == 1 and 3.0 <= sleeps[0] <= 5.0


def test_repeated_500s_end_in_retry_later_after_max_retries(
    push_service, make_sender, subscribe, sleeps
):
    sender = make_sender(max_retries=2, backoff_base_s=0.5)
    sub = subscribe()
    push_service.fail_next(sub.endpoint, 500, times=10)
    result = sender.send(sub, MESSAGE)
    assert (result.outcome, result.status, result.attempts) == (Outcome.RETRY_LATER, 500, 3)
    assert sleeps == [0.5, 1.0]
    assert result.retry_after_s == 2.0
    assert push_service.requests_for(sub.endpoint) == 3


def test_a_retry_after_beyond_the_wait_cap_is_handed_back_not_slept(
    push_service, make_sender, subscribe, sleeps
):
    sender = make_sender(max_total_wait_s=30)
    sub = subscribe()
    push_service.fail_next(sub.endpoint, 429, retry_after="120")
    result = sender.send(sub, MESSAGE)
    assert (result.outcome, result.retry_after_s, result.attempts) == (Outcome.RETRY_LATER, 120, 1)
    assert sleeps == []


@pytest.mark.parametrize("status", [400, 401, 403, 413])
def test_client_errors_are_rejected_without_retry(push_service, sender, subscribe, sleeps, status):
    sub = subscribe()
    push_service.fail_next(sub.endpoint, status, times=5)
    result = sender.send(sub, MESSAGE)
    assert (result.outcome, result.status, result.attempts) == (Outcome.REJECTED, status, 1)
    assert sleeps == [] and push_service.requests_for(sub.endpoint) == 1


def test_a_service_expecting_another_vapid_key_rejects(make_sender, subscribe):
    with LoopbackPushService(expected_key=VapidKeys.generate().public_key_b64url) as service:
        result = make_sender().send(subscribe(service), MESSAGE)
    assert (result.outcome, result.status) == (Outcome.REJECTED, 403)


def test_a_hanging_endpoint_does_not_delay_the_others(push_service, make_sender, subscribe):
    sender = make_sender(timeout=(1.0, 0.5), max_retries=1)
    hung, *others = [subscribe() for _ in range(6)]
    push_service.fail_next(hung.endpoint, HANG, times=5)
    started = time.monotonic()
    results = sender.send_many([(s, MESSAGE) for s in [hung, *others]], workers=8)
    elapsed = time.monotonic() - started
    assert results[0].outcome is Outcome.RETRY_LATER and results[0].status is None
    assert results[0].attempts == 2 and "timeout" in results[0].detail
    assert [r.outcome for r in results[1:]] == [Outcome.DELIVERED] * 5
    assert all(push_service.received(s.endpoint) for s in others)
    assert elapsed < push_service.hang_s / 2  # hang is 10 s; two 0.5 s timeouts is ~1 s


def test_send_many_keeps_input_order(push_service, sender, subscribe):
    subs = [subscribe() for _ in range(4)]
    push_service.fail_next(subs[2].endpoint, 410)
    results = sender.send_many([(s, MESSAGE) for s in subs])
    assert [r.endpoint for r in results] == [s.endpoint for s in subs]
    assert [r.outcome for r in results] == [Outcome.DELIVERED] * 2 + [
        Outcome.GONE,
        Outcome.DELIVERED,
    ]


def test_connections_are_kept_alive_and_reused(push_service, sender, subscribe):
    subs = [subscribe() for _ in range(20)]
    for sub in subs[:10]:
        assert sender.send(sub, MESSAGE).outcome is Outcome.DELIVERED
    assert push_service.connection_count == 1
    results = sender.send_many([(s, MESSAGE) for s in subs[10:]], workers=4)
    assert [r.outcome for r in results] == [Outcome.DELIVERED] * 10
    assert push_service.connection_count <= 4
    assert push_service.request_count == 20


def test_a_connection_closed_after_a_timeout_is_replaced(push_service, make_sender, subscribe):
    sender = make_sender(timeout=(1.0, 0.3), max_retries=0)
    hung, sub = subscribe(), subscribe()
    push_service.fail_next(hung.endpoint, HANG)
    assert sender.send(hung, MESSAGE).outcome is Outcome.RETRY_LATER
    assert sender.send(sub, MESSAGE).outcome is Outcome.DELIVERED
    assert len(push_service.received(sub.endpoint)) == 1


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_push_service_is_retried_with_backoff_then_retry_later(
    make_sender, sleeps, vapid_keys
):
    sender = make_sender(max_retries=2, backoff_base_s=0.5)
    sub = Subscription(f"http://127.0.0.1:{_closed_port()}/push/x", *_valid_keys(vapid_keys))
    result = sender.send(sub, MESSAGE)
    assert (result.outcome, result.status, result.attempts) == (Outcome.RETRY_LATER, None, 3)
    assert "network error" in result.detail
    assert sleeps == [0.5, 1.0]


def _valid_keys(vapid_keys: VapidKeys) -> tuple[str, str]:
    """A well-formed p256dh/auth pair (any P-256 point will do for encryption)."""
    return vapid_keys.public_key_b64url, "AAAAAAAAAAAAAAAAAAAAAA"


def test_proxies_come_from_the_environment_and_no_proxy_is_honoured(
    monkeypatch, push_service, make_sender, subscribe
):
    dead_proxy = f"http://127.0.0.1:{_closed_port()}"
    monkeypatch.setenv("http_proxy", dead_proxy)
    monkeypatch.setenv("no_proxy", "")
    proxied = make_sender(max_retries=0).send(subscribe(), MESSAGE)
    assert (proxied.outcome, proxied.status) == (Outcome.RETRY_LATER, None)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    direct = make_sender(max_retries=0).send(subscribe(), MESSAGE)
    assert direct.outcome is Outcome.DELIVERED


def test_worker_threads_are_reused_and_stopped_on_close(push_service, make_sender, subscribe):
    sender = make_sender(pool_size=4)
    before = set(threading.enumerate())
    for _ in range(3):
        results = sender.send_many([(subscribe(), MESSAGE) for _ in range(8)], workers=4)
        assert [r.outcome for r in results] == [Outcome.DELIVERED] * 8
    started = [t for t in set(threading.enumerate()) - before if t.name.startswith("push")]
    assert 0 < len(started) <= 4
    sender.close()
    assert not any(t.is_alive() for t in started)
    with pytest.raises(RuntimeError):
        sender.send_many([(subscribe(), MESSAGE), (subscribe(), MESSAGE)], workers=2)


def test_the_largest_allowed_payload_fits_one_push_body(push_service, sender, subscribe):
    sub = subscribe()
    payload = {"body": "x" * (MAX_PLAINTEXT_BYTES - len('{"body":""}'))}
    assert len(json.dumps(payload, separators=(",", ":"))) == MAX_PLAINTEXT_BYTES == 3993
    assert sender.send(sub, PushMessage(payload, ttl=60)).outcome is Outcome.DELIVERED
    assert push_service.received(sub.endpoint)[0]["payload"] == payload


def test_an_oversized_payload_raises_before_any_request(push_service, sender, subscribe):
    sub = subscribe()
    too_big = PushMessage({"body": "x" * MAX_PLAINTEXT_BYTES}, ttl=60)
    with pytest.raises(PayloadTooLarge):
        sender.send(sub, too_big)
    with pytest.raises(PayloadTooLarge):
        sender.send_many([(sub, MESSAGE), (sub, too_big)])
    assert push_service.request_count == 0


def test_a_subscription_with_broken_keys_is_rejected_without_a_request(
    push_service, sender, subscribe
):
    sub = subscribe()
    broken = type(sub)(sub.endpoint, p256dh="not-a-point", auth=sub.auth)
    result = sender.send(broken, MESSAGE)
    assert (result.outcome, result.attempts) == (Outcome.REJECTED, 0)
    assert push_service.request_count == 0


def test_push_origin_keeps_only_non_default_ports():
    assert (
        push_origin("https://fcm.googleapis.com:443/fcm/send/abc") == "https://fcm.googleapis.com"
    )
    assert push_origin("http://127.0.0.1:8123/push/x") == "http://127.0.0.1:8123"


def test_vapid_keys_are_created_once_with_owner_only_permissions(tmp_path):
    first = load_or_create_keys(tmp_path)
    path = tmp_path / KEY_FILENAME
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    content = path.read_bytes()
    assert load_or_create_keys(tmp_path).public_key_b64url == first.public_key_b64url
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == [KEY_FILENAME]


def test_the_public_key_is_a_65_byte_uncompressed_point(vapid_keys):
    raw = b64url_decode(vapid_keys.public_key_b64url)
    assert len(raw) == 65 and raw[0] == 4
    assert "=" not in vapid_keys.public_key_b64url


def test_keys_from_the_environment_are_used_and_not_written(tmp_path):
    given = VapidKeys.generate()
    keys = load_or_create_keys(tmp_path, given.private_key_pem.decode())
    assert keys.public_key_b64url == given.public_key_b64url
    assert not (tmp_path / KEY_FILENAME).exists()


def test_rotating_keys_replaces_the_stored_pair(tmp_path):
    old = load_or_create_keys(tmp_path)
    new = rotate_keys(tmp_path)
    assert new.public_key_b64url != old.public_key_b64url
    assert load_or_create_keys(tmp_path).public_key_b64url == new.public_key_b64url
    assert stat.S_IMODE(os.stat(tmp_path / KEY_FILENAME).st_mode) == 0o600
