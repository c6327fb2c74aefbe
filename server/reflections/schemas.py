"""The synced fields of a reflection: the answers to the three questions for one week.

1. What made those moments meaningful?  (meaningful)
2. What patterns are emerging?           (patterns)
3. What's helping you stay consistent?   (consistency)
"""

from __future__ import annotations

import uuid

from marshmallow import Schema, ValidationError, fields, validate

from server.core.weeks import parse_week
from server.fields import StrictBoolean, TrimmedString

MAX_ANSWER = 2000
# Fixed forever: devices name a week's reflection uuid5(namespace, "<user id>:<ISO week>"), so
# two devices answering offline edit one record (each answer merges by last writer).
REFLECTION_NAMESPACE = uuid.UUID("c2a7e0f4-61b9-4d5e-8a3c-7f1d2e9b0a64")


def reflection_id(user_id: str, week: str) -> str:
    return str(uuid.uuid5(REFLECTION_NAMESPACE, f"{user_id}:{week}"))


def _iso_week(value: str) -> None:
    try:
        parse_week(value)
    except ValueError as error:
        raise ValidationError("Use an ISO week like 2026-W47.") from error


def _answer() -> TrimmedString:
    return TrimmedString(
        load_default="",
        validate=validate.Length(max=MAX_ANSWER, error=f"Use at most {MAX_ANSWER} characters."),
    )


class ReflectionFieldsSchema(Schema):
    week = fields.String(required=True, validate=_iso_week)
    meaningful = _answer()
    patterns = _answer()
    consistency = _answer()
    deleted = StrictBoolean(load_default=False)
