"""Collections: the kinds of record that sync.

A collection is a model using the SyncedRecord mixin and a marshmallow schema of its user
fields (including `deleted`). The sync engine learns everything it needs from these two:

* the schema validates a mutation's fields (loaded partial: a mutation carries only what
  changed) and dumps a record for devices;
* its required fields are what a mutation must carry to create a record;
* its fields' `load_default`s fill a new record's fields that the creating mutation left out.

Adding intentions, goals or settings later is one `register` call and a migration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from marshmallow import Schema, missing

from server.models.sync import SyncedRecord


@dataclass(frozen=True)
class Collection:
    name: str
    model: type[SyncedRecord]
    schema: Schema
    # Called in the sync's transaction with (user_id, ids of the records it wrote, now), for
    # server-owned data derived from user fields (reminders recompute their next fire time).
    after_write: Callable[[str, list[str], datetime], None] | None = None
    # Written only by the server (weekly summaries): devices pull it, and sync rejects a
    # device's write to it with a clear message (server/sync/store.py).
    server_only: bool = False
    user_fields: tuple[str, ...] = field(init=False)
    required: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        fields = self.schema.fields
        object.__setattr__(self, "user_fields", tuple(fields))
        object.__setattr__(
            self, "required", frozenset(name for name, f in fields.items() if f.required)
        )

    def blank(self) -> dict[str, Any]:
        """A new record's user fields before the creating mutation is merged in."""
        values = {}
        for name, schema_field in self.schema.fields.items():
            default = schema_field.load_default
            if default is missing:
                default = None
            values[name] = default() if callable(default) else default
        return values


_collections: dict[str, Collection] = {}


def register(
    name: str,
    model: type[SyncedRecord],
    schema: Schema,
    after_write: Callable[[str, list[str], datetime], None] | None = None,
    server_only: bool = False,
) -> Collection:
    """Make `model` sync as `name`. Registering the same pair again is harmless."""
    if "deleted" not in schema.fields:
        raise ValueError(f"the schema for {name!r} must include the `deleted` tombstone field")
    existing = _collections.get(name)
    if existing is not None:
        if existing.model is not model:
            raise ValueError(f"collection {name!r} is already registered")
        return existing
    collection = Collection(name, model, schema, after_write, server_only)
    _collections[name] = collection
    return collection


def get(name: str) -> Collection | None:
    return _collections.get(name)


def all_collections() -> list[Collection]:
    return list(_collections.values())
