"""The synced fields of a reflection: the answers to the three questions for one week.

1. What made those moments meaningful?  (meaningful)
2. What patterns are emerging?           (patterns)
3. What's helping you stay consistent?   (consistency)
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from server.core.weeks import parse_week
from server.sync.schemas import StrictBoolean, TrimmedString

MAX_ANSWER = 2000


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
