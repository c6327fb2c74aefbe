"""The reminder tick: send every due reminder exactly once per local day, then schedule the next.

Runs every minute (tasks.py) and on demand (`flask jobs tick`). Per batch:

1. Claim: mark up to `batch_size` due rows (next_fire_at <= now, no live lease) with a lease in
   one statement. PostgreSQL: `UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED)`, so
   parallel ticks take disjoint rows without waiting. SQLite: the same UPDATE is atomic because
   SQLite takes its write lock before the statement reads; the lease condition then excludes
   rows another tick took. Committed at once, so other ticks see the lease.
2. Decide and record: for each row one ReminderDelivery under UNIQUE (reminder_id, user_id,
   local_date) (a record id is unique only within its owner's rows, so every key here is the
   (reminder id, user id) pair),
   inserted with ON CONFLICT DO NOTHING and committed *before* anything is sent. A conflict
   means the day's reminder is already owned (a parallel tick, or one that crashed after this
   step): skip it. Stale rows (past the kind's TTL, e.g. after an outage) and paused users are
   recorded as skipped, so the ledger shows why nothing came.
3. Send the owned ones to all of each user's subscriptions in one concurrent send_many, forget
   subscriptions reported GONE, leave REJECTED ones alone. send_many answers by its deadline
   (PUSH_BATCH_DEADLINE_S) however slow some push services are; a reminder none of whose
   pushes even started (deadline passed, its push service not answering) is given back: its
   delivery row is deleted and its lease runs to just past `now`, so the next tick retries it
   (until it is stale) instead of this one looping on it.
4. Advance: next_fire_at from the local wall clock after `now`, compare-and-set on the claimed
   value (a settings change during the tick already rescheduled the row; it wins), release the
   lease, and store the delivery's outcome.

Trade-off: a crash between steps 2 and 3 loses that one reminder rather than risking a double
send; the lease expires and the next tick sees the delivery row, skips and advances.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from server.core.days import zone
from server.core.reminder_rules import delivery_verdict
from server.core.schedule import is_stale
from server.extensions import db
from server.jobs.reminder_texts import Key, messages_for, recapped_days
from server.jobs.retention import prune_deliveries
from server.jobs.rowsets import in_rows, rows_source
from server.models import (
    PushSubscription,
    Reminder,
    ReminderDelivery,
    ReminderPrefs,
    User,
)
from server.models.types import utcnow
from server.push import store as push_store
from server.push.runtime import open_sender
from server.push.sender import Outcome, PushMessage, PushSender, Subscription
from server.reminders import store as reminders
from server.reminders.kinds import KINDS

log = logging.getLogger(__name__)


@dataclass
class TickReport:
    claimed: int = 0
    sent: int = 0  # reminders handed to push services (any outcome)
    skipped: int = 0  # stale or paused
    duplicates: int = 0  # already delivered for that local day
    delivered: int = 0  # pushes accepted by push services
    failed: int = 0
    removed: int = 0  # subscriptions forgotten (GONE)
    deferred: int = 0  # nothing could be sent in time: left for the next tick
    pruned: int = 0  # deliveries past their retention (server/jobs/retention.py)

    def add(self, other: TickReport) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))


@dataclass
class _Due:
    """One claimed reminder and what this tick decided about it."""

    reminder_id: str
    user_id: str
    kind: str
    claimed_at: datetime | None  # next_fire_at as claimed (the compare-and-set value)
    next_at: datetime | None  # what next_fire_at becomes if nobody rescheduled it meanwhile
    status: str  # sending | skipped_stale | skipped_paused | skipped_done | inert (disabled...)
    due_at: datetime | None = None  # the occurrence this tick handles
    local_date: date | None = None
    time_zone: str = "UTC"
    day_start_hour: int = 4
    delivered: int = 0
    failed: int = 0
    unsent: int = 0  # failed without a request reaching the push service

    @property
    def deferred(self) -> bool:  # not one of its pushes started: safe to send again later
        return self.status == "sending" and not self.delivered and 0 < self.unsent == self.failed

    @property
    def key(self) -> Key:
        return (self.reminder_id, self.user_id)

    @property
    def outcome(self) -> str:
        if self.status != "sending":
            return self.status
        if self.delivered:
            return "sent"
        return "failed" if self.failed else "no_subscriptions"


def run_tick(
    now: datetime,
    *,
    sender: PushSender | None = None,
    batch_size: int | None = None,
    lease_s: int | None = None,
) -> TickReport:
    """Process every reminder due at `now`; returns what happened."""
    config = current_app.config
    batch_size = batch_size or config["REMINDER_BATCH_SIZE"]
    lease = timedelta(seconds=lease_s or config["REMINDER_LEASE_S"])
    reminders.ensure_defaults_for_subscribers(now)
    report = TickReport()
    own_sender = sender is None
    sender = sender or open_sender()
    try:
        while keys := claim_due(now, now + lease, batch_size):
            report.add(process_batch(keys, now, sender))
    finally:
        if own_sender:
            sender.close()
    report.pruned = prune_deliveries(now)
    return report


def claim_due(now: datetime, lease_until: datetime, limit: int) -> list[Key]:
    """Lease up to `limit` due reminders for this tick; their keys."""
    table = Reminder.__table__
    free = sa.or_(table.c.lease_until.is_(None), table.c.lease_until <= now)
    key = sa.tuple_(table.c.id, table.c.user_id)
    due = (
        sa.select(table.c.id, table.c.user_id)
        .where(table.c.next_fire_at <= now, free)
        .order_by(table.c.next_fire_at)
        .limit(limit)
        .with_for_update(skip_locked=True)  # PostgreSQL only; SQLite renders nothing
    )
    claim = (
        table.update()
        .where(key.in_(due), free)
        .values(lease_until=lease_until)
        .returning(table.c.id, table.c.user_id)
    )
    db.session.commit()  # a fresh transaction: SQLite must not upgrade an old read snapshot
    keys = [(row.id, row.user_id) for row in db.session.execute(claim)]
    db.session.commit()
    return keys


def process_batch(keys: list[Key], now: datetime, sender: PushSender) -> TickReport:
    dues = _decide(keys, now)
    _leave_done_days_alone(dues)
    recordable = [due for due in dues if due.status != "inert"]
    owned = _record(recordable)
    sending = [due for due in owned if due.status == "sending"]
    report = TickReport(
        claimed=len(keys),
        duplicates=len(recordable) - len(owned),
        skipped=len(owned) - len(sending),
    )
    gone = _send(sending, sender, report)
    report.removed = push_store.remove_endpoints(gone)
    deferred = _give_back([due for due in sending if due.deferred])
    report.deferred = len(deferred)
    _advance(dues, [due for due in owned if due.key not in deferred], now)
    db.session.commit()
    return report


def _give_back(dues: list[_Due]) -> set[Key]:
    """Forget these reminders' deliveries and keep them due, for the next tick. Caller commits."""
    if dues:
        table = ReminderDelivery.__table__
        keys = [(due.reminder_id, due.user_id, due.local_date) for due in dues]
        columns = [table.c.reminder_id, table.c.user_id, table.c.local_date]
        db.session.execute(table.delete().where(in_rows(columns, keys)))
    for due in dues:
        due.next_at = due.claimed_at  # the compare-and-set then leaves next_fire_at as it is
    return {due.key for due in dues}


