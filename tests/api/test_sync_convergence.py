"""Convergence: devices that write offline and sync over a bad network end up agreeing.

Each simulated device is a small model of the client's algorithm (docs/sync.md): records as
last pulled from the server, an outbox of numbered mutations stamped by its own hybrid logical
clock, a cursor. What it shows is the server's rows with the outbox re-applied on top. Hypothesis
picks writes, syncs and network faults (lost requests, responses lost after the server
committed, duplicates, and old requests delivered late), all through the real endpoint. At the
end the network heals, every device syncs until nothing moves, and then every device must equal
the server, and every mutation the server acknowledged must have either been merged (each of
its fields carries its stamp or a newer one) or been reported to the device as rejected.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import Flask
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from werkzeug.test import TestResponse

from server.core.clock import Timestamp, receive, send
from server.extensions import db
from server.models import Win
from tests.factories import ApiClient

START = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
BATCH = 3  # the real client sends 200; a small batch makes partial acknowledgements common
FATES = ["ok", "ok", "drop_request", "drop_response", "duplicate", "delay"]
EDITS = st.fixed_dictionaries(
    {},
    optional={
        "text": st.sampled_from(["Ran", "Read", "Called mum", " Slept well "]),
        "energy": st.one_of(st.none(), st.integers(1, 5)),
        "starred": st.booleans(),
        "tags": st.lists(st.sampled_from(["run", "Run", "home", "work"]), max_size=3),
        "note": st.one_of(st.none(), st.sampled_from(["", "good", "hard"])),
    },
).filter(bool)
INVALID_EDITS = st.sampled_from([{"text": ""}, {"energy": 9}, {"tags": ["x" * 40]}, {"mood": 1}])


class Device:
    def __init__(self, skew_ms: int) -> None:
        self.client_id = str(uuid.uuid4())
        self.skew_ms = skew_ms
        self.clock = Timestamp(0, 0, self.client_id.replace("-", ""))
        self.next_id = 1
        self.outbox: list[dict[str, Any]] = []
        self.rows: dict[str, dict[str, Any]] = {}  # record id -> {"fields", "hlc"}
        self.cursor = 0
        self.settled: list[dict[str, Any]] = []  # acknowledged and not rejected
        self.rejected: dict[int, dict[str, Any]] = {}

    def write(self, record_id: str, fields: dict[str, Any], now_ms: int) -> dict[str, Any]:
        self.clock = send(self.clock, now_ms + self.skew_ms)
        entry = {
            "id": self.next_id,
            "collection": "wins",
            "record_id": record_id,
            "fields": fields,
            "hlc": self.clock.pack(),
        }
        self.next_id += 1
        self.outbox.append(entry)
        return entry

    def request(self, limit: int) -> dict[str, Any]:
        return {
            "client_id": self.client_id,
            "schema_version": 1,
            "cursor": self.cursor,
            "mutations": self.outbox[:BATCH],
            "limit": limit,
        }

    def apply(self, response: dict[str, Any], now_ms: int) -> None:
        """One transaction on the real client: drop acked, keep rejects, write rows, cursor."""
        rejections = {r["id"]: r for r in response["rejected"]}
        for entry in self.outbox:
            if entry["id"] <= response["acked"]:
                if entry["id"] in rejections:
                    self.rejected[entry["id"]] = entry
                else:
                    self.settled.append(entry)
        self.outbox = [e for e in self.outbox if e["id"] > response["acked"]]
        if response.get("reset"):
            self.rows = {}
        for change in response["changes"]:
            self.rows[change["record_id"]] = {"fields": change["fields"], "hlc": change["hlc"]}
            remote = Timestamp.parse(change["hlc"])
            self.clock = receive(self.clock, remote, now_ms + self.skew_ms)
        self.cursor = response["cursor"]

    def visible(self) -> dict[str, dict[str, Any]]:
        """The server's rows with the pending outbox re-applied on top, as the UI shows them."""
        records = {rid: dict(row["fields"]) for rid, row in self.rows.items()}
        for entry in self.outbox:
            records.setdefault(entry["record_id"], {}).update(entry["fields"])
        return records


