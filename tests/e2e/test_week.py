"""The weekly review in real Chromium: the weekly push opens it offline, the three questions
answered offline reach a second device, and the screen is accessible and fits small phones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.config import PROJECT_ROOT
from server.extensions import db
from server.models import Reflection
from tests.e2e.helpers import sign_in, sign_up, sync_now, wait_for_service_worker, wait_for_status
from tests.e2e.pushing import click_notification, deliver_push, wait_for_notification
from tests.e2e.weeks import summarised_last_week
from tests.factories import new_email

pytestmark = pytest.mark.e2e

AXE = PROJECT_ROOT / "client" / "node_modules" / "axe-core" / "axe.min.js"
MEANINGFUL = "What made those moments meaningful?"


def open_synced_week(page, live_server, email: str):
    """Sign up, summarise last week on the server and wait until this device has pulled it."""
    sign_up(page, email)
    wait_for_service_worker(page)
    week = summarised_last_week(live_server, email)
    sync_now(page)
    wait_for_status(page, "synced")
    page.goto(f"/week/{week.label}")
    page.get_by_role("heading", name="Your highlights").wait_for()
    return week


def test_the_weekly_push_opens_that_weeks_review_offline(page, context, live_server) -> None:
    context.grant_permissions(["notifications"], origin=live_server.url)
    week = open_synced_week(page, live_server, new_email())
    page.goto("/today")
    context.set_offline(True)
    try:
        page.reload()  # the shell from the service worker
        page.get_by_label("What went well?").wait_for()
        deliver_push(
            context,
            page,
            live_server.url,
            {
                "title": "Small Wins",
                "body": "Your week in small wins is ready.",
                "url": f"/week/{week.label}",
                "tag": "weekly_review",
            },
        )
        wait_for_notification(page, "weekly_review")
        click_notification(context, "weekly_review")
        page.wait_for_url(re.compile(rf"/week/{week.label}$"))
        highlights = page.locator(".highlight")
        expect(highlights).to_have_count(2)
        expect(highlights.first).to_contain_text("Said no to overtime")
        expect(page.get_by_text("4 wins, 4 days with a win.")).to_be_visible()
        # A theme opens to its wins (pulled with the summary, from this device).
        theme = page.get_by_role("button", name=re.compile(r"^said no"))
        theme.click()
        expect(theme).to_have_attribute("aria-expanded", "true")
        theme_wins = page.get_by_role("list", name=re.compile("said no"))
        expect(theme_wins).to_contain_text("said no again")
        # A full page load of a deep link works offline too (the navigation fallback).
        page.reload()
        page.get_by_role("heading", name="Your highlights").wait_for()
    finally:
        context.set_offline(False)


def test_a_week_without_a_summary_promises_nothing_that_is_not_there(page, live_server) -> None:
    sign_up(page, new_email())
    page.goto("/review")
    page.wait_for_url(re.compile(r"/week$"))  # the old path leads to the review
    expect(
        page.get_by_text("Your week’s reflection will be ready when your week ends")
    ).to_be_visible()
    page.get_by_role("link", name="Previous week").click()
    page.wait_for_url(re.compile(r"/week/\d{4}-W\d{2}$"))
    expect(page.get_by_text("There’s no reflection for this week on this device")).to_be_visible()
    expect(page.get_by_text(re.compile("ready", re.I))).to_have_count(0)


def test_answers_written_offline_reach_a_second_device(page, context, browser, live_server) -> None:
    email = new_email()
    week = open_synced_week(page, live_server, email)
    context.set_offline(True)
    try:
        answer = page.get_by_label(MEANINGFUL)
        answer.fill("Saying no left room ")
        expect(page.locator("#reflection-status")).to_have_text("Saved on this device")
        # Typing on after the autosave keeps the space (the stored copy is trimmed).
        answer.press_sequentially("for the walks.")
        answer.press("Tab")  # leaving the box saves at once
        expect(page.locator("#reflection-status")).to_have_text("Saved on this device")
        page.reload()  # offline: still there, from this device's database
        expect(page.get_by_label(MEANINGFUL)).to_have_value("Saying no left room for the walks.")
    finally:
        context.set_offline(False)
    page.get_by_role("link", name="Back to Today").click()
    sync_now(page)
    wait_for_status(page, "synced")
    with live_server.app.app_context():
        [saved] = db.session.scalars(
            select(Reflection).where(Reflection.user_id == week.user_id)
        ).all()
        assert (saved.week, saved.meaningful) == (week.label, "Saying no left room for the walks.")
        db.session.remove()

    laptop = browser.new_context(base_url=live_server.url)
    try:
        other = laptop.new_page()
        sign_in(other, email)
        wait_for_status(other, "synced")
        other.goto(f"/week/{week.label}")
        expect(other.get_by_label(MEANINGFUL)).to_have_value("Saying no left room for the walks.")
        expect(other.get_by_label("What patterns are emerging?")).to_have_value("")
    finally:
        laptop.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_review_is_axe_clean_and_fits_small_phones(
    browser, live_server, scheme: str, tmp_path: Path
) -> None:
    if not AXE.is_file():
        pytest.fail("axe-core is missing: npm install in client/")
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, color_scheme=scheme)
    try:
        page = context.new_page()
        week = open_synced_week(page, live_server, new_email())
        page.get_by_role("button", name=re.compile(r"^said no")).click()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, { resultTypes: ['violations'] })")
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
        for width in (320, 390):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(f"/week/{week.label}")
            page.get_by_role("heading", name="Your highlights").wait_for()
            assert page.evaluate(
                "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            ), f"horizontal scroll at {width} px"
            page.screenshot(path=str(tmp_path / f"week-{scheme}-{width}.png"), full_page=True)
    finally:
        context.close()
