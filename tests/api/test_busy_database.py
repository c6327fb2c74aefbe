"""A busy database is a 503 to retry on every write path, and changes nothing; any other
database error is a plain JSON 500 that says nothing about the database."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from werkzeug.test import TestResponse

from server.db_errors import is_busy
from server.extensions import db
from tests.api.locking import impatient_app, snapshot, write_lock
from tests.api.test_push import public_subscription
from tests.api.test_sync import NOW, WIN, mutation, new_id, sync
from tests.factories import PASSWORD, ApiClient, new_email

LOOPBACK_ENDPOINT = "http://127.0.0.1:9/push/busy"


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    for app in impatient_app(database_url, tmp_path, PUSH_ALLOW_LOOPBACK=True):
        app.config["CLOCK"] = lambda: NOW
        yield app


def subscription() -> dict[str, Any]:
    return public_subscription(endpoint=LOOPBACK_ENDPOINT)


# name -> (what to do before the lock is taken, the write to try while it is held).
# Each write is sent by the signed-up user, or by a fresh client for sign-up and sign-in.
Prepare = Callable[[ApiClient], Any]
Write = Callable[[ApiClient, Flask], TestResponse]


def _fresh(app: Flask) -> ApiClient:
    return ApiClient(app.test_client())


WRITES: dict[str, tuple[Prepare, Write]] = {
    "sign-up": (
        lambda user: None,
        lambda user, app: _fresh(app).post(
            "/api/v1/auth/signup",
            {"email": new_email(), "password": PASSWORD, "time_zone": "UTC"},
        ),
    ),
    "sign-in": (lambda user: None, lambda user, app: _fresh(app).sign_in(user.email or "")),
    "sign-in, wrong password": (
        lambda user: None,
        lambda user, app: _fresh(app).sign_in(user.email or "", "not the password at all"),
    ),
    "sign out": (lambda user: None, lambda user, app: user.post("/api/v1/auth/signout")),
    "update me": (
        lambda user: None,
        lambda user, app: user.patch("/api/v1/auth/me", {"time_zone": "Asia/Tokyo"}),
    ),
    "pause reminders": (
        lambda user: None,
        lambda user, app: user.post("/api/v1/reminders/pause", {"days": 3}),
    ),
    "resume reminders": (
        lambda user: user.post("/api/v1/reminders/pause", {"days": 3}),
        lambda user, app: user.delete("/api/v1/reminders/pause"),
    ),
    "subscribe to push": (
        lambda user: None,
        lambda user, app: user.post("/api/v1/push/subscriptions", subscription()),
    ),
    "unsubscribe from push": (
        lambda user: user.post("/api/v1/push/subscriptions", subscription()),
        lambda user, app: user.send(
            "DELETE", "/api/v1/push/subscriptions", {"endpoint": LOOPBACK_ENDPOINT}
        ),
    ),
    "sync": (
        lambda user: None,
        lambda user, app: sync(
            user, "0b7c9e1e-4f3a-4c1d-9a55-1c2e3d4f5a6b", [mutation(1, new_id(), WIN)]
        ),
    ),
}


@pytest.mark.parametrize("name", WRITES)
def test_a_write_while_the_database_is_locked_is_a_503_that_changes_nothing(
    user_api: ApiClient, app: Flask, name: str
) -> None:
    prepare, write = WRITES[name]
    prepare(user_api)
    before = snapshot(app)
    with write_lock(app):
        response = write(user_api, app)
    assert response.status_code == 503, response.get_json()
    assert response.get_json()["error"] == "try_again"
    assert response.get_json()["message"]
    assert int(response.headers["Retry-After"]) > 0
    assert snapshot(app) == before
    # Once the lock is gone the same write goes through: the lock was the only problem.
    assert write(user_api, app).status_code < 500


def test_a_sign_in_refused_as_busy_starts_no_session(user_api: ApiClient, app: Flask) -> None:
    visitor = _fresh(app)
    with write_lock(app):
        assert visitor.sign_in(user_api.email or "").status_code == 503
    assert visitor.get("/api/v1/auth/me").status_code == 401


def test_any_other_database_error_is_a_plain_json_500(user_api: ApiClient, app: Flask) -> None:
    with app.app_context():
        db.session.execute(sa.text("DROP TABLE sign_in_failures"))
        db.session.commit()
    response = _fresh(app).sign_in(user_api.email or "", "not the password at all")
    assert response.status_code == 500
    assert set(response.get_json()) == {"error", "message"}
    assert response.get_json()["error"] == "internal_error"
    assert "sign_in_failures" not in response.get_data(as_text=True)


class _DriverError(Exception):
    def __init__(self, sqlstate: str | None = None, sqlite_errorcode: int | None = None) -> None:
        super().__init__("driver message")
        self.sqlstate = sqlstate
        self.sqlite_errorcode = sqlite_errorcode


def _operational(original: Exception, invalidated: bool = False) -> sa.exc.OperationalError:
    return sa.exc.OperationalError("UPDATE t", {}, original, connection_invalidated=invalidated)


@pytest.mark.parametrize(
    ("error", "busy"),
    [
        (_operational(_DriverError(sqlstate="55P03")), True),  # lock_not_available
        (_operational(_DriverError(sqlstate="40001")), True),  # serialization_failure
        (_operational(_DriverError(sqlstate="40P01")), True),  # deadlock_detected
        (_operational(_DriverError(sqlstate="53300")), True),  # too_many_connections
        (_operational(_DriverError(sqlite_errorcode=sqlite3.SQLITE_BUSY)), True),
        (_operational(_DriverError(sqlite_errorcode=sqlite3.SQLITE_LOCKED)), True),
        (_operational(_DriverError(sqlite_errorcode=517)), True),  # SQLITE_BUSY_SNAPSHOT
        (_operational(_DriverError(), invalidated=True), True),  # the connection dropped
        (sa.exc.TimeoutError("QueuePool limit reached"), True),
        (_operational(_DriverError(sqlstate="42P01")), False),  # undefined_table
        (_operational(_DriverError(sqlite_errorcode=1)), False),  # SQLITE_ERROR
        (_operational(_DriverError(sqlite_errorcode=13)), False),  # SQLITE_FULL: disk full
        (sa.exc.IntegrityError("INSERT", {}, _DriverError(sqlstate="23505")), False),
        (ValueError("not a database error"), False),
    ],
)
def test_busy_means_a_retry_will_help(error: Exception, busy: bool) -> None:
    assert is_busy(error) is busy
