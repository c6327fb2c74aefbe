"""What the OpenAPI document says beyond what each route declares.

Some answers follow from the API's conventions rather than from one route, so they are added
here, once, for every operation they apply to (an apispec plugin runs on each path as it is
registered):

- every state-changing request needs the session cookie and the X-CSRF-Token header: 403
  without them, and 503 when the database is busy (all of them write);
- an operation that takes a JSON body can answer 400 (invalid) and 413 (too large);
- an operation marked `SIGNED_IN` answers 401 without a session.

What only one route can answer (404, 409, 426, 429...) is declared on that route. The custom
fields' formats (UUIDs, time zones, push keys) are registered here so every schema using them
documents what the server enforces.
"""

from __future__ import annotations

import http
from typing import Any

import flask_smorest
from apispec import BasePlugin
from marshmallow import fields

from server.csrf import HEADER as CSRF_HEADER

# Put on a route with `@blp.doc(security=SIGNED_IN)`: it answers 401 without a session.
SIGNED_IN: list[dict[str, list[str]]] = [{"session": []}]
_WRITES = frozenset({"post", "put", "patch", "delete"})
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
# A 65-byte P-256 point and a 16-byte secret in base64url, with or without padding.
_KEY_FORMATS = {
    "p256dh": {"pattern": r"^[A-Za-z0-9_-]{87}=?$", "minLength": 87, "maxLength": 88},
    "auth": {"pattern": r"^[A-Za-z0-9_-]{22}(==)?$", "minLength": 22, "maxLength": 24},
}


def _ref(status: int) -> str:
    """flask-smorest registers one response per status, named like "NOT_FOUND"."""
    return http.HTTPStatus(status).name


class ConventionsPlugin(BasePlugin):
    def __init__(self, session_cookie: str) -> None:
        self.session_cookie = session_cookie

    def init_spec(self, spec: Any) -> None:
        spec.components.security_scheme(
            "session",
            {
                "type": "apiKey",
                "in": "cookie",
                "name": self.session_cookie,
                "description": "Set by sign-up and sign-in; HttpOnly.",
            },
        )
        spec.components.security_scheme(
            "csrf",
            {
                "type": "apiKey",
                "in": "header",
                "name": CSRF_HEADER,
                "description": "From GET /api/v1/auth/csrf, sent on every state-changing request "
                "together with the session cookie that holds it.",
            },
        )

    def operation_helper(
        self, path: str | None = None, operations: dict | None = None, **kwargs: Any
    ) -> None:
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            known = {str(status) for status in responses}

            def add(status: int, responses: dict = responses, known: set = known) -> None:
                if str(status) not in known:
                    responses[status] = _ref(status)
                    known.add(str(status))

            signed_in = {"session": []} in operation.get("security", [])
            if signed_in:
                add(401)
            if method in _WRITES:
                operation["security"] = [{"session": [], "csrf": []}]
                add(403)
                add(503)
            if "requestBody" in operation:
                add(400)
                add(413)


def register_formats(api: flask_smorest.Api) -> None:
    """Custom fields document the formats they enforce."""
    from server.auth.schemas import TimeZoneField
    from server.fields import UuidString
    from server.push.schemas import SubscriptionKeysSchema

    # On this app's spec (Api.register_field would pile up on the shared Api at every create_app).
    api.ma_plugin.map_to_openapi_type(UuidString, "string", "uuid")
    # Not a standard format: tells readers (and the fuzz test) that only IANA names pass.
    api.ma_plugin.map_to_openapi_type(TimeZoneField, "string", "iana-time-zone")

    # apispec binds this to its converter, hence the first argument.
    def extra_properties(_converter: Any, field: fields.Field, **_: Any) -> dict[str, Any]:
        if isinstance(field, UuidString):
            return {"pattern": UUID_PATTERN}
        if isinstance(field, TimeZoneField):
            return {"example": "Europe/Berlin"}
        if isinstance(field.parent, SubscriptionKeysSchema):
            return _KEY_FORMATS.get(field.name or "", {})
        return {}

    api.ma_plugin.converter.add_attribute_function(extra_properties)
