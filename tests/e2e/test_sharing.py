"""Sharing a win and closing the link, and an import from Your data, in real Chromium."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import log_win, server_wins, sign_up, wait_for_status, win_item
from tests.factories import new_email

pytestmark = pytest.mark.e2e
FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
SHOTS = os.environ.get("SHARE_SCREENSHOTS")  # a folder: save screenshots there to look at


def test_share_a_win_then_close_the_link(page, context) -> None:
    sign_up(page, new_email())
    log_win(page, "Fixed the bike light")
    log_win(page, "A private thing")
    wait_for_status(page, "synced")

    win_item(page, "Fixed the bike light").get_by_role("button", name="Share this win").click()
    dialog = page.get_by_role("dialog", name="Share this win")
    dialog.get_by_label("Who is it for?").fill("my coach")
    dialog.get_by_role("button", name="Make a link").click()
    link = dialog.get_by_label("Link")
    expect(link).to_have_value(re.compile(r"/s/[A-Za-z0-9_-]{43}$"))
    url = link.input_value()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/share-dialog.png")
    dialog.get_by_role("button", name="Done").click()

    coach = context.new_page()
    coach.goto(url)
    expect(coach.get_by_text("Fixed the bike light")).to_be_visible()
    expect(coach.get_by_text("Shared with my coach.")).to_be_visible()
    assert "A private thing" not in coach.content()
    if SHOTS:
        coach.set_viewport_size({"width": 390, "height": 700})
        coach.screenshot(path=f"{SHOTS}/shared-page.png")

    page.goto("/shares")
    item = page.get_by_role("listitem").filter(has_text="for my coach")
    expect(item).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/shares.png", full_page=True)
    item.get_by_role("button", name="Close link for my coach").click()
    expect(page.get_by_text("Nothing is shared right now.")).to_be_visible()

    response = coach.goto(url)
    assert response is not None and response.status == 404
    expect(coach.get_by_text("This link isn't open any more")).to_be_visible()


def test_import_a_day_one_file_from_your_data(page, live_server) -> None:
    email = new_email()
    sign_up(page, email)
    page.goto("/settings")
    page.get_by_label(re.compile("Day One export")).set_input_files(
        str(FIXTURES / "dayone-journal.json")
    )
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("From Day One: 12 new entries welcomed in.")).to_be_visible()
    expect(page.get_by_text("Good to know")).to_be_visible()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/import.png", full_page=True)
    assert len(server_wins(live_server, email)) == 12

    page.get_by_label(re.compile("Day One export")).set_input_files(
        str(FIXTURES / "dayone-broken.json")
    )
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text("damaged")
    assert len(server_wins(live_server, email)) == 12

    page.goto("/history")
    expect(page.get_by_text("Walked up to the viewpoint")).to_be_visible()
