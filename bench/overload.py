"""Overload: offer a real gunicorn several times the sync requests it can serve; print what
devices see (p50/p99 latency, 503 share) without back-pressure ("before") and with it ("after").

    .venv/bin/python bench/overload.py                      # embedded SQLite, 3x capacity
    .venv/bin/python bench/overload.py --load 3 --seconds 10 --devices 200
    TEST_DATABASE_URL=postgresql://... .venv/bin/python bench/overload.py --database postgres

Each mode starts its own server (server/gunicorn_conf.py, --workers/--threads) on a fresh
database, signs in `--devices` devices over `--accounts` accounts, measures capacity (closed
loop: `--concurrency` requests in flight, as fast as it answers), then sends sync requests
(each pushing 1-5 wins) at `--load` x that capacity, open loop (arrivals do not wait for
answers, as devices on timers do not), for `--seconds`. "before" is plain gthread with no
queue budget and no SQLite write gate; "after" is the defaults (server/admission/). The load
client here does not honour Retry-After (the server's side is measured; the client's is
client/src/sync/backoff.ts). Server CPU is the gunicorn processes' user+system time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"
REQUEST_TIMEOUT_S = 30.0
SHED_MESSAGE = "We're busy for a moment. We'll try again shortly."  # admission/shedding.py


@dataclass
class Device:
    session: aiohttp.ClientSession
    csrf: str
    client_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    next_mutation: int = 1
    cursor: int = 0

    def body(self) -> dict:
        mutations = []
        now_ms = int(time.time() * 1000)
        for _ in range(random.randint(1, 5)):
            n = self.next_mutation
            self.next_mutation += 1
            fields = {"text": f"win {n}", "happened_at": "2026-11-23T08:30:00+00:00"}
            fields["local_day"] = "2026-11-23"
            hlc = f"{now_ms:015d}-{n:05d}-{self.client_id[:16]}"
            mutations.append(
                {"id": n, "collection": "wins", "record_id": str(uuid.uuid4()), "fields": fields}
                | {"hlc": hlc}
            )
        return {
            "client_id": self.client_id,
            "schema_version": 1,
            "cursor": self.cursor,
            "mutations": mutations,
        }


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)
    ok_ms: list[float] = field(default_factory=list)
    shed_ms: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)

    def add(self, status: str, elapsed_ms: float) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.latencies_ms.append(elapsed_ms)
        if status == "200":
            self.ok_ms.append(elapsed_ms)
        elif status == "503":
            self.shed_ms.append(elapsed_ms)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(mode: str, instance: Path, database_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "INSTANCE_PATH": str(instance),
        "DATABASE_URL": database_url,
        "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",  # signing in 200 devices is not the test
        "SIGNUP_MAX_PER_ADDRESS": "100000",
        "SIGNIN_MAX_FAILURES_PER_ADDRESS": "100000",
        "PYTHONPATH": str(ROOT),
    }
    if mode in ("before", "gate-only"):
        env["ADMISSION_QUEUE_BUDGET_MS"] = "0"
    if mode in ("before", "shed-only"):
        env["SQLITE_WRITE_GATE_BUDGET_MS"] = "0"
    return env


def prepare_database(env: dict[str, str], postgres: bool) -> None:
    script = (
        "from server.app import create_app\nfrom server.extensions import db\n"
        "app = create_app()\nwith app.app_context():\n"
        + ("    db.drop_all()\n" if postgres else "")
        + "    db.create_all()\n"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=ROOT)


def start_server(mode: str, env: dict[str, str], port: int, workers: int, threads: int):
    command = [
        sys.executable, "-m", "gunicorn", "--config", "python:server.gunicorn_conf",
        "--workers", str(workers), "--threads", str(threads), "--bind", f"127.0.0.1:{port}",
    ]  # fmt: skip
    if mode == "before":
        command += ["--worker-class", "gthread"]
    return subprocess.Popen([*command, "wsgi:app"], env=env, cwd=ROOT, start_new_session=True)


def process_tree_cpu_s(root_pid: int) -> float:
    """user+system seconds of root_pid and its children (the gunicorn workers)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == root_pid or ppid == root_pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


async def wait_until_serving(base: str) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            try:
                async with session.get(f"{base}/api/v1/auth/csrf") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
    raise RuntimeError("the server did not start")


async def csrf(session: aiohttp.ClientSession, base: str) -> str:
    async with session.get(f"{base}/api/v1/auth/csrf") as response:
        return (await response.json())["csrf_token"]


async def sign_in_devices(base: str, devices: int, accounts: int) -> list[Device]:
    result: list[Device] = []
    emails = [f"load{n}-{uuid.uuid4().hex[:8]}@example.org" for n in range(accounts)]
    for n in range(devices):
        jar = aiohttp.CookieJar(unsafe=True)  # cookies for 127.0.0.1
        session = aiohttp.ClientSession(cookie_jar=jar)
        token = await csrf(session, base)
        email = emails[n % accounts]
        if n < accounts:
            path, body = "signup", {"email": email, "password": PASSWORD, "time_zone": "UTC"}
        else:
            path, body = "signin", {"email": email, "password": PASSWORD}
        headers = {"X-CSRF-Token": token}
        async with session.post(f"{base}/api/v1/auth/{path}", json=body, headers=headers) as r:
            assert r.status in (200, 201), (r.status, await r.text())
        result.append(Device(session, await csrf(session, base)))
    return result


