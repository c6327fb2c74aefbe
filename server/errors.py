"""One JSON error shape for the whole API: {"error", "message", "fields"}."""

from __future__ import annotations

import logging
from typing import Any

import flask_smorest
from flask import Flask, Request, jsonify, request
from flask.typing import ResponseReturnValue
from marshmallow import Schema, fields
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from server.storable import unstorable_messages

log = logging.getLogger(__name__)

ERROR_CODES = {
    400: "validation_error",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_attempts",
    500: "internal_error",
    503: "try_again",
}

MESSAGES = {
    400: "Some of what was sent isn't quite right.",
    401: "Please sign in.",
    404: "We couldn't find that.",
    405: "That isn't something this address does.",
    413: "That's more than we can take in one go.",
    500: "Something went wrong on our side. Your wins are safe on your device.",
}


def error_response(
    status: int,
    error: str | None = None,
    message: str | None = None,
    fields: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> ResponseReturnValue:
    body: dict[str, Any] = {
        "error": error or ERROR_CODES.get(status, "error"),
        "message": message or MESSAGES.get(status, "That didn't work."),
    }
    if fields:
        body["fields"] = fields
    return jsonify(body), status, headers or {}


def _flatten_webargs_messages(messages: dict[str, Any]) -> dict[str, Any]:
    """webargs nests errors by location ({"json": {...}}); the client wants fields."""
    fields: dict[str, Any] = {}
    for errors in messages.values():
        if isinstance(errors, dict):
            fields.update(errors)
        else:
            fields["_body"] = errors
    return fields


class ValidationParser(FlaskParser):
    # Malformed input is a 400 everywhere in this API (webargs defaults to 422).
    DEFAULT_VALIDATION_STATUS = 400

    def load_json(self, req: Request, schema: Any) -> Any:
        try:
            data = super().load_json(req, schema)
        except ValueError:
            # Python refuses to read an integer of over 4,300 digits (a guard against
            # quadratic-time parsing): a body it cannot read is the sender's mistake.
            api_error(400, fields={"_body": ["A number in this is too long to read."]})
        # Text the database cannot store is refused here, for every field of every body;
        # a schema may leave parts to a later, finer check (see server/storable.py).
        skip = getattr(schema, "TEXT_CHECKED_PER_ITEM", ())
        if problems := unstorable_messages(data, skip):
            api_error(400, fields=problems)
        return data

    def _raw_load_json(self, req: Request) -> Any:
        # webargs treats a missing or non-JSON body as "no fields", which would let a
        # PATCH with a garbled body succeed as a no-op. Here a body is always required.
        if not is_json_request(req) or not req.get_data(cache=True):
            message = "Send a JSON object with Content-Type: application/json."
            api_error(400, fields={"_body": [message]})
        try:
            return super()._raw_load_json(req)
        except RecursionError:
            # json.loads recurses per nesting level; "[[[[..." 50,000 deep must be a 400.
            api_error(400, fields={"_body": ["That JSON is nested too deeply."]})


class ErrorSchema(Schema):
    """What every error answer holds; documented in place of flask-smorest's own shape."""

    error = fields.String(required=True, metadata={"description": "A stable code to branch on."})
    message = fields.String(required=True, metadata={"description": "Words to show a person."})
    fields_ = fields.Dict(
        data_key="fields",
        attribute="fields",
        keys=fields.String(),
        metadata={"description": "Per-field messages, keyed by field name; `_body` for all."},
    )


class ApiBlueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = ValidationParser()


class SmallWinsApi(flask_smorest.Api):
    ERROR_SCHEMA = ErrorSchema
    # No catch-all "default" response: each operation lists the errors it can answer, so the
    # fuzz test (tests/api/test_openapi_fuzz.py) fails when one is left out.
    DEFAULT_ERROR_RESPONSE_NAME = None

    def init_app(self, app: Flask, *, spec_kwargs: dict[str, Any] | None = None) -> None:
        from server import openapi

        plugin = openapi.ConventionsPlugin(app.config["SESSION_COOKIE_NAME"])
        spec_kwargs = {"extra_plugins": [plugin], **(spec_kwargs or {})}
        super().init_app(app, spec_kwargs=spec_kwargs)
        openapi.register_formats(self)
        # Registered before the CSRF and session hooks, so a wrong method or path gets its
        # 405 (with Allow) or 404 rather than a 403 about a token it does not need.
        app.before_request(_routing_errors_first)

    def handle_http_exception(self, error: HTTPException) -> ResponseReturnValue:
        data = getattr(error, "data", None) or {}
        status = error.code or 500
        if status >= 500 and status != 503:  # a 503 is logged where it was decided
            log.exception("server error on %s %s", request.method, request.path)
        fields = data.get("fields")
        if "messages" in data:
            fields = _flatten_webargs_messages(data["messages"])
        headers = dict(data.get("headers") or {})
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            # RFC 9110: a 405 says which methods the resource does support.
            headers["Allow"] = ", ".join(sorted(error.valid_methods))
        return error_response(status, data.get("error"), data.get("message"), fields, headers)


def _routing_errors_first() -> None:
    if request.routing_exception is not None:
        raise request.routing_exception


def api_error(status: int, error: str | None = None, message: str | None = None, **extra: Any):
    """Raise an HTTP error that renders in the API's JSON shape."""
    flask_smorest.abort(status, error=error, message=message, **extra)
