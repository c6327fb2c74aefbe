"""Reminder fan-out: N due reminders through the real tick, against the raw crypto cost.

    .venv/bin/python bench/push_fanout.py [--count 10000] [--database-url URL]

Each of N users has one due evening recap and one subscription at the loopback push service,
which runs in its own process (as a real push service is not on our CPU) and still verifies
every VAPID JWT and decrypts every body. The tick does everything it does in production:
claim in batches, record deliveries, build messages (counting wins), encrypt, sign, POST over a
pooled keep-alive session, advance. The baseline is the same N messages' raw cost measured in
this run: aes128gcm encryption plus a VAPID signature each, no HTTP, no database.
Target: the tick's rate is at least one third of the raw rate.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def serve_push(count: int, expected_key: str, conn: Connection) -> None:
    from tests.pushservice import LoopbackPushService

    with LoopbackPushService(expected_key=expected_key) as service:
        conn.send([service.new_subscription() for _ in range(count)])
        conn.recv()  # the tick starts
        cpu_started = time.process_time()
        conn.recv()  # the tick is done
        conn.send((service.request_count, time.process_time() - cpu_started))


def seed(count: int, subscriptions: list[dict], due: datetime) -> None:
    import sqlalchemy as sa

    from server.extensions import db
    from server.models import PushSubscription, Reminder, User
    from server.reminders.kinds import reminder_id

    users, subs, reminders = [], [], []
    for n, info in enumerate(subscriptions):
        user_id = f"00000000-0000-4000-8000-{n:012d}"
        users.append(
            {
                "id": user_id,
                "email": f"bench{n}@example.org",
                "password_hash": "x",
                "time_zone": "UTC",
                "day_start_hour": 4,
                "created_at": due,
            }
        )
        subs.append(
            {
                "id": f"10000000-0000-4000-8000-{n:012d}",
                "user_id": user_id,
                "endpoint": info["endpoint"],
                "p256dh": info["keys"]["p256dh"],
                "auth": info["keys"]["auth"],
                "created_at": due,
                "updated_at": due,
            }
        )
        reminders.append(
            {
                "id": reminder_id(user_id, "evening_recap"),
                "user_id": user_id,
                "server_seq": 1,
                "field_clock": {},
                "deleted": False,
                "kind": "evening_recap",
                "enabled": True,
                "local_time": due.strftime("%H:%M"),
                "weekdays": list(range(7)),
                "next_fire_at": due,
                "lease_until": None,
            }
        )
    for model, rows in ((User, users), (PushSubscription, subs), (Reminder, reminders)):
        db.session.execute(sa.insert(model.__table__), rows)
    db.session.commit()
    assert len(subs) == count


def raw_rate(subscriptions: list[dict], keys: object, subject: str) -> float:
    """Messages per second for encryption + a VAPID signature each, no HTTP."""
    from pywebpush import WebPusher

    from server.push.messages import reminder_message
    from server.push.sender import encode_payload, push_origin
    from server.push.vapid import vapid_authorization

    data = encode_payload(reminder_message("evening_recap", 0).payload)
    expires = int(time.time()) + 12 * 3600
    started = time.perf_counter()
    for info in subscriptions:
        WebPusher(info).encode(data, "aes128gcm")
        vapid_authorization(keys, push_origin(info["endpoint"]), subject, expires)  # type: ignore[arg-type]
    return len(subscriptions) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    from server.app import create_app
    from server.extensions import db
    from server.jobs.tick import run_tick

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        app = create_app(
            {
                "DATABASE_URL": url,
                "INSTANCE_PATH": str(Path(tmp) / "instance"),
                "PUSH_ALLOW_LOOPBACK": True,
            }
        )
        with app.app_context():
            db.drop_all()
            db.create_all()
            keys = app.extensions["push"].keys
            parent, child = mp.Pipe()
            service = mp.get_context("spawn").Process(
                target=serve_push, args=(args.count, keys.public_key_b64url, child)
            )
            service.start()
            subscriptions = parent.recv()
            due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
            seed(args.count, subscriptions, due)

            raw = raw_rate(
                subscriptions[: min(2000, args.count)], keys, app.config["VAPID_SUBJECT"]
            )
            parent.send("start")
            started, cpu_started = time.perf_counter(), time.process_time()
            report = run_tick(due + timedelta(minutes=1))
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            parent.send("done")
            served, service_cpu = parent.recv()
            service.join()
            db.drop_all()
            db.session.remove()
            db.engine.dispose()

    rate = report.delivered / elapsed
    print(f"database: {url.split(':', 1)[0]}; reminders: {args.count}")
    print(
        f"tick: {report.delivered} delivered, {report.failed} failed in {elapsed:.1f} s "
        f"(push service accepted {served} requests)"
    )
    print(f"tick rate:  {rate:8.0f} sends/s  (claim, record, encrypt, sign, POST, advance)")
    print(
        f"tick CPU:   {report.delivered / cpu:8.0f} sends per CPU-second of this process "
        f"(the push service's own CPU excluded)"
    )
    print(f"service CPU: {1e6 * service_cpu / max(served, 1):.0f} us per request; tick CPU {1e6 * cpu / max(report.delivered, 1):.0f} us per send; raw {1e6 / raw:.0f} us per msg")
    print(f"raw crypto: {raw:8.0f} msgs/s   (aes128gcm + VAPID signature each, no HTTP)")
    ratio = rate / raw
    verdict = "OK" if ratio >= 1 / 3 else "BELOW TARGET"
    print(
        f"ratio: {ratio:.2f} of raw (target >= 0.33): {verdict}; "
        f"by CPU: {report.delivered / cpu / raw:.2f}"
    )
    if report.delivered != args.count or ratio < 1 / 3:
        sys.exit(1)


if __name__ == "__main__":
    main()