async def one_sync(base: str, device: Device, result: Result) -> None:
    started = time.perf_counter()
    try:
        async with device.session.post(
            f"{base}/api/v1/sync",
            json=device.body(),
            headers={"X-CSRF-Token": device.csrf},
            timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S),
        ) as response:
            body = await response.read()
            status = str(response.status)
            if response.status == 503 and SHED_MESSAGE.encode() not in body:
                status = "503 busy database"  # not shed: the write gate or busy_timeout
            if response.status == 200:
                device.cursor = max(device.cursor, int(_cursor(body)))
    except (TimeoutError, aiohttp.ClientError) as error:
        status = type(error).__name__
    result.add(status, (time.perf_counter() - started) * 1000)


def _cursor(body: bytes) -> int:
    import json

    return json.loads(body)["cursor"]


async def closed_loop(base: str, devices: list[Device], seconds: float, concurrency: int) -> float:
    result = Result()
    deadline = time.perf_counter() + seconds

    async def lane(lane_devices: list[Device]) -> None:
        n = 0
        while time.perf_counter() < deadline:
            await one_sync(base, lane_devices[n % len(lane_devices)], result)
            n += 1

    lanes = [devices[i::concurrency] for i in range(concurrency)]
    started = time.perf_counter()
    await asyncio.gather(*(lane(lane_devices) for lane_devices in lanes if lane_devices))
    return result.statuses.get("200", 0) / (time.perf_counter() - started)


async def open_loop(
    base: str, devices: list[Device], rate: float, seconds: float, burst: bool = False
) -> Result:
    """`rate` requests a second, evenly spread, or with `burst` all at the top of each second
    (devices whose timers line up: the worst case for SQLite's single writer)."""
    result = Result()
    tasks: list[asyncio.Task] = []
    per_tick = max(1, round(rate)) if burst else 1
    interval = per_tick / rate
    started = time.perf_counter()
    for n in range(int(rate * seconds) // per_tick):
        delay = started + n * interval - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        for k in range(per_tick):
            device = devices[(n * per_tick + k) % len(devices)]
            tasks.append(asyncio.create_task(one_sync(base, device, result)))
    await asyncio.gather(*tasks)
    return result


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


async def run_mode(
    mode: str, args: argparse.Namespace, rate: float | None
) -> tuple[float, Result, float]:
    with tempfile.TemporaryDirectory() as tmp:
        if args.database == "postgres":
            database_url = os.environ["TEST_DATABASE_URL"]
        else:
            database_url = f"sqlite:///{Path(tmp) / 'load.sqlite3'}"
        env = server_env(mode, Path(tmp) / "instance", database_url)
        prepare_database(env, args.database == "postgres")
        port = free_port()
        server = start_server(mode, env, port, args.workers, args.threads)
        base = f"http://127.0.0.1:{port}"
        try:
            await wait_until_serving(base)
            devices = await sign_in_devices(base, args.devices, args.accounts)
            capacity = await closed_loop(base, devices, args.warmup, args.concurrency)
            offered = rate if rate is not None else capacity * args.load
            cpu_before = process_tree_cpu_s(server.pid)
            result = await open_loop(base, devices, offered, args.seconds, args.burst)
            cpu_s = process_tree_cpu_s(server.pid) - cpu_before
            for device in devices:
                await device.session.close()
            return capacity, result, cpu_s
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)


def _line(name: str, values: list[float], total: int, seconds: float) -> str:
    share = len(values) / max(total, 1)
    return (
        f"  {name:<11} {len(values):6d} ({share:6.1%}, {len(values) / seconds:6.1f}/s)"
        f"  p50 {pct(values, 50):6.0f} ms  p95 {pct(values, 95):6.0f} ms"
        f"  p99 {pct(values, 99):6.0f} ms  max {max(values, default=float('nan')):6.0f} ms"
    )


def report(
    mode: str, capacity: float, offered: float, result: Result, cpu_s: float, seconds: float
) -> None:
    total = len(result.latencies_ms)
    shed_ms = result.shed_ms
    others = {k: v for k, v in result.statuses.items() if k not in {"200", "503"}}
    print(f"{mode}: capacity {capacity:.1f}/s; offered {offered:.1f}/s for {seconds:.0f} s")
    print(_line("all answers", result.latencies_ms, total, seconds))
    print(_line("200", result.ok_ms, total, seconds))
    print(_line("503", shed_ms, total, seconds))
    print(f"  other      {others or 'none'}")
    per_answer = cpu_s * 1000 / max(total, 1)
    print(f"  server CPU {cpu_s:.2f} s, {per_answer:.2f} ms per answer")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--load", type=float, default=3.0, help="offered rate / capacity")
    parser.add_argument("--rate", type=float, default=None, help="fixed offered rate (req/s)")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=4.0, help="closed-loop capacity run")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--modes", default="before,after", help="before, after, shed-only, gate-only (comma list)"
    )
    parser.add_argument("--burst", action="store_true", help="all of a second's requests at once")
    args = parser.parse_args()
    if args.database == "postgres" and not os.environ.get("TEST_DATABASE_URL"):
        parser.error("--database postgres needs TEST_DATABASE_URL")
    rate = args.rate
    for mode in args.modes.split(","):
        capacity, result, cpu_s = await run_mode(mode, args, rate)
        offered = rate if rate is not None else capacity * args.load
        rate = offered  # the same offered rate for every mode
        report(mode, capacity, offered, result, cpu_s, args.seconds)


if __name__ == "__main__":
    asyncio.run(main())
