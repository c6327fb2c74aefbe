"""Reminder persistence and scheduling: defaults, next fire times, the pause.

`next_fire_at` is derived data: a function of the reminder's settings, the user's zone and the
pause, recomputed whenever one of them changes (sync's after-apply hook, update_user, pause and
resume) and advanced by the tick. It is computed from the wall clock (core.schedule), never by
adding 24 h, so it stays on 21:00 local across daylight-saving changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite

from server.core.clock import Timestamp
from server.core.schedule import next_fire_at
from server.extensions import db
from server.models import PushSubscription, Reminder, ReminderPrefs, SyncCounter, User
from server.reminders.kinds import KIND_NAMES, KINDS, format_local_time, parse_local_time
from server.reminders.kinds import reminder_id as kind_reminder_id

SYNCED_FIELDS = ("kind", "enabled", "local_time", "weekdays", "deleted")
# Defaults are stamped with the oldest possible clock: they are what a user gets when nobody
# chose anything, so any real edit from any device (even one made offline before the server
# created the row) wins over them field by field.
DEFAULT_STAMP = Timestamp(0, 0, "server").pack()


def is_genuine(reminder: Reminder) -> bool:
    """A reminder the server acts on: a known kind under its deterministic id. Anything else
    a device might create is kept (sync stores it) but never fires."""
    return reminder.kind in KINDS and reminder.id == kind_reminder_id(
        reminder.user_id, reminder.kind
    )


def compute_next(
    reminder: Reminder, time_zone: str, paused_until: datetime | None, now: datetime
) -> datetime | None:
    """When `reminder` should fire next, or None when it should not fire at all."""
    if reminder.deleted or not reminder.enabled or not is_genuine(reminder):
        return None
    try:
        after = max(now, paused_until) if paused_until else now
        return _next_fire(reminder.local_time, tuple(reminder.weekdays or ()), time_zone, after)
    except (TypeError, ValueError):  # a malformed row must not stop the tick for everyone
        return None


@lru_cache(maxsize=4096)
def _next_fire(
    local_time: str, weekdays: tuple[int, ...], time_zone: str, after: datetime
) -> datetime | None:
    """Pure in its arguments, and a tick asks it the same question for every reminder with the
    same settings and zone (all default recaps in a zone, at one `now`): answered once each."""
    days = frozenset(int(day) for day in weekdays)
    return next_fire_at(parse_local_time(local_time), days, time_zone, after)


def paused_until(user_id: str) -> datetime | None:
    return db.session.scalar(
        select(ReminderPrefs.paused_until).where(ReminderPrefs.user_id == user_id)
    )


def for_user(user_id: str) -> list[Reminder]:
    """The user's four genuine reminders, in kind order."""
    ids = {kind_reminder_id(user_id, kind): kind for kind in KIND_NAMES}
    rows = db.session.scalars(_own(user_id, ids)).all()
    order = {kind: index for index, kind in enumerate(KIND_NAMES)}
    return sorted((row for row in rows if is_genuine(row)), key=lambda row: order[row.kind])


def _own(user_id: str, ids: Iterable[str], *columns: Any) -> Select[Any]:
    """The user's reminders among `ids`. Always scoped by owner: another account may hold
    rows under the same ids (they are deterministic), and those are not this user's."""
    query = select(*columns) if columns else select(Reminder)
    return query.where(Reminder.user_id == user_id, Reminder.id.in_(list(ids)))


def reschedule(reminders: Iterable[Reminder], now: datetime) -> None:
    """Recompute next_fire_at for `reminders` (any users). Caller commits."""
    rows = list(reminders)
    users = {row.user_id for row in rows}
    if not users:
        return
    zone_rows = db.session.execute(select(User.id, User.time_zone).where(User.id.in_(users)))
    zones: dict[str, str] = {user_id: name for user_id, name in zone_rows}
    pause_rows = db.session.execute(
        select(ReminderPrefs.user_id, ReminderPrefs.paused_until).where(
            ReminderPrefs.user_id.in_(users)
        )
    )
    pauses: dict[str, datetime | None] = {user_id: until for user_id, until in pause_rows}
    for row in rows:
        row.next_fire_at = compute_next(row, zones[row.user_id], pauses.get(row.user_id), now)


