"""Malformed requests get a clear JSON error, never a 500, and change nothing."""

from __future__ import annotations

import pytest
from flask import Flask

from server.extensions import db
from server.models import User
from tests.factories import ApiClient

WRITE_ENDPOINTS = [
    ("POST", "/api/v1/auth/signup"),
    ("POST", "/api/v1/auth/signin"),
    ("PATCH", "/api/v1/auth/me"),
    ("POST", "/api/v1/sync"),
    ("POST", "/api/v1/push/subscriptions"),
    ("POST", "/api/v1/reminders/pause"),
]


@pytest.mark.parametrize(("method", "path"), WRITE_ENDPOINTS)
@pytest.mark.parametrize(
    "raw",
    ["{not json", "[1, 2, 3]", '"a string"', "null", "", "[" * 50_000, '{"a": ' * 50_000],
    ids=["broken", "list", "string", "null", "empty", "deep-list", "deep-object"],
)
def test_malformed_json_is_a_400_with_messages(
    user_api: ApiClient, app: Flask, method: str, path: str, raw: str
) -> None:
    with app.app_context():
        users_before = db.session.query(User).count()
    response = user_api.send(method, path, data=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "validation_error"
    assert body["message"]
    assert body.get("fields")
    with app.app_context():
        assert db.session.query(User).count() == users_before


def test_oversized_body_is_a_413_in_the_json_shape(api: ApiClient, app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = api.post(
        "/api/v1/auth/signup",
        {"email": "a@example.org", "password": "p" * 20_000, "time_zone": "UTC"},
    )
    assert response.status_code == 413
    assert response.get_json()["error"] == "payload_too_large"
    with app.app_context():
        assert db.session.query(User).count() == 0


def test_unknown_api_path_is_a_json_404(api: ApiClient) -> None:
    response = api.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_wrong_method_is_a_json_405(api: ApiClient) -> None:
    response = api.send("PUT", "/api/v1/auth/signin", {})
    assert response.status_code == 405
    assert response.get_json()["error"] == "method_not_allowed"
