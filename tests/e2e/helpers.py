"""Steps shared by the browser tests: accounts, the service worker, logging wins, syncing."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import select

from server.extensions import db
from server.models import User, Win
from tests.factories import PASSWORD


def sign_up(page, email: str) -> None:
    page.goto("/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    # A new account opens the optional start; skip it.
    page.wait_for_url(re.compile(r"/start$"))
    page.get_by_role("link", name="Skip for now").click()
    page.wait_for_url(re.compile(r"/today$"))


def sign_in(page, email: str) -> None:
    page.goto("/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/today$"))


def wait_for_service_worker(page) -> None:
    """Until the service worker controls the page, so the shell is precached."""
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)", timeout=15_000)
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
        page.wait_for_function("!!navigator.serviceWorker.controller", timeout=15_000)


def log_win(page, text: str) -> None:
    box = page.get_by_label("What went well?")
    box.fill(text)
    box.press("Enter")
    # Today lists a win only once its write (record and outbox entry) has committed.
    page.locator("li.win").filter(has_text=text).wait_for()


def win_item(page, text: str):
    return page.get_by_role("listitem").filter(has_text=text)


def shown_wins(page) -> list[str]:
    """The texts of the wins listed, top to bottom."""
    return page.locator(".win__text").evaluate_all(
        "buttons => buttons.map(b => b.firstChild.textContent)"
    )


def toggle_stored(control, on: bool = True) -> None:
    """Tick or untick a control whose state comes from IndexedDB: the screen shows it only once
    the write has committed, a few milliseconds after the click, so Playwright's check(),
    which looks right after the click, would race it."""
    control.click()
    expect(control).to_be_checked(checked=on)


def sync_now(page) -> None:
    """What the browser does when the network comes back: the app syncs at once."""
    page.evaluate("window.dispatchEvent(new Event('online'))")


def wait_for_status(page, kind: str, timeout: float = 15_000) -> None:
    page.wait_for_function(
        "kind => document.getElementById('sync-status')?.dataset.kind === kind",
        arg=kind,
        timeout=timeout,
    )


def server_wins(live_server, email: str) -> list[Win]:
    with live_server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None
        wins = list(db.session.scalars(select(Win).where(Win.user_id == user.id)))
        db.session.remove()
        return wins
