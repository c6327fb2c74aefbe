"""SQLite writers in contention: SQLite's busy handler alone (baseline) vs the write gate
(server/admission/write_gate.py), same machine, same run.

    .venv/bin/python bench/sqlite_writers.py            # 2 processes x 8 threads
    .venv/bin/python bench/sqlite_writers.py --processes 3 --threads 8 --each 40

Each thread does what a sync request does to the database's write lock: some work outside
the transaction (2 ms of CPU: parsing, validation, encoding), then a write transaction (an
UPDATE of a shared counter, an INSERT, 0.5 ms of CPU inside). Printed: transactions per second
and the time each transaction took from its first statement to its commit (waiting for the
lock included): p50, p99, max. The gate trades a longer median (waiters queue instead of
sleep-polling) for a bounded tail and more throughput (no lock left idle while waiters sleep).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from server.admission import write_gate  # noqa: E402

OUTSIDE_MS = 2.0
INSIDE_MS = 0.5


def spin(ms: float) -> None:
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


def writer_process(path: str, gated: bool, threads: int, each: int, out: Any) -> None:
    engine = sa.create_engine(f"sqlite:///{path}")

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        for pragma in ("journal_mode=WAL", "busy_timeout=5000", "synchronous=NORMAL"):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    if gated:
        write_gate.install(engine, 5000)
    times: list[float] = []
    errors = 0

    def run(thread: int) -> None:
        nonlocal errors
        for n in range(each):
            spin(OUTSIDE_MS)
            started = time.perf_counter()
            try:
                with engine.begin() as connection:
                    connection.execute(sa.text("UPDATE counter SET n = n + 1"))
                    value = f"{os.getpid()}-{thread}-{n}"
                    connection.execute(sa.text("INSERT INTO t (v) VALUES (:v)"), {"v": value})
                    spin(INSIDE_MS)
            except sa.exc.OperationalError:
                errors += 1
            times.append((time.perf_counter() - started) * 1000)

    workers = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    out.put((times, errors))


def one_run(gated: bool, processes: int, threads: int, each: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "writers.sqlite3")
        with sa.create_engine(f"sqlite:///{path}").begin() as connection:
            connection.execute(sa.text("PRAGMA journal_mode=WAL"))
            connection.execute(sa.text("CREATE TABLE counter (n INTEGER)"))
            connection.execute(sa.text("INSERT INTO counter VALUES (0)"))
            connection.execute(sa.text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
        out: Any = mp.Queue()
        started = time.perf_counter()
        children = [
            mp.Process(target=writer_process, args=(path, gated, threads, each, out))
            for _ in range(processes)
        ]
        for child in children:
            child.start()
        results = [out.get() for _ in children]
        for child in children:
            child.join()
        wall = time.perf_counter() - started
    times = sorted(t for result in results for t in result[0])
    count = len(times)
    return {
        "rate": count / wall,
        "p50": times[count // 2],
        "p99": times[int(count * 0.99)],
        "max": times[-1],
        "errors": sum(result[1] for result in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--each", type=int, default=60, help="transactions per thread")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    shape = (args.processes, args.threads, args.each)
    for _ in range(args.repeat):
        base = one_run(False, *shape)
        gate = one_run(True, *shape)
        for name, figures in (("busy handler", base), ("write gate", gate)):
            print(
                f"{name:>12}: {figures['rate']:5.0f} tx/s  p50 {figures['p50']:6.1f} ms"
                f"  p99 {figures['p99']:6.1f} ms  max {figures['max']:7.1f} ms"
                f"  errors {figures['errors']:.0f}"
            )
        print(
            f"  gate/busy handler: throughput x{gate['rate'] / base['rate']:.2f},"
            f" p99 x{gate['p99'] / base['p99']:.2f}, max x{gate['max'] / base['max']:.2f}"
        )


if __name__ == "__main__":
    main()
