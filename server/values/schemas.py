"""The synced fields of a value: just its name."""

from __future__ import annotations

from marshmallow import Schema, validate

from server.fields import StrictBoolean, TrimmedString

MAX_NAME = 40


class ValueFieldsSchema(Schema):
    name = TrimmedString(
        required=True,
        validate=validate.Length(min=1, max=MAX_NAME, error=f"Use 1 to {MAX_NAME} characters."),
    )
    deleted = StrictBoolean(load_default=False)
