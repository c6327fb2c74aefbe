"""A recap: the evening ritual done for one local day ("three good things", what helped, and
whether the morning's intention happened). The good things themselves are wins; this record
says the day was looked back on, so the evening reminder can leave the person in peace."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.sync import SyncedRecord, sync_seq_index
from server.models.types import UTCDateTime


class Recap(SyncedRecord, db.Model):
    """Devices name a day's recap uuid5(namespace, "<user id>:<local day>") (see
    server/recaps/schemas.py), so two devices closing the day offline edit one record."""

    __tablename__ = "recaps"
    __table_args__ = (
        sync_seq_index("recaps"),
        # The reminder tick asks "is today's recap done?" by (user, local day).
        Index("ix_recaps_user_id_local_day", "user_id", "local_day"),
    )

    local_day: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime] = mapped_column(UTCDateTime())
    helped: Mapped[str | None] = mapped_column(String(500))
    # "happened" | "not_today" | None (no intention, or not answered).
    intention: Mapped[str | None] = mapped_column(String(16))
