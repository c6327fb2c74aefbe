"""Type, Enter, swipe the app away: what was entered is kept, whenever the page goes.

A local write is an IndexedDB transaction of several round trips; a page closed or reloaded
before it commits aborts it. These close or reload the page the moment Enter has been handled,
with no wait at all, on a page slowed down as on a busy phone, and expect the change on the next
page and then on the server.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.helpers import log_win, server_wins, shown_wins, sign_up, sync_now, win_item
from tests.factories import new_email

pytestmark = pytest.mark.e2e


def busy(page) -> None:
    """Slow the page's CPU, as a loaded phone is: an unguarded write is then still in flight
    when the page goes (without this, an idle machine often commits first)."""
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 20})


def server_has(page, live_server, email: str, want: dict[str, bool], timeout: float = 20.0):
    """Sync until the server holds exactly `want` (text → deleted)."""
    deadline = time.monotonic() + timeout
    while (stored := {w.text: w.deleted for w in server_wins(live_server, email)}) != want:
        if time.monotonic() > deadline:
            raise AssertionError(f"the server holds {stored}, not {want}")
        sync_now(page)
        page.wait_for_timeout(300)


def reopen(context):
    page = context.new_page()
    page.goto("/today")
    page.get_by_label("What went well?").wait_for()
    return page


def test_a_win_entered_just_before_the_page_closes_or_reloads_is_kept(
    page, context, live_server
) -> None:
    email = new_email()
    sign_up(page, email)
    box = page.get_by_label("What went well?")
    box.fill("Took the stairs")
    busy(page)
    box.press("Enter")
    page.close()  # no wait: the write has not committed yet

    page = reopen(context)
    win_item(page, "Took the stairs").wait_for()
    box = page.get_by_label("What went well?")
    box.fill("Cooked dinner")
    busy(page)
    box.press("Enter")
    page.reload()
    win_item(page, "Cooked dinner").wait_for()

    assert sorted(shown_wins(page)) == ["Cooked dinner", "Took the stairs"]
    server_has(page, live_server, email, {"Cooked dinner": False, "Took the stairs": False})


def test_an_edit_and_a_delete_entered_just_before_the_page_closes_are_kept(
    page, context, live_server
) -> None:
    email = new_email()
    sign_up(page, email)
    log_win(page, "Read a page")
    log_win(page, "Ate an apple")
    win_item(page, "Read a page").locator(".win__text").click()
    editor = page.get_by_label("Edit this win")
    editor.fill("Read a chapter")
    busy(page)
    editor.press("Enter")
    page.close()

    page = reopen(context)
    win_item(page, "Read a chapter").wait_for()
    busy(page)
    win_item(page, "Ate an apple").get_by_role("button", name="Delete").click()
    page.close()

    page = reopen(context)
    win_item(page, "Read a chapter").wait_for()
    win_item(page, "Ate an apple").wait_for(state="detached")
    server_has(page, live_server, email, {"Read a chapter": False, "Ate an apple": True})


def test_a_tab_still_open_stores_what_a_closed_tab_entered(page, context) -> None:
    sign_up(page, new_email())
    other = reopen(context)  # a second tab of the same app
    box = page.get_by_label("What went well?")
    box.fill("Watered the plants")
    busy(page)
    box.press("Enter")
    page.close()
    # No reload: the open tab notices the closed tab's unfinished write and stores it.
    win_item(other, "Watered the plants").wait_for()
    assert shown_wins(other) == ["Watered the plants"]
