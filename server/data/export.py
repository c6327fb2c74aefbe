"""Exports, as generators: rows are read in batches and written out as they come, so a large
account streams instead of being built in memory.

JSON holds every synced collection of the registry (new ones are included without a change
here) plus the preferences, in the shape `server/data/importer.py` reads back."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select

from server.extensions import db
from server.models import User, Win
from server.sync import registry
from server.sync.registry import Collection

FORMAT, VERSION = "small-wins", 1
BATCH = 500
CSV_COLUMNS = ("id", "local_day", "happened_at", "text", "note", "tags", "energy", "starred")


def _records(collection: Collection, user_id: str) -> Iterator[dict[str, Any]]:
    model = collection.model
    query = (
        select(model)
        .where(model.user_id == user_id, model.deleted.is_(False))  # type: ignore[attr-defined]
        .order_by(model.server_seq)  # type: ignore[attr-defined]
        .execution_options(yield_per=BATCH)
    )
    for record in db.session.scalars(query):
        yield {"id": record.id, **collection.schema.dump(record)}


def json_export(user: User, now: datetime) -> Iterator[str]:
    head = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "account": user.id,  # lets an import into another account move owner-derived ids
        "preferences": {"time_zone": user.time_zone, "day_start_hour": user.day_start_hour},
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "collections": {'
    for n, collection in enumerate(registry.all_collections()):
        yield ("," if n else "") + json.dumps(collection.name) + ": ["
        for i, record in enumerate(_records(collection, user.id)):
            yield ("," if i else "") + "\n" + json.dumps(record, ensure_ascii=False)
        yield "]"
    yield "}}\n"


def _wins(user_id: str) -> Iterator[Win]:
    query = (
        select(Win)
        .where(Win.user_id == user_id, Win.deleted.is_(False))
        .order_by(Win.local_day, Win.happened_at)
        .execution_options(yield_per=BATCH)
    )
    yield from db.session.scalars(query)


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet would run a cell starting with one of these as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_export(user: User) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: Any) -> str:
        writer.writerow(values)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff" + line(CSV_COLUMNS)  # the BOM makes spreadsheet apps read UTF-8
    for win in _wins(user.id):
        yield line(
            [
                win.id,
                win.local_day.isoformat(),
                win.happened_at.isoformat(),
                _cell(win.text),
                _cell(win.note),
                _cell("; ".join(win.tags or [])),
                "" if win.energy is None else win.energy,
                "yes" if win.starred else "",
            ]
        )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|~!])")


def markdown_escape(text: str) -> str:
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # A line starting "1." or "-" would become a list item.
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", re.sub(r"^([-+])", r"\\\1", escaped))


def markdown_export(user: User) -> Iterator[str]:
    yield "# Small wins\n"
    day = None
    for win in _wins(user.id):
        if win.local_day != day:
            day = win.local_day
            yield f"\n## {day.isoformat()}\n\n"
        star = "★ " if win.starred else ""
        yield f"- {star}{markdown_escape(win.text)}\n"
        if win.note:
            for note_line in win.note.splitlines():
                yield f"  {markdown_escape(note_line)}\n" if note_line.strip() else "\n"
        if win.tags:
            yield f"  *{markdown_escape(', '.join(win.tags))}*\n"
