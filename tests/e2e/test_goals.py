"""Goals, values and looking back in real Chromium: a goal made offline, its step ticked on
Today and seen on the goal's page; values linked to wins; History's filters and tappable tags;
every field of a win edited after saving; axe-core finds nothing on these screens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.config import PROJECT_ROOT
from tests.e2e.helpers import (
    log_win,
    server_wins,
    sign_up,
    sync_now,
    toggle_stored,
    wait_for_service_worker,
    wait_for_status,
)
from tests.factories import new_email

pytestmark = pytest.mark.e2e

AXE = PROJECT_ROOT / "client" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def context(browser, live_server):
    # bypass_csp: the app's CSP rightly refuses injected scripts, and axe is one.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(15_000)
    yield context
    context.close()


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(Path(AXE)))
    found = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"
    )
    return list(found)


def win_item(page, text: str):
    return page.locator("li.win").filter(has_text=text)


def add_goal(page, example: str) -> None:
    page.get_by_role("button", name=re.compile(f"^{example} →")).click()
    page.get_by_role("button", name="Add goal").click()
    page.locator(".goal__title", has_text=example).wait_for()


def test_a_goal_made_offline_is_ticked_on_today_and_counted_on_its_page(
    page, context, live_server
) -> None:
    email = new_email()
    sign_up(page, email)
    wait_for_service_worker(page)
    context.set_offline(True)
    try:
        page.goto("/goals")  # the shell from the service worker, the data from IndexedDB
        add_goal(page, "Write a book")
        assert axe_violations(page) == []

        page.goto("/today")
        step = page.get_by_role("checkbox", name=re.compile("Write 100 words"))
        toggle_stored(step)
        win_item(page, "Write 100 words").wait_for()
        toggle_stored(step, on=False)  # unticking removes the win it logged
        win_item(page, "Write 100 words").wait_for(state="detached")
        toggle_stored(step)
        assert axe_violations(page) == []

        page.get_by_role("link", name="About Write a book").click()
        page.wait_for_url(re.compile(r"/goals/[0-9a-f-]{36}$"))
        expect(page.locator(".goal__done")).to_have_text(
            "Done on 1 day this week and 1 day this month."
        )
        win_item(page, "Write 100 words").wait_for()
        assert axe_violations(page) == []
    finally:
        context.set_offline(False)

    page.goto("/today")  # where the sync status shows
    sync_now(page)
    wait_for_status(page, "synced")
    wins = server_wins(live_server, email)
    assert [(w.text, w.deleted, w.goal_id is not None) for w in wins] == [
        ("Write 100 words", False, True)
    ]


def test_values_link_wins_and_history_filters_by_star_goal_value_and_tag(page) -> None:
    sign_up(page, new_email())
    page.goto("/goals")
    page.get_by_role("button", name="+ courage").click()
    page.get_by_role("link", name="courage").wait_for()
    add_goal(page, "Improve fitness")

    page.goto("/today")
    page.get_by_role("button", name="Add details").click()
    page.get_by_label("Tags").fill("brave")
    page.get_by_role("checkbox", name="courage").check()
    log_win(page, "Asked a question in the meeting")
    log_win(page, "Tidied the desk")

    # Edit every other field of the second win after saving: tags, goal, day.
    item = win_item(page, "Tidied the desk")
    item.get_by_role("button", name="Details").click()
    item.get_by_label("Tags").fill("home, a-very-long-tag-of-32-chars!!")
    item.get_by_label("Goal").select_option(label="Improve fitness")
    item.get_by_label("Day").select_option(label="Yesterday")
    item.get_by_role("button", name="Save details").click()
    win_item(page, "Tidied the desk").wait_for(state="detached")  # gone to yesterday
    star = win_item(page, "Asked a question").get_by_role("button", name="Star")
    star.click()
    expect(star).to_have_attribute("aria-pressed", "true")  # stored before the page changes

    page.goto("/history")
    win_item(page, "Tidied the desk").wait_for()
    assert axe_violations(page) == []
    width = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert width <= 0

    # A tag on a win is a link to History filtered by it.
    win_item(page, "Asked a question").get_by_role("link", name=re.compile("brave")).click()
    page.wait_for_url(re.compile(r"/history\?tag=brave$"))
    expect(page.locator(".win__text")).to_have_count(1)
    expect(page.get_by_label("Tag")).to_have_value("brave")

    page.goto("/history")
    page.get_by_label("Goal").select_option(label="Improve fitness")
    win_item(page, "Asked a question").wait_for(state="detached")
    win_item(page, "Tidied the desk").wait_for()

    page.get_by_role("button", name="Clear filters").click()
    page.get_by_label("Value").select_option(label="courage")
    win_item(page, "Tidied the desk").wait_for(state="detached")
    win_item(page, "Asked a question").wait_for()

    page.get_by_role("button", name="Clear filters").click()
    page.get_by_label("Starred only").check()
    expect(page.locator(".win__text")).to_have_count(1)
    win_item(page, "Asked a question").wait_for()

    # A value's page lists its wins.
    page.goto("/goals")
    page.get_by_role("link", name="courage").click()
    page.wait_for_url(re.compile(r"/values/[0-9a-f-]{36}$"))
    win_item(page, "Asked a question").wait_for()
    assert axe_violations(page) == []
