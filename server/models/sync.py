"""What every synced record shares, and the server's memory of each syncing device.

A synced record is made on a device, so its id is a UUID the device chose. Each field's last
write is stamped in `field_clock` (field -> packed hybrid logical clock), which is how the
server merges edits per field. `server_seq` is the value of the owner's counter when the record
last changed; devices pull "everything with server_seq > my cursor". A per-user counter under a
lock, rather than a timestamp or a global sequence, because those skip rows when transactions
commit out of order.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from server.extensions import db
from server.models.types import UTCDateTime, utcnow


def sync_seq_index(table_name: str) -> Index:
    """The pull index. Unique because each change takes a fresh value of the owner's counter;
    a duplicate would mean two syncs of one user ran at once, which the lock forbids. Its
    leading user_id column also serves every "this user's records" query."""
    return Index(f"ix_{table_name}_user_id_server_seq", "user_id", "server_seq", unique=True)


class SyncedRecord:
    """Mixin for a model whose rows are synced. Pair it with a registered collection."""

    # The key is (id, user_id): ids are scoped to their owner. A device chooses its ids, and
    # some are deterministic (a reminder is uuid5(user, kind), a day's intention
    # uuid5(user, day)), so another account that knows a user's id can make the same ids.
    # Under a global key it would take them first and the owner's own writes would be refused
    # for good; scoped, its rows are simply its own and never meet the owner's.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    server_seq: Mapped[int] = mapped_column(BigInteger)
    field_clock: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # A tombstone: deleted records stay so the deletion reaches devices that were away.
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (sync_seq_index(cls.__tablename__),)  # type: ignore[attr-defined]


class SyncClient(db.Model):
    """One installed app (a browser profile) that syncs for a user."""

    __tablename__ = "sync_clients"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # The highest mutation id applied or rejected; lower ids are replays.
    last_mutation_id: Mapped[int] = mapped_column(BigInteger, default=0)
    # How many sync_rejections rows it is owed: at 0 a sync skips that table entirely.
    rejections_owed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SyncCounter(db.Model):
    """A user's change counter. Every sync first updates this row: that takes the row lock
    (PostgreSQL) or the write lock (SQLite) which serialises the user's syncs."""

    __tablename__ = "sync_counters"

    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(BigInteger, default=0)


class SyncRejection(db.Model):
    """A mutation that can never apply, kept until the device proves it has heard so.

    Responses get lost after the server commits; the retry is then a replay, which is
    skipped. Without this memory the device would take the acknowledgement for success."""

    __tablename__ = "sync_rejections"

    client_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("sync_clients.id", ondelete="CASCADE"), primary_key=True
    )
    mutation_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    collection: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36))
    error: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(String(200))
    fields: Mapped[dict[str, Any] | None] = mapped_column(JSON)
