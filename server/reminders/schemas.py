"""Schemas for reminders: the synced "reminders" collection's fields and the small REST API."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from server.fields import StrictBoolean, StrictInteger
from server.reminders.kinds import KIND_NAMES, parse_local_time

MAX_PAUSE_DAYS = 30


class LocalTimeField(fields.String):
    """ "HH:MM", 24-hour, on the user's own wall clock."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            parse_local_time(text)
        except ValueError:
            raise ValidationError("Use a 24-hour time like 21:00.") from None
        return text


class WeekdaysField(fields.List):
    """Days of the week, 0=Monday .. 6=Sunday; stored sorted, without repeats."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(StrictInteger(validate=validate.Range(min=0, max=6)), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[int]:
        if isinstance(value, list) and len(value) > 7:
            raise ValidationError("Use at most 7 days.")
        return sorted(set(super()._deserialize(value, attr, data, **kwargs)))


class ReminderFieldsSchema(Schema):
    """The synced fields of a reminder. A device creating one (with its deterministic id, see
    kinds.reminder_id) must send them all; next_fire_at is the server's and never synced."""

    kind = fields.String(required=True, validate=validate.OneOf(KIND_NAMES))
    enabled = StrictBoolean(required=True)
    local_time = LocalTimeField(required=True)
    weekdays = WeekdaysField(required=True)
    deleted = StrictBoolean(load_default=False)


class ReminderSchema(Schema):
    id = fields.String(dump_only=True)
    kind = fields.String(dump_only=True)
    enabled = fields.Boolean(dump_only=True)
    local_time = fields.String(dump_only=True)
    weekdays = fields.List(fields.Integer(), dump_only=True)
    next_fire_at = fields.DateTime(dump_only=True, allow_none=True)


class RemindersSchema(Schema):
    paused_until = fields.DateTime(dump_only=True, allow_none=True)
    reminders = fields.List(fields.Nested(ReminderSchema), dump_only=True)


class PauseSchema(Schema):
    days = StrictInteger(
        required=True,
        validate=validate.Range(
            min=1, max=MAX_PAUSE_DAYS, error=f"Pause for 1 to {MAX_PAUSE_DAYS} days."
        ),
    )
