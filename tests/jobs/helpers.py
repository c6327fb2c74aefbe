"""Plain helpers for job tests: users, subscriptions at the loopback push service, reminders."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask

from server.auth import store as auth_store
from server.extensions import db
from server.jobs.tick import TickReport, run_tick
from server.models import Reminder, ReminderDelivery, Win
from server.push import store as push_store
from server.reminders import store as reminder_store
from server.reminders.kinds import reminder_id
from tests.conftest import FAST_HASH
from tests.factories import new_email
from tests.pushservice import LoopbackPushService


def make_user(app: Flask, now: datetime, time_zone: str = "Europe/Berlin") -> str:
    with app.app_context():
        user = auth_store.create_user(new_email(), "correct horse battery", time_zone, FAST_HASH)
        reminder_store.ensure_defaults(user.id, now)
        return user.id


def subscribe(app: Flask, user_id: str, service: LoopbackPushService, now: datetime) -> str:
    info = service.new_subscription()
    with app.app_context():
        push_store.save(user_id, info["endpoint"], info["keys"], None, now, limit=20)
    return info["endpoint"]


def set_reminder(app: Flask, user_id: str, kind: str, now: datetime, **values: Any) -> None:
    """Change a reminder's settings the way a sync would, then reschedule it."""
    with app.app_context():
        row = db.session.get(Reminder, (reminder_id(user_id, kind), user_id))
        for name, value in values.items():
            setattr(row, name, value)
        reminder_store.reschedule([row], now)
        db.session.commit()


def next_fire(app: Flask, user_id: str, kind: str) -> datetime | None:
    with app.app_context():
        return db.session.get(Reminder, (reminder_id(user_id, kind), user_id)).next_fire_at


def tick(app: Flask, now: datetime, **options: Any) -> TickReport:
    with app.app_context():
        try:
            return run_tick(now, **options)
        finally:
            db.session.remove()


def deliveries(app: Flask, user_id: str) -> list[tuple[str, date, str]]:
    with app.app_context():
        rows = db.session.scalars(
            db.select(ReminderDelivery).where(ReminderDelivery.user_id == user_id)
        ).all()
        return sorted((row.kind, row.local_date, row.status) for row in rows)


def add_wins(app: Flask, user_id: str, day: date, count: int, happened_at: datetime) -> None:
    with app.app_context():
        start = 1000 + db.session.query(Win).count()
        for n in range(count):
            db.session.add(
                Win(
                    id=f"00000000-0000-4000-8000-{start + n:012d}",
                    user_id=user_id,
                    server_seq=start + n,
                    field_clock={},
                    text=f"win {n}",
                    happened_at=happened_at,
                    local_day=day,
                    tags=[],
                    starred=False,
                    deleted=False,
                )
            )
        db.session.commit()
