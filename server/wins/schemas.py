"""The synced fields of a win, and their limits: what a mutation may set and devices get back."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from server.core.wins import MAX_TAGS, local_day_fits, normalise_tags
from server.fields import StrictBoolean, StrictInteger, TrimmedString, UtcInstant, UuidString

MAX_TEXT = 500
MAX_NOTE = 1000
MAX_TAG = 32  # characters in one tag
MIN_ENERGY, MAX_ENERGY = 1, 5
MAX_VALUE_IDS = 10  # values one win links to
# "pause": written at the mindful pause (the end of a workday); every other win is a "win".
KINDS = ("win", "pause")
__all__ = [
    "MAX_ENERGY",
    "MAX_NOTE",
    "MAX_TAG",
    "MAX_TAGS",
    "MAX_TEXT",
    "MAX_VALUE_IDS",
    "MIN_ENERGY",
    "KINDS",
    "WinFieldsSchema",
]


class TagList(fields.List):
    def __init__(self, **kwargs: Any) -> None:
        tag = TrimmedString(
            validate=validate.Length(min=1, max=MAX_TAG, error=f"Use 1 to {MAX_TAG} characters.")
        )
        super().__init__(tag, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[str]:
        # Refuse a long list before checking each item: the work should stay small.
        if isinstance(value, list) and len(value) > 5 * MAX_TAGS:
            raise ValidationError(f"Use at most {MAX_TAGS} tags.")
        tags = normalise_tags(super()._deserialize(value, attr, data, **kwargs))
        if len(tags) > MAX_TAGS:
            raise ValidationError(f"Use at most {MAX_TAGS} tags.")
        return tags


class ValueIdList(fields.List):
    """Ids of the person's values, without repeats. An id need not name a value of this user
    (one may be deleted on another device, or not synced yet): it is only ever looked up among
    the owner's own values, so a stranger's id links to nothing and reveals nothing."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(UuidString(), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[str]:
        if isinstance(value, list) and len(value) > MAX_VALUE_IDS:
            raise ValidationError(f"Link at most {MAX_VALUE_IDS} values.")
        return list(dict.fromkeys(super()._deserialize(value, attr, data, **kwargs)))


class WinFieldsSchema(Schema):
    """A win's user fields: what a mutation may set and what devices get back."""

    text = TrimmedString(
        required=True,
        validate=validate.Length(min=1, max=MAX_TEXT, error=f"Use 1 to {MAX_TEXT} characters."),
    )
    happened_at = UtcInstant(required=True)
    local_day = fields.Date(required=True)
    tags = TagList(load_default=list)
    energy = StrictInteger(
        load_default=None, validate=validate.Range(min=MIN_ENERGY, max=MAX_ENERGY)
    )
    note = TrimmedString(
        load_default=None,
        validate=validate.Length(max=MAX_NOTE, error=f"Use at most {MAX_NOTE} characters."),
    )
    starred = StrictBoolean(load_default=False)
    goal_id = UuidString(load_default=None)  # like value_ids: resolved among the owner's only
    value_ids = ValueIdList(load_default=list)
    kind = fields.String(
        load_default="win", validate=validate.OneOf(KINDS, error="Use win or pause.")
    )
    # The day's intention this win fulfils (the evening recap's "did it happen? yes").
    intention_id = UuidString(load_default=None)
    # False once the person says "don't show this again" about it coming back (Looking back).
    resurface = StrictBoolean(load_default=True)
    deleted = StrictBoolean(load_default=False)

    @validates_schema
    def _day_fits_the_moment(self, data: dict[str, Any], **_: Any) -> None:
        # Always written together, so under per-field last-writer-wins they win or lose together
        # and a record never ends up with one device's moment and another's day.
        if ("happened_at" in data) != ("local_day" in data):
            missing = "local_day" if "happened_at" in data else "happened_at"
            raise ValidationError("Send happened_at and local_day together.", missing)
        if "happened_at" in data and not local_day_fits(data["happened_at"], data["local_day"]):
            raise ValidationError("This day is too far from when it happened.", "local_day")
