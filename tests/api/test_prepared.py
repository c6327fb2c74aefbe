"""Prepared statements (server/prepared.py) behave as `session.execute` would: the same
values back, Python-side column defaults computed per execution, SQLAlchemy's exceptions,
and the cursor events listeners (and the statement-count tests) rely on."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.exc import IntegrityError

from server.extensions import db
from server.models import SyncClient, User, UserSession, Win
from server.prepared import Prepared

NOW = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)
SESSIONS, CLIENTS, WINS = UserSession.__table__, SyncClient.__table__, Win.__table__

_NEW_SESSION = Prepared(
    lambda: sa.insert(SESSIONS).values(
        token_hash=sa.bindparam("token_hash"),
        user_id=sa.bindparam("user_id"),
        expires_at=sa.bindparam("expires_at"),
    )
)
_WINS_OF = Prepared(lambda: sa.select(WINS).where(WINS.c.user_id == sa.bindparam("user_id")))
_NEW_CLIENT = Prepared(
    lambda: sa.insert(CLIENTS).values(
        id=sa.bindparam("id"), user_id=sa.bindparam("user_id"), created_at=NOW, last_seen_at=NOW
    )
)


def a_user() -> str:
    user = User(email="p@example.org", password_hash="x", time_zone="UTC", day_start_hour=4)
    db.session.add(user)
    db.session.flush()
    return user.id


def test_python_side_defaults_are_computed_per_execution(app: Flask) -> None:
    with app.app_context():
        user_id = a_user()
        for token in ("a" * 64, "b" * 64):
            _NEW_SESSION.execute({"token_hash": token, "user_id": user_id, "expires_at": NOW})
        rows = db.session.execute(sa.select(SESSIONS.c.id, SESSIONS.c.created_at)).all()
        assert len({row.id for row in rows}) == 2  # default=new_id ran for each row
        assert all(row.created_at is not None for row in rows)


def test_rows_come_back_as_session_execute_gives_them(app: Flask) -> None:
    with app.app_context():
        user_id = a_user()
        db.session.execute(
            sa.insert(WINS).values(
                id="5d0c8a53-0f8e-4a8e-b1a4-3c5b8f1f2e9d",
                user_id=user_id,
                server_seq=1,
                field_clock={"text": "001795432200000-00000-abc"},
                deleted=False,
                text="Ran 5k",
                happened_at=NOW,
                local_day=NOW.date(),
                tags=["run", "park"],
                starred=True,
                value_ids=[],
                kind="win",
                resurface=True,
            )
        )
        expected = [tuple(row) for row in db.session.execute(sa.select(WINS)).all()]
        got = _WINS_OF.rows({"user_id": user_id})
        assert got == expected
        row = dict(zip(WINS.c.keys(), got[0], strict=True))
        assert row["happened_at"] == NOW and row["happened_at"].tzinfo is not None
        assert row["tags"] == ["run", "park"] and row["starred"] is True


def test_a_driver_error_is_sqlalchemys_and_listeners_hear_each_statement(app: Flask) -> None:
    with app.app_context():
        user_id = a_user()
        heard: list[str] = []

        def listen(conn, cursor, statement, params, context, executemany) -> None:  # noqa: ANN001
            heard.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", listen)
        try:
            _NEW_CLIENT.execute({"id": "c1", "user_id": user_id})
            with pytest.raises(IntegrityError):
                _NEW_CLIENT.execute({"id": "c1", "user_id": user_id})
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", listen)
        db.session.rollback()
        assert len(heard) == 2 and all("INSERT INTO sync_clients" in s for s in heard)
