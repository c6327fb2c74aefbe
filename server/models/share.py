"""A share: one win, one day's wins or one weekly review, shown to one named person.

Only a hash of the link's token is kept, so a copy of the database opens no shared page.
The page is a live view of exactly the records named here (see server/shares/page.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.types import UTCDateTime, new_id, utcnow


class Share(db.Model):
    __tablename__ = "shares"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # sha256 of the token, hex: the page looks the share up by it.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    recipient: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(8))  # "win", "day" or "week"
    # What it names: a win id, an ISO day or an ISO week (for display and the list).
    target: Mapped[str] = mapped_column(String(36))
    # The win ids it shows ("win" and "day"): fixed when shared, so a day's share never
    # grows to wins added later.
    record_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    with_reflection: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
