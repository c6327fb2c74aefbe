"""Web push in real headless Chromium: a push reaches the real service worker, shows a
notification, and a click brings the open window to the notification's screen."""

from __future__ import annotations

import re

import pytest

from tests.e2e.helpers import sign_up, wait_for_service_worker
from tests.e2e.pushing import (
    click_notification,
    deliver_push,
    notifications,
    wait_for_notification,
)
from tests.factories import new_email

pytestmark = pytest.mark.e2e

RECAP = {
    "title": "Small Wins",
    "body": "2 wins today — want to look back?",
    "url": "/recap",
    "tag": "evening_recap",
}


@pytest.fixture
def signed_in(page, context, live_server):
    context.grant_permissions(["notifications"], origin=live_server.url)
    sign_up(page, new_email())
    wait_for_service_worker(page)
    return page


def test_a_push_shows_a_notification_with_its_deep_link_and_a_log_action(
    signed_in, context, live_server
) -> None:
    deliver_push(context, signed_in, live_server.url, RECAP)
    shown = wait_for_notification(signed_in, "evening_recap")
    assert shown["title"] == RECAP["title"]
    assert shown["body"] == RECAP["body"]
    assert shown["data"] == {"url": "/recap"}
    assert shown["actions"] == [{"action": "log", "title": "Log a win"}]


def test_a_repeat_with_the_same_tag_replaces_the_notification(
    signed_in, context, live_server
) -> None:
    deliver_push(context, signed_in, live_server.url, RECAP)
    wait_for_notification(signed_in, "evening_recap")
    deliver_push(context, signed_in, live_server.url, {**RECAP, "body": "3 wins today"})
    signed_in.wait_for_function(
        """async () => {
            const r = await navigator.serviceWorker.ready
            const shown = await r.getNotifications({ tag: 'evening_recap' })
            return shown.length === 1 && shown[0].body === '3 wins today'
        }"""
    )


def test_a_push_that_is_not_json_still_shows_something_gentle(
    signed_in, context, live_server
) -> None:
    deliver_push(context, signed_in, live_server.url, "hello")
    shown = wait_for_notification(signed_in, "small-wins")
    assert (shown["title"], shown["body"]) == ("Small Wins", "hello")


def test_clicking_the_notification_brings_the_open_window_to_the_recap(
    signed_in, context, live_server
) -> None:
    deliver_push(context, signed_in, live_server.url, RECAP)
    wait_for_notification(signed_in, "evening_recap")
    click_notification(context, "evening_recap")
    signed_in.wait_for_url(re.compile(r"/recap$"))
    signed_in.get_by_role("heading", name="Look back on today").wait_for()
    assert notifications(signed_in) == []  # the click closed it


def test_log_a_win_on_the_notification_opens_the_capture_box(
    signed_in, context, live_server
) -> None:
    signed_in.goto("/history")
    deliver_push(context, signed_in, live_server.url, {**RECAP, "tag": "mindful_pause"})
    wait_for_notification(signed_in, "mindful_pause")
    click_notification(context, "mindful_pause", action="log")
    signed_in.wait_for_url(re.compile(r"/today\?capture=1$"))
    signed_in.get_by_label("What went well?").wait_for()
