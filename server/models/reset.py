"""Password reset tokens: single-use, expiring, and stored only as a SHA-256.

The token itself exists only in the email (or the operator's terminal); a copy of the
database cannot be used to reset anyone's password.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.types import UTCDateTime, new_id, utcnow


class PasswordReset(db.Model):
    __tablename__ = "password_resets"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Indexed so expired rows can be pruned without a table scan.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
