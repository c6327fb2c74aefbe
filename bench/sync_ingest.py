"""How fast does a device's offline backlog go in through POST /api/v1/sync?

A device comes back with 10,000 wins made offline and pushes them in batches of 100 (what the
client sends), through the real endpoint: Flask test client, session cookie, CSRF, marshmallow,
the store, SQLite in WAL mode in a temporary directory. The baseline, measured in the same run
on the same machine, is raw sqlite3 `executemany` of the same rows into the same table (same
indexes and pragmas), committing per batch of 100 like the endpoint does.

    .venv/bin/python bench/sync_ingest.py [--wins 10000] [--batch 100] [--cpu]

`--cpu` times by this process's CPU instead of wall time (the endpoint, the baseline and SQLite
all run in this process), which a loaded shared machine disturbs far less.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402

from server.app import create_app  # noqa: E402
from server.core.clock import Timestamp  # noqa: E402
from server.extensions import db  # noqa: E402

# The app's own SQLite settings (server/app.py), so the baseline runs under the same rules.
PRAGMAS = ["PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL"]
FAST_HASH = "scrypt:1024:8:1"  # signing up is not what is measured
TIMER = time.perf_counter  # --cpu: time.process_time


def make_app(path: Path, tmp: Path, database_url: str | None = None) -> Flask:
    """The app on a fresh SQLite file, or on `database_url` (emptied first: a scratch
    database such as TEST_DATABASE_URL, never one holding data)."""
    app = create_app(
        {
            "DATABASE_URL": database_url or f"sqlite:///{path}",
            "INSTANCE_PATH": str(tmp / "instance"),
            "PASSWORD_HASH_METHOD": FAST_HASH,
        }
    )
    with app.app_context():
        if database_url:
            db.drop_all()
        db.create_all()
    return app


class SignedInClient:
    """A device: the Flask test client with a session and the CSRF header, like the PWA."""

    def __init__(self, app: Flask) -> None:
        self.http = app.test_client()
        self.client_id = str(uuid.uuid4())
        self.csrf = self.http.get("/api/v1/auth/csrf").get_json()["csrf_token"]
        email = f"bench-{uuid.uuid4().hex[:8]}@example.org"
        signup = {"email": email, "password": "bench password 1", "time_zone": "UTC"}
        self.post("/api/v1/auth/signup", signup)
        # Signing up rotates the CSRF token, as signing in and out do.
        self.csrf = self.http.get("/api/v1/auth/csrf").get_json()["csrf_token"]
        self.email = email

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.http.post(path, json=body, headers={"X-CSRF-Token": self.csrf})
        assert response.status_code < 300, (response.status_code, response.get_json())
        return response.get_json()

    def sync(self, cursor: int, mutations: list[dict[str, Any]], limit: int = 500) -> dict:
        body = {
            "client_id": self.client_id,
            "schema_version": 1,
            "cursor": cursor,
            "mutations": mutations,
            "limit": limit,
        }
        return self.post("/api/v1/sync", body)


def offline_wins(count: int) -> list[dict[str, Any]]:
    """`count` creates, as a device that was offline for a while would have queued them."""
    now = datetime.now(UTC)
    node = uuid.uuid4().hex
    mutations = []
    for i in range(count):
        moment = now - timedelta(minutes=count - i)
        fields = {
            "text": f"Small win number {i}: went for a walk and called a friend",
            "happened_at": moment.isoformat(),
            "local_day": moment.date().isoformat(),
            "tags": ["walk", "friends"] if i % 3 else ["work"],
            "energy": i % 5 + 1,
            "starred": i % 7 == 0,
        }
        stamp = Timestamp(int(moment.timestamp() * 1000), 0, node).pack()
        record = str(uuid.uuid4())
        mutations.append(
            {"id": i + 1, "collection": "wins", "record_id": record, "fields": fields, "hlc": stamp}
        )
    return mutations


def stored_rows(path: Path) -> tuple[list[str], list[tuple]]:
    connection = sqlite3.connect(path)
    cursor = connection.execute("SELECT * FROM wins ORDER BY server_seq")
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    connection.close()
    return columns, rows


def copy_schema(source: Path, target: Path) -> None:
    """The users and wins tables with their indexes, and the user row the wins point to."""
    src = sqlite3.connect(source)
    ddl = src.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name IN ('users', 'wins') AND sql IS NOT NULL"
    ).fetchall()
    users = src.execute("SELECT * FROM users").fetchall()
    src.close()
    dst = sqlite3.connect(target)
    for (statement,) in ddl:
        dst.execute(statement)
    marks = ", ".join("?" for _ in users[0])
    dst.executemany(f"INSERT INTO users VALUES ({marks})", users)
    dst.commit()
    dst.close()


def through_the_endpoint(client: SignedInClient, mutations: list[dict], batch: int) -> float:
    cursor = 0
    started = TIMER()
    for first in range(0, len(mutations), batch):
        body = client.sync(cursor, mutations[first : first + batch])
        assert not body["rejected"], body["rejected"][:1]
        cursor = body["cursor"]
    return TIMER() - started


def raw_sqlite(path: Path, rows: list[tuple], columns: list[str], batch: int | None) -> float:
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        connection.execute(pragma)
    marks = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO wins ({', '.join(columns)}) VALUES ({marks})"
    size = batch or len(rows)
    started = TIMER()
    for first in range(0, len(rows), size):
        connection.execute("BEGIN")
        connection.executemany(sql, rows[first : first + size])
        connection.execute("COMMIT")
    elapsed = TIMER() - started
    connection.close()
    return elapsed


def best_of(repeat: int, measure: Callable[[], float]) -> float:
    """The fastest of `repeat` runs: the others mostly measure what else the machine did."""
    return min(measure() for _ in range(repeat))


def measure_endpoint(tmp: Path, wins: int, batch: int) -> tuple[float, Path]:
    """Push `wins` offline wins into a fresh app; the time taken and the app's database."""
    run = Path(tempfile.mkdtemp(dir=tmp))
    app_db = run / "app.sqlite3"
    client = SignedInClient(make_app(app_db, run))
    return through_the_endpoint(client, offline_wins(wins), batch), app_db


