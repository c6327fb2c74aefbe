"""Bad input to the sync endpoint: a broken envelope is a 400 that writes nothing; a bad field
inside a mutation is a `rejected` entry while the rest of the request goes through."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from server.extensions import db
from server.models import SyncClient, SyncCounter, Win
from tests.api.test_sync import WIN, mutation, new_id, stamp, stored_wins, synced
from tests.factories import ApiClient

CLIENT = "0b7c9e1e-4f3a-4c1d-9a55-1c2e3d4f5a6b"
RECORD = "5d0c8a53-0f8e-4a8e-b1a4-3c5b8f1f2e9d"


def body(**changes: Any) -> dict[str, Any]:
    good = {
        "client_id": CLIENT,
        "schema_version": 1,
        "cursor": 0,
        "mutations": [mutation(1, RECORD, WIN)],
    }
    return {**good, **changes}


def with_mutation(**changes: Any) -> dict[str, Any]:
    return body(mutations=[{**mutation(1, RECORD, WIN), **changes}])


def without(key: str) -> dict[str, Any]:
    data = body()
    del data[key]
    return data


BAD_ENVELOPES = {
    "missing client_id": without("client_id"),
    "missing schema_version": without("schema_version"),
    "missing cursor": without("cursor"),
    "client_id not a uuid": body(client_id="phone-1"),
    "client_id in upper case": body(client_id=CLIENT.upper()),
    "client_id a number": body(client_id=7),
    "schema_version a string": body(schema_version="1"),
    "schema_version a bool": body(schema_version=True),
    "negative cursor": body(cursor=-1),
    "cursor a float": body(cursor=1.5),
    "cursor beyond a big integer": body(cursor=2**63),
    "limit zero": body(limit=0),
    "limit too large": body(limit=1001),
    "mutations not a list": body(mutations={"id": 1}),
    "mutation not an object": body(mutations=[1]),
    "more than 200 mutations": body(mutations=[mutation(i, new_id(), WIN) for i in range(1, 202)]),
    "mutation id zero": with_mutation(id=0),
    "mutation id a string": with_mutation(id="1"),
    "mutation id missing": body(
        mutations=[{k: v for k, v in mutation(1, RECORD, WIN).items() if k != "id"}]
    ),
    "record_id not a uuid": with_mutation(record_id="win-1"),
    "fields not an object": with_mutation(fields=["text"]),
    "hlc not a string": with_mutation(hlc=12),
    "collection too long": with_mutation(collection="w" * 65),
    "unknown key in a mutation": with_mutation(extra=1),
    "unknown top-level key": body(extra=1),
    "ids out of order": body(
        mutations=[mutation(2, RECORD, WIN), mutation(1, RECORD, {"text": "x"})]
    ),
    "repeated id": body(mutations=[mutation(1, RECORD, WIN), mutation(1, RECORD, {"text": "x"})]),
}


@pytest.fixture
def device(user_api: ApiClient, app: Flask) -> ApiClient:
    from tests.api.test_sync import NOW

    app.config["CLOCK"] = lambda: NOW
    return user_api


def nothing_was_written(app: Flask) -> bool:
    with app.app_context():
        counts = [
            db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Win, SyncClient, SyncCounter)
        ]
    return counts == [0, 0, 0]


@pytest.mark.parametrize("data", BAD_ENVELOPES.values(), ids=BAD_ENVELOPES.keys())
def test_a_broken_envelope_is_a_400_that_writes_nothing(
    device: ApiClient, app: Flask, data: dict[str, Any]
) -> None:
    response = device.post("/api/v1/sync", data)
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["error"] == "validation_error"
    assert response.get_json()["fields"]
    assert nothing_was_written(app)


@pytest.mark.parametrize(
    "raw",
    ["{not json", "[1, 2]", '"sync"', "null", "", "{}"],
    ids=["broken", "list", "string", "null", "empty", "empty object"],
)
def test_a_body_that_is_not_a_sync_request_is_a_400(
    device: ApiClient, app: Flask, raw: str
) -> None:
    response = device.send(
        "POST", "/api/v1/sync", data=raw, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.get_json()["fields"]
    assert nothing_was_written(app)


def test_a_body_over_the_size_limit_is_a_413(device: ApiClient, app: Flask) -> None:
    huge = with_mutation(fields={**WIN, "note": "n" * 2_000_000})
    response = device.post("/api/v1/sync", huge)
    assert response.status_code == 413
    assert nothing_was_written(app)


BAD_FIELDS = {
    "huge text": ({**WIN, "text": "x" * 20_000}, "text"),
    "empty text": ({**WIN, "text": ""}, "text"),
    "blank text": ({**WIN, "text": "   "}, "text"),
    "text null": ({**WIN, "text": None}, "text"),
    "text a number": ({**WIN, "text": 5}, "text"),
    "naive happened_at": ({**WIN, "happened_at": "2026-11-23T08:30:00"}, "happened_at"),
    "happened_at not a date": ({**WIN, "happened_at": "soon"}, "happened_at"),
    "happened_at in year one": (
        {**WIN, "happened_at": "0001-01-01T00:00:00+14:00", "local_day": "0001-01-01"},
        "happened_at",
    ),
    "local_day far from happened_at": ({**WIN, "local_day": "2026-11-25"}, "local_day"),
    "local_day not a date": ({**WIN, "local_day": "23/11/2026"}, "local_day"),
    "happened_at without local_day": (
        {"text": "x", "happened_at": WIN["happened_at"]},
        "local_day",
    ),
    "eleven tags": ({**WIN, "tags": [f"t{i}" for i in range(11)]}, "tags"),
    "a very long tag list": ({**WIN, "tags": ["t"] * 10_000}, "tags"),
    "a tag too long": ({**WIN, "tags": ["t" * 33]}, "tags"),
    "an empty tag": ({**WIN, "tags": [" "]}, "tags"),
    "tags not a list": ({**WIN, "tags": "run"}, "tags"),
    "energy zero": ({**WIN, "energy": 0}, "energy"),
    "energy six": ({**WIN, "energy": 6}, "energy"),
    "energy a string": ({**WIN, "energy": "3"}, "energy"),
    "energy a bool": ({**WIN, "energy": True}, "energy"),
    "note too long": ({**WIN, "note": "n" * 1001}, "note"),
    "starred a string": ({**WIN, "starred": "yes"}, "starred"),
    "goal_id not a uuid": ({**WIN, "goal_id": "goal-1"}, "goal_id"),
    "deleted null": ({**WIN, "deleted": None}, "deleted"),
    "an unknown field": ({**WIN, "mood": "great"}, "mood"),
    "a create without text": ({k: v for k, v in WIN.items() if k != "text"}, "text"),
    "a delete of a win the server never saw": ({"deleted": True}, "text"),
}


@pytest.mark.parametrize(("fields", "field"), BAD_FIELDS.values(), ids=BAD_FIELDS.keys())
def test_a_bad_field_rejects_its_mutation_with_a_message_and_the_rest_applies(
    device: ApiClient, app: Flask, fields: dict[str, Any], field: str
) -> None:
    good = new_id()
    result = synced(device, new_id(), [mutation(1, RECORD, fields), mutation(2, good, WIN)])
    [rejection] = result["rejected"]
    assert rejection["id"] == 1 and rejection["record_id"] == RECORD
    assert rejection["error"] == "validation_error"
    assert field in rejection["fields"]
    assert result["acked"] == 2
    assert [win.id for win in stored_wins(app)] == [good]


def test_a_bad_edit_leaves_the_win_as_it_was(device: ApiClient, app: Flask) -> None:
    client = new_id()
    synced(device, client, [mutation(1, RECORD, WIN)])
    result = synced(device, client, [mutation(2, RECORD, {"text": "ok", "energy": 7})])
    assert [r["id"] for r in result["rejected"]] == [2]
    assert [(w.text, w.energy) for w in stored_wins(app)] == [("Ran 5k", None)]


def test_an_unknown_collection_is_rejected(device: ApiClient, app: Flask) -> None:
    # "goals" was the unknown example until goals became a collection.
    result = synced(device, new_id(), [{**mutation(1, RECORD, WIN), "collection": "gardens"}])
    assert [(r["error"], r["collection"]) for r in result["rejected"]] == [
        ("unknown_collection", "gardens")
    ]
    assert stored_wins(app) == []


def test_a_valid_edit_needs_only_the_fields_it_changes(device: ApiClient, app: Flask) -> None:
    client = new_id()
    synced(device, client, [mutation(1, RECORD, WIN)])
    synced(device, client, [mutation(2, RECORD, {"starred": True, "tags": ["a"]}, stamp(9))])
    [win] = stored_wins(app)
    assert (win.starred, win.tags, win.text) == (True, ["a"], "Ran 5k")


def test_the_rejection_messages_survive_a_round_trip_through_the_database(
    device: ApiClient,
) -> None:
    client = new_id()
    bad = [mutation(1, RECORD, {**WIN, "tags": ["ok", "t" * 40]})]
    first = synced(device, client, bad)["rejected"]
    again = synced(device, client, bad)["rejected"]
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)
    assert first[0]["fields"] == {"tags": {"1": ["Use 1 to 32 characters."]}}


def test_csrf_is_required(device: ApiClient, app: Flask) -> None:
    response = device.client.post("/api/v1/sync", json=body())
    assert response.status_code == 403
    assert nothing_was_written(app)
