"""Accounts through the HTTP API."""

from __future__ import annotations

import pytest
from flask import Flask

from server.extensions import db
from server.models import User
from tests.factories import PASSWORD, ApiClient, new_email


def test_sign_up_creates_an_account_and_signs_in(api: ApiClient) -> None:
    user = api.sign_up(time_zone="America/St_Johns")
    assert user["time_zone"] == "America/St_Johns"
    assert user["day_start_hour"] == 4
    me = api.get("/api/v1/auth/me")
    assert me.status_code == 200
    assert me.get_json()["user"]["email"] == api.email


def test_emails_are_normalised_and_unique_regardless_of_case(api: ApiClient, app: Flask) -> None:
    api.sign_up(email="Ana@Example.org")
    other = ApiClient(app.test_client())
    response = other.post(
        "/api/v1/auth/signup",
        {"email": "  ana@EXAMPLE.org", "password": PASSWORD, "time_zone": "UTC"},
    )
    assert response.status_code == 400
    assert "email" in response.get_json()["fields"]
    with app.app_context():
        assert db.session.query(User).count() == 1
        assert db.session.query(User).one().email == "ana@example.org"


def test_passwords_are_stored_hashed_with_a_slow_kdf(api: ApiClient, app: Flask) -> None:
    api.sign_up()
    with app.app_context():
        stored = db.session.query(User).one().password_hash
    assert PASSWORD not in stored
    assert stored.startswith("scrypt:")


def test_sign_out_then_sign_in_again(api: ApiClient) -> None:
    api.sign_up()
    assert api.post("/api/v1/auth/signout").status_code == 204
    assert api.get("/api/v1/auth/me").status_code == 401
    response = api.sign_in(api.email.upper())
    assert response.status_code == 200
    assert api.get("/api/v1/auth/me").status_code == 200


def test_wrong_password_is_refused_with_json(api: ApiClient) -> None:
    api.sign_up()
    api.post("/api/v1/auth/signout")
    response = api.sign_in(api.email, "not the password")
    assert response.status_code == 401
    assert response.get_json()["error"] == "invalid_credentials"
    assert api.get("/api/v1/auth/me").status_code == 401


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(api: ApiClient) -> None:
    response = api.sign_in(new_email(), "whatever password")
    assert response.status_code == 401
    assert response.get_json()["error"] == "invalid_credentials"


def test_repeated_failures_for_one_account_are_throttled(api: ApiClient) -> None:
    api.sign_up()
    api.post("/api/v1/auth/signout")
    for _ in range(5):
        assert api.sign_in(api.email, "wrong password!").status_code == 401
    blocked = api.sign_in(api.email, PASSWORD)
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert blocked.get_json()["error"] == "too_many_attempts"


def test_repeated_failures_from_one_address_are_throttled_across_accounts(
    api: ApiClient, app: Flask
) -> None:
    app.config["SIGNIN_MAX_FAILURES_PER_ADDRESS"] = 3
    for _ in range(3):
        assert api.sign_in(new_email(), "wrong password!").status_code == 401
    assert api.sign_in(new_email(), "wrong password!").status_code == 429


def test_success_clears_the_account_failures(api: ApiClient) -> None:
    api.sign_up()
    api.post("/api/v1/auth/signout")
    for _ in range(4):
        api.sign_in(api.email, "wrong password!")
    assert api.sign_in(api.email).status_code == 200
    api.post("/api/v1/auth/signout")
    for _ in range(4):
        assert api.sign_in(api.email, "wrong password!").status_code == 401


def test_changing_time_zone_and_day_start(user_api: ApiClient) -> None:
    response = user_api.patch(
        "/api/v1/auth/me", {"time_zone": "Pacific/Kiritimati", "day_start_hour": 5}
    )
    assert response.status_code == 200
    user = response.get_json()["user"]
    assert (user["time_zone"], user["day_start_hour"]) == ("Pacific/Kiritimati", 5)
    again = user_api.get("/api/v1/auth/me").get_json()["user"]
    assert again["time_zone"] == "Pacific/Kiritimati"


