"""A small win: the first synced record. Typed columns, so jobs can query them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Index, SmallInteger, String, true
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.sync import SyncedRecord, sync_seq_index
from server.models.types import UTCDateTime


class Win(SyncedRecord, db.Model):
    __tablename__ = "wins"
    __table_args__ = (
        sync_seq_index("wins"),
        # Days and weeks (summaries, streaks) are asked for by local day, never by instant.
        Index("ix_wins_user_id_local_day", "user_id", "local_day"),
    )

    text: Mapped[str] = mapped_column(String(500))
    happened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Computed by the device from the user's zone and "day starts at" hour at the time.
    local_day: Mapped[date] = mapped_column(Date)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    energy: Mapped[int | None] = mapped_column(SmallInteger)
    note: Mapped[str | None] = mapped_column(String(1000))
    starred: Mapped[bool] = mapped_column(Boolean, default=False)
    goal_id: Mapped[str | None] = mapped_column(String(36))
    # Ids of the person's values this win speaks to (server/wins/schemas.py bounds the list).
    value_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    # "win" or "pause" (written at the mindful pause, at the end of a workday).
    kind: Mapped[str] = mapped_column(String(16), default="win", server_default="win")
    # The day's intention this win fulfils (answered "yes" at the evening recap).
    intention_id: Mapped[str | None] = mapped_column(String(36))
    # "Don't show this again": the win stays in history but never resurfaces (Looking back).
    resurface: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
