"""Deleting an account: confirmed with the password, and afterwards no table holds anything of
that person (walked over every table in the metadata), while another person's rows stay."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from flask import Flask

from server.core.clock import Timestamp
from server.extensions import db
from server.models import Reminder, ReminderDelivery
from tests.api.test_push import KEY_P256DH
from tests.factories import PASSWORD, ApiClient

NOW_MS = 1_795_000_000_000
SUBSCRIPTION = {
    "endpoint": "https://push.example.com/send/{n}",
    "keys": {
        "p256dh": KEY_P256DH,
        "auth": "AAAAAAAAAAAAAAAAAAAAAA",
    },
}


def mutation(n: int, collection: str, record_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    hlc = Timestamp(NOW_MS + n, 0, "device").pack()
    return {"id": n, "collection": collection, "record_id": record_id, "fields": fields, "hlc": hlc}


def fill(api: ApiClient, app: Flask, n: int) -> None:
    """Give the account a row in every kind of table there is."""
    me = api.get("/api/v1/auth/me").get_json()["user"]
    win = {
        "text": "Said no kindly",
        "happened_at": "2026-11-20T09:00:00Z",
        "local_day": "2026-11-20",
    }
    mutations = [
        mutation(1, "wins", str(uuid.uuid4()), win),
        mutation(2, "intentions", str(uuid.uuid4()), {"text": "Rest", "local_day": "2026-11-20"}),
        mutation(3, "preferences", str(uuid.uuid4()), {"resurfacing": "starred"}),
        mutation(4, "wins", str(uuid.uuid4()), {"text": ""}),  # rejected: a sync_rejections row
    ]
    body = {
        "client_id": str(uuid.uuid4()),
        "schema_version": 1,
        "cursor": 0,
        "mutations": mutations,
    }
    synced = api.post("/api/v1/sync", body).get_json()
    assert len(synced["rejected"]) == 1
    assert api.get("/api/v1/reminders").status_code == 200  # seeds the reminders
    assert api.post("/api/v1/reminders/pause", {"days": 7}).status_code == 200  # reminder_prefs
    sub = {**SUBSCRIPTION, "endpoint": SUBSCRIPTION["endpoint"].format(n=n)}
    assert api.post("/api/v1/push/subscriptions", sub).status_code in {200, 201}
    # Throttle rows keyed by them: a failed sign-in and a failed password check.
    ApiClient(app.test_client()).sign_in(api.email, "not the password")
    api.post("/api/v1/auth/email", {"email": "x@example.org", "password": "wrong"})
    app.test_cli_runner().invoke(args=["users", "reset-password", api.email])
    with app.app_context():
        reminder = db.session.scalars(
            sa.select(Reminder).where(Reminder.user_id == me["id"])
        ).first()
        db.session.add(
            ReminderDelivery(
                reminder_id=reminder.id,
                user_id=me["id"],
                kind=reminder.kind,
                local_date=date(2026, 11, 20),
                due_at=datetime(2026, 11, 20, 20, tzinfo=UTC),
                status="sent",
            )
        )
        db.session.commit()


def rows_mentioning(app: Flask, *needles: str) -> dict[str, int]:
    """Per table, how many rows hold any of `needles` in any column (ids, emails, keys)."""
    found: dict[str, int] = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(sa.select(table)).all():
                text = " ".join(str(value) for value in row)
                if any(needle in text for needle in needles):
                    found[table.name] = found.get(table.name, 0) + 1
    return found


def allow_push(app: Flask) -> None:
    app.config["PUSH_ALLOW_LOOPBACK"] = True
    app.extensions["push"].resolver = lambda host: ["93.184.216.34"]


def test_deleting_an_account_leaves_no_row_of_it_in_any_table(
    user_api: ApiClient, app: Flask
) -> None:
    app.config["CLOCK"] = lambda: datetime.fromtimestamp(NOW_MS / 1000, UTC)
    allow_push(app)
    other = ApiClient(app.test_client())
    other.sign_up()
    fill(user_api, app, 1)
    fill(other, app, 2)
    me = user_api.get("/api/v1/auth/me").get_json()["user"]
    them = other.get("/api/v1/auth/me").get_json()["user"]
    before = rows_mentioning(app, me["id"], user_api.email)
    # Every table that can hold something of a person does, so the walk below proves something.
    owned = {"users", "wins", "intentions", "preferences", "reminders", "reminder_prefs"}
    owned |= {"sync_clients", "sync_counters", "push_subscriptions", "reminder_deliveries"}
    owned |= {"user_sessions", "sign_in_failures", "password_resets"}
    assert owned <= set(before), owned - set(before)
    others_before = rows_mentioning(app, them["id"], other.email)

    response = user_api.post("/api/v1/auth/delete-account", {"password": PASSWORD})

    assert response.status_code == 204
    assert rows_mentioning(app, me["id"], user_api.email) == {}
    with app.app_context():  # the rejected mutation had no id of theirs in it: count them all
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(db.metadata.tables["sync_rejections"])
            )
            == 1
        )
    assert rows_mentioning(app, them["id"], other.email) == others_before
    assert user_api.get("/api/v1/auth/me").status_code == 401
    assert ApiClient(app.test_client()).sign_in(user_api.email).status_code == 401


def test_deleting_needs_the_password(user_api: ApiClient, app: Flask) -> None:
    me = user_api.get("/api/v1/auth/me").get_json()["user"]
    response = user_api.post("/api/v1/auth/delete-account", {"password": "not mine"})
    assert response.status_code == 400
    assert "password" in response.get_json()["fields"]
    assert "users" in rows_mentioning(app, me["id"])
    assert user_api.get("/api/v1/auth/me").status_code == 200