def _decide(keys: list[Key], now: datetime) -> list[_Due]:
    # Plain rows, not ORM objects: the tick only reads these columns, and identity-map
    # bookkeeping for every claimed reminder was a good part of its database CPU.
    r = Reminder.__table__
    rows = db.session.execute(
        sa.select(
            r.c.id,
            r.c.user_id,
            r.c.kind,
            r.c.enabled,
            r.c.deleted,
            r.c.local_time,
            r.c.weekdays,
            r.c.next_fire_at,
            User.time_zone,
            User.day_start_hour,
            ReminderPrefs.paused_until,
        )
        .join(User, User.id == r.c.user_id)
        .outerjoin(ReminderPrefs, ReminderPrefs.user_id == r.c.user_id)
        .where(in_rows([r.c.id, r.c.user_id], keys))
    ).all()
    dues = []
    for reminder in rows:  # has the attributes compute_next reads, like a Reminder
        time_zone, paused_until = reminder.time_zone, reminder.paused_until
        claimed_at = reminder.next_fire_at
        next_at = reminders.compute_next(reminder, time_zone, paused_until, now)
        due = _Due(reminder.id, reminder.user_id, reminder.kind, claimed_at, next_at, "inert")
        dues.append(due)
        if claimed_at is None or claimed_at > now or next_at is None:
            continue  # rescheduled since the claim, or disabled/deleted: nothing to send
        due.due_at = _occurrence(reminder, time_zone, claimed_at, now)
        due.status = delivery_verdict(due.due_at, now, KINDS[reminder.kind].ttl, paused_until)
        due.local_date = due.due_at.astimezone(zone(time_zone)).date()
        due.time_zone, due.day_start_hour = time_zone, reminder.day_start_hour
    return dues


