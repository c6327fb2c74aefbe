"""Without pool_pre_ping (issue 12), a pooled connection that died (a database restart) is
found by its first statement: that request is a 503 try_again, nothing of it is kept, the
whole pool is replaced, and the next request succeeds."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from server.extensions import db
from tests.api.test_sync import NOW, WIN, mutation, new_id, sync, synced
from tests.factories import ApiClient


def _kill_app_connections(app: Flask) -> int:
    """Terminate every backend of the app's database but this one, as a restart would."""
    with app.app_context():
        engine = sa.create_engine(db.engine.url)
    with engine.begin() as connection:
        killed = connection.execute(
            sa.text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    engine.dispose()
    return int(killed)


def test_a_dead_connection_costs_one_retried_request(user_api: ApiClient, app: Flask) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("an embedded database has no server to restart")
    app.config["CLOCK"] = lambda: NOW
    client_id = new_id()
    synced(user_api, client_id, [mutation(1, new_id(), WIN)])
    assert _kill_app_connections(app) >= 1

    lost = sync(user_api, client_id, [mutation(2, new_id(), WIN)])
    assert lost.status_code == 503
    assert lost.get_json()["error"] == "try_again"
    assert lost.headers["Retry-After"]

    again = synced(user_api, client_id, [mutation(2, new_id(), WIN)])
    assert again["acked"] == 2
    assert len(synced(user_api, new_id())["changes"]) == 2  # the lost request kept nothing