def test_session_cookie_is_httponly_and_samesite_lax(api: ApiClient) -> None:
    api.sign_up()
    cookie = api.client.get_cookie("smallwins_session")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"
    assert not cookie.secure


def test_session_cookie_is_secure_over_https(app: Flask) -> None:
    client = ApiClient(app.test_client())
    client.client.get("/api/v1/auth/csrf", base_url="https://localhost")
    cookie = client.client.get_cookie("smallwins_session", domain="localhost")
    assert cookie is not None and cookie.secure


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email", "password": PASSWORD, "time_zone": "UTC"}, "email"),
        ({"email": "a@example.org", "password": "short", "time_zone": "UTC"}, "password"),
        ({"email": "a@example.org", "password": "x" * 201, "time_zone": "UTC"}, "password"),
        (
            {"email": "a@example.org", "password": PASSWORD, "time_zone": "Mars/Olympus"},
            "time_zone",
        ),
        (
            {"email": "a@example.org", "password": PASSWORD, "time_zone": "../../etc/passwd"},
            "time_zone",
        ),
        ({"email": "a@example.org", "password": PASSWORD, "time_zone": 5}, "time_zone"),
        ({"email": "a@example.org", "password": 12345678901, "time_zone": "UTC"}, "password"),
        ({"password": PASSWORD, "time_zone": "UTC"}, "email"),
        (
            {"email": "a@example.org", "password": PASSWORD, "time_zone": "UTC", "admin": True},
            "admin",
        ),
        ({"email": "a@" + "x" * 260 + ".org", "password": PASSWORD, "time_zone": "UTC"}, "email"),
    ],
)
def test_sign_up_rejects_bad_input_with_field_messages(
    api: ApiClient, app: Flask, body: dict, field: str
) -> None:
    response = api.post("/api/v1/auth/signup", body)
    assert response.status_code == 400
    payload = response.get_json()
    assert payload["error"] == "validation_error"
    assert field in payload["fields"]
    with app.app_context():
        assert db.session.query(User).count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"time_zone": "Nowhere/Land"},
        {"day_start_hour": 13},
        {"day_start_hour": "four"},
        {"day_start_hour": True},
        {"email": "new@example.org"},
    ],
)
def test_update_me_rejects_bad_input_and_changes_nothing(user_api: ApiClient, body: dict) -> None:
    before = user_api.get("/api/v1/auth/me").get_json()["user"]
    response = user_api.patch("/api/v1/auth/me", body)
    assert response.status_code == 400
    assert response.get_json()["fields"]
    assert user_api.get("/api/v1/auth/me").get_json()["user"] == before


@pytest.mark.parametrize("body", [{}, {"email": "a@example.org"}, {"email": 3, "password": []}])
def test_sign_in_rejects_malformed_input(api: ApiClient, body: dict) -> None:
    response = api.post("/api/v1/auth/signin", body)
    assert response.status_code == 400
    assert response.get_json()["fields"]


@pytest.mark.parametrize(
    ("password", "words"),
    [
        ("1234567890", "most used passwords"),
        ("Password 123!", "most used passwords"),
        ("iloveyou12", "most used passwords"),
        ("ana.smith@example.org", "isn't your email"),
        ("Ana.Smith2024", "isn't your email"),
    ],
)
def test_sign_up_refuses_guessable_passwords_kindly(
    api: ApiClient, app: Flask, password: str, words: str
) -> None:
    body = {"email": "ana.smith@example.org", "password": password, "time_zone": "UTC"}
    response = api.post("/api/v1/auth/signup", body)
    assert response.status_code == 400
    (message,) = response.get_json()["fields"]["password"]
    assert words in message
    with app.app_context():
        assert db.session.query(User).count() == 0
