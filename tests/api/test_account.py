"""The account's life: change password (other sessions end), change email (unique, any case),
sign out everywhere, and the checks that guard them."""

from __future__ import annotations

import pytest
from flask import Flask

from server.extensions import db
from server.models import UserSession
from tests.api.test_sessions import copy_of
from tests.factories import PASSWORD, ApiClient, new_email

NEW_PASSWORD = "a quiet walk by the river"


def other_browser(app: Flask, email: str) -> ApiClient:
    browser = ApiClient(app.test_client())
    assert browser.sign_in(email).status_code == 200
    return browser


def test_changing_the_password_ends_every_other_session_and_keeps_this_one(
    user_api: ApiClient, app: Flask
) -> None:
    phone = other_browser(app, user_api.email)
    thief = copy_of(user_api, app)  # a copy of this browser's old cookie
    response = user_api.post(
        "/api/v1/auth/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 200, response.get_json()
    assert user_api.get("/api/v1/auth/me").status_code == 200
    assert phone.get("/api/v1/auth/me").status_code == 401
    # This browser got a fresh session, so even a copy of its old cookie is worthless.
    assert thief.get("/api/v1/auth/me").status_code == 401
    fresh = ApiClient(app.test_client())
    assert fresh.sign_in(user_api.email, PASSWORD).status_code == 401
    assert fresh.sign_in(user_api.email, NEW_PASSWORD).status_code == 200


def test_changing_the_password_needs_the_current_one(user_api: ApiClient, app: Flask) -> None:
    phone = other_browser(app, user_api.email)
    response = user_api.post(
        "/api/v1/auth/password", {"current_password": "not it at all", "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 400
    assert "current_password" in response.get_json()["fields"]
    assert phone.get("/api/v1/auth/me").status_code == 200


def test_a_guessable_new_password_is_refused(user_api: ApiClient) -> None:
    response = user_api.post(
        "/api/v1/auth/password", {"current_password": PASSWORD, "new_password": "password123"}
    )
    assert response.status_code == 400
    assert "new_password" in response.get_json()["fields"]


def test_password_checks_are_throttled(user_api: ApiClient, app: Flask) -> None:
    app.config["PASSWORD_CHECK_MAX_FAILURES"] = 3
    body = {"current_password": "wrong guess", "new_password": NEW_PASSWORD}
    codes = [user_api.post("/api/v1/auth/password", body).status_code for _ in range(5)]
    assert codes[:3] == [400, 400, 400]
    assert codes[3:] == [429, 429]
    right = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    refused = user_api.post("/api/v1/auth/password", right)
    assert refused.status_code == 429 and refused.headers["Retry-After"]


def test_changing_the_email_needs_the_password_and_then_signs_in_with_it(
    user_api: ApiClient, app: Flask
) -> None:
    wrong = user_api.post("/api/v1/auth/email", {"email": "new@example.org", "password": "nope"})
    assert wrong.status_code == 400 and "password" in wrong.get_json()["fields"]
    response = user_api.post(
        "/api/v1/auth/email", {"email": "  New.Person@Example.ORG ", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.get_json()["user"]["email"] == "new.person@example.org"
    assert ApiClient(app.test_client()).sign_in("new.person@example.org").status_code == 200


def test_an_email_in_use_is_refused_whatever_its_case(user_api: ApiClient, app: Flask) -> None:
    taken = new_email()
    ApiClient(app.test_client()).sign_up(taken)
    response = user_api.post("/api/v1/auth/email", {"email": taken.upper(), "password": PASSWORD})
    assert response.status_code == 400
    assert response.get_json()["fields"]["email"] == ["An account with this email already exists."]
    assert user_api.get("/api/v1/auth/me").get_json()["user"]["email"] == user_api.email


def test_sign_out_everywhere_ends_every_session(user_api: ApiClient, app: Flask) -> None:
    phone = other_browser(app, user_api.email)
    assert user_api.post("/api/v1/auth/signout-everywhere").status_code == 204
    assert user_api.get("/api/v1/auth/me").status_code == 401
    assert phone.get("/api/v1/auth/me").status_code == 401
    with app.app_context():
        assert db.session.query(UserSession).count() == 0


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/auth/password", {"current_password": "x", "new_password": NEW_PASSWORD}),
        ("/api/v1/auth/email", {"email": "a@example.org", "password": "x"}),
        ("/api/v1/auth/signout-everywhere", None),
        ("/api/v1/auth/delete-account", {"password": "x"}),
    ],
)
def test_account_actions_need_a_session(api: ApiClient, path: str, body: dict | None) -> None:
    response = api.post(path, body)
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


BAD_TEXT = ["\ud800 lone surrogate", "nul\x00inside", 10**40, True, ["list"], "x" * 5000]


@pytest.mark.parametrize("value", BAD_TEXT, ids=lambda v: repr(v)[:12])
@pytest.mark.parametrize(
    ("path", "field", "rest"),
    [
        ("/api/v1/auth/password", "current_password", {"new_password": NEW_PASSWORD}),
        ("/api/v1/auth/password", "new_password", {"current_password": PASSWORD}),
        ("/api/v1/auth/email", "email", {"password": PASSWORD}),
        ("/api/v1/auth/email", "password", {"email": "b@example.org"}),
        ("/api/v1/auth/delete-account", "password", {}),
        ("/api/v1/auth/password-reset", "email", {}),
        ("/api/v1/auth/password-reset/confirm", "token", {"new_password": NEW_PASSWORD}),
        ("/api/v1/auth/password-reset/confirm", "new_password", {"token": "abc"}),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    user_api: ApiClient, path: str, field: str, rest: dict, value: object
) -> None:
    response = user_api.post(path, {**rest, field: value})
    assert response.status_code == 400, response.get_json()
    assert field in response.get_json()["fields"]
    assert user_api.get("/api/v1/auth/me").status_code == 200  # nothing changed, still signed in


ACCOUNT_WRITES = [
    "/api/v1/auth/password",
    "/api/v1/auth/email",
    "/api/v1/auth/delete-account",
    "/api/v1/auth/password-reset",
    "/api/v1/auth/password-reset/confirm",
]


@pytest.mark.parametrize("path", ACCOUNT_WRITES)
@pytest.mark.parametrize("raw", ["{not json", "[1]", "null", "", '{"a": ' * 50_000])
def test_malformed_json_is_a_400(user_api: ApiClient, path: str, raw: str) -> None:
    response = user_api.send("POST", path, data=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"] == "validation_error"
    assert user_api.get("/api/v1/auth/me").status_code == 200


def test_every_account_endpoint_is_in_the_openapi_document(api: ApiClient) -> None:
    paths = api.get("/api/v1/openapi.json").get_json()["paths"]
    for path in [*ACCOUNT_WRITES, "/api/v1/auth/signout-everywhere"]:
        assert "post" in paths[path], path
