"""Ids another account chose cannot hurt you: record ids are scoped to their owner.

Some ids are deterministic (a reminder is uuid5(user, kind), a day's intention uuid5(user,
day)), so anyone who learns a user id can make them. Before ids were scoped, another account
that synced them first owned those rows: the owner's reminders list was empty for good and
the owner's own writes to those ids were refused."""

from __future__ import annotations

import time
import uuid
from typing import Any

from flask import Flask

from server.core.clock import Timestamp
from server.reminders.kinds import KIND_NAMES, reminder_id
from tests.factories import ApiClient

INTENTION_NAMESPACE = uuid.UUID("9d7c2a54-3e1b-4f6a-8c0d-5b2e7f1a9c36")  # client/src/views
DAY = "2026-11-23"


def intention_id(user_id: str, day: str) -> str:
    return str(uuid.uuid5(INTENTION_NAMESPACE, f"{user_id}:{day}"))


def user_id_of(api: ApiClient) -> str:
    return api.get("/api/v1/auth/me").get_json()["user"]["id"]


def stamp(counter: int = 0, node: str = "device") -> str:
    return Timestamp(int(time.time() * 1000), counter, node).pack()


def sync(api: ApiClient, mutations: list[dict[str, Any]], client_id: str | None = None) -> dict:
    body = {
        "client_id": client_id or str(uuid.uuid4()),
        "schema_version": 1,
        "cursor": 0,
        "mutations": mutations,
    }
    response = api.post("/api/v1/sync", body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def reminder_mutation(n: int, record_id: str, kind: str, **fields: Any) -> dict[str, Any]:
    values = {"kind": kind, "enabled": True, "local_time": "03:33", "weekdays": [0], **fields}
    return {
        "id": n,
        "collection": "reminders",
        "record_id": record_id,
        "fields": values,
        "hlc": stamp(n),
    }


def intention_mutation(n: int, record_id: str, text: str) -> dict[str, Any]:
    fields = {"text": text, "local_day": DAY}
    return {
        "id": n,
        "collection": "intentions",
        "record_id": record_id,
        "fields": fields,
        "hlc": stamp(n),
    }


def other_account(app: Flask) -> ApiClient:
    api = ApiClient(app.test_client())
    api.sign_up()
    return api


def pulled(api: ApiClient) -> dict[tuple[str, str], dict[str, Any]]:
    return {(c["collection"], c["record_id"]): c["fields"] for c in sync(api, [])["changes"]}


def test_reminder_ids_claimed_first_by_another_account_leave_the_owner_s_reminders_whole(
    user_api: ApiClient, app: Flask
) -> None:
    victim = user_id_of(user_api)
    squatter = other_account(app)
    squatted = [
        reminder_mutation(n, reminder_id(victim, kind), kind)
        for n, kind in enumerate(KIND_NAMES, start=1)
    ]
    assert sync(squatter, squatted)["rejected"] == []

    listed = user_api.get("/api/v1/reminders").get_json()["reminders"]
    assert [r["kind"] for r in listed] == list(KIND_NAMES)
    assert all(r["local_time"] != "03:33" for r in listed)  # the defaults, not the squatter's

    mine = reminder_mutation(
        1, reminder_id(victim, "evening_recap"), "evening_recap", local_time="20:30"
    )
    body = sync(user_api, [mine])
    assert body["acked"] == 1 and body["rejected"] == []
    listed = user_api.get("/api/v1/reminders").get_json()["reminders"]
    recap = next(r for r in listed if r["kind"] == "evening_recap")
    assert recap["local_time"] == "20:30" and recap["next_fire_at"] is not None

    # The squatter sees exactly what it wrote (and its own defaults, once it asks for them).
    theirs = pulled(squatter)
    assert {record_id for _, record_id in theirs} == {m["record_id"] for m in squatted}
    assert all(fields["local_time"] == "03:33" for fields in theirs.values())
    own = squatter.get("/api/v1/reminders").get_json()["reminders"]
    assert [r["local_time"] for r in own] != ["03:33"] * 4
    assert {r["id"] for r in own}.isdisjoint(m["record_id"] for m in squatted)


def test_a_day_s_intention_claimed_first_by_another_account_is_still_the_owner_s_to_write(
    user_api: ApiClient, app: Flask
) -> None:
    victim = user_id_of(user_api)
    record = intention_id(victim, DAY)
    squatter = other_account(app)
    assert sync(squatter, [intention_mutation(1, record, "Not yours")])["rejected"] == []

    body = sync(user_api, [intention_mutation(1, record, "Call my sister")])
    assert body["acked"] == 1 and body["rejected"] == []
    assert pulled(user_api)[("intentions", record)]["text"] == "Call my sister"
    assert pulled(squatter)[("intentions", record)]["text"] == "Not yours"


def test_the_owner_s_edit_of_a_shared_id_does_not_reach_the_other_account(
    user_api: ApiClient, app: Flask
) -> None:
    record = str(uuid.uuid4())
    other = other_account(app)
    sync(other, [intention_mutation(1, record, "Theirs")])
    sync(user_api, [intention_mutation(1, record, "Mine")])
    sync(user_api, [{**intention_mutation(2, record, "Mine, edited"), "fields": {"deleted": True}}])
    assert pulled(other)[("intentions", record)] == {
        "text": "Theirs",
        "local_day": DAY,
        "deleted": False,
    }
    assert pulled(user_api)[("intentions", record)]["deleted"] is True
