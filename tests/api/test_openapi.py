"""The OpenAPI document tells the truth: error shape, errors, security, formats, methods."""

from __future__ import annotations

import importlib
import pkgutil
import re
from typing import Any

import pytest
from flask import Flask
from marshmallow import Schema, ValidationError, fields

import server
from tests.factories import ApiClient

WRITES = {"post", "put", "patch", "delete"}
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def _spec(app: Flask) -> dict[str, Any]:
    return app.test_client().get("/api/v1/openapi.json").get_json()


def _operations(spec: dict[str, Any]):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method != "parameters":  # path-level parameters, not an operation
                yield path, method, operation


def _response(spec: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in response:
        return spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response


def test_the_documented_error_is_the_one_the_api_sends(app: Flask) -> None:
    spec = _spec(app)
    error = spec["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"error", "message", "fields"}
    assert set(error["required"]) == {"error", "message"}
    for path, method, operation in _operations(spec):
        assert "default" not in operation["responses"], (method, path)
        for status, response in operation["responses"].items():
            if int(status) < 400:
                continue
            schema = _response(spec, response)["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def test_every_state_changing_operation_needs_the_session_and_the_csrf_header(
    app: Flask,
) -> None:
    spec = _spec(app)
    schemes = spec["components"]["securitySchemes"]
    assert schemes["session"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": app.config["SESSION_COOKIE_NAME"],
        "description": schemes["session"]["description"],
    }
    assert (schemes["csrf"]["in"], schemes["csrf"]["name"]) == ("header", "X-CSRF-Token")
    for path, method, operation in _operations(spec):
        if method in WRITES:
            assert operation["security"] == [{"session": [], "csrf": []}], (method, path)
            assert {"403", "503"} <= set(operation["responses"]), (method, path)
        if "requestBody" in operation:
            assert {"400", "413"} <= set(operation["responses"]), (method, path)


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed_in"])
def test_every_operation_documents_what_it_answers_to_an_empty_request(
    app: Flask, signed_in: bool
) -> None:
    # The fuzz test goes further; this one runs with the quick suite and names the operation.
    spec = _spec(app)
    api = ApiClient(app.test_client())
    if signed_in:
        api.sign_up()
    for path, method, operation in _operations(spec):
        body = {} if "requestBody" in operation else None
        response = api.send(method.upper(), path, body)
        assert str(response.status_code) in operation["responses"], (method, path, response.json)
        if not signed_in and operation.get("security") == [{"session": []}]:
            assert response.status_code == 401, (method, path)  # a signed-in read


def test_push_subscribe_documents_both_success_statuses(app: Flask) -> None:
    responses = _spec(app)["paths"]["/api/v1/push/subscriptions"]["post"]["responses"]
    for status in ("200", "201"):
        schema = responses[status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/SubscriptionEnvelope"}


def test_the_formats_the_server_enforces_are_documented(app: Flask) -> None:
    schemas = _spec(app)["components"]["schemas"]
    uuid = {"type": "string", "format": "uuid"}
    for schema, name in [("SyncRequest", "client_id"), ("Mutation", "record_id")]:
        prop = schemas[schema]["properties"][name]
        assert uuid.items() <= prop.items(), (schema, name)
        assert prop["pattern"].startswith("^[0-9a-f]{8}-")
    for schema in ("SignUp", "UpdateMe"):
        assert schemas[schema]["properties"]["time_zone"]["format"] == "iana-time-zone"
    keys = schemas["SubscriptionKeys"]["properties"]
    assert (keys["p256dh"]["minLength"], keys["p256dh"]["maxLength"]) == (87, 88)
    assert (keys["auth"]["minLength"], keys["auth"]["maxLength"]) == (22, 24)
    assert schemas["SignUp"]["properties"]["password"]["minLength"] == 10
    assert schemas["UpdateMe"]["properties"]["day_start_hour"] == {
        "type": "integer",
        "minimum": 0,
        "maximum": 12,
    }
    assert schemas["Pause"]["properties"]["days"]["maximum"] == 30


def test_a_wrong_method_on_any_api_path_is_a_json_405_with_allow(app: Flask) -> None:
    allowed: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            # Any value will do for a path's variables: the method is refused before they matter.
            path = re.sub(r"<[^>]+>", "x", rule.rule)
            allowed.setdefault(path, set()).update(rule.methods or ())
    assert len(allowed) >= 10
    client = app.test_client()
    for path, methods in allowed.items():
        for method in sorted(set(METHODS) - methods):
            # No CSRF header: a wrong method is answered before the CSRF check.
            response = client.open(path, method=method)
            assert response.status_code == 405, (method, path)
            assert set(response.headers["Allow"].split(", ")) == methods, (method, path)
            assert response.get_json()["error"] == "method_not_allowed"


def test_an_unknown_api_path_is_still_a_json_404(app: Flask) -> None:
    for path in ("/api", "/api/", "/api/v1/nothing-here", "/api/v2/sync"):
        response = app.test_client().post(path)
        assert response.status_code == 404, path
        assert response.get_json()["error"] == "not_found"


@pytest.mark.parametrize("hour", [2.589e-42, 3.0, "3", True, None])
def test_day_start_hour_must_be_a_whole_number(user_api: ApiClient, hour: Any) -> None:
    response = user_api.patch("/api/v1/auth/me", {"day_start_hour": hour})
    assert response.status_code == 400
    assert "day_start_hour" in response.get_json()["fields"]
    assert user_api.get("/api/v1/auth/me").get_json()["user"]["day_start_hour"] == 4


def _schemas_the_api_reads(app: Flask) -> set[type[Schema]]:
    """Request bodies (from the routes) and synced collections' fields (*FieldsSchema)."""
    for module in pkgutil.walk_packages(server.__path__, "server."):
        importlib.import_module(module.name)
    found: set[type[Schema]] = set()
    for view in app.view_functions.values():
        for parameter in getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", []):
            schema = parameter["schema"]  # a class, or an instance made once (sync)
            found.add(schema if isinstance(schema, type) else type(schema))
    pending = list(Schema.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("server.") and cls.__name__.endswith("FieldsSchema"):
            found.add(cls)
    return found


def _loaded_integers(schema: Schema):
    pending = list(schema.fields.items())
    while pending:
        name, field = pending.pop()
        if field.dump_only:
            continue
        if isinstance(field, fields.List):
            pending.append((f"{name}[]", field.inner))
        elif isinstance(field, fields.Nested):
            pending.extend((f"{name}.{key}", inner) for key, inner in field.schema.fields.items())
        elif isinstance(field, fields.Integer):
            yield name, field


def _loads(field: fields.Field, value: Any) -> bool:
    try:
        field.deserialize(value)
    except ValidationError:
        return False
    return True


def test_every_integer_the_api_reads_is_strict(app: Flask) -> None:
    # Lenient marshmallow Integers take 2.589e-42 as 0, "3" as 3 and true as 1.
    schemas = _schemas_the_api_reads(app)
    assert len(schemas) >= 9
    lenient = [
        f"{schema.__module__}.{schema.__name__}.{name}"
        for schema in schemas
        for name, field in _loaded_integers(schema())
        if not field.strict or _loads(field, True)
    ]
    assert lenient == []
