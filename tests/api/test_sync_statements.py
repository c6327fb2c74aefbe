"""A typical sync runs a handful of SQL statements (issue 12).

Counted with SQLAlchemy's before_cursor_execute, so a change that adds a query per collection,
reads the device's rejections when none are owed or writes sync_clients twice fails here.
Before issue 12 the typical request below ran 10 statements on SQLite and the idle one 5.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from flask import Flask
from sqlalchemy import event

from server.extensions import db
from tests.api.test_sync import NOW, WIN, device, mutation, new_id, synced
from tests.factories import ApiClient

__all__ = ["device"]  # the fixture, shared with test_sync.py


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn, cursor, statement, params, context, executemany) -> None:  # noqa: ANN001
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def touching(seen: list[str], table: str) -> list[str]:
    return [s for s in seen if table in s]


def test_a_typical_push_runs_a_handful_of_statements(device: ApiClient, app: Flask) -> None:
    client = new_id()
    first = synced(device, client, [mutation(1, new_id(), WIN)])
    with statements(app) as seen:
        body = synced(
            device,
            client,
            [mutation(2, new_id(), WIN), mutation(3, new_id(), WIN)],
            cursor=first["cursor"],
            acked=1,
        )
    assert body["acked"] == 3 and len(body["changes"]) == 2
    # session+user, lock, device, read wins, insert wins, the wins hook (weekly summaries),
    # counter, device: nothing for rejections, no pull query (the echo is from memory).
    assert len(seen) <= 8, seen
    assert touching(seen, "sync_rejections") == []
    assert len(touching(seen, "sync_clients")) == 2  # one read, one write
    assert len(touching(seen, "FROM users")) + len(touching(seen, "JOIN users")) <= 1


def test_an_idle_sync_only_reads(device: ApiClient, app: Flask) -> None:
    client = new_id()
    first = synced(device, client, [mutation(1, new_id(), WIN)])
    with statements(app) as seen:
        synced(device, client, [], cursor=first["cursor"], acked=1)
    assert len(seen) == 3, seen  # session+user, lock, device
    app.config["CLOCK"] = lambda: NOW + timedelta(hours=1)
    with statements(app) as seen:
        synced(device, client, [], cursor=first["cursor"], acked=1)
    assert len(touching(seen, "UPDATE sync_clients")) == 1  # last seen, now and then


def test_a_pull_reads_only_the_collections_that_changed(device: ApiClient, app: Flask) -> None:
    writer, reader = new_id(), new_id()
    before = synced(device, reader, [])
    synced(device, writer, [mutation(1, new_id(), WIN)])
    with statements(app) as seen:
        body = synced(device, reader, [], cursor=before["cursor"])
    assert [c["collection"] for c in body["changes"]] == ["wins"]
    # session+user, lock, device, which collections changed, the wins page.
    assert len(seen) == 5, seen
    assert len([s for s in seen if "ORDER BY" in s]) == 1


def test_rejections_are_still_repeated_until_heard(device: ApiClient, app: Flask) -> None:
    """Skipping the rejections table must not skip a rejection that is owed."""
    client = new_id()
    bad = mutation(1, new_id(), {**WIN, "text": ""})
    assert [r["id"] for r in synced(device, client, [bad])["rejected"]] == [1]
    assert [r["id"] for r in synced(device, client, [], acked=0)["rejected"]] == [1]
    assert synced(device, client, [], acked=1)["rejected"] == []
    with statements(app) as seen:
        assert synced(device, client, [], acked=1)["rejected"] == []
    assert touching(seen, "sync_rejections") == []
