"""Logging wins in real headless Chromium: offline first, sync between devices, no loss.

Each device is a browser context (its own IndexedDB, cookies and service worker). The server's
database is read through the live server's app to check what actually arrived.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path
from tests.e2e.helpers import (
    log_win,
    server_wins,
    shown_wins,
    sign_in,
    sign_up,
    sync_now,
    wait_for_service_worker,
    wait_for_status,
    win_item,
)
from tests.factories import new_email

pytestmark = pytest.mark.e2e


def wait_until(page, check, timeout: float = 10.0) -> None:
    """Poll `check`, letting Playwright dispatch events (route handlers run only then)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the condition")
        page.wait_for_timeout(100)


def test_wins_logged_offline_survive_a_reload_and_reach_the_server(
    page, context, browser, live_server
) -> None:
    email = new_email()
    sign_up(page, email)
    wait_for_service_worker(page)
    assert page.evaluate("document.activeElement.id") == "win-text"  # focus on open
    log_win(page, "Made breakfast")
    # The status said "synced" before this win too: wait for the server to hold it (the sync
    # runs ~1 s after a write), then for the device to have applied the acknowledgement.
    wait_until(page, lambda: len(server_wins(live_server, email)) == 1)
    wait_for_status(page, "synced")
    expect(page.locator("#sync-status")).to_have_attribute("data-waiting", "0")

    context.set_offline(True)
    try:
        for text in ("Called Mum", "Stretched for five minutes", "Drank water"):
            log_win(page, text)
        status = page.locator("#sync-status")
        wait_for_status(page, "offline")
        expect(status).to_have_attribute("data-waiting", "3")
        assert "3 wins waiting" in status.inner_text()

        page.reload()  # the shell from the service worker, the wins from IndexedDB
        win_item(page, "Drank water").wait_for()
        assert shown_wins(page) == [
            "Drank water",
            "Stretched for five minutes",
            "Called Mum",
            "Made breakfast",
        ]
        assert len(server_wins(live_server, email)) == 1
    finally:
        context.set_offline(False)

    sync_now(page)
    wait_for_status(page, "synced")
    assert sorted(w.text for w in server_wins(live_server, email)) == [
        "Called Mum",
        "Drank water",
        "Made breakfast",
        "Stretched for five minutes",
    ]

    other = browser.new_context(base_url=live_server.url)
    try:
        second = other.new_page()
        sign_in(second, email)
        win_item(second, "Called Mum").wait_for()
        assert sorted(shown_wins(second)) == sorted(shown_wins(page))
    finally:
        other.close()


def test_an_edit_on_one_device_and_a_delete_on_another_converge(page, browser, live_server) -> None:
    email = new_email()
    sign_up(page, email)
    log_win(page, "Read a chapter")
    log_win(page, "Went for a walk")
    wait_for_status(page, "synced")

    other = browser.new_context(base_url=live_server.url)
    try:
        phone = other.new_page()
        sign_in(phone, email)
        win_item(phone, "Went for a walk").wait_for()

        # Laptop: edit in place (click the text, type, Enter).
        win_item(page, "Read a chapter").get_by_role(
            "button", name=re.compile("Read a chapter")
        ).click()
        editor = page.get_by_label("Edit this win")
        editor.fill("Read two chapters")
        editor.press("Enter")
        win_item(page, "Read two chapters").wait_for()

        # Phone: delete the other win (the Undo toast offers it back; not taken).
        win_item(phone, "Went for a walk").get_by_role("button", name="Delete").click()
        phone.get_by_role("button", name="Undo").wait_for()
        win_item(phone, "Went for a walk").wait_for(state="detached")

        for _ in range(2):  # both push, then both pull what the other pushed
            for device in (page, phone):
                sync_now(device)
                wait_for_status(device, "synced")
        for device in (page, phone):
            win_item(device, "Read two chapters").wait_for()
            win_item(device, "Went for a walk").wait_for(state="detached")
            assert shown_wins(device) == ["Read two chapters"]
        stored = {w.text: w.deleted for w in server_wins(live_server, email)}
        assert stored == {"Read two chapters": False, "Went for a walk": True}
    finally:
        other.close()


