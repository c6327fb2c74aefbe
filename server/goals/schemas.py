"""The synced fields of a goal: a big goal, its daily small step, and when it is offered."""

from __future__ import annotations

import uuid

from marshmallow import Schema, validate

from server.fields import StrictBoolean, TrimmedString
from server.reminders.schemas import WeekdaysField

MAX_TITLE = 120
MAX_STEP = 120
# Fixed forever. Ticking a goal's step on a day logs the win uuid5(STEP_NAMESPACE,
# "<goal id>:<local day>"), so ticking on two devices offline edits one win, not two; the
# server never computes it, but keeps it here so the contract test pins the client's copy.
STEP_NAMESPACE = uuid.UUID("3f6b8e2a-7c41-4d9e-b05a-2e8c1d7f4a63")


class GoalFieldsSchema(Schema):
    title = TrimmedString(
        required=True,
        validate=validate.Length(min=1, max=MAX_TITLE, error=f"Use 1 to {MAX_TITLE} characters."),
    )
    step = TrimmedString(
        required=True,
        validate=validate.Length(min=1, max=MAX_STEP, error=f"Use 1 to {MAX_STEP} characters."),
    )
    weekdays = WeekdaysField(required=True)
    paused = StrictBoolean(load_default=False)
    archived = StrictBoolean(load_default=False)
    deleted = StrictBoolean(load_default=False)
