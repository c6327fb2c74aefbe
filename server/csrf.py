"""CSRF protection for the JSON API.

A random token lives in the (signed, HttpOnly) session; the client fetches it from
GET /api/v1/auth/csrf and sends it back as the X-CSRF-Token header on every
state-changing request. A cross-site page can neither read the token nor set a custom
header without a CORS preflight, which this API never grants.
"""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, request, session
from flask.typing import ResponseReturnValue
from flask_login import current_user

from server.errors import error_response

HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The API endpoints that work without a signed-in session. Any other API call without one is
# answered 401 before the token is looked at: there is nothing to forge without a session, and
# a device whose session ended should hear "sign in again", not "reload the page".
SESSIONLESS_ENDPOINTS = frozenset(
    {
        "api-docs.openapi_json",
        "auth.csrf_token",
        "auth.sign_up",
        "auth.sign_in",
        "auth.sign_out",
    }
)


def issue_csrf_token() -> str:
    token = session.get("csrf_token")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf_token"] = token
    return token


def rotate_csrf_token() -> str:
    """A new token at sign-in and sign-out, so a token seen before cannot be used after."""
    token = secrets.token_urlsafe(32)
    session["csrf_token"] = token
    return token


def _check_csrf() -> ResponseReturnValue | None:
    if request.method in SAFE_METHODS or not request.path.startswith("/api/"):
        return None
    endpoint = request.endpoint  # None for unknown paths and wrong methods (404/405 follow)
    if endpoint and endpoint not in SESSIONLESS_ENDPOINTS and not current_user.is_authenticated:
        return error_response(401)
    expected = session.get("csrf_token")
    sent = request.headers.get(HEADER, "")
    if not expected or not hmac.compare_digest(expected.encode(), sent.encode()):
        return error_response(
            403, "csrf_failed", "This page is out of date. Please reload and try again."
        )
    return None


def init_app(app: Flask) -> None:
    app.before_request(_check_csrf)
