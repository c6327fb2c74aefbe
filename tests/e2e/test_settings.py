"""Settings and the account in real headless Chromium: time zone and day start (server), the
resurfacing choice (synced, works offline), changing the password, deleting the account (the
device's local database goes too), a reset link, and axe-core finding nothing to fix."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from server.config import PROJECT_ROOT
from server.extensions import db
from server.models import User
from server.preferences import resurfacing_of
from tests.e2e.helpers import log_win, sign_up, sync_now, wait_for_service_worker
from tests.factories import PASSWORD, new_email

pytestmark = pytest.mark.e2e

AXE = PROJECT_ROOT / "client" / "node_modules" / "axe-core" / "axe.min.js"
NEW_PASSWORD = "lanterns over the harbour"


def wait_until(page, check, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the condition")
        page.wait_for_timeout(100)


def server_user(live_server, email: str) -> User | None:
    with live_server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        db.session.remove()
        return user


def open_settings(page) -> None:
    page.get_by_role("link", name="Settings").click()
    page.wait_for_url(re.compile(r"/settings$"))
    expect(page.get_by_role("heading", name="Settings", level=1)).to_be_visible()


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']}))"
        ".violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )


def test_zone_and_day_start_go_to_the_server_and_looking_back_works_offline(
    page, context, live_server
) -> None:
    email = new_email()
    sign_up(page, email)
    wait_for_service_worker(page)
    open_settings(page)

    page.get_by_label("Find your time zone").fill("lisbon")
    page.get_by_label("Time zone", exact=True).select_option("Europe/Lisbon")
    page.get_by_label("My day starts at").select_option("5")
    page.get_by_role("button", name="Save time zone and day start").click()
    expect(
        page.get_by_role("status").filter(has_text="Saved. Your days now follow Lisbon")
    ).to_be_visible()
    user = server_user(live_server, email)
    assert (user.time_zone, user.day_start_hour) == ("Europe/Lisbon", 5)
    # The browser's zone differs now: one tap brings it back.
    expect(page.get_by_role("button", name=re.compile("Use this device’s zone"))).to_be_visible()

    context.set_offline(True)
    try:
        expect(page.get_by_text(re.compile("changing them needs a connection"))).to_be_visible()
        page.get_by_label("Only starred wins").check()
        expect(page.get_by_text("Saved on this device; it syncs when it can.")).to_be_visible()
        page.reload()  # offline: the shell from the service worker, the choice from IndexedDB
        expect(page.get_by_label("Only starred wins")).to_be_checked()
    finally:
        context.set_offline(False)
    sync_now(page)

    def arrived() -> bool:
        with live_server.app.app_context():
            found = resurfacing_of(user.id)
            db.session.remove()
            return found == "starred"

    wait_until(page, arrived)


def test_changing_the_password_keeps_this_device_and_ends_the_other(
    page, browser, live_server
) -> None:
    email = new_email()
    sign_up(page, email)
    other = browser.new_context(base_url=live_server.url)
    try:
        phone = other.new_page()
        phone.goto("/signin")
        phone.get_by_label("Email").fill(email)
        phone.get_by_label("Password", exact=True).fill(PASSWORD)
        phone.get_by_role("button", name="Sign in").click()
        phone.wait_for_url(re.compile(r"/today$"))

        open_settings(page)
        page.get_by_label("Current password").fill(PASSWORD)
        page.get_by_label("New password").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Change password").click()
        expect(page.get_by_text(re.compile("^Password changed."))).to_be_visible()
        assert page.request.get("/api/v1/auth/me").status == 200
        assert phone.request.get("/api/v1/auth/me").status == 401
    finally:
        other.close()


def test_deleting_the_account_clears_the_server_and_this_devices_database(
    page, live_server
) -> None:
    email = new_email()
    sign_up(page, email)
    log_win(page, "Asked for help")
    user_id = server_user(live_server, email).id
    names = "async () => (await indexedDB.databases()).map(d => d.name)"
    assert f"smallwins-user-{user_id}" in page.evaluate(names)

    open_settings(page)
    page.locator("summary", has_text="Delete my account").click()
    page.get_by_label("Your password, to confirm").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(re.compile(r"/signin$"))

    assert f"smallwins-user-{user_id}" not in page.evaluate(names)
    assert server_user(live_server, email) is None
    assert page.evaluate("localStorage.getItem('small-wins:user')") is None


def test_an_operators_reset_link_lets_the_person_choose_a_new_password(page, live_server) -> None:
    email = new_email()
    sign_up(page, email)
    page.context.clear_cookies()
    result = live_server.app.test_cli_runner().invoke(args=["users", "reset-password", email])
    link = re.search(r"/reset#token=\S+", result.output).group(0)
    page.goto(link)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save and sign in").click()
    page.wait_for_url(re.compile(r"/today$"))
    assert "token" not in page.url
    page.goto(link)  # a second time: the link is spent
    page.get_by_label("New password").fill("yet another long phrase")
    page.get_by_role("button", name="Save and sign in").click()
    expect(page.get_by_text(re.compile("expired or was already used"))).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_settings_and_reset_have_nothing_for_axe_to_fix(
    browser, live_server, scheme: str, tmp_path: Path
) -> None:
    context = browser.new_context(
        base_url=live_server.url,
        bypass_csp=True,  # axe is injected as a script; the app's CSP rightly forbids that
        color_scheme=scheme,
        viewport={"width": 390, "height": 844},
    )
    try:
        page = context.new_page()
        sign_up(page, new_email())
        open_settings(page)
        page.locator(
            "summary", has_text="Delete my account"
        ).click()  # the disclosure's contents too
        assert axe_violations(page) == []
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390  # no sideways scrolling on a phone
        page.screenshot(path=str(tmp_path / f"settings-{scheme}.png"), full_page=True)
        page.context.clear_cookies()
        page.goto("/reset")
        expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
        assert axe_violations(page) == []
    finally:
        context.close()
