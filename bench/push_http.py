"""What one push costs by layer: encryption, the HTTP POST by client library, our sender.

    .venv/bin/python bench/push_http.py [--count 1500] [--repeat 3]

Why this exists: bench/push_fanout.py judges the whole tick against raw encryption; this one
says where the rest goes, all in one run against the loopback push service (its own process,
verifying every VAPID JWT and decrypting every body, so it is not on this process's CPU).
Per message, CPU of this process (best of --repeat):

- raw: pywebpush's `WebPusher.encode` + a VAPID signature (push_fanout.py's baseline);
- POST only (bodies encrypted beforehand), one kept-alive connection or 16 in flight, through
  http.client (what routing.py uses), urllib3's pool (what it used before) and aiohttp;
- encrypt + POST with bare http.client, one connection: the floor for any sender built on it;
- `PushSender.send_many` (1 and 16 workers): our sender, checks, pinning and fan-out included.

Ratios are to raw (higher is cheaper); the tick adds its database work on top of the sender.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import multiprocessing as mp
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAYLOAD = {"title": "Evening recap", "body": "How did today go? 3 wins so far"}


def serve_push(count: int, expected_key: str, conn: Connection) -> None:
    from tests.pushservice import LoopbackPushService

    with LoopbackPushService(expected_key=expected_key) as service:
        conn.send([service.new_subscription() for _ in range(count)])
        conn.recv()  # done


def best_cpu(run: Callable[[list[dict]], None], chunks: list[list[dict]]) -> float:
    """Best CPU seconds per message over the chunks (each chunk is fresh subscriptions)."""
    costs = []
    for chunk in chunks:
        started = time.process_time()
        run(chunk)
        costs.append((time.process_time() - started) / len(chunk))
    return min(costs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1500, help="messages per measurement")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import aiohttp
    import urllib3
    from pywebpush import WebPusher

    from server.push.sender import PushMessage, PushSender, Subscription, encode_payload
    from server.push.vapid import VapidKeys, vapid_authorization

    keys = VapidKeys.generate()
    subject = "mailto:bench@smallwins.test"
    measurements = 8  # each takes fresh subscriptions: the service keeps every inbox
    total = args.count * args.repeat * measurements
    parent, child = mp.Pipe()
    service = mp.get_context("spawn").Process(
        target=serve_push, args=(total, keys.public_key_b64url, child)
    )
    service.start()
    subs = parent.recv()
    origin = subs[0]["endpoint"].split("/push/")[0]
    host, port = "127.0.0.1", int(origin.rsplit(":", 1)[1])
    data = encode_payload(PAYLOAD)
    expires = int(time.time()) + 12 * 3600
    headers = {
        "Content-Encoding": "aes128gcm",
        "Content-Type": "application/octet-stream",
        "TTL": "3600",
        "Urgency": "normal",
        "Authorization": vapid_authorization(keys, origin, subject, expires),
    }
    fresh = iter(range(0, total, args.count))

    def chunks() -> list[list[dict]]:
        return [subs[(i := next(fresh)) : i + args.count] for _ in range(args.repeat)]

    def encrypt(sub: dict) -> bytes:
        return WebPusher(sub).encode(data, "aes128gcm")["body"]

    def target(sub: dict) -> str:
        return sub["endpoint"][len(origin) :]

    def raw(chunk: list[dict]) -> None:
        for sub in chunk:
            encrypt(sub)
            vapid_authorization(keys, origin, subject, expires)

    def posts_only(post: Callable[[list[tuple[str, bytes]]], None]) -> Callable:
        def run(chunk: list[dict]) -> None:
            bodies = [(target(sub), encrypt(sub)) for sub in chunk]
            started = time.process_time()
            post(bodies)
            run.cpu += time.process_time() - started  # type: ignore[attr-defined]

        run.cpu = 0.0  # type: ignore[attr-defined]
        return run

    def http_client_one(bodies: list[tuple[str, bytes]]) -> None:
        conn = http.client.HTTPConnection(host, port)
        for path, body in bodies:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            assert response.status == 201, response.status
        conn.close()

    def http_client_16(bodies: list[tuple[str, bytes]]) -> None:
        def work(k: int) -> None:
            http_client_one(bodies[k::16])

        with ThreadPoolExecutor(16) as pool:
            list(pool.map(work, range(16)))

    pool3 = urllib3.HTTPConnectionPool(host, port, maxsize=16, block=False, retries=False)

    def urllib3_one(bodies: list[tuple[str, bytes]]) -> None:
        for path, body in bodies:
            response = pool3.urlopen("POST", path, body=body, headers=headers, retries=False)
            assert response.status == 201, response.status

    def aiohttp_16(bodies: list[tuple[str, bytes]]) -> None:
        async def run() -> None:
            connector = aiohttp.TCPConnector(limit=16)
            jar = aiohttp.DummyCookieJar()
            async with aiohttp.ClientSession(connector=connector, cookie_jar=jar) as session:
                slots = asyncio.Semaphore(16)

                async def one(path: str, body: bytes) -> None:
                    async with slots, session.post(origin + path, data=body, headers=headers) as r:
                        await r.read()
                        assert r.status == 201, r.status

                await asyncio.gather(*(one(path, body) for path, body in bodies))

        asyncio.run(run())

    def encrypt_and_post(chunk: list[dict]) -> None:
        http_client_one([(target(sub), encrypt(sub)) for sub in chunk])

    def sender(workers: int) -> Callable[[list[dict]], None]:
        message = PushMessage(PAYLOAD, ttl=3600)

        def run(chunk: list[dict]) -> None:
            items = [
                (Subscription(s["endpoint"], s["keys"]["p256dh"], s["keys"]["auth"]), message)
                for s in chunk
            ]
            with PushSender(keys, subject, allow_loopback=True) as push:
                results = push.send_many(items, workers=workers)
            assert all(r.outcome.name == "DELIVERED" for r in results)

        return run

    rows: list[tuple[str, float]] = [("raw: encrypt + VAPID signature", best_cpu(raw, chunks()))]
    for label, post in [
        ("POST only: http.client, 1 connection", http_client_one),
        ("POST only: http.client, 16 threads", http_client_16),
        ("POST only: urllib3 pool, 1 thread", urllib3_one),
        ("POST only: aiohttp, 16 in flight", aiohttp_16),
    ]:
        run = posts_only(post)
        costs = []
        for chunk in chunks():
            run.cpu = 0.0  # type: ignore[attr-defined]
            run(chunk)
            costs.append(run.cpu / len(chunk))  # type: ignore[attr-defined]
        rows.append((label, min(costs)))
    rows.append(("encrypt + POST, bare http.client", best_cpu(encrypt_and_post, chunks())))
    rows.append(("PushSender.send_many, 1 worker", best_cpu(sender(1), chunks())))
    rows.append(("PushSender.send_many, 16 workers", best_cpu(sender(16), chunks())))
    parent.send("done")
    service.join()
    pool3.close()

    raw_cpu = rows[0][1]
    print(f"messages per measurement: {args.count}, best of {args.repeat}; CPU of this process")
    for label, cpu in rows:
        print(f"{label:40s} {1e6 * cpu:6.0f} us per message   raw/this {raw_cpu / cpu:5.2f}")


if __name__ == "__main__":
    main()
