"""The synced fields of an intention: what a mutation may set and what devices get back."""

from __future__ import annotations

import uuid

from marshmallow import Schema, fields, validate

from server.fields import StrictBoolean, TrimmedString

MAX_TEXT = 280
# Fixed forever. Devices make an intention's id as uuid5(NAMESPACE, "<user id>:<day>") so two
# devices writing offline edit one record; the server never computes it, but keeps it here so
# the contract test pins the client's copy.
NAMESPACE = uuid.UUID("9d7c2a54-3e1b-4f6a-8c0d-5b2e7f1a9c36")


class IntentionFieldsSchema(Schema):
    text = TrimmedString(
        required=True,
        validate=validate.Length(min=1, max=MAX_TEXT, error=f"Use 1 to {MAX_TEXT} characters."),
    )
    local_day = fields.Date(required=True)
    deleted = StrictBoolean(load_default=False)
