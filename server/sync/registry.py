"""Collections: the kinds of record that sync.

A collection is a model using the SyncedRecord mixin and a marshmallow schema of its user
fields (including `deleted`). The sync engine learns everything it needs from these two:

* the schema validates a mutation's fields (loaded partial: a mutation carries only what
  changed) and dumps a record for devices;
* its required fields are what a mutation must carry to create a record;
* its fields' `load_default`s fill a new record's fields that the creating mutation left out.

Each collection's package builds its entry (`server/wins/__init__.py: collection()`), and
create_app lists them once and hands the list to `server.sync.init_app`, which keeps this
Registry on the app; `get` and `all_collections` below look in the current app's. Nothing
registers itself by being imported. See docs/collections.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app
from marshmallow import Schema, missing

from server.models.sync import SyncedRecord

EXTENSION = "collections"  # the key in app.extensions


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
    # Limits, enums and namespaces the client must agree on; compared with the client's
    # client/src/collections/contract.json by tests/api/test_collections_contract.py.
    contract: Mapping[str, Any] = field(default_factory=dict)
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


class Registry:
    """The collections one app syncs, by name."""

    def __init__(self, collections: Iterable[Collection] = ()) -> None:
        self._by_name: dict[str, Collection] = {}
        for collection in collections:
            self.add(collection)

    def add(self, collection: Collection) -> Collection:
        """Make `collection` sync. Adding the same name and model again is harmless."""
        if "deleted" not in collection.schema.fields:
            raise ValueError(
                f"the schema for {collection.name!r} must include the `deleted` tombstone field"
            )
        existing = self._by_name.get(collection.name)
        if existing is not None:
            if existing.model is not collection.model:
                raise ValueError(f"collection {collection.name!r} is already registered")
            return existing
        self._by_name[collection.name] = collection
        return collection

    def register(
        self,
        name: str,
        model: type[SyncedRecord],
        schema: Schema,
        after_write: Callable[[str, list[str], datetime], None] | None = None,
        server_only: bool = False,
    ) -> Collection:
        return self.add(Collection(name, model, schema, after_write, server_only))

    def get(self, name: str) -> Collection | None:
        return self._by_name.get(name)

    def all_collections(self) -> list[Collection]:
        return list(self._by_name.values())


def current() -> Registry:
    """The registry of the app handling this request or job."""
    registry: Registry = current_app.extensions[EXTENSION]
    return registry


# The engine's two questions, answered from the current app's registry (server/sync/store.py).
def get(name: str) -> Collection | None:
    return current().get(name)


def all_collections() -> list[Collection]:
    return current().all_collections()
