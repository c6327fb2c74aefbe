"""Server-side sessions: the row that makes a signed cookie worth anything.

The cookie carries a random token; only its SHA-256 is stored, so a copy of the database
cannot be replayed as cookies. Deleting a row ends that session at once: sign-out, "sign out
everywhere" and a password change are all deletes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.types import UTCDateTime, new_id, utcnow


class UserSession(db.Model):
    __tablename__ = "user_sessions"

    # A public handle (for a future "your devices" list); never the token itself.
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    # The one lookup each request makes: unique, so indexed.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Written at most every few minutes (see server/auth/sessions.py), not on every request.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Indexed so expired rows can be pruned without a table scan.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
