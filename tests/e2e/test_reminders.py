"""The Reminders screen in real headless Chromium: turning reminders on for this device (the
permission prompt only after the tap), the test notification end to end, the kind answers
when reminders can't work here, and reminder settings edited through sync.

Chromium here cannot make a real push subscription: in a Playwright (incognito-like) context
pushManager.subscribe() fails with "permission denied", and in a persistent profile it waits
forever for Google's push service, which this machine cannot reach. So the subscribing test
replaces only that one browser call with a subscription at the loopback push service of
tests/pushservice.py; everything after it is real: the server checks and stores it, sends the
test notification with VAPID and aes128gcm, the loopback service verifies and decrypts it,
and the decrypted message is delivered into the real service worker over CDP.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.models import Intention, PushSubscription, User
from server.push import runtime
from tests.e2e.helpers import (
    log_win,
    sign_up,
    sync_now,
    toggle_stored,
    wait_for_service_worker,
)
from tests.e2e.pushing import click_notification, deliver_push, wait_for_notification, wait_until
from tests.factories import new_email
from tests.pushservice import LoopbackPushService

pytestmark = pytest.mark.e2e

# Counts permission prompts, and stands in for the browser's push service registration only.
FAKE_PUSH = """
(() => {
  window.__permissionAsks = 0
  const ask = Notification.requestPermission.bind(Notification)
  Notification.requestPermission = (...args) => {
    window.__permissionAsks += 1
    return ask(...args)
  }
  const fake = %s
  // Kept in sessionStorage so the "browser's" subscription outlives a page load, as it would.
  const make = (key) => ({
    endpoint: fake.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true, applicationServerKey: new Uint8Array(key).buffer },
    toJSON: () => ({ endpoint: fake.endpoint, expirationTime: null, keys: fake.keys }),
    unsubscribe: async () => {
      sessionStorage.removeItem('fake-push-key')
      return true
    },
  })
  PushManager.prototype.getSubscription = async function () {
    const key = sessionStorage.getItem('fake-push-key')
    return key === null ? null : make(JSON.parse(key))
  }
  PushManager.prototype.subscribe = async function (options) {
    const key = [...new Uint8Array(options.applicationServerKey)]
    sessionStorage.setItem('fake-push-key', JSON.stringify(key))
    return make(key)
  }
})()
"""


@pytest.fixture
def push_service(live_server) -> Iterator[LoopbackPushService]:
    app = live_server.app
    with app.app_context():
        key = runtime.runtime().keys.public_key_b64url
    app.config["PUSH_ALLOW_LOOPBACK"] = True
    try:
        with LoopbackPushService(expected_key=key) as service:
            yield service
    finally:
        app.config["PUSH_ALLOW_LOOPBACK"] = False


def server_subscriptions(live_server, email: str) -> list[PushSubscription]:
    with live_server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        rows = list(
            db.session.scalars(select(PushSubscription).where(PushSubscription.user_id == user.id))
        )
        db.session.remove()
        return rows


def open_reminders(page) -> None:
    page.get_by_role("link", name="Reminders").click()
    page.wait_for_url(re.compile(r"/reminders$"))


def test_turning_on_asks_only_after_the_tap_and_a_test_notification_arrives(
    page, context, live_server, push_service
) -> None:
    fake = push_service.new_subscription()
    context.add_init_script(FAKE_PUSH % json.dumps(fake))
    context.grant_permissions(["notifications"], origin=live_server.url)
    email = new_email()
    sign_up(page, email)
    wait_for_service_worker(page)
    open_reminders(page)

    turn_on = page.get_by_role("button", name="Turn on reminders")
    turn_on.wait_for()
    assert page.evaluate("window.__permissionAsks") == 0  # nothing asked on arrival
    turn_on.click()
    expect(page.get_by_text("This device gets reminders.")).to_be_visible()
    # Subscribed now, so the reminders that are on say when they come (recap and review).
    expect(page.get_by_text(re.compile(r"^Next: "))).to_have_count(2)
    assert page.evaluate("window.__permissionAsks") == 1
    [row] = server_subscriptions(live_server, email)
    assert row.endpoint == fake["endpoint"]
    assert row.device_label == "Chrome on Linux"

    page.get_by_role("button", name="Send a test notification").click()
    expect(page.get_by_role("status").filter(has_text="Sent!")).to_be_visible()
    [message] = push_service.received(fake["endpoint"])
    assert message["payload"]["title"] == "Notifications are on"

    # What the push service would hand the browser, into the real service worker.
    deliver_push(context, page, live_server.url, message["payload"])
    shown = wait_for_notification(page, "test")
    assert shown["title"] == "Notifications are on"
    page.goto("/today")
    click_notification(context, "test")
    page.wait_for_url(re.compile(r"/reminders$"))  # the test notification links here

    page.get_by_role("button", name="Turn off on this device").click()
    expect(page.get_by_role("button", name="Turn on reminders")).to_be_visible()
    wait_until(page, lambda: server_subscriptions(live_server, email) == [])


def test_a_dismissed_or_blocked_prompt_gets_a_kind_way_back(page, context) -> None:
    # No permission granted: headless Chromium answers the prompt itself without a yes.
    sign_up(page, new_email())
    wait_for_service_worker(page)
    open_reminders(page)
    page.get_by_role("button", name="Turn on reminders").click()
    blocked = page.get_by_text("Notifications are turned off for Small Wins")
    later = page.get_by_text("whenever you’re ready")
    expect(blocked.or_(later)).to_be_visible()


def test_an_iphone_in_safari_is_asked_to_add_the_app_to_the_home_screen(
    browser, live_server
) -> None:
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    )
    context = browser.new_context(base_url=live_server.url, user_agent=iphone)
    try:
        page = context.new_page()
        sign_up(page, new_email())
        open_reminders(page)
        expect(page.get_by_text("Add Small Wins to your Home Screen")).to_be_visible()
        expect(page.get_by_role("button", name="Turn on reminders")).to_have_count(0)
    finally:
        context.close()


def reminders_on_server(page) -> dict[str, dict]:
    body = page.request.get("/api/v1/reminders").json()
    return {reminder["kind"]: reminder for reminder in body["reminders"]}


def test_reminder_settings_sync_to_the_server_work_offline_and_survive_a_reload(
    page, context
) -> None:
    sign_up(page, new_email())
    wait_for_service_worker(page)
    open_reminders(page)
    morning = page.get_by_role("switch", name="Morning intention")
    expect(morning).not_to_be_checked()  # the server's default, pulled through sync
    # Recap and review are on, but this device gets no reminders: no "Next: …" promise here.
    expect(page.get_by_text(re.compile(r"^Set for "))).to_have_count(2)

    toggle_stored(morning)
    page.get_by_label("Time for Morning intention").fill("07:30")
    days = page.get_by_role("group", name="Days for Morning intention")
    days.get_by_role("button", name="Sat").click()
    expect(days.get_by_role("button", name="Sat")).to_have_attribute("aria-pressed", "false")

    def synced() -> bool:
        mine = reminders_on_server(page)["morning_intention"]
        return mine["enabled"] and mine["local_time"] == "07:30" and 5 not in mine["weekdays"]

    wait_until(page, synced, timeout=15)
    morning_next = page.locator("#reminder-morning_intention-next")
    expect(morning_next).to_have_text(re.compile(r"^Set for 07:30\."))

    context.set_offline(True)
    try:
        page.get_by_label("Time for Evening recap").fill("20:15")
        # Stored on the device (IndexedDB commits asynchronously) before the reload.
        expect(page.locator("#sync-status")).to_have_attribute("data-waiting", "1")
        page.reload()  # offline: the shell from the service worker, the edit from IndexedDB
        expect(page.get_by_label("Time for Evening recap")).to_have_value("20:15")
        expect(page.get_by_role("switch", name="Morning intention")).to_be_checked()
    finally:
        context.set_offline(False)
    sync_now(page)
    wait_until(page, lambda: reminders_on_server(page)["evening_recap"]["local_time"] == "20:15")


def test_pausing_for_a_week_and_resuming(page) -> None:
    sign_up(page, new_email())
    open_reminders(page)
    page.get_by_role("button", name="Pause for a week").click()
    expect(page.get_by_text("Reminders are paused until")).to_be_visible()
    assert page.request.get("/api/v1/reminders").json()["paused_until"] is not None
    page.get_by_role("button", name="Resume").click()
    expect(page.get_by_role("button", name="Pause for a week")).to_be_visible()
    assert page.request.get("/api/v1/reminders").json()["paused_until"] is None


def server_intentions(live_server, email: str) -> list[str]:
    with live_server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        texts = list(db.session.scalars(select(Intention.text).where(Intention.user_id == user.id)))
        db.session.remove()
        return texts


def test_the_morning_intention_shows_on_today_and_in_the_evening_recap(page, live_server) -> None:
    email = new_email()
    sign_up(page, email)
    page.goto("/recap")  # where the evening reminder leads
    expect(page.get_by_text("Nothing logged yet today — and that’s okay.")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    log_win(page, "Drank a glass of water")
    page.goto("/recap")
    expect(page.get_by_role("list", name="Today’s wins")).to_contain_text("Drank a glass of water")
    expect(page.get_by_text("One small win today. It counts.")).to_be_visible()

    page.goto("/intention")  # where the morning reminder leads
    box = page.get_by_label("What’s one win you want to look back on today?")
    box.fill("  A walk at lunch ")
    box.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    page.get_by_role("link", name="Back to Today").click()
    today = page.get_by_role("region", name="Today’s intention")
    expect(today).to_contain_text("A walk at lunch")

    page.goto("/recap")
    expect(page.get_by_text("This morning you hoped for")).to_contain_text("A walk at lunch")
    wait_until(page, lambda: server_intentions(live_server, email) == ["A walk at lunch"])
