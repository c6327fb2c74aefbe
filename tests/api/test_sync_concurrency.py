"""Syncs of one account running at once are serialised by the per-user counter lock."""

from __future__ import annotations

import threading

from flask import Flask

from tests.api.test_sync import NOW, WIN, mutation, new_id, stored_wins, sync, synced
from tests.factories import ApiClient

DEVICES = 4
BATCHES = 5
PER_BATCH = 5


def test_concurrent_first_syncs_of_one_account_all_apply_with_distinct_sequence_numbers(
    app: Flask, user_api: ApiClient
) -> None:
    app.config["CLOCK"] = lambda: NOW
    devices = []
    for _ in range(DEVICES):
        device = ApiClient(app.test_client())
        assert device.sign_in(user_api.email).status_code == 200
        devices.append(device)
    statuses: list[int] = []
    start = threading.Barrier(DEVICES)

    def run(device: ApiClient) -> None:
        client, next_id = new_id(), 1
        start.wait()
        for _ in range(BATCHES):
            batch = [mutation(next_id + i, new_id(), WIN) for i in range(PER_BATCH)]
            next_id += PER_BATCH
            statuses.append(sync(device, client, batch).status_code)

    threads = [threading.Thread(target=run, args=(device,)) for device in devices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    total = DEVICES * BATCHES * PER_BATCH
    assert statuses == [200] * DEVICES * BATCHES
    wins = stored_wins(app)
    assert sorted(win.server_seq for win in wins) == list(range(1, total + 1))
    pulled = synced(user_api, new_id(), limit=1000)
    assert len(pulled["changes"]) == total and pulled["cursor"] == total
