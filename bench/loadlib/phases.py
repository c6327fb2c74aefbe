"""Timed phases: every device loops for T seconds, paced or as fast as the bound allows, and the
server's CPU is read before and after (once every run that started has finished).

Paced (`rate` > 0): each device is due every 1/rate s (random phase, ±10% jitter per tick).
Latency counts from the time the sync was due, so a slow server cannot hide its queue by
slowing the client down (coordinated omission). Ticks that pass while a device is still busy
are merged into its next run, as a real device's next sync carries everything written since
(each missed tick still makes its wins), and that run is measured from the earliest of them.

As fast as possible (`rate` 0): each device syncs again as soon as its run ends; the Http's
semaphore bounds the requests in flight.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from loadlib.device import Device, Http, Recorder
from loadlib.server import Server

Action = Callable[[Device, Recorder, "float | None"], Awaitable[object]]


@dataclass
class PhaseResult:
    name: str
    recorder: Recorder
    elapsed_s: float
    server_cpu_s: float
    database_cpu_s: float | None
    client_cpu_s: float
    offered_per_s: float | None
    loop_lag_s: list[float]

    @property
    def per_s(self) -> float:
        return self.recorder.requests / self.elapsed_s

    def cpu_per_request_ms(self) -> float:
        return 1000 * self.server_cpu_s / max(1, self.recorder.requests)

    def database_per_request_ms(self) -> float | None:
        if self.database_cpu_s is None:
            return None
        return 1000 * self.database_cpu_s / max(1, self.recorder.requests)


async def _paced(device: Device, action: Action, recorder: Recorder, end: float, period: float,
                 wins_per_sync: int) -> None:  # fmt: skip
    rng = device.rng
    due = time.perf_counter() + rng.uniform(0, period)
    while due < end:
        now = time.perf_counter()
        if now < due:
            await asyncio.sleep(due - now)
        first_due, ticks = due, 0
        while due <= time.perf_counter() and due < end:
            ticks += 1
            due += period * rng.uniform(0.9, 1.1)
        for _ in range(ticks):
            device.make_wins(rng.randint(0, wins_per_sync))
        await action(device, recorder, first_due)


async def _flat_out(device: Device, action: Action, recorder: Recorder, end: float,
                    wins_per_sync: int) -> None:  # fmt: skip
    while time.perf_counter() < end:
        device.make_wins(device.rng.randint(0, wins_per_sync))
        await action(device, recorder, None)


async def _watch_loop(lags: list[float], end: float, every: float = 0.05) -> None:
    """How late this process's event loop wakes up: when the load client itself is starved
    of CPU, its latencies include that lag, and this says how much."""
    while time.perf_counter() < end:
        asked = time.perf_counter()
        await asyncio.sleep(every)
        lags.append(time.perf_counter() - asked - every)


async def run_phase(
    name: str,
    server: Server,
    http: Http,
    devices: list[Device],
    action: Action,
    seconds: float,
    rate: float,
    wins_per_sync: int,
) -> PhaseResult:
    recorder = Recorder()
    cpu_before, db_before = server.cpu_s(), server.database_cpu_s()
    client_before = time.process_time()
    started = time.perf_counter()
    end = started + seconds
    if rate > 0:
        loops = [_paced(d, action, recorder, end, 1 / rate, wins_per_sync) for d in devices]
    else:
        loops = [_flat_out(d, action, recorder, end, wins_per_sync) for d in devices]
    lags: list[float] = []
    await asyncio.gather(_watch_loop(lags, end), *loops)
    # The phase's window is `seconds` (runs that started in it may end after it).
    elapsed = max(seconds, time.perf_counter() - started)
    db_after = server.database_cpu_s()
    database = None if db_before is None or db_after is None else db_after - db_before
    return PhaseResult(
        name=name,
        recorder=recorder,
        elapsed_s=elapsed,
        server_cpu_s=server.cpu_s() - cpu_before,
        database_cpu_s=database,
        client_cpu_s=time.process_time() - client_before,
        offered_per_s=len(devices) * rate if rate > 0 else None,
        loop_lag_s=lags,
    )


def sync_action(http: Http) -> Action:
    async def act(device: Device, recorder: Recorder, scheduled: float | None) -> object:
        return await device.sync_run(http, recorder, scheduled)

    return act


def trivial_action(http: Http) -> Action:
    async def act(device: Device, recorder: Recorder, scheduled: float | None) -> object:
        return await device.trivial(http, recorder, scheduled)

    return act
