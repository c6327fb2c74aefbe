"""Revocable sessions: the signed cookie names a session, the database decides if it lives.

Flask's cookie is signed, not stored, so on its own it stays valid for its whole lifetime
whatever the server thinks. Here the cookie also carries a random token; the server keeps
only the token's SHA-256 in `user_sessions`. Each request costs one lookup by that unique
hash (joined to its user); a missing or expired row is a 401 at once. Ending a session is
deleting its row, which is all that sign-out, "sign out everywhere" and a password change
need (`revoke_session`, `revoke_all_sessions`).

The session slides like the cookie does: `last_seen_at` and `expires_at` move forward, but
at most every LAST_SEEN_EVERY, so most requests only read.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, has_request_context, session
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.util import identity_key

from server.csrf import rotate_csrf_token
from server.extensions import db
from server.models import User, UserSession
from server.models.types import utcnow
from server.prepared import Prepared

SESSION_KEY = "sid"
LAST_SEEN_EVERY = timedelta(minutes=5)
# Keys Flask-Login keeps in the cookie; dropped together with ours when a session is dead.
_LOGIN_KEYS = ("_user_id", "_fresh", "_id", "_remember", SESSION_KEY)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _current_hash() -> str | None:
    token = session.get(SESSION_KEY)
    return _hash(token) if isinstance(token, str) else None


def start_session(user: User, now: datetime) -> None:
    """Sign `user` in on this browser with a fresh session (never the one it had: fixation)."""
    lifetime = current_app.permanent_session_lifetime
    token = secrets.token_urlsafe(32)
    old = _current_hash()
    if old is not None:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == old))
    # Expired rows go as new ones arrive, so the table stays the size of the live sessions.
    db.session.execute(delete(UserSession).where(UserSession.expires_at <= now))
    db.session.add(
        UserSession(
            token_hash=_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
        )
    )
    db.session.commit()
    session.clear()
    login_user(user, remember=False)
    session[SESSION_KEY] = token
    # A permanent session lasts PERMANENT_SESSION_LIFETIME rather than the browser session,
    # so a phone's installed app does not sign out every time it is swiped away.
    session.permanent = True
    rotate_csrf_token()


def end_current_session() -> None:
    """Sign out this browser: its row goes, so a copy of the cookie is worthless too."""
    current = _current_hash()
    if current is not None:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == current))
        db.session.commit()
    logout_user()
    session.clear()
    rotate_csrf_token()


def revoke_session(user_id: str, session_id: str) -> bool:
    """End one of `user_id`'s sessions by its public id; False when there was none."""
    result = db.session.execute(
        delete(UserSession).where(UserSession.id == session_id, UserSession.user_id == user_id)
    )
    db.session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def revoke_all_sessions(user_id: str, except_current: bool = True) -> int:
    """End every session of `user_id` (keeping this browser's when asked); how many ended."""
    statement = delete(UserSession).where(UserSession.user_id == user_id)
    # Outside a request (a CLI command, a job) there is no current session to keep.
    current = _current_hash() if except_current and has_request_context() else None
    if current is not None:
        statement = statement.where(UserSession.token_hash != current)
    result = db.session.execute(statement)
    db.session.commit()
    return int(result.rowcount)  # type: ignore[attr-defined]


_SESSIONS, _USERS = UserSession.__table__, User.__table__
_USER_COLUMNS = tuple(_USERS.c.keys())
# Every signed-in request runs this, so it is compiled once per dialect (server/prepared.py)
# and the user is built from the row rather than loaded through an ORM query.
_SESSION_AND_USER = Prepared(
    lambda: (
        select(_SESSIONS.c.id, _SESSIONS.c.last_seen_at, _SESSIONS.c.expires_at, _USERS)
        .join(_USERS, _USERS.c.id == _SESSIONS.c.user_id)
        .where(_SESSIONS.c.token_hash == bindparam("token_hash"))
    )
)


def load_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the user only while this cookie's session row lives."""
    current = _current_hash()
    if current is None:
        return None  # a cookie from before revocable sessions, or a hand-made one
    rows = _SESSION_AND_USER.rows({"token_hash": current})
    now = utcnow()
    found = None
    if rows:
        session_id, last_seen_at, expires_at, *user_values = rows[0]
        found = dict(zip(_USER_COLUMNS, user_values, strict=True))
    if found is None or found["id"] != user_id or expires_at <= now:
        for key in _LOGIN_KEYS:
            session.pop(key, None)
        return None
    if now - last_seen_at >= LAST_SEEN_EVERY:
        _touch(session_id, now)
        # The cookie slides with the row: sent again with a new expiry (config.py turns off
        # Flask's re-sending it on every response).
        session.modified = True
    return _attached_user(found)


def _attached_user(values: dict[str, object]) -> User:
    """The User of this row as a persistent instance of the session, as a query would give
    (without a second SELECT; an instance already in the session is the one returned)."""
    key = identity_key(User, values["id"])
    existing = db.session.identity_map.get(key)
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    user = User(**values)
    make_transient_to_detached(user)  # its attributes count as loaded, not as changes
    db.session.add(user)  # attached as persistent: no INSERT, no further query
    return user


def _touch(session_id: str, now: datetime) -> None:
    db.session.execute(
        update(UserSession)
        .where(UserSession.id == session_id)
        .values(last_seen_at=now, expires_at=now + current_app.permanent_session_lifetime)
    )
    try:
        db.session.commit()
    except OperationalError:
        # Best effort: a busy database must not turn a signed-in read into an error;
        # the next request after LAST_SEEN_EVERY tries again.
        db.session.rollback()
