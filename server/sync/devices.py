"""The server's memory of each syncing device: its registration and the rejections it is owed.

Both are bounded. A person keeps at most MAX_CLIENTS_PER_USER devices (the longest unseen
is forgotten), and a device at most MAX_OWED_REJECTIONS rejections, which it is owed only
until a request proves it heard them (core.sync_rules.rejections_still_owed). Called from
store.sync inside its transaction, under the user's sync lock.

Every sync goes through here, so it is kept to the fewest statements: the device's row is read
once and written at most once (`save`), and its rejections are not touched at all when it is
owed none and this request made none (the row counts them in `rejections_owed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from server.core.sync_rules import MAX_CLIENTS_PER_USER, rejections_to_keep
from server.errors import api_error
from server.extensions import db
from server.models import SyncClient, SyncRejection
from server.prepared import Prepared

# last_seen_at only orders devices for forgetting the longest unseen, so an idle device's
# once-a-second syncs need not write it each time.
SEEN_EVERY = timedelta(minutes=10)

_CLIENTS = SyncClient.__table__
# Run on every sync: compiled once per dialect (server/prepared.py).
_FIND = Prepared(
    lambda: select(
        _CLIENTS.c.user_id,
        _CLIENTS.c.last_mutation_id,
        _CLIENTS.c.rejections_owed,
        _CLIENTS.c.last_seen_at,
    ).where(_CLIENTS.c.id == bindparam("id"))
)
_REGISTER = Prepared(
    lambda: insert(_CLIENTS).values(
        {
            name: bindparam(name)
            for name in (
                "id",
                "user_id",
                "last_mutation_id",
                "rejections_owed",
                "created_at",
                "last_seen_at",
            )
        }
    )
)
_UPDATE = Prepared(
    lambda: (
        update(_CLIENTS)
        .where(_CLIENTS.c.id == bindparam("id"))
        .values(
            last_mutation_id=bindparam("last_mutation_id"),
            rejections_owed=bindparam("rejections_owed"),
            last_seen_at=bindparam("last_seen_at"),
        )
    )
)


@dataclass
class Device:
    """One device's row as this request found it, and what the request changes in it."""

    id: str
    user_id: str
    last_mutation_id: int
    rejections_owed: int
    last_seen_at: datetime | None  # None: not stored yet (a new device)
    stored_mutation_id: int = 0
    stored_owed: int = 0


def check_in(user_id: str, client_id: str, now: datetime) -> Device:
    """The device making this request (made room for if new; stored by `save`); another
    account's is a 404."""
    rows = _FIND.rows({"id": client_id})
    if not rows:
        _make_room(user_id)
        return Device(client_id, user_id, 0, 0, None)
    owner, last_mutation_id, rejections_owed, last_seen_at = rows[0]
    if owner != user_id:
        db.session.rollback()
        api_error(404)
    return Device(
        client_id,
        user_id,
        last_mutation_id,
        rejections_owed,
        last_seen_at,
        stored_mutation_id=last_mutation_id,
        stored_owed=rejections_owed,
    )


def save(device: Device, now: datetime) -> None:
    """One write for the device's row, or none when nothing worth storing changed."""
    if device.last_seen_at is None:
        # A race for the same new id from another account fails here (IntegrityError -> 409).
        _REGISTER.execute(
            {
                "id": device.id,
                "user_id": device.user_id,
                "last_mutation_id": device.last_mutation_id,
                "rejections_owed": device.rejections_owed,
                "created_at": now,
                "last_seen_at": now,
            }
        )
        return
    changed = (
        device.last_mutation_id != device.stored_mutation_id
        or device.rejections_owed != device.stored_owed
    )
    if changed or now - device.last_seen_at >= SEEN_EVERY:
        _UPDATE.execute(
            {
                "id": device.id,
                "last_mutation_id": device.last_mutation_id,
                "rejections_owed": device.rejections_owed,
                "last_seen_at": now,
            }
        )


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
    device: Device, new: list[dict[str, Any]], owed_from: int, now: datetime
) -> list[dict[str, Any]]:
    """Store this request's rejections, forget those the device has proven it heard (and the
    oldest beyond the cap), and return every one it may still need (see core.sync_rules).
    Updates `device.rejections_owed`, which `save` stores."""
    if not new and not device.rejections_owed:
        return []  # the usual case: nothing stored, nothing to store
    table = SyncRejection.__table__
    if new:
        if device.last_seen_at is None:  # the rows' foreign key needs the device stored
            save(device, now)
            device.last_seen_at = now
            device.stored_mutation_id, device.stored_owed = device.last_mutation_id, 0
        db.session.execute(insert(table), [{**r, "client_id": device.id} for r in new])
    owed = list(
        db.session.execute(
            select(table)
            .where(table.c.client_id == device.id, table.c.mutation_id >= owed_from)
            .order_by(table.c.mutation_id)
        ).mappings()
    )
    keep_from = max(owed_from, rejections_to_keep([row["mutation_id"] for row in owed]))
    if keep_from:
        db.session.execute(
            delete(table).where(table.c.client_id == device.id, table.c.mutation_id < keep_from)
        )
    kept = [
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
    device.rejections_owed = len(kept)
    return kept
