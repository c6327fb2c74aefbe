"""Logs never hold what a person sent or what stands in for it: emails, passwords, password
hashes, session and CSRF tokens, push endpoints and keys, win text. The database failure
paths are where these leaked (SQL parameters and driver messages), so each is driven here
with every logger listening, SQL logging switched on as an operator might, and then every
record, formatted with its traceback, is searched."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from server.auth import store as auth_store
from server.config import build_config
from server.extensions import db
from server.models import User
from tests.api.locking import impatient_app, write_lock
from tests.api.test_push import KEY_P256DH, public_subscription
from tests.api.test_sync import NOW, WIN, mutation, new_id, sync
from tests.factories import ApiClient, new_email

SECRET_PASSWORD = "never-in-a-log-7Qx"
WIN_TEXT = "Told my sister the truth"
ENDPOINT = "http://127.0.0.1:9/push/capability-url-Zk3"


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    for app in impatient_app(database_url, tmp_path, PUSH_ALLOW_LOOPBACK=True):
        app.config["CLOCK"] = lambda: NOW
        yield app


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    # SQL statement logging, as an operator chasing a problem would turn it on.
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    return caplog


def everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(record) for record in caplog.records)


def test_failing_writes_log_no_personal_data_or_secrets(
    app: Flask, logs: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = ApiClient(app.test_client())
    person.sign_up(password=SECRET_PASSWORD)
    email = person.email or ""
    subscription = public_subscription(endpoint=ENDPOINT)
    newcomer = ApiClient(app.test_client())
    newcomer_email = new_email()
    signup = {"email": newcomer_email, "password": SECRET_PASSWORD, "time_zone": "UTC"}
    with app.app_context():
        stored_hash = db.session.scalar(sa.select(User.password_hash))
    logs.clear()

    with write_lock(app):
        busy = [
            newcomer.post("/api/v1/auth/signup", signup),
            ApiClient(app.test_client()).sign_in(email, SECRET_PASSWORD),
            ApiClient(app.test_client()).sign_in(email, SECRET_PASSWORD + "?"),
            person.patch("/api/v1/auth/me", {"time_zone": "Asia/Tokyo"}),
            person.post("/api/v1/push/subscriptions", subscription),
            sync(person, new_id(), [mutation(1, new_id(), {**WIN, "text": WIN_TEXT})]),
        ]
    assert [response.status_code for response in busy] == [503] * len(busy)
    assert "Traceback" not in everything_logged(logs)  # expected, so a line each, no stack

    # A sign-up race lost at the unique index: PostgreSQL's message names the email.
    monkeypatch.setattr(auth_store, "email_taken", lambda _email: False)
    assert person.post("/api/v1/auth/signup", {**signup, "email": email}).status_code == 500
    # A database error of another kind, while the statement carries the email.
    with app.app_context():
        db.session.execute(
            sa.text("DROP TABLE users CASCADE" if _postgres(app) else "DROP TABLE users")
        )
        db.session.commit()
    assert newcomer.post("/api/v1/auth/signup", signup).status_code == 500

    logged = everything_logged(logs)
    assert "database busy" in logged and "database error" in logged  # the paths did log
    secrets = {
        "email": email,
        "new email": newcomer_email,
        "password": SECRET_PASSWORD,
        "stored hash": stored_hash,
        "any scrypt hash": "scrypt:",
        "CSRF token": person.csrf,
        "push endpoint": ENDPOINT,
        "push key p256dh": KEY_P256DH,
        "push key auth": subscription["keys"]["auth"],
        "win text": WIN_TEXT,
    }
    leaked = [name for name, secret in secrets.items() if secret and secret in logged]
    assert leaked == [], logged


def _postgres(app: Flask) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


def test_sql_parameters_stay_hidden_when_engine_options_are_overridden(tmp_path: Path) -> None:
    config = build_config(tmp_path, {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 3}})
    assert config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_size": 3, "hide_parameters": True}
