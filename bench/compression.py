"""What does compressing sync pages cost the server, and what does it save on the wire?

An account holds 50,000 wins (pushed through the endpoint first; not timed), written in
everyday English: words drawn Zipf-like from the 5,000 most frequent words of film and TV
subtitles that zxcvbn ships, so the text compresses like people's notes, not like one
repeated sentence. A fresh device pulls pages of 500 through the real POST /api/v1/sync
(Flask test client, session, CSRF, the store, SQLite in WAL mode in a temporary directory),
asking for each encoding in turn. The baseline, measured in the same run, is the same request
with no Accept-Encoding: the figure is the CPU of a compressed request as a ratio to it.
For context it also prints a trivial request (GET /api/v1/auth/csrf) and the CPU of the bare
compressors on the same page at a few levels (why server/compression.py uses the ones it does).

    .venv/bin/python bench/compression.py [--wins 50000] [--page 500] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gzip
import random
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import brotli
import orjson
from flask_compress.compat import compression as stdlib_compression
from sync_ingest import ROOT, SignedInClient, make_app, offline_wins, through_the_endpoint
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from server.core.clock import Timestamp

ENCODINGS = ["identity", "gzip", "br", "zstd"]
zstd = stdlib_compression.zstd


def everyday_wins(count: int, seed: int = 12) -> list[dict[str, Any]]:
    """`count` creates with varied text, tags and notes, as a device would queue them."""
    rng = random.Random(seed)
    vocabulary = FREQUENCY_LISTS["us_tv_and_film"][:5000]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf: a few words are common
    tags = ["walk", "work", "family", "friends", "sleep", "cooking", "reading", "run", "kids"]
    now = datetime.now(UTC)
    node = uuid.uuid4().hex
    mutations = []
    for i in range(count):
        moment = now - timedelta(minutes=(count - i) * 7)
        text = " ".join(rng.choices(vocabulary, weights, k=rng.randint(4, 22))).capitalize()
        note = " ".join(rng.choices(vocabulary, weights, k=rng.randint(6, 40))) if i % 4 else None
        fields = {
            "text": text[:280],
            "note": note,
            "happened_at": moment.isoformat(),
            "local_day": moment.date().isoformat(),
            "tags": rng.sample(tags, rng.randint(0, 3)),
            "energy": rng.randint(1, 5),
            "starred": rng.random() < 0.1,
        }
        stamp = Timestamp(int(moment.timestamp() * 1000), 0, node).pack()
        mutations.append(
            {
                "id": i + 1,
                "collection": "wins",
                "record_id": str(uuid.uuid4()),
                "fields": fields,
                "hlc": stamp,
            }
        )
    return mutations


def request_pull(client: SignedInClient, device: str, cursor: int, page: int, encoding: str):
    body = {"client_id": device, "schema_version": 1, "cursor": cursor, "mutations": []}
    headers = {"X-CSRF-Token": client.csrf, "Accept-Encoding": encoding}
    response = client.http.post("/api/v1/sync", json={**body, "limit": page}, headers=headers)
    assert response.status_code == 200, response.status_code
    wanted = None if encoding == "identity" else encoding
    assert response.headers.get("Content-Encoding") == wanted, response.headers
    return response


def cpu_per_call(call: Callable[[], Any], calls: int, repeat: int) -> float:
    """Best of `repeat` of this process's CPU time per call, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for _ in range(calls):
            call()
        best = min(best, (time.process_time() - started) / calls)
    return best


class TypicalDevice:
    """A device that pushes two new wins each sync and pulls what is new: the common request."""

    def __init__(self, client: SignedInClient, count: int) -> None:
        self.client = client
        self.device = str(uuid.uuid4())
        self.wins = everyday_wins(count, seed=99)
        self.done = 0
        self.cursor = 0
        self.behind = True

    def sync(self, encoding: str) -> int:
        mutations = self.wins[self.done : self.done + 2]
        self.done += 2
        body = {"client_id": self.device, "schema_version": 1, "cursor": self.cursor}
        headers = {"X-CSRF-Token": self.client.csrf, "Accept-Encoding": encoding}
        response = self.client.http.post(
            "/api/v1/sync", json={**body, "mutations": mutations}, headers=headers
        )
        assert response.status_code == 200, response.status_code
        pulled = decode(response)
        self.cursor = pulled["cursor"]
        self.behind = pulled["has_more"]
        return len(response.get_data())


