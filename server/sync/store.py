"""One sync, in one transaction: lock, apply the new mutations, remember rejections, pull.

The order matters. The first statement updates the user's counter row, which takes the lock
that serialises this user's syncs (a row lock on PostgreSQL; on SQLite the database write lock,
and being first it is also where the transaction's snapshot starts). Only after it does the
client's `last_mutation_id` get read, so two deliveries of one request cannot both see a
mutation as new. Everything is then read and written in bulk, a few statements per collection
per request rather than a few per mutation, since a device back from a month offline sends
its outbox in batches of 200. Any database error rolls the whole request back: nothing is
acknowledged unless its effects are committed with it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from marshmallow import ValidationError
from sqlalchemy import Table, bindparam, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.sql import Insert

from server import db_errors
from server.core.clock import Timestamp
from server.core.merge import merge_fields
from server.core.sync_rules import (
    first_new,
    missing_for_create,
    rejections_still_owed,
    stamp_problem,
)
from server.errors import api_error
from server.extensions import db
from server.models import SyncCounter
from server.prepared import Prepared
from server.storable import storable, unstorable_messages
from server.sync import devices, registry
from server.sync.load import fast_load
from server.sync.pull import pull
from server.sync.registry import Collection
from server.sync.statements import as_dict, chunks, ids_params, insert_rows, statements_for

log = logging.getLogger(__name__)

MESSAGES = {
    "unknown_collection": "This kind of record can't be saved here (yet).",
    "server_only": "Small Wins writes these itself, so a device can't change them.",
    "invalid_hlc": "This change carries a malformed timestamp.",
    "clock_ahead": "This device's clock is ahead. Check its date and time, then try again.",
    "validation_error": "Some of what was sent isn't quite right.",
}


def sync(user_id: str, request: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Apply a device's request and answer it; commits, or changes nothing."""
    try:
        result = _sync(user_id, request, now)
        db.session.commit()
    except OperationalError as error:
        # Lock timeouts, serialisation failures, a dropped connection: worth retrying.
        db.session.rollback()
        log.warning("sync for user %s rolled back: %s", user_id, db_errors.describe(error))
        db_errors.try_again("We couldn't sync just now. We'll try again shortly.")
    except IntegrityError:
        # Another account raced to claim the same device id; a retry sees the winner.
        db.session.rollback()
        api_error(409, "conflict", "That clashed with another change. Please try again.")
    return result


_COUNTERS = SyncCounter.__table__
# The statements of every sync, compiled once per dialect (server/prepared.py).
_TOUCH_COUNTER = Prepared(
    lambda: (
        update(_COUNTERS)
        .where(_COUNTERS.c.user_id == bindparam("user_id"))
        .values(seq=_COUNTERS.c.seq)
        .returning(_COUNTERS.c.seq)
    )
)
_SET_COUNTER = Prepared(
    lambda: (
        update(_COUNTERS)
        .where(_COUNTERS.c.user_id == bindparam("user_id"))
        .values(seq=bindparam("seq"))
    )
)


def _sync(user_id: str, request: dict[str, Any], now: datetime) -> dict[str, Any]:
    now_ms = int(now.timestamp() * 1000)
    start_seq = _lock_counter(user_id)
    client = devices.check_in(user_id, request["client_id"], now)
    sent = [m["id"] for m in request["mutations"]]
    fresh = request["mutations"][first_new(sent, client.last_mutation_id) :]
    batch = _Batch(user_id, start_seq, now_ms)
    batch.apply(fresh)
    if fresh:
        client.last_mutation_id = fresh[-1]["id"]
    if batch.seq != start_seq:
        _SET_COUNTER.execute({"user_id": user_id, "seq": batch.seq})
    owed_from = rejections_still_owed(sent, request["acked"])
    rejected = devices.remember_rejections(client, batch.rejected, owed_from, now)
    devices.save(client, now)
    result = pull(user_id, request["cursor"], batch.seq, request["limit"], batch.written)
    result.update(acked=client.last_mutation_id, rejected=rejected, server_time_ms=now_ms)
    return result