class SyncMachine(RuleBasedStateMachine):
    app: Flask

    def __init__(self) -> None:
        super().__init__()
        self.now_ms = int(START.timestamp() * 1000)
        self.app.config["CLOCK"] = lambda: datetime.fromtimestamp(self.now_ms / 1000, UTC)
        self.api = ApiClient(self.app.test_client())
        self.api.sign_up()
        self.devices: list[Device] = []
        # Record ids are new for every example: the database outlives examples, and another
        # account's record id would (rightly) be rejected.
        self.namespace = uuid.uuid4()
        self.delayed: list[tuple[Device, dict[str, Any]]] = []
        self.invalid: list[tuple[Device, int]] = []

    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        response: TestResponse = self.api.post("/api/v1/sync", body)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def device(self, index: int) -> Device:
        return self.devices[index % len(self.devices)]

    @initialize(skews=st.lists(st.integers(-3000, 3000), min_size=2, max_size=3))
    def start_devices(self, skews: list[int]) -> None:
        self.devices = [Device(skew) for skew in skews]

    # A small pool of ids, so two devices sometimes create "the same" win and their fields merge.
    @rule(index=st.integers(0, 2), record=st.integers(0, 20), edit=EDITS)
    def create(self, index: int, record: int, edit: dict[str, Any]) -> None:
        device = self.device(index)
        moment = datetime.fromtimestamp((self.now_ms + device.skew_ms) / 1000, UTC)
        fields = {
            "text": "Win",
            "happened_at": moment.isoformat(),
            "local_day": (moment - timedelta(hours=4)).date().isoformat(),
            **edit,
        }
        device.write(str(uuid.uuid5(self.namespace, str(record))), fields, self.now_ms)

    @precondition(lambda self: self.knows_a_record())
    @rule(index=st.integers(0, 2), pick=st.integers(0, 99), edit=EDITS)
    def edit(self, index: int, pick: int, edit: dict[str, Any]) -> None:
        self.write_to_a_known_record(index, pick, edit)

    @precondition(lambda self: self.knows_a_record())
    @rule(index=st.integers(0, 2), pick=st.integers(0, 99), deleted=st.booleans())
    def delete_or_restore(self, index: int, pick: int, deleted: bool) -> None:
        self.write_to_a_known_record(index, pick, {"deleted": deleted})

    @precondition(lambda self: self.knows_a_record())
    @rule(index=st.integers(0, 2), pick=st.integers(0, 99), edit=INVALID_EDITS)
    def make_an_invalid_edit(self, index: int, pick: int, edit: dict[str, Any]) -> None:
        entry = self.write_to_a_known_record(index, pick, edit)
        if entry is not None:
            self.invalid.append((self.device(index), entry["id"]))

    def knows_a_record(self) -> bool:
        return any(device.visible() for device in self.devices)

    def write_to_a_known_record(
        self, index: int, pick: int, fields: dict[str, Any]
    ) -> dict[str, Any] | None:
        device = self.device(index)
        known = list(device.visible())  # in the order the device learnt of them
        if not known:
            return None
        return device.write(known[pick % len(known)], fields, self.now_ms)

    @rule(ms=st.integers(0, 5000))
    def time_passes(self, ms: int) -> None:
        self.now_ms += ms

    @rule(index=st.integers(0, 2), fate=st.sampled_from(FATES), limit=st.sampled_from([2, 500]))
    def sync(self, index: int, fate: str, limit: int) -> None:
        device = self.device(index)
        request = device.request(limit)
        if fate == "drop_request":
            return
        if fate == "delay":
            self.delayed.append((device, request))
            return
        response = self.post(request)
        if fate == "duplicate":
            device.apply(response, self.now_ms)
            response = self.post(request)
        if fate != "drop_response":
            device.apply(response, self.now_ms)

    @precondition(lambda self: self.delayed)
    @rule(pick=st.integers(0, 99), answered=st.booleans())
    def deliver_a_delayed_request(self, pick: int, answered: bool) -> None:
        device, request = self.delayed.pop(pick % len(self.delayed))
        response = self.post(request)
        if answered:
            device.apply(response, self.now_ms)

    @invariant()
    def outboxes_hold_only_unacknowledged_mutations_in_order(self) -> None:
        for device in self.devices:
            ids = [entry["id"] for entry in device.outbox]
            assert ids == sorted(set(ids))

    def teardown(self) -> None:
        for device, request in self.delayed:
            device.apply(self.post(request), self.now_ms)
        self.sync_until_quiet()
        server = {c["record_id"]: c for c in self.post(Device(0).request(1000))["changes"]}
        server_rows = {rid: {"fields": c["fields"], "hlc": c["hlc"]} for rid, c in server.items()}
        for device in self.devices:
            assert device.outbox == []
            assert device.rows == server_rows
            assert device.visible() == {rid: row["fields"] for rid, row in server_rows.items()}
        self.check_every_acknowledged_mutation_was_merged_or_rejected()

    def sync_until_quiet(self) -> None:
        for _ in range(100):
            moved = False
            for device in self.devices:
                while True:
                    sent = bool(device.outbox)
                    response = self.post(device.request(500))
                    device.apply(response, self.now_ms)
                    moved = moved or sent or bool(response["changes"])
                    if not device.outbox and not response["has_more"]:
                        break
            if not moved:
                return
        raise AssertionError("devices kept syncing without settling")

    def check_every_acknowledged_mutation_was_merged_or_rejected(self) -> None:
        with self.app.app_context():
            clocks = dict(db.session.execute(sa.select(Win.id, Win.field_clock)).all())
        for device in self.devices:
            for entry in device.settled:
                clock = clocks[entry["record_id"]]
                assert all(clock[field] >= entry["hlc"] for field in entry["fields"]), entry
            for entry in device.rejected.values():
                clock = clocks.get(entry["record_id"], {})
                assert all(clock.get(field) != entry["hlc"] for field in entry["fields"]), entry
        for device, mutation_id in self.invalid:
            assert mutation_id in device.rejected


def test_devices_converge_whatever_the_network_does(app: Flask) -> None:
    machine = type("SyncMachineForThisApp", (SyncMachine,), {"app": app})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=40,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
