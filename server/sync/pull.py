"""A pull: the changes after a device's cursor, oldest first, across every collection."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, exists, select

from server.core.merge import record_stamp
from server.core.sync_rules import needs_reset, next_cursor
from server.prepared import Prepared
from server.sync import registry
from server.sync.dump import fast_dump
from server.sync.registry import Collection
from server.sync.statements import as_dict, in_window, statements_for

if TYPE_CHECKING:
    from server.sync.store import Record


def pull(
    user_id: str, cursor: int, seq: int, limit: int, written: Sequence[Record] = ()
) -> dict[str, Any]:
    """Changes after `cursor`, oldest first, across every collection, at most `limit`.

    `written` are the records this request just wrote, holding the values and stamps it
    stored; they are exactly the rows with server_seq above the one the request started
    from (its counter lock was held throughout), so they are echoed from memory and only
    older rows are read back."""
    reset = needs_reset(cursor, seq)
    start = 0 if reset else cursor
    found: list[tuple[int, str, Collection, Any]] = []
    upto = written[0].server_seq - 1 if written else seq  # type: ignore[operator]
    if start < upto:  # an idle device, already up to date, costs no queries here
        window = {"user_id": user_id, "start": start, "upto": upto}
        for collection in _changed_collections(window):
            statements = statements_for(collection)
            for values in statements.changed.rows({**window, "limit": limit + 1}):
                row = as_dict(statements, values)
                found.append((row["server_seq"], "row", collection, row))
        found.sort(key=lambda item: item[0])
    if len(found) <= limit:
        found.extend(
            (record.server_seq, "record", record.collection, record)  # type: ignore[misc]
            for record in written
            if record.server_seq > start  # type: ignore[operator]
        )
    has_more = len(found) > limit
    page = found[:limit]
    result: dict[str, Any] = {
        "changes": [_change(kind, collection, item) for _, kind, collection, item in page],
        "cursor": next_cursor(start, [item[0] for item in page], has_more, seq),
        "has_more": has_more,
    }
    if reset:
        result["reset"] = True
    return result


def _changed_collections(window: dict[str, Any]) -> list[Collection]:
    """The collections with a change in (start, upto], asked in one statement (an EXISTS per
    collection, each a probe of its (user_id, server_seq) index), so a pull reads only those.
    The counter gives the range but not which collection a change is in: reminders, summaries
    and other server-side writers take values from it too, and every collection's pull query
    would otherwise run on each request that has anything to pull."""
    collections = registry.all_collections()
    if len(collections) < 2:
        return collections
    tables = tuple(collection.model.__table__ for collection in collections)
    probe = _PROBES.get(tables)
    if probe is None:
        probe = _PROBES[tables] = Prepared(lambda: _probe_statement(tables))
    [found] = probe.rows(window)
    return [collection for collection, changed in zip(collections, found, strict=True) if changed]


def _probe_statement(tables: tuple[Table, ...]) -> Any:
    probes = []
    for index, table in enumerate(tables):
        past = select(table.c.server_seq).where(*in_window(table))
        probes.append(exists(past).label(f"c{index}"))
    return select(*probes)


# One EXISTS probe statement per set of registered collections (one per app, in practice).
_PROBES: dict[tuple[Table, ...], Prepared] = {}


def _change(kind: str, collection: Collection, item: Any) -> dict[str, Any]:
    if kind == "record":
        return {
            "collection": collection.name,
            "record_id": item.id,
            "server_seq": item.server_seq,
            "hlc": record_stamp(item.clock),
            "fields": fast_dump(collection.schema, item.values),
        }
    return {
        "collection": collection.name,
        "record_id": item["id"],
        "server_seq": item["server_seq"],
        "hlc": record_stamp(item["field_clock"]),
        "fields": fast_dump(collection.schema, item),
    }
