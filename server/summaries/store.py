"""Reading a batch's inputs and writing its summaries, in bulk (a few statements per batch).

The write holds the sync lock of every user in the batch (their sync counter rows, taken in
user id order so two consumers never deadlock), checks which summaries already exist under
that lock, and inserts the rest under UNIQUE (user_id, week): so a second consumer or a
restarted one finds the first one's rows and makes none, and a sync never interleaves with a
summary of the same person's wins."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from server.core.clock import Timestamp
from server.core.summary import WinFacts
from server.core.themes import HISTORY_WEEKS
from server.extensions import db
from server.models import SyncCounter, User, WeeklySummary, WeekWordCounts, Win
from server.prepared import PreparedFamily

# Fixed forever: a summary's id is uuid5(namespace, "<user id>:<ISO week>").
SUMMARY_NAMESPACE = uuid.UUID("0d3f6a52-2b8e-4c36-9f1e-5a7c1b9e4d20")
SERVER_NODE = "server"
SYNCED_FIELDS = ("week", "week_start", "week_end", "data", "computed_at", "deleted")


def summary_id(user_id: str, week: str) -> str:
    return str(uuid.uuid5(SUMMARY_NAMESPACE, f"{user_id}:{week}"))


def mark_dirty(user_id: str, win_ids: list[str], now: datetime) -> None:
    """After a sync wrote wins: flag the summaries of the weeks they now fall in, in one
    statement (per 200 wins), so the periodic pass refreshes each once however many edits
    came (debounce)."""
    for start in range(0, len(win_ids), 200):  # each size is a statement kept once
        chunk = win_ids[start : start + 200]
        params = {f"id_{n}": win_id for n, win_id in enumerate(chunk)}
        _MARK_DIRTY[len(chunk)].execute({**params, "user_id": user_id})


def _mark_dirty_statement(count: int) -> sa.Update:
    s, w = WeeklySummary.__table__, Win.__table__
    user_id = sa.bindparam("user_id")
    touched = sa.exists().where(
        w.c.user_id == user_id,  # record ids are unique per owner only
        w.c.id.in_([sa.bindparam(f"id_{n}") for n in range(count)]),
        w.c.local_day >= s.c.week_start,
        w.c.local_day <= s.c.week_end,
    )
    unmarked = s.update().where(s.c.user_id == user_id, s.c.dirty.is_(False), touched)
    return unmarked.values(dirty=True)


# Runs on every sync that writes wins: one statement per batch size, compiled once per dialect.
_MARK_DIRTY = PreparedFamily(_mark_dirty_statement)


def _dialect() -> Any:
    return postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite


def lock_users(user_ids: list[str]) -> None:
    """Take the sync lock of each user, in id order. Starts with a write, so on SQLite the
    transaction holds the write lock from its first statement."""
    counters = SyncCounter.__table__
    insert = _dialect().insert(counters).on_conflict_do_nothing()
    db.session.execute(insert, [{"user_id": user_id, "seq": 0} for user_id in user_ids])
    db.session.execute(
        sa.select(counters.c.user_id)
        .where(counters.c.user_id.in_(user_ids))
        .order_by(counters.c.user_id)
        .with_for_update()  # PostgreSQL; SQLite renders nothing and is already locked
    )


def existing(user_ids: list[str], week: str) -> dict[str, bool]:
    """user id -> dirty, for the summaries of `week` that exist."""
    s = WeeklySummary.__table__
    query = sa.select(s.c.user_id, s.c.dirty).where(s.c.user_id.in_(user_ids), s.c.week == week)
    return {user_id: dirty for user_id, dirty in db.session.execute(query)}


def people(user_ids: list[str]) -> dict[str, tuple[str, int]]:
    u = User.__table__
    query = sa.select(u.c.id, u.c.time_zone, u.c.day_start_hour).where(u.c.id.in_(user_ids))
    return {row.id: (row.time_zone, row.day_start_hour) for row in db.session.execute(query)}


def week_wins(user_ids: list[str], monday: date) -> dict[str, list[WinFacts]]:
    w = Win.__table__
    query = sa.select(
        w.c.user_id,
        w.c.id,
        w.c.text,
        w.c.happened_at,
        w.c.local_day,
        w.c.tags,
        w.c.energy,
        w.c.starred,
        w.c.goal_id,
    ).where(
        w.c.user_id.in_(user_ids),
        w.c.local_day.between(monday, monday + timedelta(days=6)),
        w.c.deleted.is_(False),
    )
    wins: dict[str, list[WinFacts]] = defaultdict(list)
    for row in db.session.execute(query):
        wins[row[0]].append(WinFacts(*row[1:]))
    return wins


def earlier_day_counts(user_ids: list[str], monday: date) -> dict[str, dict[date, int]]:
    """Wins per local day in the four weeks before `monday` (the person's usual)."""
    w = Win.__table__
    query = (
        sa.select(w.c.user_id, w.c.local_day, sa.func.count())
        .where(
            w.c.user_id.in_(user_ids),
            w.c.local_day.between(monday - timedelta(days=28), monday - timedelta(days=1)),
            w.c.deleted.is_(False),
        )
        .group_by(w.c.user_id, w.c.local_day)
    )
    counts: dict[str, dict[date, int]] = defaultdict(dict)
    for user_id, day, count in db.session.execute(query):
        counts[user_id][day] = count
    return counts


def history(user_ids: list[str], monday: date) -> dict[str, list[dict[str, int]]]:
    """Stored term counts of the eight weeks before `monday`, oldest first (missing = none)."""
    t = WeekWordCounts.__table__
    first = monday - timedelta(days=7 * HISTORY_WEEKS)
    query = sa.select(t.c.user_id, t.c.week_start, t.c.counts).where(
        t.c.user_id.in_(user_ids), t.c.week_start >= first, t.c.week_start < monday
    )
    weeks: dict[str, list[tuple[date, dict[str, int]]]] = defaultdict(list)
    for user_id, week_start, counts in db.session.execute(query):
        weeks[user_id].append((week_start, counts))
    return {user_id: [c for _, c in sorted(rows)] for user_id, rows in weeks.items()}


def save_counts(monday: date, counts: dict[str, tuple[int, dict[str, int]]]) -> None:
    """Replace this week's stored term counts for these users."""
    if not counts:
        return
    t = WeekWordCounts.__table__
    db.session.execute(t.delete().where(t.c.user_id.in_(list(counts)), t.c.week_start == monday))
    rows = [
        {"user_id": user_id, "week_start": monday, "wins": wins, "counts": terms}
        for user_id, (wins, terms) in counts.items()
    ]
    db.session.execute(sa.insert(t), rows)


def save_summaries(
    monday: date, week: str, data: dict[str, dict[str, Any]], stored: set[str], now: datetime
) -> None:
    """Insert new summaries and overwrite `stored` ones, each under a fresh server_seq of its
    owner (caller holds their locks, see lock_users)."""
    if not data:
        return
    counters, s = SyncCounter.__table__, WeeklySummary.__table__
    bump = (
        counters.update()
        .where(counters.c.user_id.in_(list(data)))
        .values(seq=counters.c.seq + 1)
        .returning(counters.c.user_id, counters.c.seq)
    )
    seqs = {user_id: seq for user_id, seq in db.session.execute(bump)}
    stamp = Timestamp(int(now.timestamp() * 1000), 0, SERVER_NODE).pack()
    clock = dict.fromkeys(SYNCED_FIELDS, stamp)
    rows = [
        {
            "id": summary_id(user_id, week),
            "user_id": user_id,
            "server_seq": seqs[user_id],
            "field_clock": clock,
            "deleted": False,
            "week": week,
            "week_start": monday,
            "week_end": monday + timedelta(days=6),
            "data": summary,
            "computed_at": now,
            "dirty": False,
        }
        for user_id, summary in data.items()
    ]
    new = [row for row in rows if row["user_id"] not in stored]
    if new:
        insert = _dialect().insert(s).on_conflict_do_nothing(index_elements=["user_id", "week"])
        db.session.execute(insert, new)
    old = [{f"b_{k}": v for k, v in row.items()} for row in rows if row["user_id"] in stored]
    if old:
        columns = ("server_seq", "field_clock", "data", "computed_at", "dirty", "deleted")
        db.session.execute(
            s.update()
            .where(s.c.id == sa.bindparam("b_id"))
            .values({name: sa.bindparam(f"b_{name}") for name in columns}),
            old,
        )
