"""The weekly reflection: summaries (server-written, synced), per-week word counts (server
only) and reflections (the three questions, written on devices, synced)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.sync import SyncedRecord, sync_seq_index
from server.models.types import UTCDateTime


class WeeklySummary(SyncedRecord, db.Model):
    """One per (user, ISO week); the id is uuid5(user, week) (server/summaries), so a device
    can open /week/2026-W47 from its cache. Written only by the job; devices read it.

    `dirty` is server-only: set by a sync that wrote a win of this week (one statement, see
    server/summaries/store.mark_dirty), cleared when the periodic pass recomputes it."""

    __tablename__ = "weekly_summaries"
    __table_args__ = (
        sync_seq_index("weekly_summaries"),
        # The exactly-once key: two consumers or a restart can never make two.
        UniqueConstraint("user_id", "week", name="uq_weekly_summaries_user_id_week"),
        Index("ix_weekly_summaries_dirty", "dirty"),
    )

    week: Mapped[str] = mapped_column(String(8))
    week_start: Mapped[date] = mapped_column(Date)
    week_end: Mapped[date] = mapped_column(Date)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    dirty: Mapped[bool] = mapped_column(Boolean, default=False)


class WeekWordCounts(db.Model):
    """A week's theme terms (stem or stem pair -> wins containing it), kept so scoring a
    week against the previous eight reads eight small rows, not eight weeks of wins."""

    __tablename__ = "week_word_counts"

    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    week_start: Mapped[date] = mapped_column(Date, primary_key=True)
    wins: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)


class Reflection(SyncedRecord, db.Model):
    """A person's answers to the three questions for one week. Devices name it
    uuid5(namespace, "<user id>:<week>") (server/reflections), so two devices writing offline
    edit one record, and each answer merges by last writer."""

    __tablename__ = "reflections"
    __table_args__ = (
        sync_seq_index("reflections"),
        Index("ix_reflections_user_id_week", "user_id", "week"),
    )

    week: Mapped[str] = mapped_column(String(8))
    meaningful: Mapped[str] = mapped_column(String(2000), default="")
    patterns: Mapped[str] = mapped_column(String(2000), default="")
    consistency: Mapped[str] = mapped_column(String(2000), default="")
