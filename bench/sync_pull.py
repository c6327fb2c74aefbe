"""How fast does a new device pull an account's history through POST /api/v1/sync?

An account holds 10,000 wins (pushed through the endpoint first; not timed). A fresh device,
with a new client id and cursor 0, pulls them all, page after page, through the real endpoint
(Flask test client, session, CSRF, the store, SQLite in WAL mode in a temporary directory).
The baseline, measured in the same run, is raw sqlite3 reading the same rows with the same
paged query (`server_seq > ? ORDER BY server_seq LIMIT ?`), fetching every column.

    .venv/bin/python bench/sync_pull.py [--wins 10000] [--page 500]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

from sync_ingest import SignedInClient, best_of, make_app, offline_wins, through_the_endpoint

# Wall time by default; --cpu uses this process's CPU time, which a loaded shared machine
# disturbs far less (the endpoint and the baseline both run in this process, SQLite too).
TIMER = time.perf_counter


def pull_through_the_endpoint(client: SignedInClient, page: int) -> tuple[float, int]:
    client.client_id = str(uuid.uuid4())  # a device that has never synced
    cursor, received = 0, 0
    started = TIMER()
    while True:
        body = client.sync(cursor, [], limit=page)
        received += len(body["changes"])
        cursor = body["cursor"]
        if not body["has_more"]:
            break
    return TIMER() - started, received


def pull_raw(path: Path, user_id: str, page: int, encode: bool) -> float:
    connection = sqlite3.connect(path)
    seq_at = [row[1] for row in connection.execute("PRAGMA table_info(wins)")].index("server_seq")
    sql = "SELECT * FROM wins WHERE user_id = ? AND server_seq > ? ORDER BY server_seq LIMIT ?"
    cursor = 0
    started = TIMER()
    while True:
        rows = connection.execute(sql, (user_id, cursor, page)).fetchall()
        if encode:
            json.dumps(rows)
        if not rows:
            break
        cursor = rows[-1][seq_at]
    elapsed = TIMER() - started
    connection.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wins", type=int, default=10_000)
    parser.add_argument("--page", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cpu", action="store_true", help="time by process CPU, not wall")
    args = parser.parse_args()
    global TIMER
    TIMER = time.process_time if args.cpu else time.perf_counter
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        app_db = tmp / "app.sqlite3"
        client = SignedInClient(make_app(app_db, tmp))
        through_the_endpoint(client, offline_wins(args.wins), 200)
        runs = [pull_through_the_endpoint(client, args.page) for _ in range(args.repeat)]
        endpoint, received = min(runs)
        assert received == args.wins, received
        with sqlite3.connect(app_db) as connection:
            [(user_id,)] = connection.execute("SELECT DISTINCT user_id FROM wins").fetchall()
        raw = best_of(args.repeat, lambda: pull_raw(app_db, user_id, args.page, encode=False))
        raw_json = best_of(args.repeat, lambda: pull_raw(app_db, user_id, args.page, encode=True))

    print(
        f"sync pull: a new device pulls {args.wins} wins in pages of {args.page}"
        f" (best of {args.repeat}, {'CPU' if args.cpu else 'wall'} time)"
    )
    print(f"  endpoint:                  {endpoint:6.3f} s {args.wins / endpoint:9.0f} wins/s")
    print(f"  raw sqlite3 SELECT:        {raw:6.3f} s {args.wins / raw:9.0f} wins/s")
    print(f"  raw SELECT + json.dumps:   {raw_json:6.3f} s {args.wins / raw_json:9.0f} wins/s")
    print(f"  ratio to raw SELECT:            {endpoint / raw:5.1f}")
    print(f"  ratio to raw SELECT + json:     {endpoint / raw_json:5.1f}")


if __name__ == "__main__":
    main()
