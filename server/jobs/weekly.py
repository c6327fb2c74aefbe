"""The weekly summary job: at the end of each person's week, compute and store its summary.

A pass (every 15 minutes, tasks.py; or `flask jobs weekly`) plans, then computes in batches:

1. Plan: for every person, the latest week whose summary is due at `now` (their weekly review
   reminder's time on its last chosen weekday, or Sunday 18:00 local when it is off; see
   core/weeks.py), minus the summaries that exist. Plus the summaries marked dirty by a sync
   that wrote one of their wins (late changes, debounced: many edits, one refresh).
2. Split into batches of `WEEKLY_BATCH_SIZE` users of one week. The periodic task enqueues each
   batch as its own Huey task, so every consumer (on any machine) takes a share.
3. Compute a batch in one transaction: take the users' sync locks, skip summaries that exist
   and are clean (another consumer made them, or this is a replay after a crash), read the
   week's wins, the 28 days before and the stored term counts of eight weeks before in three
   queries, summarise each person in pure code (core/summary.py), write the week's term counts
   and the summaries, commit. UNIQUE (user_id, week) is the exactly-once key.

A crash mid-batch rolls the batch back; the next pass plans those users again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from server.core.days import zone
from server.core.summary import summarise_week
from server.core.weeks import latest_due_week, week_label
from server.extensions import db
from server.models import Reminder, User, WeeklySummary
from server.reminders.kinds import parse_local_time
from server.summaries import store

log = logging.getLogger(__name__)

Batch = tuple[date, list[str]]


@dataclass
class WeeklyReport:
    batches: int = 0
    created: int = 0
    refreshed: int = 0
    already: int = 0  # existed and clean: made by another consumer or an earlier run
    missing: int = 0  # users gone since planning

    def add(self, other: WeeklyReport) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    def __str__(self) -> str:
        return (
            f"batches {self.batches}: {self.created} created, {self.refreshed} refreshed, "
            f"{self.already} already there"
        )


def run_weekly(
    now: datetime,
    *,
    batch_size: int | None = None,
    enqueue: Callable[[date, list[str]], None] | None = None,
) -> WeeklyReport:
    """One pass: plan due and dirty summaries, then compute each batch here or `enqueue` it."""
    size = batch_size or current_app.config["WEEKLY_BATCH_SIZE"]
    report = WeeklyReport()
    for monday, user_ids in plan_due(now, size) + plan_dirty(size):
        report.batches += 1
        if enqueue is not None:
            enqueue(monday, user_ids)
        else:
            report.add(compute_batch(user_ids, monday, now))
    return report


def recompute(
    now: datetime, monday: date | None, user_ids: list[str] | None, batch_size: int | None = None
) -> dict[str, WeeklyReport]:
    """`flask jobs weekly --week/--user`: (re)compute, existing summaries included. Without
    a week, each person's latest due week; without users, everyone. Reports per week."""
    size = batch_size or current_app.config["WEEKLY_BATCH_SIZE"]
    weeks: dict[date, list[str]] = defaultdict(list)
    for user_id, due in _latest_due(now, user_ids).items():
        weeks[monday or due].append(user_id)
    reports: dict[str, WeeklyReport] = {}
    for week_monday, ids in sorted(weeks.items()):
        report = reports.setdefault(week_label(week_monday), WeeklyReport())
        for batch in _chunks(ids, size):
            report.batches += 1
            report.add(compute_batch(batch, week_monday, now, force=True))
    return reports


def plan_due(now: datetime, batch_size: int) -> list[Batch]:
    """Batches of users whose latest due week has no summary yet."""
    due = _latest_due(now, None)
    by_week: dict[date, list[str]] = defaultdict(list)
    for user_id, monday in due.items():
        by_week[monday].append(user_id)
    s = WeeklySummary.__table__
    labels = {week_label(monday): monday for monday in by_week}
    done = set(db.session.execute(sa.select(s.c.user_id, s.c.week).where(s.c.week.in_(labels))))
    batches = []
    for monday, ids in sorted(by_week.items()):
        todo = sorted(u for u in ids if (u, week_label(monday)) not in done)
        batches.extend((monday, chunk) for chunk in _chunks(todo, batch_size))
    return batches


