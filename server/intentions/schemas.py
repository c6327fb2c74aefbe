"""The synced fields of an intention: what a mutation may set and what devices get back."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from server.sync.schemas import StrictBoolean, TrimmedString

MAX_TEXT = 280


class IntentionFieldsSchema(Schema):
    text = TrimmedString(
        required=True,
        validate=validate.Length(min=1, max=MAX_TEXT, error=f"Use 1 to {MAX_TEXT} characters."),
    )
    local_day = fields.Date(required=True)
    deleted = StrictBoolean(load_default=False)
