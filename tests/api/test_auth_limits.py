"""Sign-in and sign-up limits that hold under concurrency, and sign-in timing that does not
tell which emails have accounts."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from server.auth import store
from server.extensions import db
from server.models import SignInFailure, User
from server.models.types import utcnow
from tests.factories import PASSWORD, ApiClient, new_email


@pytest.fixture
def kdf_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts scrypt runs (werkzeug calls hashlib.scrypt for every hash and every check)."""
    calls: list[int] = []
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counting)
    return calls


def test_an_unknown_email_costs_exactly_one_kdf_run_like_a_wrong_password(
    api: ApiClient, kdf_calls: list[int]
) -> None:
    api.sign_up()
    api.post("/api/v1/auth/signout")
    api.sign_in(new_email(), "first miss warms the stand-in")
    for _ in range(3):
        kdf_calls.clear()
        assert api.sign_in(new_email(), "some wrong password").status_code == 401
        unknown = len(kdf_calls)
        kdf_calls.clear()
        assert api.sign_in(api.email, "some wrong password").status_code == 401
        assert (unknown, len(kdf_calls)) == (1, 1)


def test_concurrent_wrong_passwords_check_no_more_than_the_limit(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = ApiClient(app.test_client())
    owner.sign_up()
    checks: list[int] = []
    real_check = store.check_password_hash

    def slow_check(stored: str, password: str) -> bool:
        checks.append(1)
        time.sleep(0.05)  # widens the gap between counting and recording, as a slow KDF does
        return real_check(stored, password)

    monkeypatch.setattr(store, "check_password_hash", slow_check)
    attempts = 20
    start = threading.Barrier(attempts)
    statuses: list[int] = []

    def attack() -> None:
        attacker = ApiClient(app.test_client())
        attacker.csrf  # noqa: B018  (fetched before the race, so only sign-ins overlap)
        start.wait()
        statuses.append(attacker.sign_in(owner.email, "not the password").status_code)

    threads = [threading.Thread(target=attack) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    limit = app.config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"]
    counted = Counter(statuses)
    assert set(counted) <= {401, 429}, counted
    assert len(checks) == limit
    assert counted[401] == len(checks)
    # Refused tries leave nothing behind; each checked one is one failure per key.
    with app.app_context():
        keys = Counter(db.session.scalars(sa.select(SignInFailure.key)))
    assert keys == {
        f"account:{owner.email}": len(checks),
        "address:127.0.0.1": len(checks),
        "signup:127.0.0.1": 1,
    }


def test_sign_ups_from_one_address_are_limited(app: Flask) -> None:
    app.config["SIGNUP_MAX_PER_ADDRESS"] = 3
    for _ in range(3):
        ApiClient(app.test_client()).sign_up()
    late = ApiClient(app.test_client())
    email = new_email()
    response = late.post(
        "/api/v1/auth/signup", {"email": email, "password": PASSWORD, "time_zone": "UTC"}
    )
    assert response.status_code == 429
    assert response.get_json()["error"] == "too_many_attempts"
    assert int(response.headers["Retry-After"]) > 0
    elsewhere = ApiClient(app.test_client())
    elsewhere.client.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    elsewhere.sign_up(email=email)  # another address is not held back
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 4


def test_concurrent_sign_ups_from_one_address_respect_the_limit(app: Flask) -> None:
    app.config["SIGNUP_MAX_PER_ADDRESS"] = 3
    attempts = 12
    start = threading.Barrier(attempts)
    statuses: list[int] = []

    def sign_up() -> None:
        person = ApiClient(app.test_client())
        person.csrf  # noqa: B018
        start.wait()
        body = {"email": new_email(), "password": PASSWORD, "time_zone": "UTC"}
        statuses.append(person.post("/api/v1/auth/signup", body).status_code)

    threads = [threading.Thread(target=sign_up) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counted = Counter(statuses)
    assert set(counted) <= {201, 429}, counted
    assert counted[201] == 3


def test_pruning_keeps_what_a_longer_window_still_counts(app: Flask) -> None:
    now = utcnow()
    sign_in_window = timedelta(seconds=app.config["SIGNIN_WINDOW_SECONDS"])
    with app.app_context():
        db.session.add_all(
            [
                SignInFailure(key="signup:203.0.113.9", at=now - sign_in_window * 2),
                SignInFailure(key="account:old@example.org", at=now - timedelta(days=1)),
            ]
        )
        db.session.commit()
        attempt = store.begin_attempt([("account:a@example.org", 5)], now, sign_in_window)
        assert attempt.wait is None
        keys = set(db.session.scalars(sa.select(SignInFailure.key)))
    # The sign-up row is inside its hour; the day-old failure is past every window.
    assert keys == {"signup:203.0.113.9", "account:a@example.org"}
