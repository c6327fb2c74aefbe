"""Looking back on Today in real headless Chromium: On this day shows a win from a year ago;
"don't show this again" on one device hides it on another after sync; the resurfacing
preference (Settings) decides which past wins come back, none when off; Today and the year
heatmap have nothing for axe-core to fix and no sideways scrolling at 320 and 390 px."""

from __future__ import annotations

import os
import re
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from server.core.clock import Timestamp
from server.core.days import local_day
from tests.e2e.helpers import server_wins, sign_in, sign_up, sync_now
from tests.e2e.test_settings import axe_violations, server_user
from tests.factories import new_email

pytestmark = pytest.mark.e2e

LONG_TAG = "t" * 32  # the longest allowed tag


def year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February: the app clamps to the 28th
        return day.replace(year=day.year - 1, day=28)


def today_of(live_server, email: str) -> date:
    user = server_user(live_server, email)
    return local_day(datetime.now(UTC), user.time_zone, user.day_start_hour)


def seed_win(page, day: date, text: str, **fields: object) -> str:
    """A win written by another device: straight through POST /api/v1/sync."""
    csrf = page.request.get("/api/v1/auth/csrf").json()["csrf_token"]
    record = str(uuid.uuid4())
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    mutation = {
        "id": 1,
        "collection": "wins",
        "record_id": record,
        "fields": {"text": text, "happened_at": noon.isoformat(), "local_day": day.isoformat()}
        | fields,
        "hlc": Timestamp(int(time.time() * 1000), 0, "seeder").pack(),
    }
    body = {"client_id": str(uuid.uuid4()), "schema_version": 1, "cursor": 0}
    response = page.request.post(
        "/api/v1/sync",
        data=body | {"mutations": [mutation]},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.ok and response.json()["rejected"] == [], response.text()
    return record


def looking_back(page):
    return page.get_by_role("region", name="Looking back")


def past_wins(page) -> list[str]:
    return looking_back(page).locator(".lookback__words").all_inner_texts()


def test_a_win_from_a_year_ago_comes_back_until_dismissed_on_any_device(
    page, browser, live_server
) -> None:
    email = new_email()
    sign_up(page, email)
    then = year_before(today_of(live_server, email))
    record = seed_win(page, then, "Climbed the hill behind the house")
    sync_now(page)
    year_ago = looking_back(page).get_by_role("region", name=re.compile("^A year ago"))
    expect(year_ago.get_by_text("Climbed the hill behind the house", exact=True)).to_be_visible()

    other = browser.new_context(base_url=live_server.url)
    try:
        phone = other.new_page()
        sign_in(phone, email)
        expect(
            looking_back(phone).get_by_text("Climbed the hill behind the house", exact=True)
        ).to_be_visible()

        page.context.set_offline(True)  # the choice is saved on the device first
        try:
            year_ago.get_by_role("button", name=re.compile("^Don’t show this again")).click()
            expect(looking_back(page).get_by_role("status")).to_contain_text("won’t come back")
            expect(
                looking_back(page).get_by_text("Climbed the hill behind the house", exact=True)
            ).to_have_count(0)
        finally:
            page.context.set_offline(False)
        sync_now(page)
        deadline = time.monotonic() + 15
        while next(w for w in server_wins(live_server, email) if w.id == record).resurface:
            assert time.monotonic() < deadline, "the flag never reached the server"
            page.wait_for_timeout(100)

        sync_now(phone)
        expect(
            looking_back(phone).get_by_text("Climbed the hill behind the house", exact=True)
        ).to_have_count(0)
        # Still in history: only its coming back was turned off.
        phone.get_by_role("link", name="Your history").click()
        expect(phone.locator(".win__text", has_text="Climbed the hill")).to_be_visible()
    finally:
        other.close()


def choose(page, label: str) -> None:
    page.get_by_role("link", name="Settings").click()
    page.get_by_label(label).check()
    page.get_by_role("link", name="Back to Today").click()
    page.wait_for_url(re.compile(r"/today$"))


def test_the_resurfacing_preference_decides_which_past_wins_come_back(page, live_server) -> None:
    email = new_email()
    sign_up(page, email)
    today = today_of(live_server, email)
    seed_win(page, year_before(today), "Said yes to the choir")
    seed_win(page, today - timedelta(days=40), "Fixed the bike", starred=True)
    sync_now(page)
    expect(
        looking_back(page).get_by_text("Fixed the bike", exact=True)
    ).to_be_visible()  # starred first
    assert sorted(past_wins(page)) == ["Fixed the bike", "Said yes to the choir"]
    resurfaced = looking_back(page).get_by_role("region", name=re.compile("^From your wins"))
    expect(resurfaced.get_by_text("Fixed the bike", exact=True)).to_be_visible()

    choose(page, "Only starred wins")
    expect(looking_back(page).get_by_text("Fixed the bike", exact=True)).to_be_visible()
    assert past_wins(page) == ["Fixed the bike"]

    choose(page, "None, thanks")
    expect(looking_back(page).get_by_role("link", name="Your year of wins")).to_be_visible()
    assert past_wins(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_looking_back_and_the_year_have_nothing_for_axe_to_fix_and_fit_a_phone(
    browser, live_server, scheme: str, tmp_path: Path
) -> None:
    shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))  # to look at them
    context = browser.new_context(
        base_url=live_server.url,
        bypass_csp=True,  # axe is injected as a script; the app's CSP rightly forbids that
        color_scheme=scheme,
        viewport={"width": 390, "height": 844},
    )
    try:
        page = context.new_page()
        email = new_email()
        sign_up(page, email)
        today = today_of(live_server, email)
        long_text = "A long and happy afternoon " * 18  # about the 500 allowed
        seed_win(page, year_before(today), long_text.strip()[:500], tags=[LONG_TAG, "family"])
        seed_win(page, today - timedelta(days=7), "Walked to work", starred=True)
        for n in range(0, 360, 3):
            seed_win(page, today - timedelta(days=n + 20), f"Win {n}")
        sync_now(page)
        expect(looking_back(page).get_by_text("Walked to work", exact=True)).to_be_visible()
        for width in (390, 320):
            page.set_viewport_size({"width": width, "height": 844})
            assert axe_violations(page) == []
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.screenshot(path=str(shots / f"lookback-{scheme}-{width}.png"), full_page=True)

        page.get_by_role("link", name="Your year of wins").click()
        page.wait_for_url(re.compile(r"/year$"))
        expect(page.get_by_role("table", name="Days with a win, month by month")).to_be_visible()
        expect(page.get_by_role("img", name=re.compile(r"to .*: a win on \d+ days"))).to_have_count(
            2
        )
        for width in (390, 320):
            page.set_viewport_size({"width": width, "height": 844})
            assert axe_violations(page) == []
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.screenshot(path=str(shots / f"year-{scheme}-{width}.png"), full_page=True)
    finally:
        context.close()