def first_sync(client: SignedInClient, device: str, page: int, encoding: str) -> tuple[int, int]:
    """A fresh device's whole first pull: (bytes on the wire, wins received)."""
    cursor, wire, received = 0, 0, 0
    while True:
        response = request_pull(client, device, cursor, page, encoding)
        wire += len(response.get_data())
        body = decode(response)
        received += len(body["changes"])
        cursor = body["cursor"]
        if not body["has_more"]:
            return wire, received


def decode(response: Any) -> dict[str, Any]:
    data = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    if encoding == "gzip":
        data = gzip.decompress(data)
    elif encoding == "br":
        data = brotli.decompress(data)
    elif encoding == "zstd":
        data = zstd.decompress(data)
    return orjson.loads(data)


def bare_compressors(page_body: bytes, repeat: int) -> list[tuple[str, float, int]]:
    levels: list[tuple[str, Callable[[bytes], bytes]]] = [
        ("gzip 1", lambda d: gzip.compress(d, 1)),
        ("gzip 6", lambda d: gzip.compress(d, 6)),
        ("gzip 9", lambda d: gzip.compress(d, 9)),
        ("br 1", lambda d: brotli.compress(d, quality=1)),
        ("br 4", lambda d: brotli.compress(d, quality=4)),
        ("br 11", lambda d: brotli.compress(d, quality=11)),
        ("zstd 1", lambda d: zstd.compress(d, 1)),
        ("zstd 3", lambda d: zstd.compress(d, 3)),
        ("zstd 9", lambda d: zstd.compress(d, 9)),
    ]
    rows = []
    for name, compress in levels:
        calls = 1 if name == "br 11" else 5
        seconds = cpu_per_call(lambda c=compress: c(page_body), calls, repeat)
        rows.append((name, seconds, len(compress(page_body))))
    return rows


