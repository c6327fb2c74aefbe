"""What each due reminder says, and whether its day is already done: the tick's reads about a
person's day (wins logged, recap closed, the week's summary), one bulk query per kind of fact
for a whole batch of (user, local day) pairs."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Protocol

import sqlalchemy as sa

from server.core.days import local_day
from server.extensions import db
from server.jobs.rowsets import in_rows
from server.jobs.weekly import weekly_reviews
from server.models import Recap, Win
from server.models.types import utcnow
from server.push.messages import reminder_message
from server.push.sender import PushMessage

Key = tuple[str, str]  # (reminder id, user id): a reminder's primary key
Day = tuple[str, date]  # (user id, local day)


class DueReminder(Protocol):
    @property
    def key(self) -> Key: ...

    kind: str
    user_id: str
    due_at: datetime | None
    time_zone: str
    day_start_hour: int


def _day_of(due: DueReminder) -> Day:
    assert due.due_at is not None
    return due.user_id, _local_day(due.due_at, due.time_zone, due.day_start_hour)


# A batch's reminders share few (due time, zone, day start) triples: each is worked out once.
_local_day = lru_cache(maxsize=4096)(local_day)


def wins_on_days(pairs: list[Day]) -> dict[Day, int]:
    """How many (not deleted) wins each (user, local day) has."""
    if not pairs:
        return {}
    query = (
        sa.select(Win.user_id, Win.local_day, sa.func.count())
        .where(in_rows([Win.user_id, Win.local_day], pairs), Win.deleted.is_(False))
        .group_by(Win.user_id, Win.local_day)
    )
    return {(user_id, day): count for user_id, day, count in db.session.execute(query)}


def recapped_days(dues: list[DueReminder]) -> set[Key]:
    """The evening recaps whose day was already looked back on (a live synced recap)."""
    if not dues:
        return set()
    days = {due.key: _day_of(due) for due in dues}
    query = sa.select(Recap.user_id, Recap.local_day).where(
        in_rows([Recap.user_id, Recap.local_day], sorted(set(days.values()))),
        Recap.deleted.is_(False),
    )
    done = {(user_id, day) for user_id, day in db.session.execute(query)}
    return {key for key, day in days.items() if day in done}


def messages_for(sending: list[DueReminder]) -> dict[Key, PushMessage]:
    days = {due.key: _day_of(due) for due in sending if due.due_at is not None}
    counts = wins_on_days(sorted({days[due.key] for due in sending if due.kind == "evening_recap"}))
    reviews = [(d.user_id, d.due_at) for d in sending if d.kind == "weekly_review" and d.due_at]
    weeks = weekly_reviews(reviews, utcnow()) if reviews else {}
    return {
        due.key: reminder_message(due.kind, counts.get(days[due.key], 0), weeks.get(due.user_id))
        for due in sending
    }
