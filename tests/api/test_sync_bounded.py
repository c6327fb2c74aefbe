"""Bounded growth: what the server remembers per device, and devices per person.

Before: sync_rejections reached 3,980 rows for one device in 20 requests, and every answer
repeated them all (34 KB growing to 680 KB)."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from server.core.clock import Timestamp
from server.core.sync_rules import MAX_CLIENTS_PER_USER, MAX_OWED_REJECTIONS
from server.extensions import db
from server.models import SyncClient, SyncRejection, Win
from tests.factories import ApiClient

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
NOW_MS = int(NOW.timestamp() * 1000)
WIN = {"text": "Ran 5k", "happened_at": "2026-11-23T08:30:00+01:00", "local_day": "2026-11-23"}
BATCH = 200  # the most mutations one request may carry


def new_id() -> str:
    return str(uuid.uuid4())


def mutation(mutation_id: int, fields: dict[str, Any], record_id: str | None = None) -> dict:
    return {
        "id": mutation_id,
        "collection": "wins",
        "record_id": record_id or new_id(),
        "fields": fields,
        "hlc": Timestamp(NOW_MS + mutation_id, 0, "a").pack(),
    }


def invalid(mutation_id: int) -> dict[str, Any]:
    return mutation(mutation_id, {"text": ""})  # a create with an empty text: rejected


def post(api: ApiClient, client_id: str, mutations: list[dict], **extra: Any) -> tuple[dict, int]:
    body = {"client_id": client_id, "schema_version": 1, "cursor": 0, "mutations": mutations}
    response = api.post("/api/v1/sync", {**body, **extra})
    assert response.status_code == 200, response.get_json()
    return response.get_json(), len(response.data)


def remembered(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(SyncRejection))


@pytest.fixture
def device(user_api: ApiClient, app: Flask) -> ApiClient:
    app.config["CLOCK"] = lambda: NOW
    return user_api


def test_a_device_hears_every_rejection_while_the_memory_and_answers_stay_small(
    device: ApiClient, app: Flask
) -> None:
    """The client's own algorithm (client/src/sync): send the oldest entries above the acked
    it has applied, drop what an applied answer rejected or acknowledged. A quarter of the
    answers are lost on the way back (the server committed; the device never saw it)."""
    client, outbox, acked, heard = new_id(), {}, 0, set()
    next_id, sizes, rows = 1, [], []
    lose = random.Random(7)
    for _ in range(20):
        for _ in range(BATCH - 1):  # a person keeps writing, the device keeps failing
            outbox[next_id] = invalid(next_id)
            next_id += 1
        sent = [outbox[key] for key in sorted(outbox) if key > acked][:BATCH]
        body, size = post(device, client, sent, acked=acked)
        sizes.append(size)
        rows.append(remembered(app))
        if lose.random() < 0.25:
            continue
        for refusal in body["rejected"]:
            if outbox.pop(refusal["id"], None) is not None:
                heard.add(refusal["id"])
        acked = max(acked, body["acked"])
        outbox = {key: value for key, value in outbox.items() if key > acked}
    while outbox:  # the last answers get through
        body, _ = post(device, client, [outbox[k] for k in sorted(outbox)][:BATCH], acked=acked)
        for refusal in body["rejected"]:
            if outbox.pop(refusal["id"], None) is not None:
                heard.add(refusal["id"])
        acked = max(acked, body["acked"])
    assert heard == set(range(1, next_id))  # every rejection reached the device
    assert max(rows) <= 2 * BATCH and max(sizes) < 100_000, (rows, sizes)
    idle, _ = post(device, client, [], acked=acked)
    assert idle["rejected"] == [] and remembered(app) == 0


def test_a_device_that_never_proves_it_heard_is_capped(device: ApiClient, app: Flask) -> None:
    """A device that keeps re-sending mutation 1 first and never says what it applied proves
    nothing: the server keeps only its newest MAX_OWED_REJECTIONS rejections."""
    client, sizes = new_id(), []
    for request in range(20):
        first = 2 + request * (BATCH - 1)
        sent = [mutation(1, WIN), *(invalid(n) for n in range(first, first + BATCH - 1))]
        body, size = post(device, client, sent)
        sizes.append(size)
        assert remembered(app) <= MAX_OWED_REJECTIONS
        assert len(body["rejected"]) <= MAX_OWED_REJECTIONS
        assert body["rejected"][-1]["id"] == first + BATCH - 2  # the newest are kept
    assert max(sizes) < 100_000


def test_a_rejection_is_repeated_until_the_device_says_it_applied_an_answer_past_it(
    device: ApiClient, app: Flask
) -> None:
    client = new_id()
    post(device, client, [invalid(1)])  # suppose this answer was lost
    assert [r["id"] for r in post(device, client, [], acked=0)[0]["rejected"]] == [1]
    assert post(device, client, [], acked=1)[0]["rejected"] == []
    assert remembered(app) == 0


def clients_of(app: Flask) -> list[str]:
    with app.app_context():
        query = sa.select(SyncClient.id).order_by(SyncClient.last_seen_at)
        return list(db.session.scalars(query))


def test_devices_per_person_are_capped_and_the_longest_unseen_is_forgotten(
    device: ApiClient, app: Flask
) -> None:
    made = []
    for n in range(MAX_CLIENTS_PER_USER + 2):
        app.config["CLOCK"] = lambda n=n: NOW + timedelta(minutes=n)
        made.append(new_id())
        post(device, made[-1], [])
    app.config["CLOCK"] = lambda: NOW + timedelta(hours=1)
    post(device, made[2], [])  # seen again: now the most recent
    post(device, new_id(), [])
    kept = clients_of(app)
    assert len(kept) == MAX_CLIENTS_PER_USER
    assert made[0] not in kept and made[1] not in kept and made[3] not in kept
    assert made[2] in kept


def test_a_forgotten_device_that_returns_replays_safely_and_idempotently(
    device: ApiClient, app: Flask
) -> None:
    """The device's last answer was lost, then it was forgotten. Its outbox still holds the
    edit; re-sent under a fresh registration it applies again, which changes nothing, and
    it cannot undo a newer edit another device made meanwhile."""
    returning, record = new_id(), new_id()
    post(device, returning, [mutation(1, WIN, record)])
    edit = mutation(2, {"text": "Ran 6k"}, record)
    post(device, returning, [edit])  # applied; the answer is lost
    other = new_id()
    post(device, other, [{**mutation(1, {"starred": True}, record)}])
    newer = mutation(1, {"text": "Ran 7k"}, record)
    newer["hlc"] = Timestamp(NOW_MS + 1000, 0, "b").pack()
    post(device, other, [{**newer, "id": 2}])
    with app.app_context():  # forgotten, as the cap would
        db.session.execute(sa.delete(SyncClient).where(SyncClient.id == returning))
        db.session.commit()
        before = db.session.scalars(sa.select(Win.server_seq)).one()
    for _ in range(2):  # the replay, and a replay of the replay
        body, _ = post(device, returning, [edit], acked=1)
        assert body["acked"] == 2 and body["rejected"] == []
    with app.app_context():
        win = db.session.scalars(sa.select(Win)).one()
        assert (win.text, win.starred, win.server_seq) == ("Ran 7k", True, before)
        assert db.session.get(SyncClient, returning).last_mutation_id == 2
