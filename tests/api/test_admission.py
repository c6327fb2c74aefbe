"""Back-pressure (server/admission/): an API request that waited too long for a thread is
answered 503 try_again at once, with nothing written; SQLite writers queue fairly and give up
after a budget rather than wait out the busy timeout."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from server.admission.fifo import FifoLock
from server.admission.shedding import QUEUE_WAIT_KEY
from tests.api.locking import snapshot, write_lock
from tests.api.test_sync import NOW, WIN, mutation, new_id
from tests.conftest import app_with_schema
from tests.factories import PASSWORD, ApiClient

BUDGET_MS = 200
LONG_WAIT = {QUEUE_WAIT_KEY: 0.9}  # what the gunicorn worker puts in the environ
SHORT_WAIT = {QUEUE_WAIT_KEY: 0.05}
CLIENT = "0b7c9e1e-4f3a-4c1d-9a55-1c2e3d4f5a6b"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    database = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    budgets = {"ADMISSION_QUEUE_BUDGET_MS": BUDGET_MS, "SQLITE_WRITE_GATE_BUDGET_MS": BUDGET_MS}
    for app in app_with_schema(database, tmp_path, **budgets):
        app.config["CLOCK"] = lambda: NOW
        yield app


def _sync_one(user: ApiClient, waited: dict[str, float] | None = None) -> TestResponse:
    body = {"client_id": CLIENT, "schema_version": 1, "cursor": 0}
    body["mutations"] = [mutation(1, new_id(), WIN)]
    return user.post("/api/v1/sync", body, environ_overrides=waited or {})


def _assert_try_again(response: TestResponse) -> None:
    assert response.status_code == 503, response.get_json()
    assert response.get_json()["error"] == "try_again"
    assert response.get_json()["message"]
    assert response.headers["Retry-After"] in {"1", "2", "3"}


# --- queue-time shedding ---------------------------------------------------------------


def test_a_request_that_waited_past_the_budget_is_shed_and_writes_nothing(
    user_api: ApiClient, app: Flask
) -> None:
    before = snapshot(app)
    response = _sync_one(user_api, LONG_WAIT)
    _assert_try_again(response)
    assert response.headers["Cache-Control"] == "no-store"  # the usual API headers still apply
    assert snapshot(app) == before


def test_a_request_under_the_budget_goes_through(user_api: ApiClient, app: Flask) -> None:
    response = _sync_one(user_api, SHORT_WAIT)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["acked"] == 1


@pytest.mark.parametrize("path", ["/", "/s/no-such-share", "/api/v1/auth/csrf", "/api/v1/auth/me"])
def test_pages_and_signing_in_are_never_shed(user_api: ApiClient, path: str) -> None:
    waited = user_api.get(path, environ_overrides=LONG_WAIT)
    usual = user_api.get(path)
    waited.close()  # a page is a streamed file once the client is built
    usual.close()
    assert waited.status_code == usual.status_code
    assert "Retry-After" not in waited.headers


def test_signing_in_is_not_shed(user_api: ApiClient, app: Flask) -> None:
    visitor = ApiClient(app.test_client())
    credentials = {"email": user_api.email, "password": PASSWORD}
    response = visitor.post("/api/v1/auth/signin", credentials, environ_overrides=LONG_WAIT)
    assert response.status_code == 200, response.get_json()


def test_a_standing_queue_is_shed_at_the_target_not_the_budget(user_api: ApiClient) -> None:
    over_target = {QUEUE_WAIT_KEY: 0.1}  # more than the 50 ms target, less than the budget
    assert user_api.get("/api/v1/reminders", environ_overrides=over_target).status_code == 200
    time.sleep(BUDGET_MS / 1000)
    # No request has found a thread within the target for a whole budget: a standing queue.
    _assert_try_again(user_api.get("/api/v1/reminders", environ_overrides=over_target))
    # One that gets a thread at once shows the queue emptied: the budget applies again.
    assert user_api.get("/api/v1/reminders", environ_overrides=SHORT_WAIT).status_code == 200
    assert user_api.get("/api/v1/reminders", environ_overrides=over_target).status_code == 200


def test_a_budget_of_zero_sheds_nothing(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'off.sqlite3'}"
    for app in app_with_schema(database, tmp_path, ADMISSION_QUEUE_BUDGET_MS=0):
        user = ApiClient(app.test_client())
        user.sign_up()
        assert user.get("/api/v1/reminders", environ_overrides=LONG_WAIT).status_code == 200


def test_retry_after_is_spread_over_one_to_three_seconds(user_api: ApiClient) -> None:
    seen = {
        user_api.get("/api/v1/reminders", environ_overrides=LONG_WAIT).headers["Retry-After"]
        for _ in range(60)
    }
    assert seen == {"1", "2", "3"}


# --- the SQLite write gate -------------------------------------------------------------


@contextmanager
def gate_held_elsewhere(app: Flask) -> Iterator[None]:
    """What another process (a second web worker, the job consumer) holds while it writes."""
    database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    fd = os.open(database + ".write-gate", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def test_a_writer_waits_for_the_gate_and_gives_up_with_a_503(
    user_api: ApiClient, app: Flask
) -> None:
    before = snapshot(app)
    with gate_held_elsewhere(app):
        response = _sync_one(user_api)
    assert response.status_code == 503, response.get_json()
    assert response.get_json()["error"] == "try_again"
    assert int(response.headers["Retry-After"]) > 0
    assert snapshot(app) == before
    assert _sync_one(user_api).status_code == 200  # the gate was the only obstacle


def test_a_writer_behind_a_held_database_never_waits_out_the_busy_timeout(
    user_api: ApiClient, app: Flask
) -> None:
    assert app.config["SQLITE_BUSY_TIMEOUT_MS"] == 5000
    started = time.monotonic()
    with gate_held_elsewhere(app), write_lock(app):
        response = _sync_one(user_api)
    assert response.status_code == 503
    # Bounded by the gate's budget (0.2 s), not SQLite's 5 s busy timeout.
    assert time.monotonic() - started < 4


@pytest.fixture
def patient_app(tmp_path: Path) -> Iterator[Flask]:
    database = f"sqlite:///{tmp_path / 'patient.sqlite3'}"
    for app in app_with_schema(database, tmp_path, SQLITE_WRITE_GATE_BUDGET_MS=5000):
        app.config["CLOCK"] = lambda: NOW
        yield app


def test_a_writer_gets_the_gate_when_another_process_lets_go_while_it_waits(
    patient_app: Flask,
) -> None:
    user = ApiClient(patient_app.test_client())
    user.sign_up()
    results: list[TestResponse] = []
    writer = threading.Thread(target=lambda: results.append(_sync_one(user)))
    with gate_held_elsewhere(patient_app):
        writer.start()
        writer.join(timeout=0.3)
        assert writer.is_alive()  # it waits for the gate...
    writer.join(timeout=10)
    assert results[0].status_code == 200  # ...and goes through once the other lets go


# --- the first-come-first-served lock ----------------------------------------------------


def test_the_fifo_lock_grants_in_arrival_order() -> None:
    lock = FifoLock()
    assert lock.acquire(0)
    order: list[int] = []

    def wait_then_record(n: int) -> None:
        assert lock.acquire(5)
        order.append(n)
        lock.release()

    threads = []
    for n in range(8):
        thread = threading.Thread(target=wait_then_record, args=(n,))
        thread.start()
        threads.append(thread)
        while lock.waiting < n + 1:  # each is queued before the next arrives
            time.sleep(0.001)
    lock.release()
    for thread in threads:
        thread.join()
    assert order == list(range(8))


def test_a_fifo_waiter_that_gives_up_leaves_the_queue() -> None:
    lock = FifoLock()
    assert lock.acquire(0)
    assert not lock.acquire(0.01)
    assert lock.waiting == 0
    assert not lock.acquire(0)  # held: no overtaking, no waiting
    lock.release()
    assert lock.acquire(0)
