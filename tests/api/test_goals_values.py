"""The "goals" and "values" collections through POST /api/v1/sync, and the wins that link to
them: created, validated, merged per field, tombstoned, and never a window on another account."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.core.clock import Timestamp
from server.goals.schemas import STEP_NAMESPACE
from tests.factories import ApiClient

DAY = "2026-11-23"
NOW_MS = 1_795_000_000_000
GOAL = {"title": "Write a book", "step": "Write 100 words", "weekdays": [0, 2, 4]}


def new_id() -> str:
    return str(uuid.uuid4())


def mutation(n: int, collection: str, record_id: str, fields: dict[str, Any], node: str = "a"):
    hlc = Timestamp(NOW_MS + n, 0, node).pack()
    return {"id": n, "collection": collection, "record_id": record_id, "fields": fields, "hlc": hlc}


def synced(api: ApiClient, client_id: str, mutations: list[dict[str, Any]] = ()) -> dict:
    body = {"client_id": client_id, "schema_version": 1, "cursor": 0, "mutations": list(mutations)}
    response = api.post("/api/v1/sync", body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def pulled(api: ApiClient) -> dict[tuple[str, str], dict[str, Any]]:
    changes = synced(api, new_id())["changes"]
    return {(c["collection"], c["record_id"]): c["fields"] for c in changes}


def win_fields(text: str = "Wrote 100 words", **extra: Any) -> dict[str, Any]:
    return {"text": text, "happened_at": "2026-11-23T09:00:00Z", "local_day": DAY, **extra}


def other_account(app: Flask) -> ApiClient:
    api = ApiClient(app.test_client())
    api.sign_up()
    return api


@pytest.fixture
def device(user_api: ApiClient, app: Flask) -> ApiClient:
    app.config["CLOCK"] = lambda: datetime.fromtimestamp(NOW_MS / 1000, UTC)
    return user_api


def test_a_goal_reaches_another_device_trimmed_with_its_days_in_order(device: ApiClient) -> None:
    goal = new_id()
    sent = {"title": " Write a book ", "step": "Write 100 words ", "weekdays": [4, 0, 4, 2]}
    body = synced(device, new_id(), [mutation(1, "goals", goal, sent)])
    assert body["rejected"] == []
    assert pulled(device)[("goals", goal)] == {
        "title": "Write a book",
        "step": "Write 100 words",
        "weekdays": [0, 2, 4],
        "paused": False,
        "archived": False,
        "deleted": False,
    }


def test_pausing_on_one_device_and_archiving_on_another_keeps_both(device: ApiClient) -> None:
    goal = new_id()
    synced(device, new_id(), [mutation(1, "goals", goal, GOAL)])
    synced(device, new_id(), [mutation(2, "goals", goal, {"paused": True}, node="b")])
    synced(device, new_id(), [mutation(3, "goals", goal, {"archived": True}, node="c")])
    fields = pulled(device)[("goals", goal)]
    assert (fields["paused"], fields["archived"]) == (True, True)


def test_a_value_is_named_renamed_and_removed(device: ApiClient) -> None:
    value, client = new_id(), new_id()
    synced(device, client, [mutation(1, "values", value, {"name": " courage "})])
    assert pulled(device)[("values", value)] == {"name": "courage", "deleted": False}
    synced(device, client, [mutation(2, "values", value, {"name": "Courage"})])
    synced(device, client, [mutation(3, "values", value, {"deleted": True})])
    assert pulled(device)[("values", value)] == {"name": "Courage", "deleted": True}


@pytest.mark.parametrize(
    ("collection", "fields", "field"),
    [
        ("goals", {**GOAL, "title": ""}, "title"),
        ("goals", {**GOAL, "title": "x" * 121}, "title"),
        ("goals", {**GOAL, "step": None}, "step"),
        ("goals", {**GOAL, "weekdays": [7]}, "weekdays"),
        ("goals", {**GOAL, "weekdays": [10**30]}, "weekdays"),
        ("goals", {**GOAL, "weekdays": [True]}, "weekdays"),
        ("goals", {**GOAL, "weekdays": list(range(7)) * 2}, "weekdays"),
        ("goals", {**GOAL, "paused": "yes"}, "paused"),
        ("goals", {"title": "No step", "weekdays": [0]}, "step"),
        ("goals", {**GOAL, "title": "Nul\x00byte"}, "title"),
        ("goals", {**GOAL, "step": "Lone \ud800 surrogate"}, "step"),
        ("values", {"name": "x" * 41}, "name"),
        ("values", {"name": "\x00"}, "name"),
        ("values", {"name": 10**30}, "name"),
        ("wins", win_fields(value_ids=["not-a-uuid"]), "value_ids"),
        ("wins", win_fields(value_ids=[str(uuid.uuid4()) for _ in range(11)]), "value_ids"),
        ("wins", win_fields(value_ids="0b7c9e1e-4f3a-4c1d-9a55-1c2e3d4f5a6b"), "value_ids"),
        ("wins", win_fields(goal_id="A" * 36), "goal_id"),
        ("wins", win_fields(text="a\ud83d"), "text"),
        ("wins", win_fields(tags=["ok", "\x00"]), "tags"),
    ],
)
def test_bad_fields_are_refused_with_the_field_named(
    device: ApiClient, collection: str, fields: dict[str, Any], field: str
) -> None:
    body = synced(device, new_id(), [mutation(1, collection, new_id(), fields)])
    [rejection] = body["rejected"]
    assert rejection["error"] == "validation_error"
    assert field in rejection["fields"]
    assert body["changes"] == []


def test_a_win_s_values_are_kept_once_each_in_the_order_chosen(device: ApiClient) -> None:
    win, health, calm = new_id(), new_id(), new_id()
    synced(device, new_id(), [mutation(1, "wins", win, win_fields(value_ids=[calm, health, calm]))])
    assert pulled(device)[("wins", win)]["value_ids"] == [calm, health]


def test_a_win_without_values_has_an_empty_list(device: ApiClient) -> None:
    win = new_id()
    synced(device, new_id(), [mutation(1, "wins", win, win_fields())])
    fields = pulled(device)[("wins", win)]
    assert (fields["value_ids"], fields["goal_id"]) == ([], None)


def test_linking_another_account_s_goal_and_value_reveals_nothing_of_them(
    device: ApiClient, app: Flask
) -> None:
    # The stranger's ids are accepted as opaque links (a goal may not have synced yet), but
    # they are only ever resolved among the linking account's own records.
    owner = other_account(app)
    goal, value = new_id(), new_id()
    synced(owner, new_id(), [mutation(1, "goals", goal, GOAL)])
    synced(owner, new_id(), [mutation(2, "values", value, {"name": "calm"})])

    win = new_id()
    body = synced(
        device, new_id(), [mutation(1, "wins", win, win_fields(goal_id=goal, value_ids=[value]))]
    )
    assert body["rejected"] == []
    mine = pulled(device)
    assert set(mine) == {("wins", win)}  # no goal, no value of the other account
    assert ("wins", win) not in pulled(owner)


def test_the_same_goal_id_in_two_accounts_is_two_goals(device: ApiClient, app: Flask) -> None:
    other = other_account(app)
    goal = new_id()
    synced(other, new_id(), [mutation(1, "goals", goal, GOAL)])
    synced(device, new_id(), [mutation(1, "goals", goal, {**GOAL, "title": "Mine"})])
    assert pulled(other)[("goals", goal)]["title"] == "Write a book"
    assert pulled(device)[("goals", goal)]["title"] == "Mine"


# Per-field last-writer-wins, tested as a property: two devices edit one goal and one value
# with edits in any order; whichever device's outbox reaches the server first, all end equal.
goal_edit = st.fixed_dictionaries(
    {},
    optional={
        "title": st.sampled_from(["Write a book", "Improve fitness", "Manage stress"]),
        "step": st.sampled_from(["Write 100 words", "Stretch for 5 minutes"]),
        "weekdays": st.lists(st.integers(0, 6), max_size=7),
        "paused": st.booleans(),
        "archived": st.booleans(),
        "deleted": st.booleans(),
    },
).filter(bool)
value_edit = st.fixed_dictionaries(
    {}, optional={"name": st.sampled_from(["calm", "Calm", "courage"]), "deleted": st.booleans()}
).filter(bool)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    goal_edits=st.lists(st.tuples(st.sampled_from("ab"), goal_edit), min_size=1, max_size=6),
    value_edits=st.lists(st.tuples(st.sampled_from("ab"), value_edit), min_size=1, max_size=6),
)
def test_goals_and_values_converge_whichever_device_syncs_first(
    app: Flask,
    goal_edits: list[tuple[str, dict[str, Any]]],
    value_edits: list[tuple[str, dict[str, Any]]],
) -> None:
    app.config["CLOCK"] = lambda: datetime.fromtimestamp(NOW_MS / 1000, UTC)
    goal, value = new_id(), new_id()
    outboxes: dict[str, list[dict[str, Any]]] = {"a": [], "b": []}
    n = 0
    for node, collection, record, first, steps in (
        ("a", "goals", goal, GOAL, goal_edits),
        ("b", "values", value, {"name": "health"}, value_edits),
    ):
        n += 1
        outboxes[node].insert(0, mutation(n, collection, record, first, node=node))
        for editor, fields in steps:
            n += 1  # a stamp per edit, so the interleaving across devices is the edit order
            outboxes[editor].append(mutation(n, collection, record, fields, node=editor))

    # Both devices have pulled the records before editing them (a device edits what it has).
    created = [outboxes[node].pop(0) for node in "ab"]
    finals = []
    for order in ("ab", "ba"):
        account = other_account(app)
        clients = {"a": new_id(), "b": new_id()}
        synced(account, new_id(), created)
        for node in order:
            synced(account, clients[node], outboxes[node])
        finals.append(pulled(account))
    assert finals[0] == finals[1]
    assert {key[0] for key in finals[0]} <= {"goals", "values"}


def step_win_id(goal: str, day: str) -> str:
    return str(uuid.uuid5(STEP_NAMESPACE, f"{goal}:{day}"))


def test_ticking_a_step_on_two_devices_offline_makes_one_win(device: ApiClient, app: Flask) -> None:
    goal = new_id()
    synced(device, new_id(), [mutation(1, "goals", goal, GOAL)])
    win = step_win_id(goal, DAY)
    phone = win_fields("Write 100 words", goal_id=goal, happened_at="2026-11-23T08:00:00Z")
    laptop = win_fields("Write 100 words", goal_id=goal, happened_at="2026-11-23T09:30:00Z")
    synced(device, new_id(), [mutation(2, "wins", win, phone, node="phone")])
    synced(device, new_id(), [mutation(3, "wins", win, laptop, node="laptop")])

    wins = {key: fields for key, fields in pulled(device).items() if key[0] == "wins"}
    assert list(wins) == [("wins", win)]
    assert wins[("wins", win)]["goal_id"] == goal
    assert wins[("wins", win)]["happened_at"].startswith("2026-11-23T09:30:00")  # newer tick


def test_unticking_removes_the_step_s_win_everywhere_and_ticking_again_restores_it(
    device: ApiClient,
) -> None:
    goal = new_id()
    win = step_win_id(goal, DAY)
    phone, laptop = new_id(), new_id()
    synced(device, phone, [mutation(1, "goals", goal, GOAL)])
    synced(device, phone, [mutation(2, "wins", win, win_fields(goal_id=goal), node="phone")])
    synced(device, laptop, [mutation(3, "wins", win, {"deleted": True}, node="laptop")])
    assert pulled(device)[("wins", win)]["deleted"] is True

    again = {**win_fields(goal_id=goal), "deleted": False}
    synced(device, phone, [mutation(4, "wins", win, again, node="phone")])
    assert pulled(device)[("wins", win)]["deleted"] is False