def measure_raw(tmp: Path, app_db: Path, batch: int | None) -> float:
    columns, rows = stored_rows(app_db)
    target = Path(tempfile.mkdtemp(dir=tmp)) / "raw.sqlite3"
    copy_schema(app_db, target)
    return raw_sqlite(target, rows, columns, batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wins", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cpu", action="store_true", help="time by process CPU, not wall")
    args = parser.parse_args()
    global TIMER
    TIMER = time.process_time if args.cpu else time.perf_counter
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        runs = [measure_endpoint(tmp, args.wins, args.batch) for _ in range(args.repeat)]
        endpoint, app_db = min(runs)
        with sqlite3.connect(app_db) as check:
            assert check.execute("SELECT count(*) FROM wins").fetchone()[0] == args.wins
        per_batch = best_of(args.repeat, lambda: measure_raw(tmp, app_db, args.batch))
        one_tx = best_of(args.repeat, lambda: measure_raw(tmp, app_db, None))

    timer = "CPU" if args.cpu else "wall"
    print(f"sync ingest: {args.wins} wins, batches of {args.batch}, best of {args.repeat}, {timer}")
    print(f"  endpoint:                      {endpoint:6.3f} s {args.wins / endpoint:9.0f} wins/s")
    print(
        f"  raw sqlite3, commit per batch: {per_batch:6.3f} s {args.wins / per_batch:9.0f} wins/s"
    )
    print(f"  raw sqlite3, one transaction:  {one_tx:6.3f} s {args.wins / one_tx:9.0f} wins/s")
    print(f"  ratio to raw, commit per batch: {endpoint / per_batch:5.1f}  (target <= 5)")
    print(f"  ratio to raw, one transaction:  {endpoint / one_tx:5.1f}")


if __name__ == "__main__":
    main()
