"""Marshmallow schemas at the sync boundary: the protocol envelope (collections' fields live
in their own packages, e.g. server/wins/schemas.py).

The envelope (ids, cursor, versions) is written by the client's sync engine, so a malformed
one is a bug and the whole request is a 400. A mutation's `fields` come from what a person
typed, so they are checked per mutation by the collection's schema, and a bad one becomes a
`rejected` entry while the rest of the batch goes through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema
from werkzeug.exceptions import HTTPException

from server.core.sync_rules import (
    CURRENT_SCHEMA_VERSION,
    OLDEST_SCHEMA_VERSION,
    strictly_increasing,
    version_verdict,
)
from server.fields import UUID_FORM, StrictInteger, UuidString

MAX_MUTATIONS = 200
MAX_PAGE = 1000
DEFAULT_PAGE = 500
MAX_BIGINT = 2**63 - 1


class UpdateRequired(HTTPException):
    """426 Upgrade Required, which werkzeug has no class for; the API renders it as JSON."""

    code = 426

    def __init__(self) -> None:
        super().__init__()
        self.data = {
            "error": "update_required",
            "message": "Small Wins has been updated. Please reload to keep syncing.",
        }


class MutationSchema(Schema):
    """One outbox entry. Documents the shape; MutationList does the checking."""

    id = StrictInteger(required=True, validate=validate.Range(min=1, max=MAX_BIGINT))
    collection = fields.String(required=True, validate=validate.Length(min=1, max=64))
    record_id = UuidString(required=True)
    # Checked by the collection's schema, per mutation (see the module docstring).
    fields_ = fields.Dict(required=True, data_key="fields", attribute="fields")
    # Any string: a malformed stamp rejects only its own mutation.
    hlc = fields.String(required=True)


_MUTATION_CHECKS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "id": (
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= MAX_BIGINT,
        "Use a whole number of at least 1.",
    ),
    "collection": (lambda v: isinstance(v, str) and 1 <= len(v) <= 64, "Use 1 to 64 characters."),
    "record_id": (
        lambda v: isinstance(v, str) and UUID_FORM.fullmatch(v) is not None,
        "Use a lower-case UUID (8-4-4-4-12 hex digits).",
    ),
    "fields": (lambda v: isinstance(v, dict), "Send an object of field values."),
    "hlc": (lambda v: isinstance(v, str), "Not a valid string."),
}


def _mutation_problems(item: Any) -> dict[str, list[str]]:
    if not isinstance(item, dict):
        return {"_schema": ["Send each mutation as an object."]}
    problems = {key: ["Unknown field."] for key in item.keys() - _MUTATION_CHECKS.keys()}
    for key, (valid, message) in _MUTATION_CHECKS.items():
        if key not in item:
            problems[key] = ["Missing data for required field."]
        elif not valid(item[key]):
            problems[key] = [message]
    return problems


class MutationList(fields.List):
    """A list of MutationSchema, as the OpenAPI document says, checked by plain code.

    A device back from weeks offline sends thousands of mutations; marshmallow's per-field
    machinery cost about 20 µs a mutation here against about 2 µs for these checks. Each
    rule above mirrors a MutationSchema field; tests/api/test_sync_inputs.py covers them."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(fields.Nested(MutationSchema), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[dict]:
        if not isinstance(value, list):
            raise self.make_error("invalid")
        if len(value) > MAX_MUTATIONS:
            raise ValidationError(f"Send at most {MAX_MUTATIONS} mutations at once.")
        errors = {}
        for index, item in enumerate(value):
            problems = _mutation_problems(item)
            if problems:
                errors[index] = problems
        if errors:
            raise ValidationError(errors)
        return value


class SyncRequestSchema(Schema):
    # Unstorable text in a mutation rejects that mutation alone (server/sync/store.py).
    TEXT_CHECKED_PER_ITEM = ("mutations",)

    client_id = UuidString(required=True)
    # Checked in _check_before_parsing; documented here. Older than the minimum answers 426.
    schema_version = StrictInteger(
        required=True,
        metadata={"minimum": OLDEST_SCHEMA_VERSION, "maximum": CURRENT_SCHEMA_VERSION},
    )
    cursor = StrictInteger(required=True, validate=validate.Range(min=0, max=MAX_BIGINT))
    mutations = MutationList(load_default=list)
    limit = StrictInteger(load_default=DEFAULT_PAGE, validate=validate.Range(min=1, max=MAX_PAGE))
    # The highest `acked` the device has applied: rejections up to it were heard (optional).
    acked = StrictInteger(load_default=0, validate=validate.Range(min=0, max=MAX_BIGINT))

    @pre_load
    def _check_before_parsing(self, data: Any, **_: Any) -> Any:
        if not isinstance(data, dict):
            return data
        version = data.get("schema_version")
        # Checked first: an old client may send a shape this version no longer parses, and it
        # must hear "please update" rather than a list of field errors it cannot act on.
        if isinstance(version, int) and not isinstance(version, bool):
            verdict = version_verdict(version)
            if verdict == "update_required":
                raise UpdateRequired()
            if verdict == "too_new":
                raise ValidationError(
                    f"This server speaks up to version {CURRENT_SCHEMA_VERSION}.", "schema_version"
                )
        return data

    @validates_schema
    def _in_order(self, data: dict[str, Any], **_: Any) -> None:
        if not strictly_increasing([mutation["id"] for mutation in data["mutations"]]):
            raise ValidationError("Mutation ids must increase within a request.", "mutations")


class RejectedSchema(Schema):
    id = fields.Integer()
    collection = fields.String()
    record_id = fields.String()
    error = fields.String()
    message = fields.String()
    fields_ = fields.Dict(data_key="fields", attribute="fields")


class ChangeSchema(Schema):
    collection = fields.String()
    record_id = fields.String()
    server_seq = fields.Integer()
    hlc = fields.String()
    fields_ = fields.Dict(data_key="fields", attribute="fields")


class SyncResponseSchema(Schema):
    acked = fields.Integer()
    rejected = fields.List(fields.Nested(RejectedSchema))
    changes = fields.List(fields.Nested(ChangeSchema))
    cursor = fields.Integer()
    has_more = fields.Boolean()
    reset = fields.Boolean()
    server_time_ms = fields.Integer()