def static_files(dist: Path, tmp: Path, repeat: int) -> list[tuple[str, str, int, float]]:
    """(file, encoding, bytes, CPU per request) for the built client's largest text files."""
    app = make_app(tmp / "static.sqlite3", tmp)
    app.config["CLIENT_DIST"] = str(dist)  # read per request (server/web.py)
    http = app.test_client()
    biggest = sorted(
        (p for p in dist.rglob("*") if p.suffix in {".js", ".css", ".html"}),
        key=lambda p: p.stat().st_size,
        reverse=True,
    )[:3]
    rows = []
    for path in biggest:
        url = "/" + str(path.relative_to(dist))
        for encoding in ("identity", "gzip", "br"):

            def get(url: str = url, encoding: str = encoding) -> int:
                response = http.get(url, headers={"Accept-Encoding": encoding})
                size = len(response.get_data())
                response.close()
                return size

            rows.append((url, encoding, get(), cpu_per_call(get, 20, repeat)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wins", type=int, default=50_000)
    parser.add_argument("--page", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--calls", type=int, default=10, help="requests per timed batch")
    parser.add_argument(
        "--repetitive",
        action="store_true",
        help="one sentence with a counter for every win (sync_ingest.py's data), not varied text",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        client = SignedInClient(make_app(tmp / "app.sqlite3", tmp))
        wins = offline_wins(args.wins) if args.repetitive else everyday_wins(args.wins)
        through_the_endpoint(client, wins, 200)
        device = str(uuid.uuid4())  # a device that has never synced: cursor 0, a full page
        page_of = {e: request_pull(client, device, 0, args.page, e) for e in ENCODINGS}
        plain = page_of["identity"].get_data()
        same = decode(page_of["identity"])["changes"]
        assert all(decode(page_of[e])["changes"] == same for e in ENCODINGS)
        trivial = cpu_per_call(lambda: client.http.get("/api/v1/auth/csrf"), 50, args.repeat)
        cpu = dict.fromkeys(ENCODINGS, float("inf"))
        for _ in range(args.repeat):  # interleaved, so the machine's drift hits all alike
            for encoding in ENCODINGS:
                seconds = cpu_per_call(
                    lambda e=encoding: request_pull(client, device, 0, args.page, e), args.calls, 1
                )
                cpu[encoding] = min(cpu[encoding], seconds)
        totals = {e: first_sync(client, str(uuid.uuid4()), args.page, e) for e in ENCODINGS}
        typical = TypicalDevice(client, 2 * args.repeat * args.calls * len(ENCODINGS) + 2)
        while typical.behind:  # catch up first: the timed syncs pull only their own echo
            typical.sync("identity")
        typical_cpu = dict.fromkeys(ENCODINGS, float("inf"))
        typical_bytes = {e: typical.sync(e) for e in ENCODINGS}
        for _ in range(args.repeat - 1):
            for encoding in ENCODINGS:
                seconds = cpu_per_call(lambda e=encoding: typical.sync(e), args.calls, 1)
                typical_cpu[encoding] = min(typical_cpu[encoding], seconds)
        bare = bare_compressors(plain, args.repeat)
        dist = ROOT / "client" / "dist"
        static = static_files(dist, tmp, args.repeat) if (dist / "index.html").is_file() else []

    base = cpu["identity"]
    print(
        f"compression: a fresh device's first page of {args.page} wins from an account of"
        f" {args.wins} ({'repetitive' if args.repetitive else 'everyday'} text;"
        f" process CPU, best of {args.repeat} x {args.calls} requests)"
    )
    print(f"  trivial request (GET /api/v1/auth/csrf): {trivial * 1e3:6.2f} ms CPU")
    print("  encoding    bytes   vs plain   CPU/request   vs plain   vs trivial")
    for encoding in ENCODINGS:
        size = len(page_of[encoding].get_data())
        print(
            f"  {encoding:9} {size:8,d}   {size / len(plain):7.3f}   {cpu[encoding] * 1e3:8.2f} ms"
            f"   {cpu[encoding] / base:7.2f}   {cpu[encoding] / trivial:9.1f}"
        )
    print("\n  a typical sync (push 2 wins, pull the echo): bytes and CPU per request")
    for encoding in ENCODINGS:
        seconds = typical_cpu[encoding]
        print(
            f"  {encoding:9} {typical_bytes[encoding]:8,d}   {seconds * 1e3:8.2f} ms"
            f"   {seconds / typical_cpu['identity']:5.2f} of plain"
            f"   {seconds / trivial:5.1f}x trivial"
        )
    print(f"\n  first sync of all {args.wins} wins, pages of {args.page}: bytes on the wire")
    plain_total = totals["identity"][0]
    for encoding in ENCODINGS:
        wire, received = totals[encoding]
        assert received == args.wins, (encoding, received)
        print(
            f"  {encoding:9} {wire / 2**20:8.2f} MiB   {wire / plain_total:6.3f} of plain"
            f"   {plain_total / wire:5.1f}x smaller"
        )
    print(f"\n  bare compressors on the {len(plain):,d}-byte page (CPU per call)")
    for name, seconds, size in bare:
        print(
            f"  {name:7} {seconds * 1e3:8.2f} ms   {size:8,d} bytes   {len(plain) / size:5.1f}x"
            f"   {seconds / base:5.2f} of the plain request's CPU"
        )

    print("\n  the built client (client/dist), served precompressed: bytes and CPU per request")
    if not static:
        print("  (client/dist is not built: `make client`)")
    for url, encoding, size, seconds in static:
        print(f"  {url:42} {encoding:8} {size:9,d} bytes {seconds * 1e3:7.2f} ms")


if __name__ == "__main__":
    main()
