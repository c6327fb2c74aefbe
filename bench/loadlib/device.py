"""Simulated devices: each signs in on its own (like a phone), keeps a local store, an outbox,
a cursor and `acked`, and syncs exactly like client/src/sync/engine.ts: push the outbox in
batches of 100 above `acked`, apply the answer (drop acknowledged entries, store the changes,
save cursor and acked), and sync again at once while `has_more` or the outbox still waits.

A 503 is honoured as the client does: wait at least Retry-After, with jitter, and retry the
same request (nothing was applied). Every request's outcome goes to a Recorder.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from typing import Any

import aiohttp
import orjson

CSRF = "/api/v1/auth/csrf"
SYNC = "/api/v1/sync"
COOKIE = "smallwins_session"
PASSWORD = "a bench password of some length"
PUSH_BATCH = 100  # client/src/sync/protocol.ts
PULL_LIMIT = 500
MAX_ROUNDS = 150  # client/src/sync/engine.ts
MAX_BACKOFF_S = 30.0
PHRASES = [
    "Went for a walk at lunch",
    "Said no to an extra meeting",
    "Cooked dinner instead of ordering",
    "Called my sister",
    "Finished the report a day early",
    "Read ten pages",
    "Drank water all day",
    "Helped a colleague with a tricky bug",
]
DAY_START = timedelta(hours=4)
# What a browser offers, less what the standard library cannot decode (br, zstd).
ACCEPT_ENCODING = "gzip, deflate"
TAGS = ["health", "work", "family", "rest", "focus"]


@dataclass
class Outcome:
    status: int | str  # an HTTP status, or "timeout" / "connection" for no answer
    latency_s: float
    body: Any = None
    retry_after: float | None = None
    wire_s: float = 0.0  # send to answer, whatever the schedule said


@dataclass
class Recorder:
    """Latencies by outcome. `ok`: 200 answers (the first request of a paced sync run measured
    from its scheduled time, so queueing is not hidden); `busy`: 503 answers from send;
    `runs`: whole sync runs, scheduled time to synced (pull pages, 503 waits included);
    `wire`: every answer, from its send (the server's own time plus the network)."""

    ok: list[float] = field(default_factory=list)
    wire: list[float] = field(default_factory=list)
    busy: list[float] = field(default_factory=list)
    runs: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    encodings: dict[str, int] = field(default_factory=dict)
    response_bytes: int = 0  # as sent, compressed or not
    decoded_bytes: int = 0
    pushed: int = 0  # mutations sent in answered-200 requests
    pulled: int = 0  # changes received

    @property
    def requests(self) -> int:
        return len(self.ok) + len(self.busy) + sum(self.errors.values())

    def error(self, status: int | str) -> None:
        self.errors[str(status)] = self.errors.get(str(status), 0) + 1


def decode(body: bytes, encoding: str) -> bytes:
    """A response body as the server meant it, from what came over the wire."""
    if encoding in ("identity", "") or not body:
        return body
    if encoding == "gzip":
        return zlib.decompress(body, wbits=31)
    if encoding == "deflate":  # zlib-wrapped as the standard says; raw deflate as some send it
        try:
            return zlib.decompress(body)
        except zlib.error:
            return zlib.decompress(body, wbits=-15)
    raise ValueError(f"unexpected Content-Encoding {encoding!r}")


class Http:
    """One shared aiohttp session; each device carries its own cookie, so cookies are kept by
    the devices, not by aiohttp's jar (which would also refuse cookies from 127.0.0.1)."""

    def __init__(self, base_url: str, connections: int, concurrency: int | None) -> None:
        self.base_url = base_url
        connector = aiohttp.TCPConnector(limit=connections, limit_per_host=0)
        timeout = aiohttp.ClientTimeout(total=30)  # gunicorn's own timeout
        # Bodies are decoded here, not by aiohttp, so the bytes counted are those on the wire.
        self.session = aiohttp.ClientSession(
            connector=connector,
            timeout=timeout,
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,
        )
        self.bound = asyncio.Semaphore(concurrency) if concurrency else None

    async def close(self) -> None:
        await self.session.close()

    async def call(
        self,
        device: Device,
        method: str,
        path: str,
        body: Any = None,
        started: float | None = None,
        recorder: Recorder | None = None,
    ) -> Outcome:
        if self.bound is not None:
            async with self.bound:
                return await self._call(device, method, path, body, started, recorder)
        return await self._call(device, method, path, body, started, recorder)

    async def _call(
        self,
        device: Device,
        method: str,
        path: str,
        body: Any,
        started: float | None,
        recorder: Recorder | None,
    ) -> Outcome:
        headers = {"Accept": "application/json", "Accept-Encoding": ACCEPT_ENCODING}
        if device.cookie:
            headers["Cookie"] = f"{COOKIE}={device.cookie}"
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = orjson.dumps(body)
        if method != "GET" and device.csrf:
            headers["X-CSRF-Token"] = device.csrf
        sent = time.perf_counter()
        started = sent if started is None else started
        try:
            async with self.session.request(
                method, self.base_url + path, data=data, headers=headers
            ) as response:
                wire = await response.read()
                encoding = response.headers.get("Content-Encoding", "identity")
                raw = decode(wire, encoding)
                device.take_cookie(response.headers.getall("Set-Cookie", []))
                status = response.status
                retry_after = response.headers.get("Retry-After")
                if recorder is not None:
                    recorder.encodings[encoding] = recorder.encodings.get(encoding, 0) + 1
                    recorder.response_bytes += len(wire)
                    recorder.decoded_bytes += len(raw)
        except TimeoutError:
            return Outcome("timeout", time.perf_counter() - started)
        except aiohttp.ClientError:
            return Outcome("connection", time.perf_counter() - started)
        answered = time.perf_counter()
        latency = answered - (sent if status == 503 else started)
        if recorder is not None:
            recorder.wire.append(answered - sent)
        try:
            payload = orjson.loads(raw) if raw else None
        except orjson.JSONDecodeError:
            payload = None
        wait = float(retry_after) if retry_after and retry_after.isdigit() else None
        return Outcome(status, latency, payload, wait, answered - sent)


@dataclass
class Device:
    account: int  # index of its account
    email: str
    rng: random.Random
    client_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    cookie: str | None = None
    csrf: str | None = None
    cursor: int = 0
    acked: int = 0
    next_id: int = 1
    outbox: list[dict[str, Any]] = field(default_factory=list)
    # The local store: every win the server sent (record id -> its newest stamp).
    wins: dict[str, str] = field(default_factory=dict)
    acked_wins: set[str] = field(default_factory=set)
    rejected: int = 0  # outbox entries the server rejected (the bench's wins are all valid)
    last_millis: int = 0
    counter: int = 0

    @property
    def node(self) -> str:
        return self.client_id.replace("-", "")

    def take_cookie(self, headers: list[str]) -> None:
        for header in headers:
            cookie = SimpleCookie(header)
            if COOKIE in cookie:
                self.cookie = cookie[COOKIE].value or None

    # --- the local side: stamps and new wins -------------------------------------------------

    def _stamp(self) -> str:
        """client/src/sync/hlc.ts send(): strictly after the last stamp made or received."""
        now = int(time.time() * 1000)
        if now > self.last_millis:
            self.last_millis, self.counter = now, 0
        else:
            self.counter += 1
        return f"{self.last_millis:015d}-{self.counter:05d}-{self.node}"

    def _receive(self, stamp: str) -> None:
        millis, counter = int(stamp[:15]), int(stamp[16:21])
        if (millis, counter) > (self.last_millis, self.counter):
            self.last_millis, self.counter = millis, counter

    def make_wins(self, count: int) -> None:
        """`count` new wins with every field the client sends (collections/wins.ts)."""
        for _ in range(count):
            now = datetime.now(UTC)
            fields = {
                "text": self.rng.choice(PHRASES),
                "happened_at": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                # Accounts are in UTC with the default day start (04:00), as lib/days.ts computes.
                "local_day": (now - DAY_START).date().isoformat(),
                "tags": self.rng.sample(TAGS, self.rng.randint(0, 2)),
                "energy": self.rng.choice([None, 1, 2, 3, 4, 5]),
                "note": None,
                "starred": False,
                "goal_id": None,
                "value_ids": [],
                "kind": "win",
                "intention_id": None,
                "deleted": False,
            }
            mutation = {
                "id": self.next_id,
                "collection": "wins",
                "record_id": str(uuid.uuid4()),
                "fields": fields,
                "hlc": self._stamp(),
            }
            self.next_id += 1
            self.outbox.append(mutation)

    # --- the protocol --------------------------------------------------------------------------

    async def sign_in(self, http: Http) -> None:
        await self._fetch_csrf(http)
        outcome = await http.call(
            self, "POST", "/api/v1/auth/signin", {"email": self.email, "password": PASSWORD}
        )
        if outcome.status != 200:
            raise RuntimeError(f"sign-in failed: {outcome.status} {outcome.body}")
        await self._fetch_csrf(http)  # signing in rotates the token

    async def _fetch_csrf(self, http: Http) -> None:
        outcome = await http.call(self, "GET", CSRF)
        if outcome.status != 200:
            raise RuntimeError(f"csrf failed: {outcome.status}")
        self.csrf = outcome.body["csrf_token"]

    def _request(self) -> dict[str, Any]:
        batch = [entry for entry in self.outbox if entry["id"] > self.acked][:PUSH_BATCH]
        return {
            "client_id": self.client_id,
            "schema_version": 1,
            "cursor": self.cursor,
            "acked": self.acked,
            "mutations": batch,
            "limit": PULL_LIMIT,
        }

    def apply(self, answer: dict[str, Any]) -> None:
        """client/src/sync/apply.ts, for what the check needs."""
        acked = answer["acked"]
        rejected = {entry["id"] for entry in answer["rejected"]}
        waiting = []
        for entry in self.outbox:
            if entry["id"] > acked:
                waiting.append(entry)
            elif entry["id"] in rejected:
                self.rejected += 1
            else:
                self.acked_wins.add(entry["record_id"])
        self.outbox = waiting
        if answer.get("reset"):
            self.wins.clear()
        for change in answer["changes"]:
            if change["collection"] == "wins":
                self.wins[change["record_id"]] = change["hlc"]
            self._receive(change["hlc"])
        self.cursor = answer["cursor"]
        self.acked = max(self.acked, acked)

    async def sync_run(
        self, http: Http, recorder: Recorder | None, scheduled: float | None = None
    ) -> bool:
        """One sync run (engine.ts runSync). `scheduled`: when it was due (perf_counter).
        True once everything is pushed and pulled; False on an error answer."""
        run_started = time.perf_counter() if scheduled is None else scheduled
        started: float | None = scheduled
        busy_in_a_row = 0
        for _ in range(MAX_ROUNDS):
            request = self._request()
            outcome = await http.call(self, "POST", SYNC, request, started, recorder)
            started = None
            if outcome.status == 503:
                busy_in_a_row += 1
                if recorder is not None:
                    recorder.busy.append(outcome.latency_s)
                await asyncio.sleep(self._backoff(outcome.retry_after, busy_in_a_row))
                continue
            if outcome.status != 200:
                if recorder is not None:
                    recorder.error(outcome.status)
                if outcome.status == 403:  # csrf_failed: fetch a fresh token, as api.ts does
                    await self._fetch_csrf(http)
                return False
            busy_in_a_row = 0
            if recorder is not None:
                recorder.ok.append(outcome.latency_s)
                recorder.pushed += len(request["mutations"])
                recorder.pulled += len(outcome.body["changes"])
            self.apply(outcome.body)
            if not outcome.body["has_more"] and not self.outbox:
                if recorder is not None:
                    recorder.runs.append(time.perf_counter() - run_started)
                return True
        return False

    def _backoff(self, retry_after: float | None, attempt: int) -> float:
        """Never sooner than Retry-After; growing with repeated 503s; jittered so the devices
        told to wait do not all come back in the same instant."""
        floor = max(retry_after or 1.0, min(MAX_BACKOFF_S, 0.5 * 2**attempt))
        return floor * self.rng.uniform(1.0, 1.5)

    async def trivial(self, http: Http, recorder: Recorder, scheduled: float | None) -> None:
        """The baseline request: GET /api/v1/auth/csrf with the device's session."""
        outcome = await http.call(self, "GET", CSRF, None, scheduled, recorder)
        if outcome.status == 200:
            recorder.ok.append(outcome.latency_s)
        elif outcome.status == 503:
            recorder.busy.append(outcome.latency_s)
        else:
            recorder.error(outcome.status)


async def sign_up(http: Http, email: str) -> str:
    """A new account (UTC, so a win's local day is its UTC date); returns the user id."""
    setup = Device(-1, email, random.Random())
    await setup._fetch_csrf(http)
    body = {"email": email, "password": PASSWORD, "time_zone": "UTC"}
    outcome = await http.call(setup, "POST", "/api/v1/auth/signup", body)
    if outcome.status != 201:
        raise RuntimeError(f"sign-up failed: {outcome.status} {outcome.body}")
    return outcome.body["user"]["id"]
