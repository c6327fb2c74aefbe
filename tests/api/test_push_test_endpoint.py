"""POST /api/v1/push/test: limited per user, bounded in time, and no probe of what listens where."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask

from server.push import store
from server.push.vapid import load_or_create_keys
from tests.conftest import app_with_schema
from tests.factories import ApiClient
from tests.pushservice import HANG, LoopbackPushService

SUBSCRIPTIONS = "/api/v1/push/subscriptions"
TEST = "/api/v1/push/test"
PUBLIC = {"push.example.com": ["93.184.216.34"]}


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    for app in app_with_schema(
        database_url,
        tmp_path,
        PUSH_SEND_DEADLINE_S=1.5,
        PUSH_TIMEOUT_S=1.0,
        PUSH_TEST_LIMIT=3,
        PUSH_TEST_WINDOW_S=600,
        PUSH_ALLOW_LOOPBACK=True,
    ):
        app.extensions["push"].resolver = lambda host: PUBLIC.get(host, [])
        yield app


@pytest.fixture
def service(tmp_path: Path) -> Iterator[LoopbackPushService]:
    keys = load_or_create_keys(tmp_path / "instance")
    with LoopbackPushService(expected_key=keys.public_key_b64url, hang_s=20) as svc:
        yield svc


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_fourth_test_in_the_window_is_a_429_with_retry_after(
    app: Flask, user_api: ApiClient, service: LoopbackPushService
) -> None:
    browser = service.new_subscription()
    user_api.post(SUBSCRIPTIONS, browser)
    for _ in range(3):
        assert user_api.post(TEST).get_json()["delivered"] == 1
    refused = user_api.post(TEST)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 600
    assert set(refused.get_json()) >= {"error", "message"}
    assert len(service.received(browser["endpoint"])) == 3  # the refused one sent nothing
    other = ApiClient(app.test_client())
    other.sign_up()
    assert other.post(TEST).status_code == 200  # the limit is per user


def test_the_window_starts_again_once_it_has_passed(app: Flask, user_api: ApiClient) -> None:
    user_id = user_api.get("/api/v1/auth/me").get_json()["user"]["id"]
    now, window = datetime(2026, 6, 10, 8, 0, tzinfo=UTC), timedelta(minutes=10)
    with app.app_context():
        assert [store.wait_before_test(user_id, now, 2, window) for _ in range(2)] == [None, None]
        assert store.wait_before_test(user_id, now + timedelta(minutes=4), 2, window) == 360
        assert store.wait_before_test(user_id, now + window, 2, window) is None


def test_a_push_service_that_never_answers_cannot_hold_the_request(
    app: Flask, user_api: ApiClient, service: LoopbackPushService
) -> None:
    app.config["PUSH_MAX_SUBSCRIPTIONS_PER_USER"] = 20
    app.config["PUSH_TIMEOUT_S"] = 10.0  # a generous read timeout: the deadline must bound it
    browsers = [service.new_subscription() for _ in range(20)]
    for browser in browsers:
        assert user_api.post(SUBSCRIPTIONS, browser).status_code == 201
        service.fail_next(browser["endpoint"], HANG, times=3)
    started = time.monotonic()
    response = user_api.post(TEST)
    elapsed = time.monotonic() - started
    assert response.get_json() == {"delivered": 0, "failed": 20, "removed": 0}
    assert elapsed < service.hang_s / 2  # answered while the service still hangs


def _answer(app: Flask, subscribe: dict, prepare=None) -> tuple[int, dict]:
    api = ApiClient(app.test_client())
    api.sign_up()
    assert api.post(SUBSCRIPTIONS, subscribe).status_code == 201
    if prepare:
        prepare()
    response = api.post(TEST)
    return response.status_code, response.get_json()


def test_refused_timed_out_closed_and_rebound_endpoints_answer_alike(
    app: Flask, service: LoopbackPushService
) -> None:
    keys = service.new_subscription()["keys"]
    hung = service.new_subscription()
    rebound = {"endpoint": "https://push.example.com/send/1", "keys": keys}

    def rebind() -> None:  # checked when subscribing; points inside afterwards
        app.extensions["push"].resolver = lambda host: ["10.0.0.8"]

    answers = [
        _answer(app, {"endpoint": f"http://127.0.0.1:{_closed_port()}/push/x", "keys": keys}),
        _answer(app, hung, lambda: service.fail_next(hung["endpoint"], HANG, times=3)),
        _answer(app, {"endpoint": "http://localhost:1/push/x", "keys": keys}),
        _answer(app, rebound, rebind),
    ]
    assert answers == [(200, {"delivered": 0, "failed": 1, "removed": 0})] * 4
