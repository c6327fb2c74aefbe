"""The account's life after sign-up: password and email changes, reset tokens, deletion.

Reset tokens are 256 random bits, sent to the person and stored only as SHA-256; a token is
deleted when used, so it works once, and it stops working at `expires_at`. Asking for a new
one drops the person's older ones: only the latest link works.

Deleting an account removes every row that is theirs: the user row's foreign keys cascade to
records, sessions, devices (and their rejections), subscriptions, deliveries and reset tokens,
but every table is also cleared explicitly here, so the outcome does not depend on the database
enforcing cascades (SQLite only does with a pragma). Throttle rows are keyed by text
("account:<email>", "password:<user id>"), not by a foreign key, and are removed by key.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from server.extensions import db
from server.models import PasswordReset, SignInFailure, User

RESET_TOKEN_BYTES = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def password_matches(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def set_password(user: User, password: str, hash_method: str) -> None:
    user.password_hash = generate_password_hash(password, method=hash_method)
    # A new password makes every outstanding reset link pointless.
    db.session.execute(delete(PasswordReset).where(PasswordReset.user_id == user.id))
    db.session.commit()


def change_email(user: User, email: str) -> bool:
    """Give `user` the (normalised) `email`; False when another account has it."""
    taken = db.session.scalar(select(func.count()).where(User.email == email, User.id != user.id))
    if taken:
        return False
    old = user.email
    user.email = email
    try:
        db.session.flush()
    except IntegrityError:  # taken between the check and the write
        db.session.rollback()
        return False
    # The sign-in throttle's memory of the old address is theirs too.
    db.session.execute(delete(SignInFailure).where(SignInFailure.key == f"account:{old}"))
    db.session.commit()
    return True


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def issue_reset_token(user: User, now: datetime, lifetime: timedelta) -> str:
    """A new reset token for `user` (older ones dropped); only its hash is stored."""
    token = secrets.token_urlsafe(RESET_TOKEN_BYTES)
    db.session.execute(
        delete(PasswordReset).where(
            or_(PasswordReset.user_id == user.id, PasswordReset.expires_at <= now)
        )
    )
    db.session.add(
        PasswordReset(
            token_hash=_hash(token), user_id=user.id, created_at=now, expires_at=now + lifetime
        )
    )
    db.session.commit()
    return token


def redeem_reset_token(token: str, now: datetime) -> User | None:
    """The user a live token belongs to, consuming the token; None when unknown, used or
    expired. The delete is the claim: of two requests with one token only one deletes it."""
    row = db.session.scalar(select(PasswordReset).where(PasswordReset.token_hash == _hash(token)))
    if row is None:
        return None
    result = db.session.execute(delete(PasswordReset).where(PasswordReset.id == row.id))
    if not result.rowcount or row.expires_at <= now:  # type: ignore[attr-defined]
        db.session.commit()
        return None
    # Not committed yet: set_password commits the claim together with the new password.
    return db.session.get(User, row.user_id)


def keep_reset_token() -> None:
    """Undo an uncommitted claim (the new password was refused), so the link still works."""
    db.session.rollback()


def throttle_keys_of(user: User) -> list[str]:
    return [f"account:{user.email}", f"password:{user.id}", f"reset:{user.email}"]


def delete_account(user: User) -> None:
    """Remove the person and everything that is theirs, in one transaction.

    Walks the metadata rather than a list of models, so a table added later (shares,
    summaries) is covered the day it exists: dependents first, each table with a `user_id`
    column by that column, and a table without one (a device's rejections) through its
    foreign key to a table that has it.
    """
    user_id = user.id
    for table in reversed(db.metadata.sorted_tables):
        if table.name == User.__tablename__:
            continue
        if "user_id" in table.c:
            db.session.execute(table.delete().where(table.c.user_id == user_id))
            continue
        for fk in table.foreign_keys:
            parent = fk.column.table
            if "user_id" in parent.c and parent.name != User.__tablename__:
                owned = select(fk.column).where(parent.c.user_id == user_id)
                db.session.execute(table.delete().where(fk.parent.in_(owned)))
    keys = throttle_keys_of(user)
    db.session.execute(delete(SignInFailure).where(SignInFailure.key.in_(keys)))
    db.session.execute(delete(User).where(User.id == user_id))
    db.session.commit()