def plan_dirty(batch_size: int) -> list[Batch]:
    """Batches of summaries a late change marked dirty."""
    s = WeeklySummary.__table__
    rows = db.session.execute(sa.select(s.c.week_start, s.c.user_id).where(s.c.dirty.is_(True)))
    by_week: dict[date, list[str]] = defaultdict(list)
    for monday, user_id in rows:
        by_week[monday].append(user_id)
    return [
        (monday, chunk)
        for monday, ids in sorted(by_week.items())
        for chunk in _chunks(sorted(ids), batch_size)
    ]


def _latest_due(now: datetime, user_ids: list[str] | None) -> dict[str, date]:
    """user id -> Monday of the latest week whose summary is due at `now`."""
    u, r = User.__table__, Reminder.__table__
    review = sa.and_(r.c.user_id == u.c.id, r.c.kind == "weekly_review", r.c.deleted.is_(False))
    query = sa.select(
        u.c.id, u.c.time_zone, u.c.day_start_hour, r.c.enabled, r.c.local_time, r.c.weekdays
    ).outerjoin(r, review)
    if user_ids is not None:
        query = query.where(u.c.id.in_(user_ids))
    due = {}
    for row in db.session.execute(query):
        review_time = parse_local_time(row.local_time) if row.enabled else None
        weekdays = frozenset(row.weekdays or ())
        try:
            due[row.id] = latest_due_week(
                now, row.time_zone, row.day_start_hour, review_time, weekdays
            )
        except ValueError:  # a zone this machine's tz database lacks: skip, say so
            log.warning("weekly: cannot place user %s in time zone %r", row.id, row.time_zone)
    return due


def compute_batch(
    user_ids: list[str], monday: date, now: datetime, *, force: bool = False
) -> WeeklyReport:
    """Compute and store the summaries of `monday`'s week for these users (see module doc)."""
    report = WeeklyReport()
    week = week_label(monday)
    db.session.commit()  # a fresh transaction: SQLite must not upgrade an old read snapshot
    try:
        people = store.people(user_ids)
        report.missing = len(set(user_ids) - people.keys())
        ids = sorted(people)
        if ids:
            store.lock_users(ids)
        stored = store.existing(ids, week)
        todo = [u for u in ids if u not in stored or stored[u] or force]
        report.already = len(ids) - len(todo)
        if todo:
            _compute(todo, monday, week, people, set(stored), now)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    report.created = sum(1 for u in todo if u not in stored)
    report.refreshed = len(todo) - report.created
    return report


def _compute(
    todo: list[str],
    monday: date,
    week: str,
    people: dict[str, tuple[str, int]],
    stored: set[str],
    now: datetime,
) -> None:
    wins = store.week_wins(todo, monday)
    earlier = store.earlier_day_counts(todo, monday)
    past = store.history(todo, monday)
    data, counts = {}, {}
    for user_id in todo:
        mine = wins.get(user_id, [])
        summary = summarise_week(
            mine, monday, zone(people[user_id][0]), earlier.get(user_id, {}), past.get(user_id, [])
        )
        data[user_id] = summary.to_dict()
        if mine:
            counts[user_id] = (len(mine), dict(summary.term_counts))
    store.save_counts(monday, counts)
    store.save_summaries(monday, week, data, stored & set(todo), now)


def weekly_reviews(reviews: list[tuple[str, datetime]], now: datetime) -> dict[str, str | None]:
    """For weekly review pushes about to be sent: user id -> the ISO week of the summary they
    may open, computed first where it does not exist yet (a push never promises a review that
    isn't there); None when that week held no wins (nothing to open, so nothing promised)."""
    by_due: dict[datetime, list[str]] = defaultdict(list)
    for user_id, due_at in reviews:
        by_due[due_at].append(user_id)
    by_week: dict[date, list[str]] = defaultdict(list)
    for due_at, user_ids in by_due.items():  # one query per occurrence time, not per person
        for user_id, monday in _latest_due(due_at + timedelta(seconds=1), user_ids).items():
            by_week[monday].append(user_id)
    ready: dict[str, str | None] = {}
    s = WeeklySummary.__table__
    for monday, ids in by_week.items():
        week = week_label(monday)
        compute_batch(ids, monday, now)  # makes only the missing ones
        rows = db.session.execute(
            sa.select(s.c.user_id, s.c.data).where(s.c.user_id.in_(ids), s.c.week == week)
        )
        ready.update({user_id: week if data.get("wins") else None for user_id, data in rows})
    return ready


def _chunks(ids: list[str], size: int) -> list[list[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]
