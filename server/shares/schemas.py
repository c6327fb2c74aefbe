"""What a share request may carry, and how a share is listed."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.core.weeks import parse_week
from server.fields import StrictBoolean, StrictInteger, TrimmedString, UuidString

MAX_RECIPIENT = 80
MAX_EXPIRY_DAYS = 365
KINDS = ("win", "day", "week")


def _iso_week(value: str) -> None:
    try:
        parse_week(value)
    except ValueError as error:
        raise ValidationError("Use an ISO week like 2026-W47.") from error


class NewShareSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    win_id = UuidString(load_default=None)
    day = fields.Date(load_default=None)
    week = fields.String(load_default=None, validate=_iso_week)
    recipient = TrimmedString(
        required=True,
        validate=validate.Length(
            min=1, max=MAX_RECIPIENT, error=f"Use 1 to {MAX_RECIPIENT} characters."
        ),
    )
    with_reflection = StrictBoolean(load_default=False)
    expires_in_days = StrictInteger(
        load_default=None,
        validate=validate.Range(
            min=1, max=MAX_EXPIRY_DAYS, error=f"Use 1 to {MAX_EXPIRY_DAYS} days."
        ),
    )

    @validates_schema
    def _names_its_thing(self, data: dict[str, Any], **_: Any) -> None:
        needed = {"win": "win_id", "day": "day", "week": "week"}.get(data.get("kind", ""))
        if needed and data.get(needed) is None:
            raise ValidationError("Say which one to share.", needed)


class ShareSchema(Schema):
    id = fields.String()
    kind = fields.String()
    target = fields.String()
    recipient = fields.String()
    with_reflection = fields.Boolean()
    created_at = fields.DateTime()
    expires_at = fields.DateTime(allow_none=True)


class CreatedShareSchema(ShareSchema):
    # The link, shown once: only its hash is kept, so it cannot be shown again.
    url = fields.String()


class ShareListSchema(Schema):
    shares = fields.List(fields.Nested(ShareSchema))
