"""The daily rituals in real headless Chromium: first visit, the navigation, the ritual of the
moment on Today, the evening recap and the mindful pause (offline included), each screen clean
under axe-core and without horizontal scroll at 320 and 390 px."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.models import Recap, User
from tests.e2e.checks import assert_accessible, axe_violations, horizontal_overflow
from tests.e2e.helpers import (
    log_win,
    server_wins,
    sign_up,
    sync_now,
    wait_for_service_worker,
    wait_for_status,
    win_item,
)
from tests.factories import PASSWORD, new_email

pytestmark = pytest.mark.e2e

NOT_TODAY = "That’s okay. Some days go another way — tomorrow is a fresh one."
RECAP_CLOSE = "That’s today, looked back on. Rest well — you did enough."
PAUSE_SAVED = "Saved. That moved you forward. Time to let the day go."


def zone_at(local_hour: int) -> str:
    """A fixed-offset IANA zone where it is now `local_hour` o'clock (Etc/GMT signs are
    inverted: Etc/GMT-9 is UTC+9)."""
    offset = (local_hour - datetime.now(UTC).hour + 12) % 24 - 12
    return "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"


@pytest.fixture
def context(browser, live_server) -> Iterator[object]:
    # bypass_csp: axe-core is injected as a script the app's policy would refuse.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(15_000)
    yield context
    context.close()


def open_context(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, **options)
    context.set_default_timeout(15_000)
    return context


def wait_until(page, check, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the condition")
        page.wait_for_timeout(100)


def server_recaps(live_server, email: str) -> list[Recap]:
    with live_server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        recaps = list(db.session.scalars(select(Recap).where(Recap.user_id == user.id)))
        db.session.remove()
        return recaps


def nav(page):
    return page.get_by_role("navigation", name="Main")


def test_a_newcomer_lands_on_sign_up_and_the_start_is_optional(page) -> None:
    page.goto("/")
    page.wait_for_url(re.compile(r"/signup$"))
    expect(page.get_by_text("Small Wins is a quiet place")).to_be_visible()
    expect(page.get_by_text("Welcome back")).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Email").fill(new_email())
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/start$"))
    # No permission prompt on arrival: only the "Turn on" tap may ask.
    assert page.evaluate("Notification.permission") == "default"
    expect(page.get_by_role("button", name="Turn on the evening recap")).to_be_visible()
    assert_accessible(page)

    box = page.get_by_label("What went well?")
    box.fill("Signed up for something kind")
    box.press("Enter")
    expect(page.get_by_text("Your first small win. That’s how it starts.")).to_be_visible()
    page.get_by_role("link", name="Go to Today").click()
    page.wait_for_url(re.compile(r"/today$"))
    expect(win_item(page, "Signed up for something kind")).to_be_visible()


def test_the_navigation_reaches_every_ritual_by_keyboard(page) -> None:
    sign_up(page, new_email())
    links = nav(page).get_by_role("link")
    expect(links).to_have_text(["Today", "Recap", "Week", "History", "Goals", "Settings"])
    expect(nav(page).get_by_role("link", name="Today")).to_have_attribute("aria-current", "page")
    nav(page).get_by_role("link", name="Today").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/recap$"))
    expect(nav(page).get_by_role("link", name="Recap")).to_have_attribute("aria-current", "page")


def test_today_offers_the_morning_intention_in_the_morning(browser, live_server) -> None:
    context = open_context(browser, live_server, timezone_id=zone_at(9))
    try:
        page = context.new_page()
        sign_up(page, new_email())
        expect(page.get_by_text("What’s one win you want to look back on today?")).to_be_visible()
        page.get_by_role("link", name="Set today’s intention").click()
        page.wait_for_url(re.compile(r"/intention$"))
    finally:
        context.close()


def test_today_offers_the_recap_in_the_evening_and_says_when_it_is_done(
    browser, live_server
) -> None:
    context = open_context(browser, live_server, timezone_id=zone_at(20))
    try:
        page = context.new_page()
        sign_up(page, new_email())
        assert_accessible(page)
        page.get_by_role("link", name="Look back on today").click()
        page.wait_for_url(re.compile(r"/recap$"))
        page.get_by_label("Something that went well (1 of 3)").fill("Tea on the balcony")
        page.get_by_role("button", name="Close the day").click()
        expect(page.get_by_text(RECAP_CLOSE)).to_be_visible()
        nav(page).get_by_role("link", name="Today").click()
        expect(page.get_by_text("You looked back on today. Rest well.")).to_be_visible()
        expect(page.get_by_role("link", name="Look back on today")).to_have_count(0)
    finally:
        context.close()


def test_the_evening_recap_works_offline_and_syncs_after(page, context, live_server) -> None:
    email = new_email()
    sign_up(page, email)
    wait_for_service_worker(page)
    page.goto("/intention")
    page.get_by_label("What’s one win you want to look back on today?").fill("Call Ana")
    page.get_by_role("button", name="Save").click()
    nav(page).get_by_role("link", name="Today").click()
    log_win(page, "Made breakfast")
    wait_for_status(page, "synced")

    context.set_offline(True)
    try:
        nav(page).get_by_role("link", name="Recap").click()
        page.wait_for_url(re.compile(r"/recap$"))
        expect(page.get_by_role("list", name="Today’s wins")).to_contain_text("Made breakfast")
        # One win is logged already, so two fresh lines make the three.
        expect(page.get_by_label(re.compile(r"^Something that went well"))).to_have_count(2)
        assert_accessible(page)
        page.get_by_label("Something that went well (1 of 2)").fill("A walk in the rain")
        page.get_by_label("What helped? (optional)").fill("Leaving the phone at home")
        page.get_by_label("Not today").check()
        expect(page.get_by_text(NOT_TODAY)).to_be_visible()
        page.get_by_label("Yes, it happened").check()
        page.get_by_role("button", name="Close the day").click()
        expect(page.get_by_text(RECAP_CLOSE)).to_be_visible()
        assert_accessible(page)
        page.reload()  # offline: the shell from the service worker, the recap from IndexedDB
        expect(page.get_by_text(RECAP_CLOSE)).to_be_visible()
        assert server_recaps(live_server, email) == []
    finally:
        context.set_offline(False)

    sync_now(page)
    wait_until(page, lambda: len(server_recaps(live_server, email)) == 1)
    [recap] = server_recaps(live_server, email)
    assert (recap.helped, recap.intention, recap.deleted) == (
        "Leaving the phone at home",
        "happened",
        False,
    )
    wait_until(page, lambda: len(server_wins(live_server, email)) == 3)
    wins = {w.text: w for w in server_wins(live_server, email)}
    assert set(wins) == {"Made breakfast", "A walk in the rain", "Call Ana"}
    assert wins["Call Ana"].intention_id is not None
    assert wins["A walk in the rain"].intention_id is None


def test_not_today_gets_a_kind_answer_and_claims_no_win(page, live_server) -> None:
    email = new_email()
    sign_up(page, email)
    page.goto("/intention")
    page.get_by_label("What’s one win you want to look back on today?").fill("Run 5 km")
    page.get_by_role("button", name="Save").click()
    nav(page).get_by_role("link", name="Recap").click()
    page.get_by_label("Not today").check()
    expect(page.get_by_text(NOT_TODAY)).to_be_visible()
    page.get_by_role("button", name="Close the day").click()
    expect(page.get_by_text(RECAP_CLOSE)).to_be_visible()
    sync_now(page)
    wait_until(page, lambda: len(server_recaps(live_server, email)) == 1)
    assert server_recaps(live_server, email)[0].intention == "not_today"
    assert server_wins(live_server, email) == []


def test_the_mindful_pause_works_offline_and_is_saved_as_a_pause(
    page, context, live_server
) -> None:
    email = new_email()
    sign_up(page, email)
    wait_for_service_worker(page)
    context.set_offline(True)
    try:
        page.goto("/pause")  # where the workday-end reminder lands
        label = "Before you finish — one action that moved you forward today"
        expect(page.get_by_label(label)).to_be_focused()
        assert_accessible(page)
        page.get_by_label(label).fill("Sent the tricky email")
        page.get_by_label(label).press("Enter")
        expect(page.get_by_text(PAUSE_SAVED)).to_be_visible()
        page.get_by_role("link", name="See it on Today").click()
        expect(win_item(page, "Sent the tricky email")).to_contain_text("at the pause")
    finally:
        context.set_offline(False)
    sync_now(page)
    wait_until(page, lambda: len(server_wins(live_server, email)) == 1)
    assert [(w.text, w.kind) for w in server_wins(live_server, email)] == [
        ("Sent the tricky email", "pause")
    ]


def test_energy_reads_as_a_feeling_with_named_ends(page) -> None:
    sign_up(page, new_email())
    page.get_by_role("button", name="Add details").click()
    energy = page.get_by_role("group", name="How’s your energy? (optional)")
    expect(energy).to_contain_text("drained")
    expect(energy).to_contain_text("full of energy")
    energy.get_by_role("radio", name="2, low").check()
    expect(page.get_by_label("Note: how did your body feel after?")).to_be_visible()
    log_win(page, "Stretched")
    expect(win_item(page, "Stretched")).to_contain_text("felt low")
    expect(win_item(page, "Stretched")).not_to_contain_text("of 5")


def test_undo_is_a_few_tabs_away_after_a_delete(page) -> None:
    sign_up(page, new_email())
    for text in ("One", "Two", "Three", "Four", "Five"):
        log_win(page, text)
    win_item(page, "Three").get_by_role("button", name="Delete").click()
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement?.textContent?.trim()") == "Undo":
            break
    else:
        raise AssertionError("Undo was not reached within six Tabs")
    page.keyboard.press("Enter")
    expect(win_item(page, "Three")).to_be_visible()


LONG_TAGS = ", ".join(f"{n}" * 32 for n in range(1, 4))


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_horizontal_scroll_with_the_longest_texts_and_tags(
    browser, live_server, width: int, scheme: str
) -> None:
    context = open_context(
        browser, live_server, viewport={"width": width, "height": 800}, color_scheme=scheme
    )
    try:
        page = context.new_page()
        page.goto("/signup")
        assert horizontal_overflow(page) == 0
        sign_up(page, new_email())
        page.get_by_role("button", name="Add details").click()
        page.get_by_label("Tags").fill(LONG_TAGS)
        page.get_by_label("What went well?").fill("w" * 500)
        page.get_by_label("What went well?").press("Enter")
        item = page.locator("li.win:not([data-echo])")
        item.wait_for()
        assert horizontal_overflow(page) == 0
        for name in ("Star", "Delete"):
            box = item.get_by_role("button", name=name).bounding_box()
            assert box is not None and box["x"] + box["width"] <= width
        assert_accessible(page)
        for path in ("/recap", "/pause", "/reminders", "/history", "/start"):
            page.goto(path)
            page.get_by_role("heading", level=1).wait_for()
            assert horizontal_overflow(page) == 0, path
            assert_accessible(page)
    finally:
        context.close()


def test_reminder_switches_are_switches_and_day_chips_are_named_as_shown(page) -> None:
    sign_up(page, new_email())
    page.goto("/reminders")
    switch = page.get_by_role("switch", name="Evening recap")
    box = switch.bounding_box()
    assert box is not None and box["width"] > 1.5 * box["height"]
    days = page.get_by_role("group", name="Days for Evening recap")
    expect(days.get_by_role("button", name="Mon", exact=True)).to_have_text("Mon")
    # This device gets no reminders, so no "Next: …" promises one.
    expect(page.get_by_text(re.compile(r"^Next: "))).to_have_count(0)
    expect(page.locator("#reminder-evening_recap-next")).to_have_text(
        "Set for 21:00. Turn on reminders above to get it on this device."
    )
    assert_accessible(page)


def test_the_axe_check_finds_a_real_violation(page) -> None:
    # Guards the checks above against passing vacuously (e.g. axe not running at all).
    page.set_content("<html lang='en'><body><main><input id='x'></main></body></html>")
    assert any(v.startswith("label:") for v in axe_violations(page))


def test_an_iphone_in_safari_sees_how_to_add_to_home_screen_on_today(browser, live_server) -> None:
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    )
    context = open_context(browser, live_server, user_agent=iphone)
    try:
        page = context.new_page()
        sign_up(page, new_email())
        expect(page.get_by_text("Add Small Wins to your Home Screen")).to_be_visible()
    finally:
        context.close()


# A push service that never answers: the browser's subscribe() hangs.
HANGING_PUSH = "PushManager.prototype.subscribe = () => new Promise(() => {})"


def test_an_unreachable_push_service_shows_progress_and_a_kind_message_in_time(
    page, context, live_server
) -> None:
    context.add_init_script(HANGING_PUSH)
    context.grant_permissions(["notifications"], origin=live_server.url)
    sign_up(page, new_email())
    wait_for_service_worker(page)
    page.goto("/reminders")
    started = time.monotonic()
    page.get_by_role("button", name="Turn on reminders").click()
    expect(page.get_by_role("status").filter(has_text="Turning on…")).to_be_visible()
    expect(
        page.get_by_text("Still waiting for this browser’s notification service…")
    ).to_be_visible()
    expect(page.get_by_text("We couldn’t reach this browser’s notification service")).to_be_visible(
        timeout=20_000
    )
    assert time.monotonic() - started < 20  # was 30 s of silence


# Sums the page's layout shifts (not caused by input), as Core Web Vitals' CLS counts them.
LAYOUT_SHIFTS = """
window.__shift = 0
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value
}).observe({ type: 'layout-shift', buffered: true })
"""


def test_the_reminders_cards_do_not_shift_as_data_loads(page, context) -> None:
    sign_up(page, new_email())
    context.add_init_script(LAYOUT_SHIFTS)
    page.goto("/reminders")  # a full load: device check, ids and the server's overview arrive late
    expect(page.locator("#reminder-evening_recap-next")).to_have_text(re.compile(r"^Set for "))
    page.wait_for_timeout(1_000)
    assert page.evaluate("window.__shift") < 0.01
