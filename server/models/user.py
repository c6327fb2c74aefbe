"""Accounts and the sign-in throttle's memory."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.types import UTCDateTime, new_id, utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    # Stored normalised (trimmed, lower-case), so the unique index is case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    day_start_hour: Mapped[int] = mapped_column(Integer, default=4)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SignInFailure(db.Model):
    """One throttled attempt (a failed sign-in, a sign-up), keyed by what it counts
    against ("account:...", "address:...", "signup:..."). Kept in the database so the
    throttle holds across worker processes and restarts."""

    __tablename__ = "sign_in_failures"
    # (key, at) serves the count; (at) serves pruning expired rows across all keys.
    __table_args__ = (
        Index("ix_sign_in_failures_key_at", "key", "at"),
        Index("ix_sign_in_failures_at", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
