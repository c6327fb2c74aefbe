"""An intention: the one win a person hopes to look back on today (the morning reminder's
answer). A synced record like a win, so it is written offline and follows the person."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.sync import SyncedRecord, sync_seq_index


class Intention(SyncedRecord, db.Model):
    """Devices name a day's intention uuid5(namespace, "<user id>:<local day>") (see
    server/intentions/schemas.py), so two devices writing offline edit one record, not two."""

    __tablename__ = "intentions"
    __table_args__ = (
        sync_seq_index("intentions"),
        # Today's screen and later summaries ask by local day.
        Index("ix_intentions_user_id_local_day", "user_id", "local_day"),
    )

    text: Mapped[str] = mapped_column(String(280))
    # The person's day (zone and "day starts at" applied) when the intention was set.
    local_day: Mapped[date] = mapped_column(Date)
