"""Pick and build the Huey instance from config (never at import time).

Embedded (no HUEY_URL): SqliteHuey on its own WAL file in the instance folder, so queue writes
never contend with the app's database. Distributed: HUEY_URL=redis://... (RedisHuey) or
postgresql://... (PostgresHuey, psycopg 3; it creates its `huey_*` tables on first use, which
is why it is not managed by our migrations). Exactly-once delivery does not depend on the
queue: the tick claims rows in the application database (see tick.py), so any backend will do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from huey import Huey, PostgresHuey, RedisHuey, SqliteHuey

from server.config import create_private_file

QUEUE_NAME = "smallwins"
SQLITE_FILENAME = "huey.sqlite3"


def make_huey(config: dict[str, Any], instance_dir: Path) -> Huey:
    url: str | None = config.get("HUEY_URL")
    immediate = bool(config.get("HUEY_IMMEDIATE"))
    # Periodic tasks are scheduled on UTC minutes; our own code never reads huey's clock.
    options: dict[str, Any] = {"immediate": immediate, "utc": True}
    if not url:
        create_private_file(instance_dir / SQLITE_FILENAME)
        return SqliteHuey(QUEUE_NAME, filename=str(instance_dir / SQLITE_FILENAME), **options)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(QUEUE_NAME, url=url, **options)
    if url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
        dsn = "postgresql://" + url.split("://", 1)[1]  # libpq does not know SQLAlchemy's +driver
        return PostgresHuey(QUEUE_NAME, dsn=dsn, **options)
    if url.startswith("sqlite:///"):
        create_private_file(Path(url.removeprefix("sqlite:///")))
        return SqliteHuey(QUEUE_NAME, filename=url.removeprefix("sqlite:///"), **options)
    raise ValueError(f"HUEY_URL must be redis://, postgresql:// or sqlite:///, not {url!r}")


def init_app(app: Flask) -> Huey:
    from server.jobs import tasks

    huey = make_huey(app.config, Path(app.instance_path))
    app.extensions["huey_tasks"] = tasks.register(huey, app)
    app.extensions["huey"] = huey
    return huey


def get_huey(app: Flask) -> Huey:
    return app.extensions["huey"]