def reschedule_user(user_id: str, now: datetime) -> None:
    """After the user's zone or pause changed. Caller commits."""
    reschedule(db.session.scalars(select(Reminder).where(Reminder.user_id == user_id)), now)


def default_values(kind: str) -> dict[str, object]:
    spec = KINDS[kind]
    return {
        "kind": kind,
        "enabled": spec.enabled,
        "local_time": format_local_time(spec.local_time),
        "weekdays": sorted(spec.weekdays),
        "deleted": False,
    }


def pause(user: User, days: int, now: datetime) -> None:
    ensure_defaults(user.id, now)
    prefs = db.session.get(ReminderPrefs, user.id) or ReminderPrefs(user_id=user.id)
    prefs.paused_until = now + timedelta(days=days)
    db.session.add(prefs)
    db.session.flush()
    reschedule_user(user.id, now)
    db.session.commit()


def resume(user: User, now: datetime) -> None:
    prefs = db.session.get(ReminderPrefs, user.id)
    if prefs is not None:
        prefs.paused_until = None
        db.session.flush()
    reschedule_user(user.id, now)
    db.session.commit()


def after_sync_write(user_id: str, record_ids: list[str], now: datetime) -> None:
    """Sync's after-write hook for "reminders": settings changed, so reschedule those rows."""
    query = _own(user_id, record_ids)
    reschedule(db.session.scalars(query.execution_options(populate_existing=True)), now)
    db.session.flush()


def overview(user: User, now: datetime) -> dict[str, Any]:
    """GET /api/v1/reminders: the four reminders (created if missing) and the pause."""
    ensure_defaults(user.id, now)
    until = paused_until(user.id)
    return {
        "paused_until": until if until is not None and until > now else None,
        "reminders": for_user(user.id),
    }


def _take_seqs(user_id: str, count: int) -> int:
    """Reserve `count` values of the user's sync counter; the first one. Updating the counter
    row takes the same lock a sync takes, so these writes and a sync never interleave."""
    counters = SyncCounter.__table__
    bump = (
        update(counters)
        .where(counters.c.user_id == user_id)
        .values(seq=counters.c.seq + count)
        .returning(counters.c.seq)
    )
    seq = db.session.scalar(bump)
    if seq is None:
        dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
        db.session.execute(
            dialect.insert(counters).values(user_id=user_id, seq=0).on_conflict_do_nothing()
        )
        seq = db.session.scalar(bump)
    return int(seq) - count + 1


def ensure_defaults(user_id: str, now: datetime) -> None:
    """Create whichever of the user's four reminders do not exist yet, scheduled; commits.

    Devices find them on their next sync. Cheap when they exist (one indexed query)."""
    wanted = {kind_reminder_id(user_id, kind): kind for kind in KIND_NAMES}
    if len(db.session.scalars(_own(user_id, wanted, Reminder.id)).all()) == 4:
        return
    db.session.commit()  # start the transaction at the counter lock (SQLite snapshot)
    first = _take_seqs(user_id, len(KIND_NAMES))
    # Checked again under the lock: a sync or another worker may have created some meanwhile.
    have = set(db.session.scalars(_own(user_id, wanted, Reminder.id)))
    created = []
    for offset, (record_id, kind) in enumerate(wanted.items()):
        if record_id in have:
            continue
        values = default_values(kind)
        reminder = Reminder(
            id=record_id,
            user_id=user_id,
            server_seq=first + offset,
            field_clock={name: DEFAULT_STAMP for name in values},
            **values,
        )
        db.session.add(reminder)
        created.append(reminder)
    db.session.flush()
    reschedule(created, now)
    db.session.commit()


def ensure_defaults_for_subscribers(now: datetime, limit: int = 1000) -> None:
    """Users with a push subscription but no reminders yet get their defaults (used by the
    tick, so a subscription made by a device that never opened the settings still works)."""
    missing = (
        select(PushSubscription.user_id)
        .where(~exists().where(Reminder.user_id == PushSubscription.user_id))
        .distinct()
        .limit(limit)
    )
    for user_id in db.session.scalars(missing).all():
        ensure_defaults(user_id, now)