def _leave_done_days_alone(dues: list[_Due]) -> None:
    """An evening recap for a day already looked back on (from any device) is not sent: the
    person has closed the day, and a nudge would only ask again. Recorded as skipped_done, so
    the ledger shows why nothing came."""
    evenings = [d for d in dues if d.kind == "evening_recap" and d.status == "sending"]
    done = recapped_days(evenings)
    for due in evenings:
        if due.key in done:
            due.status = "skipped_done"


def _occurrence(reminder: Any, time_zone: str, claimed_at: datetime, now: datetime) -> datetime:
    """The occurrence to act on: the claimed one, unless it is stale and a later occurrence
    is still fresh (back from a three-day outage at 22:00, tonight's 21:00 recap is wanted)."""
    ttl = KINDS[reminder.kind].ttl
    if not is_stale(claimed_at, now, ttl):
        return claimed_at
    fresher = reminders.compute_next(reminder, time_zone, None, now - ttl)
    return fresher if fresher is not None and fresher <= now else claimed_at


def _record(dues: list[_Due]) -> list[_Due]:
    """Insert the deliveries; the ones this tick owns (a conflict means someone else does)."""
    if not dues:
        return []
    table = ReminderDelivery.__table__
    created_at = utcnow()
    names = ("reminder_id", "user_id", "kind", "local_date", "due_at", "status", "created_at")
    rows = [
        (d.reminder_id, d.user_id, d.kind, d.local_date, d.due_at, d.status, created_at)
        for d in dues
    ]
    source = rows_source([(name, table.c[name].type) for name in names], rows)
    # WHERE true: SQLite cannot otherwise tell the upsert's ON CONFLICT from a join's ON.
    chosen = sa.select(*source.c, sa.literal(0), sa.literal(0)).where(sa.true())
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    insert = (
        dialect.insert(table)
        .from_select([*names, "delivered", "failed"], chosen)
        .on_conflict_do_nothing(index_elements=["reminder_id", "user_id", "local_date"])
    )
    # All the rows as one JSON parameter (server/jobs/rowsets.py): the statement is the
    # same short text for every batch, so it is compiled and converted once.
    result = db.session.execute(insert.returning(table.c.reminder_id, table.c.user_id))
    inserted = {(row.reminder_id, row.user_id) for row in result}
    db.session.commit()  # the point of no return: from here this tick owns these days
    return [due for due in dues if due.key in inserted]


