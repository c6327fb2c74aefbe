"""Our own JSON export, read back: checks the envelope; each record's fields are checked by
its collection's schema in the server layer, like a device's write."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from server.core.imports import MAX_ENTRIES, ImportRefused

FORMAT, VERSION = "small-wins", 1
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class Native:
    records: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    preferences: dict[str, Any] = field(default_factory=dict)
    account: str | None = None  # the exporting account's id, to move owner-derived ids


def looks_like(data: Any) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT


def parse(data: dict[str, Any]) -> Native:
    if data.get("version") != VERSION:
        raise ImportRefused("This Small Wins export is from a version we can't read.")
    collections, preferences = data.get("collections"), data.get("preferences", {})
    if not isinstance(collections, dict) or not isinstance(preferences, dict):
        raise ImportRefused("This Small Wins export is incomplete, so nothing was imported.")
    account = data.get("account")
    native = Native(preferences=preferences, account=account if isinstance(account, str) else None)
    for name, records in collections.items():
        if not isinstance(records, list):
            raise ImportRefused(f"The {name!r} part of this export isn't a list.")
        for record in records:
            if not isinstance(record, dict):
                raise ImportRefused(f"Something in {name!r} isn't a record.")
            values = dict(record)
            record_id = values.pop("id", None)
            if not isinstance(record_id, str) or not _UUID.fullmatch(record_id):
                raise ImportRefused(f"A record in {name!r} has no valid id.")
            native.records.append((str(name), record_id, values))
            if len(native.records) > MAX_ENTRIES * 5:
                raise ImportRefused("That's more than we can take in one go.")
    return native
