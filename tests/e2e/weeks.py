"""A summarised week for the browser tests: wins written on the server for last week, then
the weekly job's own recompute for that person, as `flask jobs weekly --week … --user …`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from server.core.weeks import week_label, week_of
from server.extensions import db
from server.jobs.weekly import recompute
from server.models import User, Win
from server.reminders.store import _take_seqs

# (day of the week, text, starred, energy): "said no" on two days makes a theme.
WINS = [
    (0, "Said no to overtime", True, 4),
    (1, "Morning walk in the park", False, 3),
    (2, "said no again, kindly", False, 5),
    (3, "Morning walk with Sam", True, None),
]


@dataclass(frozen=True)
class Week:
    label: str  # "2026-W47"
    monday: date
    user_id: str


def summarised_last_week(live_server, email: str) -> Week:
    app = live_server.app
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None
        now = datetime.now(UTC)
        monday = week_of(now, user.time_zone, user.day_start_hour) - timedelta(days=7)
        first = _take_seqs(user.id, len(WINS))  # so devices pull them like any synced win
        for n, (offset, text, starred, energy) in enumerate(WINS):
            day = monday + timedelta(days=offset)
            db.session.add(
                Win(
                    id=str(uuid.uuid4()),
                    user_id=user.id,
                    server_seq=first + n,
                    field_clock={},
                    text=text,
                    happened_at=datetime.combine(day, time(9 + 3 * n, 0), UTC),
                    local_day=day,
                    tags=["walk"] if "walk" in text else [],
                    starred=starred,
                    energy=energy,
                    deleted=False,
                )
            )
        db.session.commit()
        recompute(now, monday, [user.id])
        week = Week(week_label(monday), monday, user.id)
        db.session.remove()
        return week