def _send(sending: list[_Due], sender: PushSender, report: TickReport) -> list[str]:
    """Fan out; tallies onto each _Due and the report; returns endpoints that are gone."""
    if not sending:
        return []
    report.sent = len(sending)
    messages = messages_for(sending)
    by_user: dict[str, list[Subscription]] = defaultdict(list)
    for user_id, endpoint, p256dh, auth in _subscriptions({due.user_id for due in sending}):
        by_user[user_id].append(Subscription(endpoint, p256dh, auth))
    items: list[tuple[Subscription, PushMessage]] = []
    owners: list[_Due] = []
    for due in sending:
        for target in by_user.get(due.user_id, ()):
            items.append((target, messages[due.key]))
            owners.append(due)
    results = sender.send_many(items, workers=current_app.config["PUSH_WORKERS"])
    for due, result in zip(owners, results, strict=True):
        if result.outcome is Outcome.DELIVERED:
            due.delivered += 1
        else:
            due.failed += 1
            due.unsent += result.outcome is Outcome.RETRY_LATER and result.attempts == 0
    report.delivered = sum(due.delivered for due in sending)
    report.failed = sum(due.failed for due in sending)
    return push_store.gone_endpoints(results)


def _subscriptions(user_ids: set[str]) -> list[sa.Row]:
    """(user_id, endpoint, p256dh, auth) of these users' devices, in one query."""
    subs = PushSubscription.__table__
    query = sa.select(subs.c.user_id, subs.c.endpoint, subs.c.p256dh, subs.c.auth)
    owners = [(user_id,) for user_id in user_ids]
    return list(db.session.execute(query.where(in_rows([subs.c.user_id], owners))))


def _advance(dues: list[_Due], owned: list[_Due], now: datetime) -> None:
    """Schedule the next occurrence, release the leases, store the outcomes. Caller commits."""
    reminders_t, deliveries_t = Reminder.__table__, ReminderDelivery.__table__
    # One statement for the batch (rows as data: server/jobs/rowsets.py). next_fire_at is a
    # compare-and-set on the claimed value: a row rescheduled during the tick keeps that (and
    # a claimed value of NULL never compares equal). The lease is released, except for the
    # deferred: not free again in this tick (it claims with `lease_until <= now`), free for
    # the next.
    retry_at = now + timedelta(seconds=1)
    schedule = rows_source(
        [
            ("id", reminders_t.c.id.type),
            ("user_id", reminders_t.c.user_id.type),
            ("claimed_at", reminders_t.c.next_fire_at.type),
            ("next_at", reminders_t.c.next_fire_at.type),
            ("lease_until", reminders_t.c.lease_until.type),
        ],
        [
            (d.reminder_id, d.user_id, d.claimed_at, d.next_at, retry_at if d.deferred else None)
            for d in dues
        ],
    )
    unchanged = reminders_t.c.next_fire_at == schedule.c.claimed_at
    db.session.execute(
        reminders_t.update()
        .where(reminders_t.c.id == schedule.c.id, reminders_t.c.user_id == schedule.c.user_id)
        .values(
            next_fire_at=sa.case((unchanged, schedule.c.next_at), else_=reminders_t.c.next_fire_at),
            lease_until=schedule.c.lease_until,
        )
    )
    if owned:
        outcomes = rows_source(
            [
                ("reminder_id", deliveries_t.c.reminder_id.type),
                ("user_id", deliveries_t.c.user_id.type),
                ("local_date", deliveries_t.c.local_date.type),
                ("status", deliveries_t.c.status.type),
                ("delivered", deliveries_t.c.delivered.type),
                ("failed", deliveries_t.c.failed.type),
            ],
            [
                (d.reminder_id, d.user_id, d.local_date, d.outcome, d.delivered, d.failed)
                for d in owned
            ],
        )
        db.session.execute(
            deliveries_t.update()
            .where(
                deliveries_t.c.reminder_id == outcomes.c.reminder_id,
                deliveries_t.c.user_id == outcomes.c.user_id,
                deliveries_t.c.local_date == outcomes.c.local_date,
            )
            .values(
                status=outcomes.c.status,
                delivered=outcomes.c.delivered,
                failed=outcomes.c.failed,
            )
        )
