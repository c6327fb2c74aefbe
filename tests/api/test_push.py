"""Push API: the VAPID key, subscriptions (validated against SSRF), the test notification."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from server.extensions import db
from server.models import PushSubscription, Reminder
from server.push.vapid import b64url_decode, b64url_encode, load_or_create_keys
from tests.conftest import app_with_schema
from tests.factories import ApiClient
from tests.pushservice import LoopbackPushService

SUBSCRIPTIONS = "/api/v1/push/subscriptions"


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    for app in app_with_schema(
        database_url, tmp_path, PUSH_ALLOW_LOOPBACK=True, PUSH_MAX_SUBSCRIPTIONS_PER_USER=3
    ):
        app.extensions["push"].resolver = lambda host: {
            "push.example.com": ["93.184.216.34"],
            "sneaky.example.com": ["10.0.0.8"],
        }.get(host, [])
        yield app


@pytest.fixture
def service(tmp_path: Path) -> Iterator[LoopbackPushService]:
    keys = load_or_create_keys(tmp_path / "instance")
    with LoopbackPushService(expected_key=keys.public_key_b64url) as svc:
        yield svc


def public_subscription(n: int = 1, **changes: Any) -> dict[str, Any]:
    body = {
        "endpoint": f"https://push.example.com/send/{n}",
        "keys": {"p256dh": KEY_P256DH, "auth": b64url_encode(bytes([n]) * 16)},
    }
    body.update(changes)
    return body


KEY_P256DH = (
    "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
)


def rows(app: Flask) -> list[PushSubscription]:
    with app.app_context():
        return list(db.session.scalars(db.select(PushSubscription)))


def test_the_public_key_is_the_instance_key_as_65_bytes_of_base64url(
    user_api: ApiClient, tmp_path: Path
) -> None:
    key = user_api.get("/api/v1/push/key").get_json()["public_key"]
    assert key == load_or_create_keys(tmp_path / "instance").public_key_b64url
    assert len(b64url_decode(key)) == 65


def test_subscribing_saves_the_subscription_and_lists_it_without_secrets(
    user_api: ApiClient,
) -> None:
    response = user_api.post(SUBSCRIPTIONS, public_subscription(device_label="Ana's phone"))
    assert response.status_code == 201
    saved = response.get_json()["subscription"]
    assert saved["endpoint"] == "https://push.example.com/send/1"
    assert saved["device_label"] == "Ana's phone"
    listed = user_api.get(SUBSCRIPTIONS).get_json()["subscriptions"]
    assert listed == [saved]
    assert set(saved) == {"id", "endpoint", "device_label", "created_at", "updated_at"}


def test_a_browsers_subscription_json_is_accepted_as_is(user_api: ApiClient) -> None:
    response = user_api.post(SUBSCRIPTIONS, public_subscription(expirationTime=None))
    assert response.status_code == 201


def test_subscribing_creates_and_schedules_the_default_reminders(
    app: Flask, user_api: ApiClient
) -> None:
    user_api.post(SUBSCRIPTIONS, public_subscription())
    with app.app_context():
        reminders = db.session.scalars(db.select(Reminder)).all()
        assert sorted(r.kind for r in reminders if r.next_fire_at) == [
            "evening_recap",
            "weekly_review",
        ]


def test_subscribing_the_same_endpoint_again_updates_it_instead_of_adding_one(
    app: Flask, user_api: ApiClient
) -> None:
    first = user_api.post(SUBSCRIPTIONS, public_subscription()).get_json()["subscription"]
    new_auth = b64url_encode(b"n" * 16)
    again = user_api.post(
        SUBSCRIPTIONS,
        public_subscription(keys={"p256dh": KEY_P256DH, "auth": new_auth}, device_label="Laptop"),
    )
    assert again.status_code == 200
    assert again.get_json()["subscription"]["id"] == first["id"]
    (row,) = rows(app)
    assert (row.auth, row.device_label) == (new_auth, "Laptop")


def test_an_endpoint_subscribed_by_another_account_moves_to_it(
    app: Flask, user_api: ApiClient
) -> None:
    user_api.post(SUBSCRIPTIONS, public_subscription())
    other = ApiClient(app.test_client())
    other.sign_up()
    assert other.post(SUBSCRIPTIONS, public_subscription()).status_code == 200
    assert user_api.get(SUBSCRIPTIONS).get_json()["subscriptions"] == []
    assert len(other.get(SUBSCRIPTIONS).get_json()["subscriptions"]) == 1


def test_an_account_keeps_only_its_most_recent_subscriptions(user_api: ApiClient) -> None:
    for n in range(1, 5):
        user_api.post(SUBSCRIPTIONS, public_subscription(n))
    listed = user_api.get(SUBSCRIPTIONS).get_json()["subscriptions"]
    assert sorted(s["endpoint"][-1] for s in listed) == ["2", "3", "4"]


def test_unsubscribing_removes_it_and_a_second_time_is_a_404(user_api: ApiClient) -> None:
    user_api.post(SUBSCRIPTIONS, public_subscription())
    endpoint = {"endpoint": "https://push.example.com/send/1"}
    assert user_api.send("DELETE", SUBSCRIPTIONS, endpoint).status_code == 204
    assert user_api.get(SUBSCRIPTIONS).get_json()["subscriptions"] == []
    assert user_api.send("DELETE", SUBSCRIPTIONS, endpoint).status_code == 404


def test_another_accounts_subscription_cannot_be_removed(app: Flask, user_api: ApiClient) -> None:
    user_api.post(SUBSCRIPTIONS, public_subscription())
    other = ApiClient(app.test_client())
    other.sign_up()
    response = other.send("DELETE", SUBSCRIPTIONS, {"endpoint": "https://push.example.com/send/1"})
    assert response.status_code == 404
    assert len(rows(app)) == 1


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://127.0.0.1/push/1",
        "https://10.0.0.1/push/1",
        "https://169.254.169.254/latest/meta-data/",
        "https://localhost/push/1",
        "https://[::1]/push/1",
        "http://push.example.com/send/1",
        "https://sneaky.example.com/send/1",
        "https://unknown.example.com/send/1",
        "http://10.0.0.1/push/1",
    ],
)
def test_endpoints_that_could_reach_private_networks_are_refused(
    app: Flask, user_api: ApiClient, endpoint: str
) -> None:
    app.config["PUSH_ALLOW_LOOPBACK"] = False  # the production setting
    response = user_api.post(SUBSCRIPTIONS, public_subscription(endpoint=endpoint))
    assert response.status_code == 400
    assert response.get_json()["fields"]["endpoint"]
    assert rows(app) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            public_subscription(keys={"p256dh": KEY_P256DH[:-4], "auth": "AAAAAAAAAAAAAAAAAAAAAA"}),
            "keys",
        ),
        (
            public_subscription(keys={"p256dh": KEY_P256DH, "auth": b64url_encode(b"x" * 15)}),
            "keys",
        ),
        (public_subscription(keys={"p256dh": KEY_P256DH}), "keys"),
        (public_subscription(keys="not an object"), "keys"),
        ({"keys": {"p256dh": KEY_P256DH, "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, "endpoint"),
        ({"endpoint": "https://push.example.com/send/1"}, "keys"),
        (public_subscription(endpoint="https://push.example.com/" + "a" * 1100), "endpoint"),
        (public_subscription(endpoint=42), "endpoint"),
        (public_subscription(device_label="x" * 81), "device_label"),
        (public_subscription(admin=True), "admin"),
    ],
)
def test_malformed_subscriptions_are_a_400_naming_the_field(
    app: Flask, user_api: ApiClient, body: dict[str, Any], field: str
) -> None:
    response = user_api.post(SUBSCRIPTIONS, body)
    assert response.status_code == 400
    assert field in response.get_json()["fields"]
    assert rows(app) == []


@pytest.mark.parametrize("body", [{}, {"endpoint": 1}, {"endpoint": "x", "extra": 1}])
def test_malformed_unsubscribe_requests_are_a_400(user_api: ApiClient, body: dict) -> None:
    assert user_api.send("DELETE", SUBSCRIPTIONS, body).status_code == 400


def test_the_test_notification_reaches_every_device_and_forgets_gone_ones(
    app: Flask, user_api: ApiClient, service: LoopbackPushService
) -> None:
    phone, laptop = service.new_subscription(), service.new_subscription()
    for browser in (phone, laptop):
        assert user_api.post(SUBSCRIPTIONS, browser).status_code == 201
    service.fail_next(laptop["endpoint"], 410)
    response = user_api.post("/api/v1/push/test")
    assert response.get_json() == {"delivered": 1, "failed": 1, "removed": 1}
    (message,) = service.received(phone["endpoint"])
    assert message["payload"]["title"] == "Notifications are on"
    assert message["payload"]["tag"] == "test"
    assert [r.endpoint for r in rows(app)] == [phone["endpoint"]]


def test_the_test_notification_with_no_devices_reports_zero(user_api: ApiClient) -> None:
    assert user_api.post("/api/v1/push/test").get_json() == {
        "delivered": 0,
        "failed": 0,
        "removed": 0,
    }
