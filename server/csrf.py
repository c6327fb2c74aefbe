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

from server.errors import error_response

HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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
    expected = session.get("csrf_token")
    sent = request.headers.get(HEADER, "")
    if not expected or not hmac.compare_digest(expected.encode(), sent.encode()):
        return error_response(
            403, "csrf_failed", "This page is out of date. Please reload and try again."
        )
    return None


def init_app(app: Flask) -> None:
    app.before_request(_check_csrf)
