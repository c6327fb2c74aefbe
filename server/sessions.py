"""Session cookie that is Secure whenever the request itself came over https."""

from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface


class AdaptiveSecureSessionInterface(SecureCookieSessionInterface):
    # SESSION_COOKIE_SECURE=None means: follow the request's scheme, so the same
    # deployment works on http://localhost and behind https (with TRUSTED_PROXIES).
    def get_cookie_secure(self, app: Flask) -> bool:
        configured = app.config.get("SESSION_COOKIE_SECURE")
        if configured is not None:
            return bool(configured)
        return request.is_secure
