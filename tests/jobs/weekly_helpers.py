"""Plain helpers for the weekly summary tests: wins with texts, summaries as stored."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask

from server.extensions import db
from server.models import User, WeeklySummary, Win

MONDAY = date(2026, 11, 16)  # 2026-W47
# Sunday 22 November 18:00 in Berlin (CET) is 17:00 UTC.
DUE = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)


def add_win(app: Flask, user_id: str, day: date, text: str, **values: Any) -> str:
    """A win at 12:00 UTC of `day`, written straight to the table (not through sync)."""
    win_id = str(uuid.uuid4())
    with app.app_context():
        seq = db.session.scalar(sa.select(sa.func.count()).select_from(Win)) + 1
        db.session.add(
            Win(
                id=win_id,
                user_id=user_id,
                server_seq=1_000_000 + seq,
                field_clock={},
                text=text,
                happened_at=datetime.combine(day, time(12, 0), UTC),
                local_day=day,
                tags=values.pop("tags", []),
                starred=values.pop("starred", False),
                deleted=False,
                **values,
            )
        )
        db.session.commit()
    return win_id


def add_week(app: Flask, user_id: str, monday: date = MONDAY) -> None:
    for n, text in enumerate(["Said no to overtime", "Morning walk", "said no again"]):
        add_win(app, user_id, monday + timedelta(days=n), text)


def summaries(app: Flask, user_id: str | None = None) -> list[WeeklySummary]:
    with app.app_context():
        query = sa.select(WeeklySummary).order_by(WeeklySummary.user_id, WeeklySummary.week)
        if user_id is not None:
            query = query.where(WeeklySummary.user_id == user_id)
        rows = list(db.session.scalars(query))
        db.session.expunge_all()
        return rows


def user_email(app: Flask, user_id: str) -> str:
    with app.app_context():
        return db.session.get(User, user_id).email
