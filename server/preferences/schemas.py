"""The synced fields of a person's preferences (one record per person)."""

from __future__ import annotations

import uuid

from marshmallow import Schema, validate

from server.fields import StrictBoolean, TrimmedString

RESURFACING = ("all", "starred", "off")
DEFAULT_RESURFACING = "all"
# Fixed forever. The one preferences record of a person is uuid5(NAMESPACE, "<user id>"),
# made on the device (so it can be written offline before any pull); code that reads it on
# the server (resurfacing) computes the same id with `record_id`.
NAMESPACE = uuid.UUID("3f6b9e2c-7a41-4d58-b0c3-9e1f5a7d2c84")


def record_id(user_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, user_id))


class PreferenceFieldsSchema(Schema):
    resurfacing = TrimmedString(
        load_default=DEFAULT_RESURFACING,
        validate=validate.OneOf(RESURFACING, error="Pick all, starred or off."),
    )
    deleted = StrictBoolean(load_default=False)
