"""Forgotten passwords: a link by email (a real SMTP server on loopback), single-use and
expiring, with the same answer whether or not the address has an account; and the operator's
`flask users reset-password` where no mail is configured."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from server.extensions import db
from server.models import PasswordReset
from server.models.types import utcnow
from tests.conftest import app_with_schema
from tests.factories import PASSWORD, ApiClient
from tests.smtpsink import SmtpSink, smtp_sink

NEW_PASSWORD = "the kettle sings at dawn"
LINK = re.compile(r"https://wins\.example\.org/reset#token=([A-Za-z0-9_-]+)")


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    with smtp_sink() as running:
        yield running


@pytest.fixture
def mail_app(database_url: str, tmp_path: Path, sink: SmtpSink) -> Iterator[Flask]:
    yield from app_with_schema(
        database_url, tmp_path, SMTP_URL=sink.url, PUBLIC_URL="https://wins.example.org"
    )


@pytest.fixture
def person(mail_app: Flask) -> ApiClient:
    api = ApiClient(mail_app.test_client())
    api.sign_up()
    return api


def ask(app: Flask, email: str) -> tuple[int, dict]:
    response = ApiClient(app.test_client()).post("/api/v1/auth/password-reset", {"email": email})
    return response.status_code, response.get_json()


def token_from(sink: SmtpSink, count: int = 1) -> str:
    messages = sink.wait_for(count)
    assert len(messages) == count
    match = LINK.search(messages[-1].get_payload(decode=True).decode())
    assert match is not None
    return match.group(1)


def confirm(app: Flask, token: str, password: str = NEW_PASSWORD):
    return ApiClient(app.test_client()).post(
        "/api/v1/auth/password-reset/confirm", {"token": token, "new_password": password}
    )


def test_a_reset_link_arrives_by_mail_and_works_once(
    mail_app: Flask, person: ApiClient, sink: SmtpSink
) -> None:
    status, body = ask(mail_app, person.email.upper())
    assert status == 202 and body["by_email"] is True
    token = token_from(sink)
    assert sink.messages[0]["To"] == person.email
    with mail_app.app_context():  # only a hash is kept
        stored = db.session.scalar(sa.select(PasswordReset.token_hash))
        assert stored is not None and token not in stored

    first = confirm(mail_app, token)
    assert first.status_code == 200 and first.get_json()["user"]["email"] == person.email
    # The old session ended; the new password works, the old one does not.
    assert person.get("/api/v1/auth/me").status_code == 401
    fresh = ApiClient(mail_app.test_client())
    assert fresh.sign_in(person.email, PASSWORD).status_code == 401
    assert fresh.sign_in(person.email, NEW_PASSWORD).status_code == 200

    again = confirm(mail_app, token, "another long passphrase")
    assert again.status_code == 400 and again.get_json()["error"] == "invalid_token"


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    mail_app: Flask, person: ApiClient, sink: SmtpSink
) -> None:
    known = ask(mail_app, person.email)
    unknown = ask(mail_app, "nobody-here@example.org")
    assert known == unknown
    token_from(sink)  # the one for the real account
    sink.wait_for(2, timeout=1)
    assert len(sink.messages) == 1


def test_an_expired_link_is_refused(mail_app: Flask, person: ApiClient, sink: SmtpSink) -> None:
    ask(mail_app, person.email)
    token = token_from(sink)
    with mail_app.app_context():
        row = db.session.scalar(sa.select(PasswordReset))
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    response = confirm(mail_app, token)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid_token"
    assert ApiClient(mail_app.test_client()).sign_in(person.email).status_code == 200


def test_only_the_latest_link_works(mail_app: Flask, person: ApiClient, sink: SmtpSink) -> None:
    ask(mail_app, person.email)
    older = token_from(sink)
    ask(mail_app, person.email)
    newer = token_from(sink, 2)
    assert confirm(mail_app, older).status_code == 400
    assert confirm(mail_app, newer).status_code == 200


def test_a_refused_new_password_leaves_the_link_usable(
    mail_app: Flask, person: ApiClient, sink: SmtpSink
) -> None:
    ask(mail_app, person.email)
    token = token_from(sink)
    weak = confirm(mail_app, token, "password123")
    assert weak.status_code == 400 and "new_password" in weak.get_json()["fields"]
    assert confirm(mail_app, token).status_code == 200


def test_reset_requests_are_throttled(mail_app: Flask, person: ApiClient, sink: SmtpSink) -> None:
    mail_app.config["RESET_MAX_PER_EMAIL"] = 2
    codes = [ask(mail_app, person.email)[0] for _ in range(4)]
    assert codes == [202, 202, 429, 429]
    assert len(sink.wait_for(2)) == 2


def test_without_mail_the_answer_says_to_ask_the_operator(api: ApiClient, app: Flask) -> None:
    info = api.get("/api/v1/auth/password-reset").get_json()
    assert info["by_email"] is False
    response = api.post("/api/v1/auth/password-reset", {"email": "someone@example.org"})
    assert response.status_code == 202 and response.get_json() == info


def test_the_operator_command_prints_a_single_use_link(user_api: ApiClient, app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["users", "reset-password", user_api.email])
    assert result.exit_code == 0, result.output
    token = re.search(r"/reset#token=([A-Za-z0-9_-]+)", result.output).group(1)
    assert confirm(app, token).status_code == 200
    assert confirm(app, token).status_code == 400
    missing = app.test_cli_runner().invoke(args=["users", "reset-password", "no@example.org"])
    assert missing.exit_code != 0


def test_mail_needs_a_public_url(database_url: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="PUBLIC_URL"):
        next(app_with_schema(database_url, tmp_path, SMTP_URL="smtp://127.0.0.1:25"))
