"""Plain helper functions and a thin API client for tests."""

from __future__ import annotations

import itertools
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

_counter = itertools.count(1)
PASSWORD = "correct horse battery"
# Signing up, in or out rotates the CSRF token; the real client fetches a new one after each.
ROTATES_CSRF = frozenset(
    {
        "/api/v1/auth/signup",
        "/api/v1/auth/signin",
        "/api/v1/auth/signout",
        "/api/v1/auth/password",
        "/api/v1/auth/signout-everywhere",
        "/api/v1/auth/delete-account",
        "/api/v1/auth/password-reset/confirm",
    }
)


def new_email() -> str:
    return f"person{next(_counter)}@example.org"


class ApiClient:
    """Wraps the Flask test client: JSON in, CSRF header on writes, like client/src/api.ts."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self._csrf: str | None = None
        self.email: str | None = None

    @property
    def csrf(self) -> str:
        if self._csrf is None:
            self._csrf = self.client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
        return self._csrf

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.client.get(path, **kwargs)

    def send(self, method: str, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        headers = {"X-CSRF-Token": self.csrf, **kwargs.pop("headers", {})}
        response = self.client.open(path, method=method, json=json, headers=headers, **kwargs)
        if path in ROTATES_CSRF:
            self._csrf = None  # the server issued a new token, as client/src/session.ts expects
        return response

    def post(self, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        return self.send("POST", path, json, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        return self.send("PATCH", path, json, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> TestResponse:
        return self.send("DELETE", path, None, **kwargs)

    def sign_up(
        self, email: str | None = None, password: str = PASSWORD, time_zone: str = "Europe/Berlin"
    ) -> dict[str, Any]:
        self.email = email or new_email()
        response = self.post(
            "/api/v1/auth/signup",
            {"email": self.email, "password": password, "time_zone": time_zone},
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()["user"]

    def sign_in(self, email: str, password: str = PASSWORD) -> TestResponse:
        return self.post("/api/v1/auth/signin", {"email": email, "password": password})
