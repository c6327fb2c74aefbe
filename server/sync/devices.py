"""The server's memory of each syncing device: its registration and the rejections it is owed.

Both are bounded. A person keeps at most MAX_CLIENTS_PER_USER devices (the longest unseen
is forgotten), and a device at most MAX_OWED_REJECTIONS rejections, which it is owed only
until a request proves it heard them (core.sync_rules.rejections_still_owed). Called from
store.sync inside its transaction, under the user's sync lock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select

from server.core.sync_rules import MAX_CLIENTS_PER_USER, rejections_to_keep
from server.errors import api_error
from server.extensions import db
from server.models import SyncClient, SyncRejection


def check_in(user_id: str, client_id: str, now: datetime) -> SyncClient:
    """The device making this request, registered if new; another account's is a 404."""
    client = db.session.get(SyncClient, client_id)
    if client is None:
        _make_room(user_id)
        client = SyncClient(
            id=client_id, user_id=user_id, last_mutation_id=0, created_at=now, last_seen_at=now
        )
        db.session.add(client)
        db.session.flush()
    elif client.user_id != user_id:
        db.session.rollback()
        api_error(404)
    client.last_seen_at = now
    return client


def _make_room(user_id: str) -> None:
    """Forget the user's longest-unseen devices beyond MAX_CLIENTS_PER_USER - 1 (a browser
    whose storage was cleared comes back as a new device; the old one never returns).

    Forgetting is safe even if that device does return: it is registered afresh with
    last_mutation_id 0, so it re-sends its unacknowledged outbox and every mutation is merged
    again. Merging is idempotent (a field takes a value only from a strictly newer stamp),
    so a replay changes nothing that already applied and never undoes a newer edit; an
    invalid one is rejected again, so its rejection (forgotten with the device) is told anew.
    Runs under the user's sync lock, so two new devices cannot both make room."""
    table = SyncClient.__table__
    ids = db.session.scalars(
        select(table.c.id).where(table.c.user_id == user_id).order_by(table.c.last_seen_at.desc())
    ).all()
    evicted = ids[MAX_CLIENTS_PER_USER - 1 :]
    if evicted:
        # Their remembered rejections go with them (ON DELETE CASCADE).
        db.session.execute(delete(table).where(table.c.id.in_(evicted)))


def remember_rejections(
    client_id: str, new: list[dict[str, Any]], owed_from: int
) -> list[dict[str, Any]]:
    """Store this request's rejections, forget those the device has proven it heard (and the
    oldest beyond the cap), and return every one it may still need (see core.sync_rules)."""
    table = SyncRejection.__table__
    if new:
        db.session.execute(insert(table), [{**r, "client_id": client_id} for r in new])
    owed = list(
        db.session.execute(
            select(table)
            .where(table.c.client_id == client_id, table.c.mutation_id >= owed_from)
            .order_by(table.c.mutation_id)
        ).mappings()
    )
    keep_from = max(owed_from, rejections_to_keep([row["mutation_id"] for row in owed]))
    if keep_from:
        db.session.execute(
            delete(table).where(table.c.client_id == client_id, table.c.mutation_id < keep_from)
        )
    return [
        {
            "id": row["mutation_id"],
            "collection": row["collection"],
            "record_id": row["record_id"],
            "error": row["error"],
            "message": row["message"],
            **({"fields": row["fields"]} if row["fields"] else {}),
        }
        for row in owed
        if row["mutation_id"] >= keep_from
    ]
