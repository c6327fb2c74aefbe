"""A busy database for tests: another connection holds the write lock, the app gives up fast."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa
from flask import Flask

from server.extensions import db
from tests.conftest import POSTGRES_URL, app_with_schema

WAIT_MS = 100


def impatient_app(database_url: str, tmp_path: Path, **overrides: Any) -> Iterator[Flask]:
    """An app that waits WAIT_MS for a lock (SQLite busy_timeout, PostgreSQL lock_timeout)."""
    if not database_url.startswith("sqlite"):
        overrides["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True,
            "connect_args": {"options": f"-c lock_timeout={WAIT_MS}"},
        }
    yield from app_with_schema(database_url, tmp_path, SQLITE_BUSY_TIMEOUT_MS=WAIT_MS, **overrides)


@contextmanager
def write_lock(app: Flask) -> Iterator[None]:
    """Hold the database's write lock from another connection: SQLite's (BEGIN IMMEDIATE),
    or on PostgreSQL an EXCLUSIVE lock on every table. Reads still go through, as they
    would while a long write or a busy job consumer holds it."""
    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        holder = sqlite3.connect(str(url.database), isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            yield
        finally:
            holder.rollback()
            holder.close()
        return
    assert POSTGRES_URL
    tables = ", ".join(table.name for table in db.metadata.sorted_tables)
    with psycopg.connect(POSTGRES_URL) as holder:
        holder.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")  # type: ignore[arg-type]
        try:
            yield
        finally:
            holder.rollback()


def snapshot(app: Flask) -> dict[str, list[str]]:
    """Every row of every table, comparable before and after."""
    with app.app_context():
        return {
            table.name: sorted(repr(tuple(row)) for row in db.session.execute(sa.select(table)))
            for table in db.metadata.sorted_tables
        }
