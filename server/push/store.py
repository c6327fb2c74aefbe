"""Push subscription persistence and sending to one user's devices (the blueprint stays thin)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from server.extensions import db
from server.models import PushSubscription, PushTestWindow
from server.push.sender import Outcome, PushMessage, PushSender, SendResult, Subscription


def list_for_user(user_id: str) -> list[PushSubscription]:
    query = select(PushSubscription).where(PushSubscription.user_id == user_id)
    return list(db.session.scalars(query.order_by(PushSubscription.created_at)))


def for_users(user_ids: Iterable[str]) -> list[PushSubscription]:
    ids = list(set(user_ids))
    if not ids:
        return []
    return list(
        db.session.scalars(select(PushSubscription).where(PushSubscription.user_id.in_(ids)))
    )


def save(
    user_id: str, endpoint: str, keys: dict[str, str], label: str | None, now: datetime, limit: int
) -> tuple[PushSubscription, bool]:
    """Create or update the subscription for `endpoint`; (row, created).

    The endpoint identifies the browser, so if it belonged to another account (a shared
    device, a different person signed in) it moves to this one rather than pushing to both.
    """
    for attempt in range(2):
        row = db.session.scalar(
            select(PushSubscription).where(PushSubscription.endpoint == endpoint)
        )
        created = row is None
        if row is None:
            row = PushSubscription(endpoint=endpoint, created_at=now)
            db.session.add(row)
        row.user_id, row.p256dh, row.auth = user_id, keys["p256dh"], keys["auth"]
        row.device_label, row.updated_at = label, now
        try:
            db.session.flush()
        except IntegrityError:  # the same browser subscribing twice at once: update instead
            db.session.rollback()
            if attempt:
                raise
            continue
        _keep_newest(user_id, limit)
        db.session.commit()
        return row, created
    raise AssertionError("unreachable")


def _keep_newest(user_id: str, limit: int) -> None:
    # Reinstalls and cleared site data leave dead endpoints behind until a push finds them
    # gone; a cap keeps one account from fanning out to an unbounded list.
    stale = select(PushSubscription.id).where(PushSubscription.user_id == user_id)
    stale = stale.order_by(PushSubscription.updated_at.desc()).offset(limit)
    ids = list(db.session.scalars(stale))
    if ids:
        db.session.execute(delete(PushSubscription).where(PushSubscription.id.in_(ids)))


def remove(user_id: str, endpoint: str) -> bool:
    result = db.session.execute(
        delete(PushSubscription).where(
            PushSubscription.user_id == user_id, PushSubscription.endpoint == endpoint
        )
    )
    db.session.commit()
    return result.rowcount > 0


def remove_endpoints(endpoints: Iterable[str]) -> int:
    """Forget subscriptions a push service reported gone (404/410). Caller commits."""
    gone = list(set(endpoints))
    if not gone:
        return 0
    result = db.session.execute(delete(PushSubscription).where(PushSubscription.endpoint.in_(gone)))
    return result.rowcount


def as_target(row: PushSubscription) -> Subscription:
    return Subscription(row.endpoint, row.p256dh, row.auth)


def gone_endpoints(results: Iterable[SendResult]) -> list[str]:
    return [result.endpoint for result in results if result.outcome is Outcome.GONE]


def wait_before_test(user_id: str, now: datetime, limit: int, window: timedelta) -> int | None:
    """Count one test notification for the user: None if allowed, else seconds to wait.

    One upsert counts and reads together, so parallel requests cannot all slip under the
    limit (the row is locked on PostgreSQL, the database on SQLite). A window that has ended
    starts again at `now` with a count of 1.
    """
    table = PushTestWindow.__table__
    expired = table.c.started_at <= now - window
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    upsert = (
        dialect.insert(table)
        .values(user_id=user_id, started_at=now, count=1)
        .on_conflict_do_update(
            index_elements=["user_id"],
            set_={
                "started_at": case((expired, now), else_=table.c.started_at),
                "count": case((expired, 1), else_=table.c.count + 1),
            },
        )
        .returning(table.c.started_at, table.c.count)
    )
    started_at, count = db.session.execute(upsert).one()
    db.session.commit()
    if count <= limit:
        return None
    return max(1, math.ceil((started_at + window - now).total_seconds()))


def send_to_user(
    user_id: str, message: PushMessage, sender: PushSender, deadline_s: float | None = None
) -> dict[str, int]:
    """Send `message` to every device of the user at once; counts of what happened.

    Only counts: why a device failed (refused, timed out, closed) is logged, never answered,
    so the endpoint cannot be used to probe what listens where.
    """
    targets = [as_target(row) for row in list_for_user(user_id)]
    results = sender.send_many(
        [(target, message) for target in targets],
        workers=max(1, len(targets)),
        deadline_s=deadline_s,
    )
    removed = remove_endpoints(gone_endpoints(results))
    db.session.commit()
    delivered = sum(result.outcome is Outcome.DELIVERED for result in results)
    return {"delivered": delivered, "failed": len(results) - delivered, "removed": removed}
