"""How fast does a new device pull an account's history through POST /api/v1/sync?

An account holds 10,000 wins (pushed through the endpoint first; not timed). A fresh device,
with a new client id and cursor 0, pulls them all, page after page, through the real endpoint
(Flask test client, session, CSRF, the store, SQLite in WAL mode in a temporary directory).
The baseline, measured in the same run, is raw sqlite3 reading the same rows with the same
paged query (`server_seq > ? ORDER BY server_seq LIMIT ?`), fetching every column.

    .venv/bin/python bench/sync_pull.py [--wins 10000] [--page 500]

`--scenario typical` measures instead what most syncs are: two devices of one account take
turns, each pushing 1 to 5 new wins and pulling what the other pushed since its cursor. It
prints the CPU per sync request and its ratio to a trivial request (`GET /api/v1/auth/csrf`
on the same signed-in client), both measured in this run (issue 12 target: <= 3).

    .venv/bin/python bench/sync_pull.py --scenario typical [--requests 300] [--repeat 5]
        [--database-url postgresql://.../scratch]
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
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


class Devices:
    """Two devices of one account taking turns; each keeps its cursor and mutation counter."""

    def __init__(self, client: SignedInClient, wins: int) -> None:
        self.client = client
        self.state = [[str(uuid.uuid4()), 0, 0], [str(uuid.uuid4()), 0, 0]]  # id, cursor, last
        self.backlog = iter(offline_wins(wins))
        self.turn = 0

    def sync(self) -> None:
        """One typical request: push 1-5 new wins, pull what the other device pushed."""
        device = self.state[self.turn % 2]
        mutations = []
        for win in itertools.islice(self.backlog, self.turn % 5 + 1):
            device[2] += 1
            mutations.append({**win, "id": device[2]})
        self.turn += 1
        self.client.client_id = device[0]
        body = self.client.sync(device[1], mutations, limit=500)
        assert body["acked"] == device[2] and not body["has_more"] and not body["rejected"]
        device[1] = body["cursor"]


class ServerClock:
    """CPU spent inside the app's WSGI callable, apart from the test client's own work
    (building the request, encoding its JSON, reading the response), which a real client
    does in another process."""

    def __init__(self, app: Flask) -> None:
        self.spent = 0.0
        inner = app.wsgi_app

        def timed(environ: Any, start_response: Any) -> Any:
            started = time.process_time()
            try:
                return inner(environ, start_response)
            finally:
                self.spent += time.process_time() - started

        app.wsgi_app = timed  # type: ignore[method-assign]


def per_request(clock: ServerClock, requests: int, make: Callable[[], None]) -> tuple[float, float]:
    """(process CPU, CPU inside the app) per request, over `requests` calls of `make`."""
    started, inside = time.process_time(), clock.spent
    for _ in range(requests):
        make()
    return (time.process_time() - started) / requests, (clock.spent - inside) / requests


def trivial_request(client: SignedInClient) -> None:
    response = client.http.get("/api/v1/auth/csrf")
    assert response.status_code == 200


def typical(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        app = make_app(tmp / "app.sqlite3", tmp, args.database_url)
        clock = ServerClock(app)
        client = SignedInClient(app)
        devices = Devices(client, 3 * (args.repeat + 1) * args.requests + 5)
        trivial = functools.partial(trivial_request, client)
        per_request(clock, 20, devices.sync)  # warm up: first statements compile, caches fill
        per_request(clock, 20, trivial)
        syncs, trivials = [], []
        for _ in range(args.repeat):  # interleaved, so both see the same machine
            syncs.append(per_request(clock, args.requests, devices.sync))
            trivials.append(per_request(clock, args.requests, trivial))
    where = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"typical sync on {where}: 2 devices take turns pushing 1-5 wins and pulling,"
        f" {args.requests} requests, best of {args.repeat}, CPU per request"
    )
    print("                          in the app   with the test client")
    for label, runs in (("sync request", syncs), ("GET /api/v1/auth/csrf", trivials)):
        app_cpu, all_cpu = min(run[1] for run in runs), min(run[0] for run in runs)
        print(f"  {label:22s} {app_cpu * 1e3:8.3f} ms {all_cpu * 1e3:12.3f} ms")
    in_app = min(run[1] for run in syncs) / min(run[1] for run in trivials)
    overall = min(run[0] for run in syncs) / min(run[0] for run in trivials)
    print(f"  ratio to trivial       {in_app:8.1f}    {overall:12.1f}     (target <= 3)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["pull", "typical"], default="pull")
    parser.add_argument("--wins", type=int, default=10_000)
    parser.add_argument("--page", type=int, default=500)
    parser.add_argument("--requests", type=int, default=300, help="typical: syncs per run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cpu", action="store_true", help="time by process CPU, not wall")
    parser.add_argument(
        "--database-url",
        help="typical: run on this scratch database (emptied first), e.g. $TEST_DATABASE_URL;"
        " the app's CPU then excludes the database server's",
    )
    args = parser.parse_args()
    if args.scenario == "typical":
        return typical(args)
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
