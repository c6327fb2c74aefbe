"""POST /api/v1/sync: push a device's mutations, pull what changed (docs/sync.md)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from werkzeug.test import TestResponse

from server.core.clock import MAX_DRIFT_MS, Timestamp
from server.extensions import db
from server.models import SyncClient, SyncCounter, Win
from tests.factories import ApiClient

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
NOW_MS = int(NOW.timestamp() * 1000)
WIN = {"text": "Ran 5k", "happened_at": "2026-11-23T08:30:00+01:00", "local_day": "2026-11-23"}


def stamp(offset_ms: int = 0, counter: int = 0, node: str = "a") -> str:
    return Timestamp(NOW_MS + offset_ms, counter, node).pack()


def new_id() -> str:
    return str(uuid.uuid4())


def mutation(
    mutation_id: int, record_id: str, fields: dict[str, Any], hlc: str | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "id": mutation_id,
        "collection": "wins",
        "record_id": record_id,
        "fields": fields,
        "hlc": hlc or stamp(mutation_id),
        **extra,
    }


def sync(
    api: ApiClient, client_id: str, mutations: list[dict[str, Any]] = (), cursor: int = 0, **extra
) -> TestResponse:
    body = {"client_id": client_id, "schema_version": 1, "cursor": cursor}
    return api.post("/api/v1/sync", {**body, "mutations": list(mutations), **extra})


def synced(api: ApiClient, *args: Any, **kwargs: Any) -> dict[str, Any]:
    response = sync(api, *args, **kwargs)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def records_by_id(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {change["record_id"]: change for change in body["changes"]}


@pytest.fixture
def device(user_api: ApiClient, app: Flask) -> ApiClient:
    app.config["CLOCK"] = lambda: NOW
    return user_api


def stored_wins(app: Flask) -> list[Win]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Win).order_by(Win.server_seq)))


def test_a_win_made_on_one_device_reaches_another(device: ApiClient) -> None:
    record = new_id()
    pushed = synced(device, new_id(), [mutation(1, record, {**WIN, "tags": ["Run", " run"]})])
    pulled = synced(device, new_id())
    assert pushed["acked"] == 1 and pushed["rejected"] == []
    change = records_by_id(pulled)[record]
    assert change["collection"] == "wins"
    assert change["hlc"] == stamp(1)
    assert change["server_seq"] == pulled["cursor"] == 1
    assert change["fields"] == {
        "text": "Ran 5k",
        "happened_at": "2026-11-23T07:30:00+00:00",
        "local_day": "2026-11-23",
        "tags": ["Run"],
        "energy": None,
        "note": None,
        "starred": False,
        "goal_id": None,
        "value_ids": [],
        "kind": "win",
        "intention_id": None,
        "resurface": True,
        "deleted": False,
    }
    assert pulled["has_more"] is False and "reset" not in pulled
    assert pulled["server_time_ms"] == NOW_MS


def test_a_replayed_request_is_acknowledged_but_not_applied_again(
    device: ApiClient, app: Flask
) -> None:
    client, record = new_id(), new_id()
    first = synced(device, client, [mutation(1, record, WIN)])
    again = synced(device, client, [mutation(1, record, {**WIN, "text": "Changed"})])
    assert again["acked"] == first["acked"] == 1
    assert again["rejected"] == []
    assert [win.text for win in stored_wins(app)] == ["Ran 5k"]
    assert again["cursor"] == first["cursor"] == 1


def test_replaying_an_old_request_after_newer_ones_undoes_nothing(
    device: ApiClient, app: Flask
) -> None:
    client, record = new_id(), new_id()
    old_request = [mutation(1, record, WIN)]
    synced(device, client, old_request)
    synced(device, client, [mutation(2, record, {"text": "Ran 10k"})], cursor=1)
    replay = synced(device, client, old_request)
    assert replay["acked"] == 2
    assert [win.text for win in stored_wins(app)] == ["Ran 10k"]


def test_each_field_keeps_its_newest_write_whatever_order_the_stamps_arrive_in(
    device: ApiClient, app: Flask
) -> None:
    record, phone, laptop = new_id(), new_id(), new_id()
    synced(device, phone, [mutation(1, record, WIN, stamp(0, node="phone"))])
    synced(device, phone, [mutation(2, record, {"text": "Phone"}, stamp(300, node="phone"))])
    # The laptop edited earlier (text) and later (energy), but syncs only now.
    late = [
        mutation(1, record, {"text": "Laptop", "energy": 2}, stamp(200, node="laptop")),
        mutation(2, record, {"energy": 4}, stamp(400, node="laptop")),
    ]
    synced(device, laptop, late)
    [win] = stored_wins(app)
    assert (win.text, win.energy) == ("Phone", 4)
    assert win.field_clock["text"] == stamp(300, node="phone")
    assert synced(device, new_id())["changes"][0]["hlc"] == stamp(400, node="laptop")


def test_an_older_write_changes_nothing_and_leaves_the_cursor(device: ApiClient) -> None:
    record, client = new_id(), new_id()
    synced(device, client, [mutation(1, record, WIN, stamp(500))])
    stale = synced(device, client, [mutation(2, record, {"text": "Old"}, stamp(100))], cursor=1)
    assert stale["changes"] == [] and stale["cursor"] == 1 and stale["rejected"] == []


def test_the_same_value_with_a_newer_stamp_is_still_a_change(device: ApiClient) -> None:
    record, client = new_id(), new_id()
    synced(device, client, [mutation(1, record, WIN)])
    same = synced(device, client, [mutation(2, record, {"text": "Ran 5k"})], cursor=1)
    assert [(c["server_seq"], c["hlc"]) for c in same["changes"]] == [(2, stamp(2))]


def test_a_delete_is_a_tombstone_and_a_newer_restore_brings_the_win_back(
    device: ApiClient,
) -> None:
    record, phone, laptop = new_id(), new_id(), new_id()
    synced(device, phone, [mutation(1, record, WIN)])
    synced(device, phone, [mutation(2, record, {"deleted": True})])
    pulled = records_by_id(synced(device, laptop))[record]
    assert pulled["fields"]["deleted"] is True
    assert pulled["fields"]["text"] == "Ran 5k"
    synced(device, laptop, [mutation(1, record, {"deleted": False}, stamp(50, node="laptop"))])
    assert records_by_id(synced(device, new_id()))[record]["fields"]["deleted"] is False


def test_a_restore_older_than_the_delete_loses(device: ApiClient) -> None:
    record, phone, laptop = new_id(), new_id(), new_id()
    synced(device, phone, [mutation(1, record, WIN), mutation(2, record, {"deleted": True})])
    synced(device, laptop, [mutation(1, record, {"deleted": False}, stamp(1, node="laptop"))])
    assert records_by_id(synced(device, new_id()))[record]["fields"]["deleted"] is True


def test_a_win_made_and_deleted_offline_arrives_as_a_tombstone(device: ApiClient) -> None:
    record = new_id()
    body = synced(
        device, new_id(), [mutation(1, record, WIN), mutation(2, record, {"deleted": True})]
    )
    assert [c["fields"]["deleted"] for c in body["changes"]] == [True]


def test_a_long_history_is_pulled_in_pages(device: ApiClient) -> None:
    records = [new_id() for _ in range(7)]
    synced(device, new_id(), [mutation(i + 1, r, WIN) for i, r in enumerate(records)])
    reader, cursor, pages, seen = new_id(), 0, [], []
    while True:
        body = synced(device, reader, cursor=cursor, limit=3)
        pages.append((len(body["changes"]), body["has_more"]))
        seen += [change["record_id"] for change in body["changes"]]
        cursor = body["cursor"]
        if not body["has_more"]:
            break
    assert pages == [(3, True), (3, True), (1, False)]
    assert seen == records
    assert cursor == 7


def test_a_cursor_the_server_never_reached_asks_the_device_to_start_again(
    device: ApiClient,
) -> None:
    record = new_id()
    synced(device, new_id(), [mutation(1, record, WIN)])
    body = synced(device, new_id(), cursor=999)
    assert body["reset"] is True
    assert list(records_by_id(body)) == [record]
    assert body["cursor"] == 1


def test_a_device_of_another_account_is_not_found_and_nothing_is_written(
    device: ApiClient, app: Flask
) -> None:
    theirs = new_id()
    synced(device, theirs)
    intruder = ApiClient(app.test_client())
    intruder.sign_up()
    response = sync(intruder, theirs, [mutation(1, new_id(), WIN)])
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"
    assert stored_wins(app) == []
    with app.app_context():
        assert db.session.get(SyncClient, theirs).last_mutation_id == 0


def test_another_account_writing_under_a_used_id_makes_its_own_record_and_leaves_ours(
    device: ApiClient, app: Flask
) -> None:
    record = new_id()
    synced(device, new_id(), [mutation(1, record, WIN)])
    intruder = ApiClient(app.test_client())
    intruder.sign_up()
    body = synced(intruder, new_id(), [mutation(1, record, {**WIN, "text": "Mine now"})])
    assert body["acked"] == 1 and body["rejected"] == []
    assert [c["fields"]["text"] for c in body["changes"]] == ["Mine now"]
    ours = synced(device, new_id())
    assert [c["fields"]["text"] for c in ours["changes"]] == ["Ran 5k"]
    assert sorted(win.text for win in stored_wins(app)) == ["Mine now", "Ran 5k"]


def test_a_change_from_a_clock_too_far_ahead_is_rejected(device: ApiClient, app: Flask) -> None:
    body = synced(device, new_id(), [mutation(1, new_id(), WIN, stamp(MAX_DRIFT_MS + 1))])
    assert body["acked"] == 1
    assert [r["error"] for r in body["rejected"]] == ["clock_ahead"]
    assert stored_wins(app) == []


def test_a_malformed_stamp_is_rejected(device: ApiClient, app: Flask) -> None:
    body = synced(device, new_id(), [mutation(1, new_id(), WIN, "tomorrow")])
    assert [r["error"] for r in body["rejected"]] == ["invalid_hlc"]
    assert stored_wins(app) == []


def test_rejections_advance_the_acknowledgement_and_the_rest_applies(
    device: ApiClient, app: Flask
) -> None:
    good, bad = new_id(), new_id()
    body = synced(
        device,
        new_id(),
        [mutation(1, bad, {**WIN, "energy": 9}), mutation(2, good, WIN)],
    )
    assert body["acked"] == 2
    [rejection] = body["rejected"]
    assert (rejection["id"], rejection["error"]) == (1, "validation_error")
    assert list(rejection["fields"]) == ["energy"]
    assert [win.id for win in stored_wins(app)] == [good]


def test_a_rejection_is_repeated_until_the_device_sends_past_it(device: ApiClient) -> None:
    client = new_id()
    bad = [mutation(1, new_id(), {"text": ""})]
    synced(device, client, bad)  # suppose this response was lost
    assert [r["id"] for r in synced(device, client, bad)["rejected"]] == [1]
    assert [r["id"] for r in synced(device, client)["rejected"]] == [1]
    assert synced(device, client, [mutation(2, new_id(), WIN)])["rejected"] == []
    assert synced(device, client)["rejected"] == []


def test_an_old_schema_version_is_told_to_update(device: ApiClient) -> None:
    response = device.post(
        "/api/v1/sync", {"client_id": "old-style", "schema_version": 0, "changes": {}}
    )
    assert response.status_code == 426
    assert response.get_json()["error"] == "update_required"
    assert response.get_json()["message"]


def test_a_schema_version_newer_than_the_server_is_a_bad_request(device: ApiClient) -> None:
    response = sync(device, new_id(), schema_version=2)
    assert response.status_code == 400
    assert "schema_version" in response.get_json()["fields"]


def test_signing_in_is_required(api: ApiClient) -> None:
    response = sync(api, new_id())
    assert response.status_code == 401


def test_a_transient_database_error_applies_and_acknowledges_nothing(
    device: ApiClient, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    from server.sync import store

    def broken_pull(*args: Any, **kwargs: Any) -> None:
        raise sa.exc.OperationalError("SELECT", {}, Exception("connection lost"))

    client = new_id()
    monkeypatch.setattr(store, "pull", broken_pull)
    response = sync(device, client, [mutation(1, new_id(), WIN)])
    assert response.status_code == 503
    assert response.get_json()["error"] == "try_again"
    assert stored_wins(app) == []
    with app.app_context():
        assert db.session.get(SyncClient, client) is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SyncCounter)) == 0


def test_another_accounts_changes_are_never_pulled(device: ApiClient, app: Flask) -> None:
    synced(device, new_id(), [mutation(1, new_id(), WIN)])
    other = ApiClient(app.test_client())
    other.sign_up()
    app.config["CLOCK"] = lambda: NOW
    body = synced(other, new_id())
    assert body["changes"] == [] and body["cursor"] == 0


def test_the_endpoint_is_described_in_the_openapi_document(api: ApiClient) -> None:
    spec = api.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/sync"]["post"]
    assert {"200", "426"} <= set(operation["responses"])
    assert "SyncRequest" in spec["components"]["schemas"]
