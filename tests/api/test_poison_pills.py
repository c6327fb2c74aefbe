"""Input the database cannot store, or Python cannot read, is refused at the door: a 400 that
names the field, never a 500, and inside a sync batch a rejection of that one mutation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from server.storable import KEY_MESSAGE, MESSAGE
from tests.api.locking import snapshot
from tests.api.test_push import public_subscription
from tests.api.test_sync import NOW, WIN, mutation, new_id, stamp, stored_wins, sync, synced
from tests.conftest import app_with_schema, make_app
from tests.factories import PASSWORD, ApiClient

# A lone surrogate of each half, and NUL (PostgreSQL refuses it; refused everywhere).
BAD = {"high-surrogate": "\ud800", "low-surrogate": "\udfff", "nul": "\x00"}
CLIENT_ID = "0b7c9e1e-4f3a-4c1d-9a55-1c2e3d4f5a6b"


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    for app in app_with_schema(database_url, tmp_path, PUSH_ALLOW_LOOPBACK=True):
        app.config["CLOCK"] = lambda: NOW
        yield app


def valid_bodies(email: str) -> dict[tuple[str, str], dict[str, Any]]:
    """A body each write endpoint accepts; its every string gets spoiled in turn."""
    subscription = public_subscription(endpoint="http://127.0.0.1:9/push/1", device_label="Phone")
    return {
        ("POST", "/api/v1/auth/signup"): {
            "email": "new@example.org",
            "password": PASSWORD,
            "time_zone": "UTC",
        },
        ("POST", "/api/v1/auth/signin"): {"email": email, "password": PASSWORD},
        ("PATCH", "/api/v1/auth/me"): {"time_zone": "Asia/Tokyo"},
        ("POST", "/api/v1/sync"): {"client_id": CLIENT_ID, "schema_version": 1, "cursor": 0},
        ("POST", "/api/v1/push/subscriptions"): subscription,
        ("DELETE", "/api/v1/push/subscriptions"): {"endpoint": subscription["endpoint"]},
        ("POST", "/api/v1/reminders/pause"): {"days": 3},
    }


ENDPOINTS = list(valid_bodies("x@example.org"))


def string_paths(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from string_paths(child, (*path, key))


def spoiled(body: dict[str, Any], path: tuple[str, ...], bad: str) -> dict[str, Any]:
    copy = json.loads(json.dumps(body))
    node = copy
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = node[path[-1]] + bad
    return copy


def nested(path: tuple[str, ...], leaf: Any) -> Any:
    for step in reversed(path):
        leaf = {step: leaf}
    return leaf


def send_raw(api: ApiClient, method: str, path: str, text: str) -> Any:
    return api.send(method, path, data=text, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_unstorable_text_in_any_string_or_key_is_a_400_naming_it(
    user_api: ApiClient, app: Flask, method: str, path: str, bad: str
) -> None:
    body = valid_bodies(user_api.email or "")[(method, path)]
    # Every string value in turn, then a key; the key is named back in a form that can be shown.
    attempts = [
        (spoiled(body, field, bad), nested(field, [MESSAGE])) for field in string_paths(body)
    ]
    attempts.append(({**body, f"na{bad}me": "x"}, {"na\ufffdme": [KEY_MESSAGE]}))
    before = snapshot(app)
    for sent, expected in attempts:
        response = send_raw(user_api, method, path, json.dumps(sent))
        assert response.status_code == 400, (sent, response.get_json())
        assert response.get_json()["error"] == "validation_error"
        assert response.get_json()["fields"] == expected
    assert snapshot(app) == before


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_an_integer_too_long_for_python_to_read_is_a_400(
    user_api: ApiClient, app: Flask, method: str, path: str
) -> None:
    before = snapshot(app)
    response = send_raw(user_api, method, path, '{"days": 1' + "0" * 5000 + "}")
    assert response.status_code == 400
    assert response.get_json()["error"] == "validation_error"
    assert response.get_json()["fields"]["_body"]
    assert snapshot(app) == before


@pytest.fixture
def device(user_api: ApiClient) -> ApiClient:
    return user_api


SPOILERS = {
    "text": lambda bad: {**WIN, "text": f"Ran{bad} 5k"},
    "note": lambda bad: {**WIN, "note": f"felt{bad} good"},
    "tag": lambda bad: {**WIN, "tags": ["run", f"r{bad}un"]},
    "key": lambda bad: {**WIN, f"mo{bad}od": "good"},
}
EXPECTED = {
    "text": {"text": [MESSAGE]},
    "note": {"note": [MESSAGE]},
    "tag": {"tags": {"1": [MESSAGE]}},
    "key": {"mo\ufffdod": [KEY_MESSAGE]},
}


@pytest.mark.parametrize("where", SPOILERS)
@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_a_sync_mutation_with_unstorable_text_is_rejected_and_the_rest_flows(
    device: ApiClient, app: Flask, where: str, bad: str
) -> None:
    good, poisoned, after = new_id(), new_id(), new_id()
    batch = [
        mutation(1, good, WIN),
        mutation(2, poisoned, SPOILERS[where](bad)),
        mutation(3, after, WIN),
    ]
    body = synced(device, CLIENT_ID, batch)
    assert body["acked"] == 3
    (rejected,) = body["rejected"]
    assert rejected["id"] == 2 and rejected["record_id"] == poisoned
    assert rejected["error"] == "validation_error"
    assert rejected["fields"] == EXPECTED[where]
    assert {win.id for win in stored_wins(app)} == {good, after}
    # The device retries the batch (say the answer was lost), then carries on.
    again = synced(device, CLIENT_ID, batch)
    assert [r["id"] for r in again["rejected"]] == [2]
    later = synced(device, CLIENT_ID, [mutation(4, new_id(), WIN)])
    assert later["acked"] == 4
    assert len(stored_wins(app)) == 3


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_an_unknown_collection_with_unstorable_text_is_rejected_and_named_storably(
    device: ApiClient, bad: str
) -> None:
    strange = {**mutation(1, new_id(), WIN), "collection": f"wi{bad}ns"}
    body = synced(device, CLIENT_ID, [strange, mutation(2, new_id(), WIN)])
    assert body["acked"] == 2
    (rejected,) = body["rejected"]
    assert rejected["error"] == "unknown_collection"
    assert rejected["collection"] == "wi\ufffdns"


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_a_stamp_with_unstorable_text_is_rejected(device: ApiClient, bad: str) -> None:
    body = synced(device, CLIENT_ID, [mutation(1, new_id(), WIN, hlc=stamp(1) + bad)])
    assert [(r["id"], r["error"]) for r in body["rejected"]] == [(1, "invalid_hlc")]


def test_unstorable_text_in_the_sync_envelope_is_a_400(device: ApiClient) -> None:
    response = sync(device, CLIENT_ID + "\ud800")
    assert response.status_code == 400
    assert response.get_json()["fields"] == {"client_id": [MESSAGE]}


@pytest.mark.parametrize(
    "path", ["/index.html%00.js", "/%00", "/assets/index-abc123.js%00", "/icons/%00/icon.png"]
)
def test_a_nul_in_a_static_path_is_a_404(tmp_path: Path, path: str) -> None:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>shell</title>")
    (dist / "assets" / "index-abc123.js").write_text("console.log(1)")
    app = make_app("sqlite://", tmp_path, CLIENT_DIST=dist)
    response = app.test_client().get(path)
    response.close()
    assert response.status_code == 404
