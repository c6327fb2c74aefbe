"""Load benchmark: many devices syncing against the real server in production shape.

Starts gunicorn (server/gunicorn_conf.py, WEB_CONCURRENCY workers x WEB_THREADS threads) on a
free loopback port against a fresh database: a SQLite file in a temporary directory (the
embedded default) and/or a new PostgreSQL database next to TEST_DATABASE_URL's (dropped after).
N accounts sign up; C devices spread over them each sign in on their own and sync like
client/src/sync/engine.ts for T seconds, paced (`--rate R` syncs per second per device) or as
fast as a bound on requests in flight allows (`--rate 0`). Then it prints requests/s,
latency percentiles, errors by status, 503s, and the server's CPU per request next to that of
a trivial request (`GET /api/v1/auth/csrf`, same client, same server, same run), and checks
that every acknowledged win is stored exactly once and reached every device of its account.

    .venv/bin/python bench/load.py                          # 20 accounts, 100 devices, 10 s
    .venv/bin/python bench/load.py --devices 200 --rate 1   # the issue's target scenario
    .venv/bin/python bench/load.py --rate 0 --concurrency 32
    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \
        .venv/bin/python bench/load.py --database both

Exit status: 0 when the end check passes, 1 when it fails (the figures are printed anyway).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import sys
from collections.abc import Awaitable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadlib import profile  # noqa: E402
from loadlib.check import check  # noqa: E402
from loadlib.device import Device, Http, sign_up  # noqa: E402
from loadlib.phases import (  # noqa: E402
    Action,
    PhaseResult,
    run_phase,
    sync_action,
    trivial_action,
)
from loadlib.profile import Recording  # noqa: E402
from loadlib.report import machine_load, percentile, print_phase  # noqa: E402
from loadlib.server import Database, RunDirectory, Server  # noqa: E402

SETUP_CONCURRENCY = 8
TARGET_RATIO = 3.0
TARGET_P99_MS = 250.0
T = TypeVar("T")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--devices", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=1.0, help="syncs/s per device; 0: flat out")
    parser.add_argument("--wins-per-sync", type=int, default=3, help="0..k new wins per sync")
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight (--rate 0)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2)))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", 8)))
    parser.add_argument("--baseline-seconds", type=float, default=5.0)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="record the workers with py-spy during the sync phase; print where CPU went",
    )
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting for the server (repeatable), e.g. SQLITE_BUSY_TIMEOUT_MS=1000",
    )
    args = parser.parse_args(argv)
    if args.accounts < 1 or args.devices < args.accounts:
        parser.error("need at least one account and at least one device per account")
    if any("=" not in item for item in args.server_env):
        parser.error("--server-env takes NAME=VALUE")
    return args


async def bounded(jobs: list[Awaitable[T]], limit: int) -> list[T]:
    gate = asyncio.Semaphore(limit)

    async def one(job: Awaitable[T]) -> T:
        async with gate:
            return await job

    return await asyncio.gather(*(one(job) for job in jobs))


async def drain(http: Http, devices: list[Device]) -> None:
    """Every device pushes what is left, then every device pulls what the others pushed."""
    for _pass in range(2):
        pending = devices
        for _attempt in range(5):
            results = await bounded([d.sync_run(http, None) for d in pending], SETUP_CONCURRENCY)
            pending = [device for device, done in zip(pending, results, strict=True) if not done]
            if not pending:
                break


async def set_up(http: Http, args: argparse.Namespace) -> tuple[list[Device], list[str]]:
    """Accounts sign up; each device signs in on its own and syncs once (registering it)."""
    rng = random.Random(args.seed)
    run = secrets.token_hex(3)
    emails = [f"load-{run}-{i}@example.org" for i in range(args.accounts)]
    user_ids = await bounded([sign_up(http, e) for e in emails], SETUP_CONCURRENCY)
    devices = [
        Device(i % args.accounts, emails[i % args.accounts], random.Random(rng.random()))
        for i in range(args.devices)
    ]
    await bounded([d.sign_in(http) for d in devices], SETUP_CONCURRENCY)
    await bounded([d.sync_run(http, None) for d in devices], SETUP_CONCURRENCY)
    return devices, user_ids


def summarise(before: PhaseResult, synced: PhaseResult, after: PhaseResult) -> None:
    # Both trivial phases pooled: CPU is counted in 10 ms ticks, too coarse for a short phase.
    trivial_cpu = before.server_cpu_s + after.server_cpu_s
    baseline = 1000 * trivial_cpu / max(1, before.recorder.requests + after.recorder.requests)
    ratio = synced.cpu_per_request_ms() / baseline if baseline > 0 else float("nan")
    verdict = "met" if ratio <= TARGET_RATIO else "missed"
    print(
        f"sync CPU per request / trivial (both trivial phases): "
        f"{synced.cpu_per_request_ms():.2f} / {baseline:.2f} ms = {ratio:.1f}x "
        f"(target <= {TARGET_RATIO:g}x: {verdict})"
    )
    recorder = synced.recorder
    p99 = 1000 * percentile(recorder.ok, 99) if recorder.ok else float("inf")
    failed, busy = sum(recorder.errors.values()), len(recorder.busy)
    print(
        f"sync p99 {p99:.0f} ms (from when due), errors {failed}, 503s {busy}, "
        f"slowest answer {1000 * max(recorder.wire, default=0):.0f} ms from its send "
        f"(target p99 < {TARGET_P99_MS:g} ms and 0 errors)"
    )


async def measure(server: Server, args: argparse.Namespace) -> int:
    flat_out = args.rate <= 0
    connections = args.concurrency if flat_out else args.devices
    http = Http(server.base_url, connections, args.concurrency if flat_out else None)
    try:
        devices, user_ids = await set_up(http, args)
        mode = "as fast as possible" if flat_out else f"paced {args.rate:g}/s per device"
        print(
            f"{server.database.kind}: {args.accounts} accounts, {args.devices} devices, {mode}, "
            f"0-{args.wins_per_sync} wins per sync, gunicorn {args.workers} workers x "
            f"{args.threads} threads"
        )

        def phase(name: str, action: Action, seconds: float, wins: int) -> Awaitable[PhaseResult]:
            return run_phase(name, server, http, devices, action, seconds, args.rate, wins)

        trivial = trivial_action(http)
        # Not printed: the first requests a worker thread serves are slower.
        await phase("warm-up", trivial, min(1.0, args.baseline_seconds), 0)
        before = await phase("trivial GET /auth/csrf", trivial, args.baseline_seconds, 0)
        print_phase(before)
        recording = None
        if args.profile:
            recording = Recording(server.worker_pids(), args.seconds, server.directory)
        synced = await phase("sync", sync_action(http), args.seconds, args.wins_per_sync)
        if recording is not None:
            recording.wait()
        print_phase(synced)
        after = await phase("trivial again", trivial, args.baseline_seconds, 0)
        print_phase(after)
        await drain(http, devices)
    finally:
        await http.close()
    summarise(before, synced, after)
    if args.profile:
        profile.report(server.directory, synced.server_cpu_s)
    result = check(server.database, devices, user_ids)
    print(result.line())
    return 0 if result.passed else 1


def run_on(kind: str, args: argparse.Namespace) -> int:
    with RunDirectory() as directory:
        if kind == "sqlite":
            database = Database.sqlite(directory)
        else:
            admin_url = os.environ.get("TEST_DATABASE_URL")
            if not admin_url:
                print("postgres: TEST_DATABASE_URL is not set; skipped", file=sys.stderr)
                return 2
            database = Database.postgres(admin_url)
        settings = dict(item.split("=", 1) for item in args.server_env)
        server = Server(database, args.workers, args.threads, directory, settings=settings)
        try:
            server.start()
            return asyncio.run(measure(server, args))
        except Exception:
            if server.process is not None:
                print(server.log_tail(), file=sys.stderr)
            raise
        finally:
            server.stop()
            database.drop()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    print(f"start: {machine_load()}")
    codes = [run_on(kind, args) for kind in kinds]
    return max(codes)


if __name__ == "__main__":
    sys.exit(main())
