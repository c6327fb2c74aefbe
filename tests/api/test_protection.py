"""Every API endpoint is protected: 401 JSON without a session, 403 without CSRF.

Endpoints are read from the app's URL map, so a new endpoint is covered the day it
is added unless it is deliberately listed as public here.
"""

from __future__ import annotations

import re
import tempfile
import uuid
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import make_app
from tests.factories import ApiClient

PUBLIC = {
    ("GET", "/api/v1/auth/csrf"),
    ("POST", "/api/v1/auth/signup"),
    ("POST", "/api/v1/auth/signin"),
    ("POST", "/api/v1/auth/signout"),
    ("GET", "/api/v1/openapi.json"),
    # A forgotten password is, by definition, asked for without a session.
    ("GET", "/api/v1/auth/password-reset"),
    ("POST", "/api/v1/auth/password-reset"),
    ("POST", "/api/v1/auth/password-reset/confirm"),
}
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def api_endpoints() -> list[tuple[str, str]]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        from pathlib import Path

        app = make_app("sqlite://", Path(tmp))
        found = set()
        for rule in app.url_map.iter_rules():
            if not rule.rule.startswith("/api/"):
                continue
            path = re.sub(r"<[^>]+>", str(uuid.uuid4()), rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                found.add((method, path))
    return sorted(found)


ENDPOINTS = api_endpoints()
PROTECTED = [e for e in ENDPOINTS if e not in PUBLIC]


def test_the_endpoint_list_is_not_empty() -> None:
    assert ("GET", "/api/v1/auth/me") in PROTECTED
    assert len(PROTECTED) >= 2


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_protected_endpoint_answers_401_json_without_a_session(
    api: ApiClient, method: str, path: str
) -> None:
    response = api.send(method, path, {})
    assert response.status_code == 401
    assert response.is_json
    assert response.get_json()["error"] == "unauthorized"
    assert "Location" not in response.headers


@pytest.mark.parametrize(("method", "path"), [e for e in PROTECTED if e[0] in STATE_CHANGING])
def test_a_write_without_a_session_or_a_token_answers_401_json(
    app: Flask, method: str, path: str
) -> None:
    response = app.test_client().open(path, method=method, json={})
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


def test_the_sessionless_endpoints_are_exactly_the_public_ones() -> None:
    from server.csrf import SESSIONLESS_ENDPOINTS

    with tempfile.TemporaryDirectory() as tmp:
        app = make_app("sqlite://", Path(tmp))
        public_rules = {
            rule.endpoint
            for rule in app.url_map.iter_rules()
            for method in rule.methods
            if (method, rule.rule) in PUBLIC
        }
    assert public_rules == SESSIONLESS_ENDPOINTS


@pytest.mark.parametrize(("method", "path"), [e for e in ENDPOINTS if e[0] in STATE_CHANGING])
def test_state_changing_endpoint_refuses_requests_without_csrf(
    app: Flask, method: str, path: str
) -> None:
    signed_in = ApiClient(app.test_client())
    signed_in.sign_up()
    response = signed_in.client.open(path, method=method, json={})
    assert response.status_code == 403
    assert response.get_json()["error"] == "csrf_failed"
    wrong = signed_in.client.open(path, method=method, json={}, headers={"X-CSRF-Token": "nope"})
    assert wrong.status_code == 403