def test_delete_then_undo_restores_the_win_everywhere(page, live_server) -> None:
    email = new_email()
    sign_up(page, email)
    log_win(page, "Fixed the bike")
    item = win_item(page, "Fixed the bike")
    star = item.get_by_role("button", name="Star")
    star.click()
    expect(star).to_have_attribute("aria-pressed", "true")
    item.get_by_role("button", name="Delete").click()
    item.wait_for(state="detached")
    page.get_by_role("button", name="Undo").click()
    win_item(page, "Fixed the bike").wait_for()
    sync_now(page)
    wait_for_status(page, "synced")
    (stored,) = server_wins(live_server, email)
    assert (stored.deleted, stored.starred) == (False, True)


def test_history_lists_days_and_searches_on_the_device(page, context) -> None:
    sign_up(page, new_email())
    page.get_by_label("What went well?").fill("Planted basil")
    page.get_by_role("button", name="Add details").click()
    page.get_by_label("Tags").fill("garden, calm")
    page.get_by_label("Note").fill("The small pot by the window")
    page.get_by_label("What went well?").press("Enter")
    log_win(page, "Answered every email")
    page.get_by_role("link", name="Your history").click()
    page.wait_for_url(re.compile(r"/history$"))
    page.get_by_role("heading", name="Today").wait_for()
    context.set_offline(True)
    try:
        search = page.get_by_label("Search your wins")
        search.fill("WINDOW")  # matches the note, any case
        page.wait_for_function("() => document.querySelectorAll('.win').length === 1")
        assert shown_wins(page) == ["Planted basil"]
        search.fill("")
        page.get_by_label("Tag").select_option("garden")
        page.wait_for_function("() => document.querySelectorAll('.win').length === 1")
        assert shown_wins(page) == ["Planted basil"]
    finally:
        context.set_offline(False)


def test_signing_out_with_unsynced_wins_asks_first(page, context) -> None:
    sign_up(page, new_email())
    wait_for_status(page, "synced")
    context.set_offline(True)
    try:
        log_win(page, "Kept my promise")
        page.get_by_role("button", name="Sign out").click()
        dialog = page.get_by_role("dialog")
        dialog.wait_for()
        assert "1 win hasn’t reached the server yet" in dialog.inner_text()
        dialog.get_by_role("button", name="Cancel").click()
        dialog.wait_for(state="hidden")
        assert shown_wins(page) == ["Kept my promise"]
    finally:
        context.set_offline(False)
    page.get_by_role("button", name="Sign out").click()  # syncs first, then signs out
    page.wait_for_url(re.compile(r"/signin$"))


def test_a_lost_sync_response_leaves_no_duplicate_and_no_loss(
    playwright_instance, live_server, tmp_path
) -> None:
    email = new_email()

    def open_device():
        return playwright_instance.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path / "profile"),
            executable_path=chromium_path(),
            args=CHROMIUM_ARGS,
            headless=True,
            base_url=live_server.url,
        )

    device = open_device()
    try:
        page = device.pages[0] if device.pages else device.new_page()
        sign_up(page, email)
        wait_for_status(page, "synced")
        delivered: list[int] = []

        def commit_then_lose(route) -> None:
            body = route.request.post_data_json or {}
            if body.get("mutations") and not delivered:
                response = route.fetch()  # the server commits the win...
                delivered.append(response.status)
            route.abort()  # ...but the answer never arrives (and nothing else gets through)

        page.route("**/api/v1/sync", commit_then_lose)
        log_win(page, "Finished the puzzle")
        wait_until(page, lambda: delivered == [200])
        assert [w.text for w in server_wins(live_server, email)] == ["Finished the puzzle"]
        expect(page.locator("#sync-status")).to_have_attribute("data-waiting", "1")
    finally:
        device.close()  # the tab closes with the write still in its outbox

    device = open_device()
    try:
        page = device.pages[0] if device.pages else device.new_page()
        page.goto("/today")
        page.wait_for_url(re.compile(r"/(today|signin)$"))
        if page.url.endswith("/signin"):
            sign_in(page, email)
        win_item(page, "Finished the puzzle").wait_for()
        sync_now(page)
        wait_for_status(page, "synced")
        assert page.locator("#sync-status").get_attribute("data-waiting") == "0"
        assert shown_wins(page) == ["Finished the puzzle"]
        assert [w.text for w in server_wins(live_server, email)] == ["Finished the puzzle"]
    finally:
        device.close()
