"""Fixtures for push tests: VAPID keys in tmp_path, a running loopback push service, senders."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from server.push.sender import PushSender, Subscription
from server.push.vapid import VapidKeys, load_or_create_keys

try:
    from tests.pushservice import LoopbackPushService
except ModuleNotFoundError:  # `tests` is not a package: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.pushservice import LoopbackPushService


@pytest.fixture
def vapid_keys(tmp_path: Path) -> VapidKeys:
    return load_or_create_keys(tmp_path / "instance")


@pytest.fixture
def push_service(vapid_keys: VapidKeys) -> Iterator[LoopbackPushService]:
    with LoopbackPushService(expected_key=vapid_keys.public_key_b64url) as service:
        yield service


@pytest.fixture
def sleeps() -> list[float]:
    """Delays the sender asked for; its injected sleep records instead of sleeping."""
    return []


@pytest.fixture
def make_sender(vapid_keys: VapidKeys, sleeps: list[float]) -> Iterator[Callable[..., PushSender]]:
    senders: list[PushSender] = []

    def make(**overrides: object) -> PushSender:
        options: dict = {
            "timeout": (2.0, 5.0),
            "max_retries": 3,
            "sleep": sleeps.append,
            "allow_loopback": True,  # the loopback push service
        }
        options.update(overrides)
        sender = PushSender(vapid_keys, "mailto:ops@smallwins.test", **options)
        senders.append(sender)
        return sender

    yield make
    for sender in senders:
        sender.close()


@pytest.fixture
def sender(make_sender: Callable[..., PushSender]) -> PushSender:
    return make_sender()


@pytest.fixture
def subscribe(push_service: LoopbackPushService) -> Callable[..., Subscription]:
    """Subscribe a fresh browser to `service` (default: the push_service fixture)."""

    def make(service: LoopbackPushService | None = None) -> Subscription:
        info = (service or push_service).new_subscription()
        return Subscription(info["endpoint"], info["keys"]["p256dh"], info["keys"]["auth"])

    return make
