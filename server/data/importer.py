"""Import: recognise the file, turn it into records, write them all through sync or none.

Records already here (same id, not deleted) are left alone, so importing a file twice adds
nothing the second time and an old file never overwrites newer edits."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select

from server.auth.store import update_user
from server.core.days import is_valid_time_zone
from server.core.imports import ImportRefused, Parsed, daylio, dayone, native
from server.extensions import db
from server.models import User
from server.sync import registry
from server.sync.store import write_as_server

NODE = "import"


def run(user: User, raw: bytes, now: datetime) -> dict[str, Any]:
    """The report of a committed import; ImportRefused (nothing written) otherwise."""
    if not raw.strip():
        raise ImportRefused("This file is empty.")
    if raw[:4] == b"PK\x03\x04":
        return _write_entries(user, dayone.from_zip(raw, user.day_start_hour), now)
    text = _text(raw)
    if text.lstrip()[:1] in ("{", "["):
        data = _json(text)
        if native.looks_like(data):
            return _write_native(user, native.parse(data), now)
        if dayone.looks_like(data):
            return _write_entries(user, dayone.from_json(data, user.day_start_hour), now)
        raise ImportRefused(
            "We don't recognise this JSON file. Try a Small Wins or Day One export."
        )
    if daylio.looks_like(text):
        return _write_entries(user, daylio.parse(raw, user.time_zone, user.day_start_hour), now)
    if "," in text.split("\n", 1)[0]:
        daylio.parse(raw, user.time_zone, user.day_start_hour)  # raises with the missing columns
    raise ImportRefused(
        "We don't recognise this file. Small Wins can bring in its own JSON export, "
        "a Day One export (ZIP or JSON) and a Daylio CSV export."
    )


def _text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused("We don't recognise this file (it isn't text or a ZIP).") from error


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise ImportRefused(
            "This file is damaged (not valid JSON), so nothing was imported."
        ) from error


def _existing(name: str, user_id: str, ids: list[str]) -> set[str]:
    collection = registry.get(name)
    assert collection is not None
    model: Any = collection.model
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        query = select(model.id).where(
            model.user_id == user_id,
            model.id.in_(ids[start : start + 500]),
            model.deleted.is_(False),
        )
        found.update(db.session.scalars(query))
    return found


def _write(user: User, changes: list[tuple[str, str, dict[str, Any]]], now: datetime) -> int:
    by_name: dict[str, list[str]] = {}
    for name, record_id, _ in changes:
        by_name.setdefault(name, []).append(record_id)
    here = {(name, i) for name, ids in by_name.items() for i in _existing(name, user.id, ids)}
    new = [change for change in changes if (change[0], change[1]) not in here]
    rejected = write_as_server(user.id, new, now, NODE)
    if rejected:
        db.session.rollback()
        first = rejected[0]
        fields = first.get("fields") or {}
        detail = "; ".join(
            f"{k}: {' '.join(map(str, v)) if isinstance(v, list) else v}"
            for k, v in (fields.items() if isinstance(fields, dict) else [])
        )
        raise ImportRefused(
            f"{len(rejected)} record(s) in this file aren't valid ({first['collection']}"
            + (f", {detail}" if detail else "")
            + "), so nothing was imported."
        )
    return len(new)


def _write_entries(user: User, parsed: Parsed, now: datetime) -> dict[str, Any]:
    changes = [
        (
            "wins",
            entry.id,
            {
                "text": entry.text,
                "happened_at": entry.happened_at.isoformat(),
                "local_day": entry.local_day.isoformat(),
                "tags": list(entry.tags),
                "starred": entry.starred,
                "note": entry.note,
            },
        )
        for entry in parsed.entries
    ]
    added = _write(user, changes, now)
    db.session.commit()
    return _report(
        parsed.source, len(changes), added, parsed.mapped, parsed.skipped, parsed.warnings
    )


def _write_native(user: User, data: native.Native, now: datetime) -> dict[str, Any]:
    skipped: list[str] = []
    server_made: set[str] = set()
    changes = []
    for name, record_id, fields in data.records:
        collection = registry.get(name)
        if collection is None:
            skipped.append(f"“{name}” isn't something this Small Wins knows; left out.")
            continue
        if collection.server_only:
            if name not in server_made:
                server_made.add(name)
                skipped.append(f"{name}: Small Wins makes these again from your wins.")
            continue
        new_id = _owned_id(collection.contract, data.account, user.id, record_id, fields)
        changes.append((name, new_id, fields))
    added = _write(user, changes, now)
    db.session.commit()
    _apply_preferences(user, data.preferences)
    mapped = ["every record keeps its fields", "time zone and day start → your settings"]
    return _report("Small Wins", len(changes), added, mapped, skipped, [])


def _owned_id(
    contract: Any, source_user: Any, user_id: str, record_id: str, fields: dict[str, Any]
) -> str:
    """Some ids are uuid5(namespace, "<user id>:<key>") (a day's intention, a week's
    reflection, a reminder kind): moved to another account they must be that account's ids,
    or its devices would make a second record for the same day, week or kind."""
    namespace = contract.get("namespace") if contract else None
    if not namespace or not isinstance(source_user, str) or source_user == user_id:
        return record_id
    for value in fields.values():
        if isinstance(value, str):
            ns = uuid.UUID(namespace)
            if str(uuid.uuid5(ns, f"{source_user}:{value}")) == record_id:
                return str(uuid.uuid5(ns, f"{user_id}:{value}"))
    return record_id


def _apply_preferences(user: User, preferences: dict[str, Any]) -> None:
    zone, hour = preferences.get("time_zone"), preferences.get("day_start_hour")
    changes: dict[str, Any] = {}
    if isinstance(zone, str) and is_valid_time_zone(zone):
        changes["time_zone"] = zone
    if isinstance(hour, int) and not isinstance(hour, bool) and 0 <= hour <= 23:
        changes["day_start_hour"] = hour
    if changes:
        update_user(user, changes)  # reschedules reminders when the zone changes


def _report(
    source: str, found: int, added: int, mapped: list[str], skipped: list[str], warnings: list[str]
) -> dict[str, Any]:
    return {
        "source": source,
        "found": found,
        "added": added,
        "already_here": found - added,
        "mapped": mapped,
        "skipped": skipped,
        "warnings": warnings,
    }
