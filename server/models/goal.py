"""Goals and values: what a person is working towards and what matters to them. Both are
synced records like wins; wins point at them (goal_id, value_ids), never the other way."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.sync import SyncedRecord


class Goal(SyncedRecord, db.Model):
    """A big goal paired with its daily small step, on chosen weekdays. Ticking the step logs a
    win whose id devices derive from (goal id, day), so two devices ticking offline make one."""

    __tablename__ = "goals"

    title: Mapped[str] = mapped_column(String(120))
    step: Mapped[str] = mapped_column(String(120))
    # 0 = Monday .. 6 = Sunday, as reminders count them.
    weekdays: Mapped[list[int]] = mapped_column(JSON, default=list)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class Value(SyncedRecord, db.Model):
    """A value a person names (health, courage, ...); wins link to values by id."""

    __tablename__ = "user_values"  # "values" is an SQL keyword

    name: Mapped[str] = mapped_column(String(40))
