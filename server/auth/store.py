"""Account persistence and the sign-in/sign-up throttle (the blueprint stays thin)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, func, or_, select, text
from werkzeug.security import check_password_hash, generate_password_hash

from server.core.throttle import retry_after_seconds
from server.extensions import db
from server.models import SignInFailure, User
from server.models.types import utcnow
from server.reminders.store import reschedule_user

# Checked against when the email is unknown, so a miss costs exactly one KDF run, as a
# wrong password does, and response timing does not reveal which emails have accounts.
# Made once per hash method (per process), never per call.
_DUMMY_HASH: dict[str, str] = {}


@dataclass(frozen=True)
class Attempt:
    """A throttled attempt already on record: its rows, and the wait it must honour."""

    ids: tuple[int, ...]
    wait: int | None


def email_taken(email: str) -> bool:
    return db.session.scalar(select(func.count()).where(User.email == email)) > 0


def create_user(email: str, password: str, time_zone: str, hash_method: str) -> User:
    user = User(
        email=email,
        password_hash=generate_password_hash(password, method=hash_method),
        time_zone=time_zone,
    )
    db.session.add(user)
    db.session.commit()
    return user


def _dummy_hash(hash_method: str) -> str:
    if hash_method not in _DUMMY_HASH:
        _DUMMY_HASH[hash_method] = generate_password_hash(secrets.token_hex(16), hash_method)
    return _DUMMY_HASH[hash_method]


def authenticate(email: str, password: str, hash_method: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        check_password_hash(_dummy_hash(hash_method), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def throttle_keys(email: str, address: str | None) -> tuple[str, str]:
    return f"account:{email}", f"address:{address or 'unknown'}"


def sign_up_key(address: str | None) -> str:
    return f"signup:{address or 'unknown'}"


def begin_attempt(
    keys_and_limits: list[tuple[str, int]], now: datetime, window: timedelta
) -> Attempt:
    """Count earlier attempts and record this one, atomically per key.

    Counting and recording happen in one transaction that attempts on the same key pass
    through one at a time: on PostgreSQL under an advisory lock per key, on SQLite under
    the database's write lock, which the insert takes before the count. So twenty tries at
    once against a limit of five check exactly five passwords (counting first and
    recording after the slow check let 7 to 19 through). A refused attempt is rolled back:
    it checked nothing, so it leaves nothing behind.
    """
    _prune(now - max(window, _longest_window()))
    keys = sorted(key for key, _ in keys_and_limits)
    if db.session.get_bind().dialect.name == "postgresql":
        for key in keys:  # in one order, so two attempts never wait on each other
            db.session.execute(
                text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key}
            )
    rows = [SignInFailure(key=key, at=now) for key in keys]
    db.session.add_all(rows)
    db.session.flush()
    ids = tuple(row.id for row in rows)
    waits = []
    for key, limit in keys_and_limits:
        earlier = db.session.scalars(
            select(SignInFailure.at).where(
                SignInFailure.key == key,
                SignInFailure.at > now - window,
                SignInFailure.id.not_in(ids),
            )
        ).all()
        wait = retry_after_seconds(earlier, now, limit, window)
        if wait is not None:
            waits.append(wait)
    if waits:
        db.session.rollback()
        return Attempt((), max(waits))
    db.session.commit()
    return Attempt(ids, None)


def _prune(before: datetime) -> None:
    # Expired rows go as we go (ix_sign_in_failures_at), so the table stays the size of the
    # window. A transaction of its own: it holds no lock while an attempt is counted.
    db.session.execute(delete(SignInFailure).where(SignInFailure.at <= before))
    db.session.commit()


def forget_attempt(attempt: Attempt, clear_key: str | None = None) -> None:
    """Drop an attempt that should not count (it succeeded); with `clear_key`, also every
    earlier failure under that key (a right password resets the account's count)."""
    condition = SignInFailure.id.in_(attempt.ids)
    if clear_key is not None:
        condition = or_(condition, SignInFailure.key == clear_key)
    db.session.execute(delete(SignInFailure).where(condition))
    db.session.commit()


def _longest_window() -> timedelta:
    # Sign-in and sign-up share the table with different windows; pruning must keep
    # every row that some window still counts.
    config = current_app.config
    seconds = max(config["SIGNIN_WINDOW_SECONDS"], config["SIGNUP_WINDOW_SECONDS"])
    return timedelta(seconds=seconds)


def update_user(user: User, changes: dict[str, Any]) -> User:
    zone_changed = "time_zone" in changes and changes["time_zone"] != user.time_zone
    for name in ("time_zone", "day_start_hour"):
        if name in changes:
            setattr(user, name, changes[name])
    if zone_changed:
        # Reminders fire on the local wall clock: "21:00" means a new instant in a new zone.
        db.session.flush()
        reschedule_user(user.id, utcnow())
    db.session.commit()
    return user
