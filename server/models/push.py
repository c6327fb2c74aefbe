"""Push subscriptions (one per browser endpoint) and the ledger of reminder deliveries."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.types import UTCDateTime, new_id, utcnow


class PushSubscription(db.Model):
    """A browser's PushSubscription. The endpoint is unique: a browser that subscribes again
    (or a device that changes hands) updates the row instead of adding one."""

    __tablename__ = "push_subscriptions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    endpoint: Mapped[str] = mapped_column(String(1024), unique=True)
    p256dh: Mapped[str] = mapped_column(String(128))
    auth: Mapped[str] = mapped_column(String(64))
    device_label: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReminderDelivery(db.Model):
    """One reminder occurrence, sent or skipped. The unique (reminder_id, user_id, local_date)
    key is the exactly-once guarantee: the tick inserts this row *before* sending, and a
    conflict means another tick (or an earlier, crashed one) already owns that day's reminder.
    (A reminder's id is unique only within its owner's rows, hence user_id in both keys.)

    Kept for a while, not forever: see prune_deliveries in server/jobs/tick.py."""

    __tablename__ = "reminder_deliveries"
    __table_args__ = (
        UniqueConstraint("reminder_id", "user_id", "local_date"),
        ForeignKeyConstraint(
            ["reminder_id", "user_id"], ["reminders.id", "reminders.user_id"], ondelete="CASCADE"
        ),
        # The retention prune: oldest occurrences first.
        Index("ix_reminder_deliveries_due_at", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reminder_id: Mapped[str] = mapped_column(String(36))
    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    local_date: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # sending -> sent | failed | no_subscriptions; or skipped_stale | skipped_paused.
    status: Mapped[str] = mapped_column(String(20))
    delivered: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PushTestWindow(db.Model):
    """How many test notifications a user asked for in the current window: `POST /push/test`
    sends on request, so it is limited per user in the database (every worker shares it)."""

    __tablename__ = "push_test_windows"

    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    count: Mapped[int] = mapped_column(Integer)
