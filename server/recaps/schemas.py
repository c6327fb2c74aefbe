"""The synced fields of a recap: what a mutation may set and what devices get back."""

from __future__ import annotations

import uuid

from marshmallow import Schema, fields, validate

from server.fields import StrictBoolean, TrimmedString, UtcInstant

MAX_HELPED = 500
INTENTION_ANSWERS = ("happened", "not_today")
# Fixed forever. Devices make a recap's id as uuid5(NAMESPACE, "<user id>:<day>") so two devices
# closing the same day offline edit one record; the win for "yes, it happened" is
# uuid5(NAMESPACE, "<user id>:<day>:intention") for the same reason. The server never computes
# them, but keeps the namespace here so the contract test pins the client's copy.
NAMESPACE = uuid.UUID("3f6d8b1e-2a4c-4e7f-9b15-6c0a7d2e8f43")


class RecapFieldsSchema(Schema):
    local_day = fields.Date(required=True)
    done_at = UtcInstant(required=True)
    helped = TrimmedString(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=MAX_HELPED, error=f"Use at most {MAX_HELPED} characters."),
    )
    intention = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(INTENTION_ANSWERS, error="Use happened or not_today."),
    )
    deleted = StrictBoolean(load_default=False)
