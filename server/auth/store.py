"""Account persistence and the sign-in throttle (the blueprint stays thin)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from server.core.throttle import retry_after_seconds
from server.extensions import db
from server.models import SignInFailure, User
from server.models.types import utcnow
from server.reminders.store import reschedule_user

# Checked against when the email is unknown, so a miss costs as much time as a hit
# and response timing does not reveal which emails have accounts.
_DUMMY_HASH: dict[str, str] = {}


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


def authenticate(email: str, password: str, hash_method: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        dummy = _DUMMY_HASH.setdefault(hash_method, generate_password_hash("x", hash_method))
        check_password_hash(dummy, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def throttle_keys(email: str, address: str | None) -> tuple[str, str]:
    return f"account:{email}", f"address:{address or 'unknown'}"


def sign_in_wait(
    keys_and_limits: list[tuple[str, int]], now: datetime, window: timedelta
) -> int | None:
    """Longest wait any key imposes, or None when signing in may be tried."""
    waits = []
    for key, limit in keys_and_limits:
        times = db.session.scalars(
            select(SignInFailure.at).where(
                SignInFailure.key == key, SignInFailure.at > now - window
            )
        ).all()
        wait = retry_after_seconds(times, now, limit, window)
        if wait is not None:
            waits.append(wait)
    return max(waits) if waits else None


def record_failure(keys: tuple[str, ...], now: datetime, window: timedelta) -> None:
    # Expired rows are pruned as we go, so the table stays the size of the window.
    db.session.execute(delete(SignInFailure).where(SignInFailure.at <= now - window))
    db.session.add_all(SignInFailure(key=key, at=now) for key in keys)
    db.session.commit()


def clear_failures(key: str) -> None:
    db.session.execute(delete(SignInFailure).where(SignInFailure.key == key))
    db.session.commit()


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
