"""Reminders (a synced collection, so settings follow the user) and the per-user pause."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.sync import SyncedRecord, sync_seq_index
from server.models.types import UTCDateTime


class Reminder(SyncedRecord, db.Model):
    """One of a user's four reminder kinds. The id is uuid5(user, kind) (see
    server/reminders/kinds.py), so devices and the server always agree on which row is which.

    Synced fields: kind, enabled, local_time ("HH:MM" on the user's wall clock), weekdays
    (0=Mon..6=Sun), deleted. Server-owned, never synced: next_fire_at (UTC, recomputed from the
    wall clock whenever settings, the time zone or the pause change, and by the tick) and
    lease_until (a tick's claim; see server/jobs/tick.py)."""

    __tablename__ = "reminders"
    __table_args__ = (
        sync_seq_index("reminders"),
        # The tick's query: due reminders, earliest first.
        Index("ix_reminders_next_fire_at", "next_fire_at"),
    )

    kind: Mapped[str] = mapped_column(String(32))
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    local_time: Mapped[str] = mapped_column(String(5))
    weekdays: Mapped[list[int]] = mapped_column(JSON, default=list)
    next_fire_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ReminderPrefs(db.Model):
    """Per-user reminder state that is an action rather than a setting: "pause for a week".

    A table of its own rather than a column on users (owned by accounts) or on each reminder
    (a pause is one fact about the person; four copies could disagree). Server-owned: the API
    sets it, GET /api/v1/reminders shows it, every device sees the same value."""

    __tablename__ = "reminder_prefs"

    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