def _lock_counter(user_id: str) -> int:
    seq = _TOUCH_COUNTER.scalar({"user_id": user_id})
    if seq is None:
        # First sync of this user. Two first syncs may race: one inserts, the other's insert
        # waits for it and then does nothing, and both go on to take the lock.
        db.session.execute(_insert_or_ignore(_COUNTERS, {"user_id": user_id, "seq": 0}))
        seq = _TOUCH_COUNTER.scalar({"user_id": user_id})
    return int(seq)


def _insert_or_ignore(table: Table, values: dict[str, Any]) -> Insert:
    dialect = db.session.get_bind().dialect.name
    builder = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[dialect]
    return builder(table).values(values).on_conflict_do_nothing()


@dataclass
class Record:
    collection: Collection
    id: str
    user_id: str
    values: dict[str, Any]
    clock: dict[str, str]
    server_seq: int | None
    stored: bool  # already in the database (else it is created by this batch)
    dirty: bool = False


@dataclass
class _Batch:
    """The new mutations of one request, merged in memory and written in bulk."""

    user_id: str
    seq: int
    now_ms: int
    records: dict[tuple[str, str], Record] = field(default_factory=dict)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    # Records this batch wrote, in server_seq order: the echo is built from them (pull.py).
    written: list[Record] = field(default_factory=list)
    # Mutation index -> its loaded fields or the ValidationError its load raised.
    _loaded: dict[int, Any] = field(default_factory=dict)
    # The app's collections, looked up once rather than three times a mutation.
    collections: registry.Registry = field(default_factory=registry.current)

    def apply(self, mutations: list[dict[str, Any]]) -> None:
        self._load(mutations)
        self._validate(mutations)
        for index, mutation in enumerate(mutations):
            self._apply_one(index, mutation)
        self._write()

    def _validate(self, mutations: list[dict[str, Any]]) -> None:
        """Load the fields of every mutation that gets as far as validation, ahead of
        applying them (loading depends only on the fields sent). Each is loaded on its own,
        so a rejection carries exactly the messages its own load gives (server/sync/load.py:
        marshmallow's result, with less of its machinery)."""
        for index, mutation in enumerate(mutations):
            collection = self.collections.get(mutation["collection"])
            if collection is None or collection.server_only:
                continue
            if stamp_problem(mutation["hlc"], self.now_ms) is not None:
                continue
            try:
                self._loaded[index] = fast_load(collection.schema, mutation["fields"])
            except ValidationError as error:
                self._loaded[index] = error

    def _load(self, mutations: list[dict[str, Any]]) -> None:
        """Every record of this user the batch touches, in one query per collection (per 200
        ids). Ids are scoped to their owner: another account's record under the same id is
        not this one."""
        wanted: dict[str, set[str]] = {}
        for mutation in mutations:
            if self._writable(mutation["collection"]):
                wanted.setdefault(mutation["collection"], set()).add(mutation["record_id"])
        for name, wanted_ids in wanted.items():
            collection = self.collections.get(name)
            assert collection is not None
            statements = statements_for(collection)
            for ids in chunks(sorted(wanted_ids)):
                for values in statements.stored[len(ids)].rows(ids_params(ids, self.user_id)):
                    self._add_stored(collection, as_dict(statements, values))

    def _add_stored(self, collection: Collection, row: dict[str, Any]) -> None:
        self.records[(collection.name, row["id"])] = Record(
            collection=collection,
            id=row["id"],
            user_id=row["user_id"],
            values={name: row[name] for name in collection.user_fields},
            clock=dict(row["field_clock"]),
            server_seq=row["server_seq"],
            stored=True,
        )

    def _apply_one(self, index: int, mutation: dict[str, Any]) -> None:
        collection = self.collections.get(mutation["collection"])
        if collection is None:
            return self._reject(mutation, "unknown_collection")
        if collection.server_only:
            return self._reject(mutation, "server_only")
        if unstorable := unstorable_messages(mutation["fields"]):
            return self._reject(mutation, "validation_error", unstorable)
        incoming = self._loaded.get(index)
        if incoming is None:  # not validated ahead: its stamp is the problem
            problem = stamp_problem(mutation["hlc"], self.now_ms)
            assert problem is not None
            return self._reject(mutation, problem)
        if isinstance(incoming, ValidationError):
            return self._reject(mutation, "validation_error", incoming.messages)
        key = (collection.name, mutation["record_id"])
        record = self.records.get(key)
        if record is None:
            missing = missing_for_create(collection.required, incoming)
            if missing:
                errors = {name: ["Needed to create this record."] for name in missing}
                return self._reject(mutation, "validation_error", errors)
            record = Record(
                collection, key[1], self.user_id, collection.blank(), {}, None, stored=False
            )
            self.records[key] = record
        merged = merge_fields(record.values, record.clock, incoming, mutation["hlc"])
        if merged.changed:
            self.seq += 1
            record.values, record.clock, record.server_seq = merged.values, merged.clock, self.seq
            record.dirty = True
        return None

    def _writable(self, name: str) -> bool:
        """A collection devices may write: registered and not server-only."""
        collection = self.collections.get(name)
        return collection is not None and not collection.server_only

    def _reject(self, mutation: dict[str, Any], error: str, fields: Any = None) -> None:
        self.rejected.append(
            {
                "mutation_id": mutation["id"],
                "collection": storable(mutation["collection"]),  # an unknown one is echoed
                "record_id": mutation["record_id"],
                "error": error,
                "message": MESSAGES[error],
                "fields": fields,
            }
        )

    def _write(self) -> None:
        by_table: dict[Table, tuple[Collection, list[Record], list[Record]]] = {}
        self.written = sorted(
            (r for r in self.records.values() if r.dirty),
            key=lambda r: r.server_seq,  # type: ignore[arg-type, return-value]
        )
        for record in self.written:
            table = record.collection.model.__table__
            entry = by_table.setdefault(table, (record.collection, [], []))
            entry[1 if record.stored else 2].append(record)
        for collection, stored, created in by_table.values():
            statements = statements_for(collection)
            if created:
                insert_rows(statements, [_row(r) for r in created])
            if stored:
                params = [{f"b_{k}": v for k, v in _row(r).items()} for r in stored]
                statements.update.execute_many(params)
            if collection.after_write is not None:
                now = datetime.fromtimestamp(self.now_ms / 1000, UTC)
                collection.after_write(self.user_id, [r.id for r in stored + created], now)


def _row(record: Record) -> dict[str, Any]:
    return {
        "id": record.id,
        "user_id": record.user_id,
        "server_seq": record.server_seq,
        "field_clock": record.clock,
        **record.values,
    }


def write_as_server(
    user_id: str, changes: list[tuple[str, str, dict[str, Any]]], now: datetime, node: str
) -> list[dict[str, Any]]:
    """Write (collection, record id, fields) for a user as the server (an import): checked
    by each collection's schema, merged and given server_seq values like a device's sync, so
    every device pulls them. Returns the rejections; the caller commits or rolls back."""
    now_ms = int(now.timestamp() * 1000)
    stamp = Timestamp(now_ms, 0, node).pack()
    start_seq = _lock_counter(user_id)
    batch = _Batch(user_id, start_seq, now_ms)
    mutations = [
        {"id": n, "collection": name, "record_id": record_id, "fields": fields, "hlc": stamp}
        for n, (name, record_id, fields) in enumerate(changes, start=1)
    ]
    batch.apply(mutations)
    if batch.seq != start_seq:
        _SET_COUNTER.execute({"user_id": user_id, "seq": batch.seq})
    return batch.rejected
